"""The REST API under /api/v1: the same filters as `sitroom events`, JSON or GeoJSON out.

Reads go through a per-request cursor (:func:`sitroom.web.queries.read_view`); the one
write, ``POST /documents``, goes through the process-wide store under a lock, because
DuckDB has a single writer per file.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, is_dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from sitroom.errors import BadInput, InputTooLarge
from sitroom.ingest import ingest_document
from sitroom.model import Document
from sitroom.sources.base import ReadContext
from sitroom.sources.decode import normalise_newlines
from sitroom.sources.plaintext import read_plain_text
from sitroom.sources.webpage import read_html
from sitroom.store.duckdb_store import EventFilter, Store
from sitroom.web import queries
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


def cached(state: WebState, key: CacheKey, compute: Callable[[], bytes]) -> Response:
    """The cached body for ``key``, computing and keeping it on a miss."""
    body = state.cache.get(key)
    if body is None:
        generation = state.cache.generation
        body = compute()
        state.cache.put(key, body, generation)
    return Response(body, media_type="application/json")


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


def parse_near(value: str | None) -> tuple[float, float] | None:
    """``lat,lon`` in degrees."""
    if value is None:
        return None
    lat, lon = _floats("near", value, 2)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ApiError(400, "invalid_parameter", f"near must be lat,lon in degrees: {value!r}")
    return lat, lon


def event_filter(
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
    near: Annotated[str | None, Query(description="lat,lon; with km")] = None,
    km: Annotated[float, Query(gt=0, le=20000, description="radius around near")] = 25.0,
    q: Annotated[str | None, Query(max_length=200, description="text search")] = None,
    document_id: Annotated[str | None, Query()] = None,
) -> EventFilter:
    """The query parameters every event endpoint shares, as the store's filter."""
    if since and until and since > until:
        raise ApiError(400, "invalid_parameter", f"since ({since}) is after until ({until})")
    return EventFilter(
        since=since,
        until=until,
        country=country or None,
        admin1=admin1 or None,
        event_type=type or None,
        sub_event_type=sub_type or None,
        actor=actor or None,
        kind=kind,
        bbox=parse_bbox(bbox),
        near=parse_near(near),
        km=km,
        q=q or None,
        document_id=document_id or None,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]

router = APIRouter(prefix="/api/v1")

# The dashboard's first request (static/js/app.js asks /stats?top=200 before anything else).
FIRST_VIEW_STATS_TOP = 200


def warm_first_view(state: WebState) -> None:
    """Compute the dashboard's first aggregate at start-up so the first visitor waits less."""
    view = queries.read_view(state.store)
    try:
        key = ResponseCache.key("/api/v1/stats", [("top", str(FIRST_VIEW_STATS_TOP))])
        cached(
            state,
            key,
            lambda: json_body(queries.event_stats(view, EventFilter(), FIRST_VIEW_STATS_TOP)),
        )
    finally:
        view.con.close()


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

    return cached(_state(request), ResponseCache.request_key(request), compute)


@router.get("/events/{event_id}", summary="One event with sources, evidence and field spans")
def get_event(event_id: str, store: Reader) -> Any:
    event = store.get_event(event_id)
    if event is None:
        raise ApiError(404, "not_found", f"no event with id {event_id!r}")
    return queries.event_detail(store, event)


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
    return cached(
        _state(request),
        ResponseCache.request_key(request),
        lambda: json_body({"actors": queries.actor_counts(store, flt, limit)}),
    )


@router.get("/places", summary="Event locations by number of matching events")
def list_places(
    request: Request,
    store: Reader,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> Any:
    return cached(
        _state(request),
        ResponseCache.request_key(request),
        lambda: json_body({"places": queries.place_counts(store, flt, limit)}),
    )


@router.get("/stats", summary="Counts by day, type, sub-type, country, admin area and actor")
def stats(
    request: Request,
    store: Reader,
    flt: Filter,
    top: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    return cached(
        _state(request),
        ResponseCache.request_key(request),
        lambda: json_body(queries.event_stats(store, flt, top)),
    )


@router.get("/clusters", summary="Located events aggregated into grid cells for a map zoom")
def clusters(
    request: Request, store: Reader, flt: Filter, zoom: Annotated[int, Query(ge=0, le=22)]
) -> Any:
    return cached(
        _state(request),
        ResponseCache.request_key(request),
        lambda: json_body(queries.map_clusters(store, flt, zoom)),
    )


@router.get("/flows", summary="Displacement origin -> destination pairs for map arrows")
def flows(
    request: Request,
    store: Reader,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 300,
) -> Any:
    return cached(
        _state(request),
        ResponseCache.request_key(request),
        lambda: json_body({"flows": queries.displacement_flows(store, flt, limit)}),
    )


class ArticleIn(BaseModel):
    """One article as JSON: ``text`` is required, the rest is metadata."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None


def _check_token(request: Request, state: WebState) -> None:
    """Writes need a configured token and the same bearer token on the request."""
    if not state.token:
        raise ApiError(
            403,
            "writes_disabled",
            "writes are off: start the server with --token or SITROOM_TOKEN to allow them",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), state.token):
        raise ApiError(401, "unauthorized", "missing or wrong bearer token")


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputTooLarge(f"the article is larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise InputTooLarge(f"the article is larger than {limit} bytes")
    return bytes(body)


def article_from_body(body: bytes, content_type: str, params: dict[str, str]) -> Document:
    """A Document from a JSON object, or a raw text/HTML body with metadata in query params.

    Raw bodies go through the same readers as `sitroom ingest` (title guess, trafilatura).
    """
    media = content_type.split(";")[0].strip().lower()
    if media not in {"application/json", "text/plain", "text/html", "application/xhtml+xml"}:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {media or '(none)'} is not accepted; "
            "use application/json, text/plain or text/html",
        )
    if not body.strip():
        raise BadInput("the request body is empty; send the article's text")
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"the body is not valid UTF-8 (byte {exc.start}); send UTF-8 text") from exc
    if "\x00" in raw:
        raise BadInput("the body looks binary (NUL bytes); send text, HTML or JSON")
    if media == "application/json":
        try:
            article = ArticleIn.model_validate_json(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "body"
            raise BadInput(f"malformed article JSON at {where}: {first.get('msg')}") from exc
        if not article.text.strip():
            raise BadInput("the article's text is empty")
        return Document(**article.model_dump())
    try:
        meta = ArticleIn.model_validate({"text": "-", **params})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise BadInput(f"bad query parameter {where}: {first.get('msg')}") from exc
    ctx = ReadContext(published=meta.published, source=meta.source)
    origin = "POST /api/v1/documents"
    if media == "text/plain":
        read = read_plain_text(normalise_newlines(raw), ctx, origin)
    else:
        read = read_html(raw, ctx, origin, url=meta.url)
    if read.error is not None or read.document is None:
        raise read.error or BadInput("no article text found")
    document = read.document
    if meta.title:
        document.title = meta.title
    if meta.url:
        document.url = meta.url
    return document


def _jsonable(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if is_dataclass(result) and not isinstance(result, type):
        return json.loads(json.dumps(asdict(result), default=str))
    return json.loads(json.dumps(result, default=str))


@router.post(
    "/documents",
    status_code=201,
    summary="Ingest one article (JSON, text/plain or text/html); needs the bearer token",
)
async def post_document(request: Request) -> Any:
    state = _state(request)
    _check_token(request, state)
    body = await _read_body(request, state.max_input_bytes)
    document = article_from_body(
        body, request.headers.get("content-type", ""), dict(request.query_params)
    )

    def write() -> Any:
        with state.write_lock:
            try:
                return ingest_document(document, state.store, state.pipeline())
            finally:
                state.cache.invalidate()

    result = _jsonable(await run_in_threadpool(write))
    # 201 when something new was stored; 200 when it was a (near-)duplicate.
    status = 201 if result.get("status", "stored") == "stored" else 200
    return JSONResponse(result, status_code=status)
