"""Event records as GeoJSON, JSON, flat CSV, PLOVER JSON and Parquet.

Every format carries ``kind`` ("event" or "displacement") and the evidence spans,
so that a record can always be traced to the sentence it came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitroom.model import Event

FLAT_COLUMNS = [
    "id", "kind", "event_date", "date_precision", "event_type", "sub_event_type",
    "plover_type", "actor1", "actor2", "location", "country", "admin1", "latitude",
    "longitude", "geo_precision", "fatalities", "destination", "displaced",
    "displaced_magnitude", "reporting_source", "document_id", "evidence",
]  # fmt: skip


def flat_record(event: Event) -> dict[str, Any]:
    """One event as a flat dict (for tables and CSV)."""
    place, dest = event.place, event.destination
    return {
        "id": event.id,
        "kind": event.kind,
        "event_date": event.event_date.isoformat() if event.event_date else None,
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "plover_type": event.plover_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "location": place.name if place else event.location_text,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": event.geo_precision,
        "fatalities": event.fatalities,
        "destination": dest.name if dest else event.destination_text,
        "displaced": event.displaced,
        "displaced_magnitude": event.displaced_magnitude,
        "reporting_source": event.reporting_source,
        "document_id": event.document_id,
        "evidence": " | ".join(f"[{e.start}:{e.end}]" for e in event.evidence),
    }


def to_csv(events: Iterable[Event]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(flat_record(event))
    return buffer.getvalue()


def to_json(events: Iterable[Event]) -> str:
    return json.dumps([e.model_dump(mode="json") for e in events], ensure_ascii=False, indent=2)


def to_geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection: one Point per event (null geometry when not geolocated)."""
    features = []
    for event in events:
        place = event.place
        geometry = (
            {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]}
            if place
            else None
        )
        properties = flat_record(event)
        properties.pop("evidence")
        properties["evidence"] = [e.model_dump(mode="json") for e in event.evidence]
        if event.destination is not None:
            properties["destination_coordinates"] = [event.destination.lon, event.destination.lat]
        features.append(
            {"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def to_plover(events: Iterable[Event]) -> list[dict[str, Any]]:
    """PLOVER-style records (event, source/target actors, location, date, evidence text)."""
    out = []
    for event in events:
        if event.kind != "event" or not event.plover_type:
            continue
        place = event.place
        out.append(
            {
                "id": event.id,
                "date": event.event_date.isoformat() if event.event_date else None,
                "event": event.plover_type,
                "mode": event.sub_event_type,
                "context": event.event_type,
                "source": [{"actorText": event.actor1}] if event.actor1 else [],
                "target": [{"actorText": event.actor2}] if event.actor2 else [],
                "geolocation": {
                    "placeName": place.name,
                    "country": place.country_code,
                    "lat": place.lat,
                    "lon": place.lon,
                    "geonameid": place.geonameid,
                }
                if place
                else None,
                "text": " ".join(e.text for e in event.evidence),
                "document_id": event.document_id,
            }
        )
    return out


def write_parquet(events: Iterable[Event], path: Path) -> None:
    """Write the flat records to Parquet through DuckDB (no pandas/pyarrow needed)."""
    import duckdb

    rows = [flat_record(e) for e in events]
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t (" + ", ".join(f'"{c}" VARCHAR' for c in FLAT_COLUMNS) + ")")
        con.executemany(
            f"INSERT INTO t VALUES ({', '.join('?' for _ in FLAT_COLUMNS)})",
            [[None if r[c] is None else str(r[c]) for c in FLAT_COLUMNS] for r in rows],
        )
        con.execute(
            "COPY (SELECT * REPLACE (TRY_CAST(latitude AS DOUBLE) AS latitude, "
            "TRY_CAST(longitude AS DOUBLE) AS longitude, TRY_CAST(fatalities AS INTEGER) AS "
            "fatalities, TRY_CAST(event_date AS DATE) AS event_date) FROM t) TO ? (FORMAT parquet)",
            [str(path)],
        )
    finally:
        con.close()
