"""Read-only queries behind the API and the dashboard: aggregations, map clusters, detail.

Everything here reads through a ``Store`` (usually a per-request view from
:func:`read_view`) and aggregates in DuckDB, so that the browser gets counts and
grid cells rather than 100,000 points.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from typing import Any

from sitroom.model import Event
from sitroom.store.duckdb_store import EventFilter, Store

# The type shown on the map and in the legend: displacement records are their own kind.
DISPLAY_TYPE_SQL = (
    "CASE WHEN kind = 'displacement' THEN 'Displacement' ELSE coalesce(event_type, 'Unknown') END"
)
# A grid cell is about this many screen pixels wide at the requested zoom (256 px tiles).
CLUSTER_CELL_PX = 48
MAX_CLUSTER_CELLS = 5000
# How much of a document around an evidence sentence the detail view shows at most.
MAX_PARAGRAPH_CHARS = 1500

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def read_view(store: Store) -> Store:
    """A shallow copy of ``store`` reading through its own DuckDB cursor (thread-safe reads).

    DuckDB connections are not shared between threads; a cursor is a new connection
    to the same database, so each request gets one and sees every committed write.
    """
    view = copy.copy(store)
    view.con = store.con.cursor()
    return view


def _rows(
    store: Store, flt: EventFilter, sql: str, params: list[object] | None = None
) -> list[tuple[Any, ...]]:
    """Run ``sql`` against the filtered events, visible in it as table ``ev``.

    The filter is the store's own (``Store._where``), so the API, the CLI and the
    dashboard agree on what "type", "actor" or "near" mean.
    """
    where, where_params = Store._where(flt)
    query = f"WITH ev AS (SELECT * FROM events WHERE {where}) {sql}"
    return store.con.execute(query, where_params + (params or [])).fetchall()


def event_page(
    store: Store, flt: EventFilter, limit: int, after: str | None = None
) -> tuple[list[str], str | None]:
    """One page of events as their stored JSON records, and the cursor of the next page.

    Ids are sorted first and the (large) records fetched afterwards, so the sort never
    carries record text; records go out as stored, without a parse/serialise round trip.
    """
    cursor_sql, params = "", []
    if after:
        cursor_sql = (
            "WHERE (coalesce(event_date, DATE '0001-01-01'), id) > "
            "(SELECT (coalesce(event_date, DATE '0001-01-01'), id) FROM events WHERE id = ?)"
        )
        params = [after]
    ids = [
        r[0]
        for r in _rows(
            store,
            flt,
            f"SELECT id FROM ev {cursor_sql} ORDER BY event_date NULLS FIRST, id "
            f"LIMIT {int(limit) + 1}",
            params,
        )
    ]
    next_cursor = ids[limit - 1] if len(ids) > limit else None
    ids = ids[:limit]
    if not ids:
        return [], None
    marks = ",".join("?" * len(ids))
    rows = store.con.execute(f"SELECT id, record FROM events WHERE id IN ({marks})", ids).fetchall()
    records = dict(rows)
    return [records[i] for i in ids], next_cursor


def event_exists(store: Store, event_id: str) -> bool:
    row = store.con.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone()
    return row is not None


def count_events(store: Store, flt: EventFilter) -> int:
    return int(_rows(store, flt, "SELECT count(*) FROM ev")[0][0])


def actor_counts(store: Store, flt: EventFilter, limit: int = 100) -> list[dict[str, Any]]:
    """Actors by number of events they take part in (as actor 1, 2 or associated)."""
    # One row per (event, role); an actor named twice in one event is counted once.
    sql = (
        "SELECT actor, count(*) AS n FROM ("
        "SELECT actor1 AS actor FROM ev "
        "UNION ALL SELECT actor2 FROM ev WHERE actor2 IS DISTINCT FROM actor1 "
        "UNION ALL SELECT assoc_actor_1 FROM ev "
        "WHERE assoc_actor_1 IS DISTINCT FROM actor1 AND assoc_actor_1 IS DISTINCT FROM actor2 "
        "UNION ALL SELECT assoc_actor_2 FROM ev "
        "WHERE assoc_actor_2 IS DISTINCT FROM actor1 AND assoc_actor_2 IS DISTINCT FROM actor2 "
        ") WHERE actor IS NOT NULL AND actor <> '' GROUP BY actor ORDER BY n DESC, actor "
        f"LIMIT {int(limit)}"
    )
    return [{"name": a, "events": int(n)} for a, n in _rows(store, flt, sql)]


def place_counts(store: Store, flt: EventFilter, limit: int = 100) -> list[dict[str, Any]]:
    """Places events happened at, with coordinates, by number of events."""
    sql = (
        "SELECT place_name, any_value(geonameid), avg(latitude), avg(longitude), "
        "any_value(country), any_value(admin1), count(*) AS n FROM ev "
        "WHERE place_name IS NOT NULL GROUP BY place_name ORDER BY n DESC, place_name "
        f"LIMIT {int(limit)}"
    )
    keys = ["name", "geonameid", "latitude", "longitude", "country", "admin1", "events"]
    return [dict(zip(keys, row, strict=True)) for row in _rows(store, flt, sql)]


_STAT_DIMENSIONS = ["event_date", "dtype", "sub_event_type", "kind", "country", "admin1"]


def event_stats(store: Store, flt: EventFilter, top: int = 50) -> dict[str, Any]:
    """Counts for the timeline and charts: by day, type, sub-type, admin area, actor.

    One scan with GROUPING SETS gives every per-dimension count; ``grouping()`` tells
    which dimension a row belongs to (its bit is 0 for the grouped column).
    """
    dims = ", ".join(_STAT_DIMENSIONS)
    rows = _rows(
        store,
        flt,
        f"SELECT {dims}, grouping({dims}) AS g, count(*) FROM ("
        f"SELECT event_date, {DISPLAY_TYPE_SQL} AS dtype, sub_event_type, kind, country, "
        f"admin1 FROM ev) GROUP BY GROUPING SETS ({', '.join(f'({d})' for d in _STAT_DIMENSIONS)})",
    )
    width = len(_STAT_DIMENSIONS)
    counts: dict[str, list[tuple[Any, int]]] = {d: [] for d in _STAT_DIMENSIONS}
    all_bits = (1 << width) - 1
    for row in rows:
        for i, dim in enumerate(_STAT_DIMENSIONS):
            if row[width] == all_bits & ~(1 << (width - 1 - i)) and row[i] is not None:
                counts[dim].append((row[i], int(row[width + 1])))

    def ranked(dim: str) -> list[dict[str, Any]]:
        ordered = sorted(counts[dim], key=lambda kv: (-kv[1], str(kv[0])))
        return [{"name": k, "count": n} for k, n in ordered[:top]]

    # The 2nd-98th percentile box, so one mis-geocoded outlier does not zoom the map out.
    totals = _rows(
        store,
        flt,
        "SELECT count(*), count(event_date), min(event_date), max(event_date), "
        "coalesce(sum(fatalities), 0), count(DISTINCT document_id), "
        "quantile_cont(longitude, 0.02), quantile_cont(latitude, 0.02), "
        "quantile_cont(longitude, 0.98), quantile_cont(latitude, 0.98), "
        "quantile_disc(event_date, 0.02) FROM ev",
    )[0]
    extent = totals[6:10]
    return {
        "total": int(totals[0]),
        "extent": None if extent[0] is None else [round(v, 4) for v in extent],
        "dated": int(totals[1]),
        "date_range": {"min": _iso(totals[2]), "max": _iso(totals[3])},
        # What the timeline draws: from the 2nd percentile date, so that one event dated
        # years back ("13 years ago") does not squeeze the rest into a sliver.
        "timeline_range": {"min": _iso(totals[10]), "max": _iso(totals[3])},
        "fatalities": int(totals[4]),
        "documents": int(totals[5]),
        "by_day": [{"date": _iso(d), "count": n} for d, n in sorted(counts["event_date"])],
        "by_type": ranked("dtype"),
        "by_sub_type": ranked("sub_event_type"),
        "by_kind": ranked("kind"),
        "by_country": ranked("country"),
        "by_admin1": ranked("admin1"),
        "by_actor": [
            {"name": a["name"], "count": a["events"]} for a in actor_counts(store, flt, top)
        ],
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def cell_degrees(zoom: int) -> float:
    """Width in degrees of a cluster cell at ``zoom`` (Web Mercator, 256 px tiles)."""
    return 360.0 / (2**zoom) * CLUSTER_CELL_PX / 256.0


def map_clusters(store: Store, flt: EventFilter, zoom: int) -> dict[str, Any]:
    """Located events aggregated into grid cells sized for ``zoom``.

    A cell holding one event carries that event's id so the map can open it; larger
    cells carry their count and most frequent type (for the marker colour).
    """
    cell = cell_degrees(zoom)
    sql = (
        f"SELECT floor(longitude / {cell!r}) AS gx, floor(latitude / {cell!r}) AS gy, "
        "count(*) AS n, avg(latitude), avg(longitude), "
        f"mode({DISPLAY_TYPE_SQL}), min(id), any_value(place_name) "
        "FROM ev WHERE latitude IS NOT NULL AND longitude IS NOT NULL "
        f"GROUP BY gx, gy ORDER BY n DESC LIMIT {MAX_CLUSTER_CELLS + 1}"
    )
    rows = _rows(store, flt, sql)
    truncated = len(rows) > MAX_CLUSTER_CELLS
    clusters = [
        {
            "latitude": round(lat, 5),
            "longitude": round(lon, 5),
            "count": int(n),
            "event_type": etype,
            "id": eid if n == 1 else None,
            "place": place if n == 1 else None,
        }
        for _gx, _gy, n, lat, lon, etype, eid, place in rows[:MAX_CLUSTER_CELLS]
    ]
    return {
        "zoom": zoom,
        "cell_degrees": cell,
        "total": sum(c["count"] for c in clusters),
        "truncated": truncated,
        "clusters": clusters,
    }


KM_PER_DEGREE = 111.195  # along a meridian, mean Earth radius


def circle_bbox(lat: float, lon: float, km: float) -> tuple[float, float, float, float] | None:
    """A box around a ``km`` circle, as a cheap pre-filter before the great-circle test.

    None where the box would cross a pole or the antimeridian (no pre-filter there).
    """
    dlat = km / KM_PER_DEGREE * 1.01
    if abs(lat) + dlat >= 89.0:
        return None
    dlon = dlat / math.cos(math.radians(lat))
    if lon - dlon < -180.0 or lon + dlon > 180.0:
        return None
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def place_coordinates(store: Store, name: str) -> tuple[float, float] | None:
    """Coordinates of the stored place most events with this name were located at."""
    row = store.con.execute(
        "SELECT latitude, longitude FROM events WHERE lower(place_name) = lower(?) "
        "AND latitude IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC LIMIT 1",
        [name.strip()],
    ).fetchone()
    return (float(row[0]), float(row[1])) if row else None


def displacement_flows(store: Store, flt: EventFilter, limit: int = 300) -> list[dict[str, Any]]:
    """Displacement records with a known origin and destination, largest first (map arrows)."""
    sql = (
        "SELECT id, event_date, place_name, latitude, longitude, dest_name, dest_latitude, "
        "dest_longitude, displaced, displaced_magnitude FROM ev "
        "WHERE kind = 'displacement' AND latitude IS NOT NULL AND dest_latitude IS NOT NULL "
        f"ORDER BY displaced DESC NULLS LAST, id LIMIT {int(limit)}"
    )
    keys = [
        "id",
        "event_date",
        "origin",
        "origin_latitude",
        "origin_longitude",
        "destination",
        "destination_latitude",
        "destination_longitude",
        "displaced",
        "displaced_magnitude",
    ]
    flows = [dict(zip(keys, row, strict=True)) for row in _rows(store, flt, sql)]
    for flow in flows:
        flow["event_date"] = _iso(flow["event_date"])
    return flows


def event_feature(record: dict[str, Any]) -> dict[str, Any]:
    """One event record (as stored JSON) as a GeoJSON Feature; destination in properties."""
    event = Event.model_validate(record)
    place, dest = event.place, event.destination
    geometry = {"type": "Point", "coordinates": [place.lon, place.lat]} if place else None
    props = event.model_dump(mode="json", exclude={"evidence", "place", "destination"})
    props.update(
        place_name=place.name if place else None,
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        geonameid=place.geonameid if place else None,
        destination_name=dest.name if dest else None,
        destination_latitude=dest.lat if dest else None,
        destination_longitude=dest.lon if dest else None,
        evidence_count=len(event.evidence),
    )
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": props}


def paragraph_around(text: str, start: int, end: int) -> dict[str, Any]:
    """The paragraph holding ``text[start:end]``: blank-line separated, else line separated.

    Very long paragraphs are trimmed to about ``MAX_PARAGRAPH_CHARS`` around the span.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    para_start, para_end = 0, len(text)
    for match in separator.finditer(text):
        if match.end() <= start:
            para_start = match.end()
        elif match.start() >= end:
            para_end = match.start()
            break
    if para_end - para_start > MAX_PARAGRAPH_CHARS:
        room = max(0, (MAX_PARAGRAPH_CHARS - (end - start)) // 2)
        para_start = max(para_start, start - room)
        para_end = min(para_end, end + room)
    return {"start": para_start, "end": para_end, "text": text[para_start:para_end]}


def sources_for(store: Store, document_ids: list[str]) -> list[dict[str, Any]]:
    """Document metadata (not the text) for the given ids, in the order given."""
    if not document_ids:
        return []
    marks = ",".join("?" * len(document_ids))
    rows = store.con.execute(
        f"SELECT id, title, source, url, published FROM documents WHERE id IN ({marks})",
        document_ids,
    ).fetchall()
    found = {
        r[0]: {"id": r[0], "title": r[1], "source": r[2], "url": r[3], "published": _iso(r[4])}
        for r in rows
    }
    return [found[d] for d in document_ids if d in found]


def document_texts(store: Store, document_ids: list[str]) -> dict[str, str]:
    if not document_ids:
        return {}
    marks = ",".join("?" * len(document_ids))
    rows = store.con.execute(
        f"SELECT id, text FROM documents WHERE id IN ({marks})", document_ids
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def event_detail(store: Store, event: Event) -> dict[str, Any]:
    """An event with its sources, evidence sentences in their paragraph, and field spans."""
    doc_ids = list(dict.fromkeys([event.document_id] + [e.document_id for e in event.evidence]))
    texts = document_texts(store, doc_ids)
    evidence = []
    field_spans: dict[str, list[dict[str, Any]]] = {}
    for ev in event.evidence:
        text = texts.get(ev.document_id, "")
        fields = {name: span.model_dump() for name, span in ev.fields.items()}
        for name, span in fields.items():
            field_spans.setdefault(name, []).append({"document_id": ev.document_id, **span})
        evidence.append(
            {
                "document_id": ev.document_id,
                "start": ev.start,
                "end": ev.end,
                "text": ev.text,
                "paragraph": paragraph_around(text, ev.start, ev.end) if text else None,
                "fields": fields,
            }
        )
    record = event.model_dump(mode="json")
    record.pop("evidence")
    return {
        "event": record,
        "sources": sources_for(store, doc_ids),
        "evidence": evidence,
        "field_spans": field_spans,
    }


def document_events(store: Store, document_id: str) -> list[dict[str, Any]]:
    """The events extracted from one document, as short summaries."""
    rows = store.con.execute(
        f"SELECT id, kind, {DISPLAY_TYPE_SQL}, sub_event_type, event_date, place_name "
        "FROM events WHERE document_id = ? ORDER BY event_date NULLS FIRST, id",
        [document_id],
    ).fetchall()
    keys = ["id", "kind", "event_type", "sub_event_type", "event_date", "place_name"]
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for item in out:
        item["event_date"] = _iso(item["event_date"])
    return out


def finite(value: float) -> bool:
    return math.isfinite(value)
