"""Gazetteer and toponym recognition/resolution: text spans -> GeoNames-format places."""

from __future__ import annotations

from pathlib import Path

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


def import_geonames_file(path: Path, settings: Settings) -> int:
    """Import a GeoNames dump into the configured gazetteer (building the default first
    if there is none yet); returns the number of rows imported. For ``sitroom gazetteer
    import FILE``."""
    with Gazetteer.open(settings.resolved_gazetteer_path) as gazetteer:
        return gazetteer.import_geonames(Path(path), progress=True)
