"""Read helpers for the situation picture in the API: control maps, fused events, and the
other reports of one event.

The analysis itself lives in ``sitroom.analysis`` and ``sitroom.fuse``; this module only
shapes its results for JSON and GeoJSON, and pages fused events in SQL so that a large
store is never fused whole for one page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sitroom.analysis.common import SourceRef
from sitroom.analysis.control import (
    UNKNOWN,
    ControlChange,
    PlaceControl,
    admin1_control_on,
    place_control_on,
)
from sitroom.fuse.cluster import FusedEvent, fuse_members
from sitroom.model import Event
from sitroom.store.duckdb_store import EventFilter, Store


def source_json(ref: SourceRef) -> dict[str, Any]:
    """A source as JSON, with the citation a reader would write."""
    return {**ref.model_dump(mode="json"), "cite": ref.cite()}


def controllers_in(changes: list[ControlChange]) -> list[dict[str, Any]]:
    """Every side that holds or held a place, most places first; the order is the same for
    every day, so the dashboard keeps one colour per side while the date moves."""
    places: dict[str, set[str]] = {}
    for change in changes:
        for side in (change.controller, change.previous):
            if side:
                places.setdefault(side, set()).add(change.place_key)
    ranked = sorted(places.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"name": name, "places": len(keys)} for name, keys in ranked]


def _control_feature(state: PlaceControl) -> dict[str, Any]:
    geometry = None
    if state.lat is not None and state.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(state.lon, 5), round(state.lat, 5)]}
    return {
        "type": "Feature",
        "id": state.key,
        "geometry": geometry,
        "properties": {
            "key": state.key,
            "name": state.name,
            "level": state.level,
            "admin1": state.admin1,
            "country": state.country,
            "population": state.population,
            "controller": state.controller,
            "since": state.since.isoformat() if state.since else None,
            "confidence": state.confidence,
            "basis": state.basis,
            "sources": [source_json(s) for s in state.sources],
            "evidence": state.evidence,
        },
    }


def control_collection(
    changes: list[ControlChange], day: dt.date, country: str | None
) -> dict[str, Any]:
    """Places and admin areas with their controller on ``day`` as a GeoJSON collection.

    ``changes`` are every change of hands in the country (any date), so the side list
    in ``controllers`` does not depend on ``day``.
    """
    places = place_control_on(changes, day)
    areas = admin1_control_on(places)
    held = Counter(p.controller for p in places if p.controller != UNKNOWN)
    return {
        "type": "FeatureCollection",
        "date": day.isoformat(),
        "country": country,
        "controllers": controllers_in(changes),
        "held_places": dict(sorted(held.items())),
        "changes_until_date": sum(1 for c in changes if c.date <= day),
        "features": [_control_feature(s) for s in [*places, *areas]],
    }


def fused_page(
    store: Store, flt: EventFilter, limit: int, offset: int
) -> tuple[list[tuple[FusedEvent, list[Event]]], int]:
    """One page of fused events with a record matching ``flt`` (by first matching date,
    then cluster id), each fused from all its records, and the number of fused events."""
    where, params = Store._where(flt)
    grouped = (
        "SELECT coalesce(cluster_id, id) AS k, min(event_date) AS first_date "
        f"FROM events WHERE {where} GROUP BY k"
    )
    total_row = store.con.execute(f"SELECT count(*) FROM ({grouped})", params).fetchone()
    total = int(total_row[0]) if total_row else 0
    keys = [
        r[0]
        for r in store.con.execute(
            f"SELECT k FROM ({grouped}) ORDER BY first_date NULLS FIRST, k "
            f"LIMIT {int(limit)} OFFSET {int(offset)}",
            params,
        ).fetchall()
    ]
    if not keys:
        return [], total
    rows = store.con.execute(
        "SELECT coalesce(e.cluster_id, e.id) AS k, e.record FROM events e "
        "JOIN documents d ON d.id = e.document_id "
        "WHERE coalesce(e.cluster_id, e.id) IN (SELECT unnest(?)) "
        "ORDER BY k, d.ingested_at NULLS LAST, d.id, e.id",
        [keys],
    ).fetchall()
    members: dict[str, list[Event]] = {k: [] for k in keys}
    for key, record in rows:
        members[key].append(Event.model_validate_json(record))
    return [(fuse_members(k, members[k]), members[k]) for k in keys], total


def cluster_key(store: Store, ident: str) -> str | None:
    """The cluster key of an event id or cluster id (an unclustered record is its own)."""
    row = store.con.execute(
        "SELECT coalesce(cluster_id, id) FROM events WHERE id = ? OR cluster_id = ? LIMIT 1",
        [ident, ident],
    ).fetchone()
    return row[0] if row else None


def reports_of(store: Store, key: str) -> list[dict[str, Any]]:
    """Every record of one fused event with the document that told it, in ingest order."""
    rows = store.con.execute(
        "SELECT e.id, e.document_id, d.title, d.source, d.published, d.url, e.event_date, "
        "e.event_type, e.sub_event_type, e.place_name, e.fatalities, e.displaced, "
        "e.actor1, e.actor2 FROM events e JOIN documents d ON d.id = e.document_id "
        "WHERE coalesce(e.cluster_id, e.id) = ? ORDER BY d.ingested_at NULLS LAST, d.id, e.id",
        [key],
    ).fetchall()
    names = ["event_id", "document_id", "title", "source", "published", "url", "event_date",
             "event_type", "sub_event_type", "place_name", "fatalities", "displaced",
             "actor1", "actor2"]  # fmt: skip
    reports = [dict(zip(names, r, strict=True)) for r in rows]
    for report in reports:
        for field in ("published", "event_date"):
            value = report[field]
            report[field] = value.isoformat() if value is not None else None
    return reports


def fused_json(fused: FusedEvent, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """A fused event with each report's record and document (its evidence included)."""
    return {**fused.model_dump(mode="json"), "reports": reports}


def fused_summary(store: Store, event_id: str) -> dict[str, Any] | None:
    """For the event detail: the fused event this record belongs to and its other reports."""
    key = cluster_key(store, event_id)
    if key is None:
        return None
    reports = reports_of(store, key)
    return {
        "cluster_id": key,
        "records": len(reports),
        "documents": len({r["document_id"] for r in reports}),
        "other_reports": [r for r in reports if r["event_id"] != event_id],
    }
