"""The read side of the REST API under /api/v1: the filters of `sitroom events`, JSON or
GeoJSON out, aggregates for the dashboard.

Reads go through a per-request cursor (:func:`sitroom.web.queries.read_view`); the one
write (``sitroom.web.writes``) goes through the process-wide store under a lock, because
DuckDB has a single writer per file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from sitroom.store.duckdb_store import EventFilter, Store
from sitroom.web import picture, queries
from sitroom.web.cache import CacheKey, ResponseCache

log = logging.getLogger(__name__)

MAX_PAGE = 1000


class ApiError(Exception):
    """An error the API reports as ``{"error": {"code", "message"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class WebState:
    """What the endpoints share: the store, a write lock, the token and the size limit."""

    def __init__(self, store: Store, token: str | None, max_input_bytes: int) -> None:
        self.store = store
        self.token = token
        self.max_input_bytes = max_input_bytes
        self.write_lock = threading.Lock()
        self.cache = ResponseCache()
        # Analysis results shared by several responses (sitroom.web.situation.memoized).
        self.analysis_memo: dict[tuple[object, ...], Any] = {}
        self.memo_lock = threading.Lock()
        self._pipeline: Any = None

    def pipeline(self) -> Any:
        """The NLP pipeline, built on the first write (loading spaCy takes seconds)."""
        if self._pipeline is None:
            from sitroom.pipeline import Pipeline

            self._pipeline = Pipeline.default()
        return self._pipeline


def _state(request: Request) -> WebState:
    return request.app.state.sitroom


def reader(request: Request) -> Iterator[Store]:
    """A read view of the store for one request, closed afterwards."""
    view = queries.read_view(_state(request).store)
    try:
        yield view
    finally:
        view.con.close()


Reader = Annotated[Store, Depends(reader)]


def json_body(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), default=str).encode("utf-8")


def cached(
    state: WebState,
    key: CacheKey,
    compute: Callable[[], bytes],
    media_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Response:
    """The cached body for ``key``, computing and keeping it on a miss."""
    body = state.cache.get(key)
    if body is None:
        generation = state.cache.generation
        body = compute()
        state.cache.put(key, body, generation)
    return Response(body, media_type=media_type, headers=headers)


def _cached_json(request: Request, payload: Callable[[], Any]) -> Any:
    """The JSON answer of a read endpoint, from the response cache when it holds this
    exact request (cleared by every write)."""
    return cached(_state(request), ResponseCache.request_key(request), lambda: json_body(payload()))


def _floats(name: str, value: str, count: int) -> list[float]:
    try:
        numbers = [float(part) for part in value.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) != count or not all(queries.finite(n) for n in numbers):
        raise ApiError(
            400, "invalid_parameter", f"{name} must be {count} comma-separated numbers: {value!r}"
        )
    return numbers


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees."""
    if value is None:
        return None
    west, south, east, north = _floats("bbox", value, 4)
    if not (-90 <= south <= north <= 90) or west > east:
        raise ApiError(
            400,
            "invalid_parameter",
            "bbox must be west,south,east,north with south <= north in [-90, 90] "
            f"and west <= east: {value!r}",
        )
    return west, south, east, north


def parse_near(value: str | None, store: Store) -> tuple[float, float] | None:
    """``lat,lon`` in degrees, or the name of a place events were located at (as the CLI's
    ``--near PLACE``; names are looked up among the stored events' places)."""
    if value is None:
        return None
    if not any(ch.isdigit() for ch in value):
        found = queries.place_coordinates(store, value)
        if found is None:
            raise ApiError(
                400,
                "invalid_parameter",
                f"near: no stored event is located at a place named {value!r}; "
                "give lat,lon instead",
            )
        return found
    lat, lon = _floats("near", value, 2)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ApiError(400, "invalid_parameter", f"near must be lat,lon in degrees: {value!r}")
    return lat, lon


def event_filter(
    store: Reader,
    since: Annotated[dt.date | None, Query(description="first event date, YYYY-MM-DD")] = None,
    until: Annotated[dt.date | None, Query(description="last event date, YYYY-MM-DD")] = None,
    country: Annotated[str | None, Query(description="country name or ISO code")] = None,
    admin1: Annotated[str | None, Query(description="first-level admin area")] = None,
    type: Annotated[
        str | None, Query(description="ACLED event type, sub-type, or 'displacement'")
    ] = None,
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(description="part of an actor's name")] = None,
    kind: Annotated[str | None, Query(pattern="^(event|displacement)$")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
    near: Annotated[str | None, Query(description="lat,lon or a place name; with km")] = None,
    km: Annotated[float, Query(gt=0, le=20000, description="radius around near")] = 25.0,
    q: Annotated[str | None, Query(max_length=200, description="text search")] = None,
    document_id: Annotated[str | None, Query()] = None,
) -> EventFilter:
    """The query parameters every event endpoint shares, as the store's filter."""
    if since and until and since > until:
        raise ApiError(400, "invalid_parameter", f"since ({since}) is after until ({until})")
    center = parse_near(near, store)
    area = parse_bbox(bbox)
    if center is not None and area is None:
        # The box cannot change the result (it holds the whole circle); it lets DuckDB
        # skip most rows before computing distances.
        area = queries.circle_bbox(center[0], center[1], km)
    return EventFilter(
        since=since,
        until=until,
        country=country or None,
        admin1=admin1 or None,
        event_type=type or None,
        sub_event_type=sub_type or None,
        actor=actor or None,
        kind=kind,
        bbox=area,
        near=center,
        km=km,
        q=q or None,
        document_id=document_id or None,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]

router = APIRouter(prefix="/api/v1")

# The dashboard's first requests that do not depend on the screen (static/js/app.js asks
# /stats?top=200, then /events?limit=100 and /flows?limit=100 with no filter).
FIRST_VIEW_STATS_TOP = 200
FIRST_VIEW_PAGE = 100


def warm_first_view(state: WebState) -> None:
    """Compute the dashboard's first screen-independent answers at start-up, so the first
    visitor waits only for the map cells of their own viewport."""
    view = queries.read_view(state.store)
    everything = EventFilter()
    top, page = FIRST_VIEW_STATS_TOP, FIRST_VIEW_PAGE
    warmers: list[tuple[str, str, int, Callable[[], bytes]]] = [
        ("stats", "top", top, lambda: json_body(queries.event_stats(view, everything, top))),
        ("events", "limit", page, lambda: events_body(view, everything, page, None, "json")),
        (
            "flows",
            "limit",
            page,
            lambda: json_body({"flows": queries.displacement_flows(view, everything, page)}),
        ),
    ]
    try:
        for endpoint, name, value, compute in warmers:
            cached(state, ResponseCache.key(f"/api/v1/{endpoint}", [(name, str(value))]), compute)
    finally:
        view.con.close()


def events_body(
    store: Store, flt: EventFilter, limit: int, cursor: str | None, format: str
) -> bytes:
    """One page of ``GET /events`` as JSON bytes (plain or GeoJSON)."""
    records, next_cursor = queries.event_page(store, flt, limit, cursor)
    total = queries.count_events(store, flt)
    if format == "geojson":
        features = [queries.event_feature(json.loads(r)) for r in records]
        return json_body(
            {
                "type": "FeatureCollection",
                "features": features,
                "total": total,
                "next_cursor": next_cursor,
            }
        )
    # The stored records are already Event JSON: splice them instead of re-serialising.
    tail = f',"total":{total},"next_cursor":{json.dumps(next_cursor)}}}'
    return ('{"events":[' + ",".join(records) + "]" + tail).encode("utf-8")


@router.get("/events", summary="Events matching the filters, by date, with cursor pagination")
def list_events(
    request: Request,
    store: Reader,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    format: Annotated[str, Query(pattern="^(json|geojson)$")] = "json",
) -> Any:
    if cursor is not None and not queries.event_exists(store, cursor):
        raise ApiError(400, "invalid_cursor", f"unknown cursor {cursor!r}; start without one")

    def compute() -> bytes:
        return events_body(store, flt, limit, cursor, format)

    return cached(_state(request), ResponseCache.request_key(request), compute)


@router.get(
    "/events/{event_id}",
    summary="One event with sources, evidence, field spans and the other reports of it",
    description="`fused` names the fused event (cluster) this record belongs to and lists "
    "the other records, from other reports, of the same real-world event.",
)
def get_event(event_id: str, store: Reader) -> Any:
    event = store.get_event(event_id)
    if event is None:
        raise ApiError(404, "not_found", f"no event with id {event_id!r}")
    detail = queries.event_detail(store, event)
    detail["fused"] = picture.fused_summary(store, event.id)
    return detail


@router.get("/documents/{document_id}", summary="One stored article and its events")
def get_document(document_id: str, store: Reader) -> Any:
    doc = store.get_document(document_id)
    if doc is None:
        raise ApiError(404, "not_found", f"no document with id {document_id!r}")
    return {
        "document": doc.model_dump(mode="json"),
        "events": queries.document_events(store, doc.id),
    }


@router.get("/actors", summary="Actors by number of matching events")
def list_actors(
    request: Request,
    store: Reader,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> Any:
    return _cached_json(request, lambda: {"actors": queries.actor_counts(store, flt, limit)})


@router.get("/places", summary="Event locations by number of matching events")
def list_places(
    request: Request,
    store: Reader,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> Any:
    return _cached_json(request, lambda: {"places": queries.place_counts(store, flt, limit)})


@router.get("/stats", summary="Counts by day, type, sub-type, country, admin area and actor")
def stats(
    request: Request,
    store: Reader,
    flt: Filter,
    top: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    return _cached_json(request, lambda: queries.event_stats(store, flt, top))


@router.get("/clusters", summary="Located events aggregated into grid cells for a map zoom")
def clusters(
    request: Request, store: Reader, flt: Filter, zoom: Annotated[int, Query(ge=0, le=22)]
) -> Any:
    return _cached_json(request, lambda: queries.map_clusters(store, flt, zoom))


@router.get("/flows", summary="Displacement origin -> destination pairs for map arrows")
def flows(
    request: Request,
    store: Reader,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 300,
) -> Any:
    return _cached_json(request, lambda: {"flows": queries.displacement_flows(store, flt, limit)})
