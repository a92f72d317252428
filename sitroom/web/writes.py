"""The write side of the API: ``POST /api/v1/documents`` ingests one article.

Writes need a configured token and the same bearer token on the request; without a
configured token they are off (403). Bad input is a 4xx with nothing stored: the body
is checked before the pipeline runs, and the store writes one document atomically.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import asdict, is_dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from sitroom.errors import BadInput, InputTooLarge
from sitroom.ingest import ingest_document
from sitroom.model import Document
from sitroom.sources.base import ReadContext
from sitroom.sources.decode import normalise_newlines
from sitroom.sources.plaintext import read_plain_text
from sitroom.sources.webpage import read_html
from sitroom.web.api import ApiError, WebState

router = APIRouter(prefix="/api/v1")


def _state(request: Request) -> WebState:
    return request.app.state.sitroom


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
