"""Gazetteer and toponym recognition/resolution: text spans -> GeoNames-format places.

The names below load their modules on first use, so that importing a light module such
as ``sitroom.geo.precision`` (distances, geo-precision codes) does not load the
gazetteer's database driver and the toponym recogniser with it.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitroom.config import Settings
    from sitroom.geo.gazetteer import Candidate, Gazetteer
    from sitroom.geo.precision import geo_precision, haversine_km
    from sitroom.geo.toponyms import find_toponyms, resolve_toponyms

__all__ = [
    "Candidate",
    "Gazetteer",
    "find_toponyms",
    "geo_precision",
    "haversine_km",
    "import_geonames_file",
    "resolve_toponyms",
]

_LAZY = {
    "Candidate": "sitroom.geo.gazetteer",
    "Gazetteer": "sitroom.geo.gazetteer",
    "geo_precision": "sitroom.geo.precision",
    "haversine_km": "sitroom.geo.precision",
    "find_toponyms": "sitroom.geo.toponyms",
    "resolve_toponyms": "sitroom.geo.toponyms",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sitroom.geo' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def import_geonames_file(path: Path, settings: Settings) -> int:
    """Import a GeoNames dump into the configured gazetteer (building the default first
    if there is none yet); returns the number of rows imported. For ``sitroom gazetteer
    import FILE``."""
    from sitroom.geo.gazetteer import Gazetteer

    with Gazetteer.open(settings.resolved_gazetteer_path) as gazetteer:
        return gazetteer.import_geonames(Path(path), progress=True)
