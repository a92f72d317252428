"""Displacement flows: origin -> destination by day, with magnitudes and their sources.

Each fused displacement record (several reports of one exodus count once) becomes a
flow; flows with the same day, origin and destination add up. A number is kept where a
report gives one (the lowest figure, with the range over reports); otherwise the
magnitude class the text implies ("thousands", "tens of thousands").
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from pydantic import BaseModel, Field

from sitroom.analysis.common import SourceRef, place_key, source_refs
from sitroom.fuse.store import load_fused_events
from sitroom.model import Place
from sitroom.store import EventFilter, Store

# Magnitude classes by order of magnitude (lower bound, name); the names are the words
# reports use, so a class from a number and one from "thousands" read the same.
MAGNITUDE_CLASSES: list[tuple[int, str]] = [
    (1_000_000, "millions"),
    (100_000, "hundreds of thousands"),
    (10_000, "tens of thousands"),
    (1_000, "thousands"),
    (100, "hundreds"),
    (12, "dozens"),
    (1, "a few"),
]


def magnitude_class(n: int | None) -> str | None:
    """The magnitude class of a head count (1500 -> 'thousands')."""
    if n is None or n <= 0:
        return None
    return next(name for floor, name in MAGNITUDE_CLASSES if n >= floor)


class Flow(BaseModel):
    """People displaced from an origin towards a destination on a day."""

    date: dt.date | None
    origin: Place
    destination: Place | None = None
    displaced: int | None = None
    displaced_low: int | None = None
    displaced_high: int | None = None
    magnitude: str | None = None
    records: int = 0
    cluster_ids: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    reporting_sources: list[str] = Field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "origin": self.origin.name,
            "origin_lat": self.origin.lat,
            "origin_lon": self.origin.lon,
            "destination": self.destination.name if self.destination else None,
            "destination_lat": self.destination.lat if self.destination else None,
            "destination_lon": self.destination.lon if self.destination else None,
            "displaced": self.displaced,
            "displaced_low": self.displaced_low,
            "displaced_high": self.displaced_high,
            "magnitude": self.magnitude,
            "records": self.records,
            "reporting_sources": self.reporting_sources,
            "sources": [s.cite() for s in self.sources],
        }


def _add(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else a + b


def _largest_class(a: str | None, b: str | None) -> str | None:
    order = [name for _, name in MAGNITUDE_CLASSES]
    known = [x for x in (a, b) if x in order]
    if not known:
        return a or b
    return min(known, key=order.index)


def flows(
    store: Store,
    since: dt.date | None = None,
    until: dt.date | None = None,
    country: str | None = None,
) -> list[Flow]:
    """Displacement flows by (day, origin, destination), ordered by day then size."""
    flt = EventFilter(kind="displacement", since=since, until=until, country=country)
    grouped: dict[tuple[object, str, str], Flow] = {}
    docs: dict[tuple[object, str, str], list[str]] = defaultdict(list)
    for fused in load_fused_events(store, flt):
        if fused.kind != "displacement" or fused.place is None:
            continue
        dest_key = place_key(fused.destination) if fused.destination else ""
        key = (fused.event_date, place_key(fused.place), dest_key)
        flow = grouped.setdefault(
            key, Flow(date=fused.event_date, origin=fused.place, destination=fused.destination)
        )
        flow.displaced = _add(flow.displaced, fused.displaced)
        flow.displaced_low = _add(flow.displaced_low, fused.displaced_low)
        flow.displaced_high = _add(flow.displaced_high, fused.displaced_high)
        flow.magnitude = _largest_class(
            flow.magnitude, fused.displaced_magnitude or magnitude_class(fused.displaced)
        )
        flow.records += 1
        flow.cluster_ids.append(fused.cluster_id)
        flow.reporting_sources = sorted({*flow.reporting_sources, *fused.reporting_sources})
        docs[key].extend(fused.documents)
    for key, flow in grouped.items():
        flow.sources = source_refs(store, docs[key])
        if flow.magnitude is None:
            flow.magnitude = magnitude_class(flow.displaced)
    return sorted(
        grouped.values(),
        key=lambda f: (f.date or dt.date.min, -(f.displaced or 0), f.origin.name),
    )


def flows_jsonl(items: list[Flow]) -> str:
    """One JSON object per flow, per line."""
    return "".join(json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for f in items)


def flows_geojson(items: list[Flow]) -> str:
    """Flows with a destination as LineStrings origin -> destination; others as Points."""
    features = []
    for f in items:
        if f.destination is not None:
            geometry = {
                "type": "LineString",
                "coordinates": [
                    [round(f.origin.lon, 5), round(f.origin.lat, 5)],
                    [round(f.destination.lon, 5), round(f.destination.lat, 5)],
                ],
            }
        else:
            geometry = {"type": "Point", "coordinates": [round(f.origin.lon, 5),
                                                         round(f.origin.lat, 5)]}  # fmt: skip
        features.append({"type": "Feature", "geometry": geometry, "properties": f.as_dict()})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
