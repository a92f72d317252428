"""`sitroom serve`: the REST API and the offline dashboard in one FastAPI process.

The app is thin: it opens the store, mounts the API router and the static dashboard,
turns every error into one JSON shape and sends a strict Content-Security-Policy.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitroom.config import DATA_DIR, load_settings
from sitroom.errors import BadInput, InputTooLarge, NotFound, SitroomError
from sitroom.store.duckdb_store import Store
from sitroom.web import api, situation, writes
from sitroom.web.api import ApiError, WebState, warm_first_view

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
BASEMAP_PATH = DATA_DIR / "ne_110m_admin_0_countries.json"
# The one online resource the dashboard may use, and only when the user turns it on.
ONLINE_TILES = "https://tile.openstreetmap.org"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {ONLINE_TILES}",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The one error shape of the API: ``{"error": {"code": ..., "message": ...}}``."""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers with ours; a route's own CSP stays (only the report page sets
    one, stricter than the dashboard's: no script at all)."""
    own_csp = [h for h in headers if h[0].lower() == b"content-security-policy"]
    names = {name for name, _ in SECURITY_HEADERS}
    kept = [h for h in headers if h[0].lower() not in names]
    ours = [h for h in SECURITY_HEADERS if not (own_csp and h[0] == b"content-security-policy")]
    return kept + own_csp[:1] + ours


class SecurityHeadersMiddleware:
    """Adds the CSP and friends to every response, and turns a crash into a JSON 500.

    A plain ASGI middleware (not ``BaseHTTPMiddleware``) so static files stream as-is.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = with_security_headers(message.get("headers", []))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_response(500, "internal_error", "internal error; see the log")
            await response(scope, receive, send_with_headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(SitroomError)
    async def sitroom_error(_: Request, exc: SitroomError) -> Response:
        if isinstance(exc, InputTooLarge):
            return error_response(413, "payload_too_large", str(exc))
        if isinstance(exc, BadInput):
            return error_response(400, "bad_input", str(exc))
        if isinstance(exc, NotFound):
            return error_response(404, "not_found", str(exc))
        log.error("%s", exc)
        return error_response(500, "server_error", str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors()[:3]:
            where = ".".join(str(p) for p in err.get("loc", ()))
            problems.append(f"{where}: {err.get('msg')}")
        return error_response(422, "invalid_parameter", "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return error_response(exc.status_code, code, str(exc.detail))


def open_store(db_path: Path, writable: bool) -> Store:
    """The process-wide store: read-write only when writes are allowed (a token is set)."""
    if writable or not Path(db_path).exists():
        store = Store(db_path)  # creates and migrates the schema
        if writable:
            return store
        store.close()
    return Store(db_path, read_only=True)


def create_app(db_path: Path, token: str | None = None) -> FastAPI:
    """The API and dashboard over the database at ``db_path``.

    Without ``token`` the database is opened read-only and ``POST /documents`` answers
    403; with it, writes need ``Authorization: Bearer <token>``.
    """
    settings = load_settings()
    store = open_store(Path(db_path), writable=bool(token))
    if not (VENDOR_DIR / "leaflet" / "leaflet.js").exists():
        log.warning("map library missing from %s: run `npm ci` in the project root", VENDOR_DIR)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        def warm_up(state: WebState) -> None:
            warm_first_view(state)
            situation.warm_situation(state)

        warm = threading.Thread(
            target=warm_up, args=(app.state.sitroom,), name="sitroom-warm", daemon=True
        )
        warm.start()
        yield
        warm.join()
        store.close()

    app = FastAPI(
        title="sitroom API",
        version="1",
        description="Conflict events extracted from news, with their evidence.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.sitroom = WebState(store, token or None, settings.max_input_bytes)
    _install_error_handlers(app)
    app.add_middleware(SecurityHeadersMiddleware)
    app.include_router(api.router)
    app.include_router(situation.router)
    app.include_router(writes.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> Any:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> Any:
        """OpenAPI explorer served from the vendored swagger-ui (no CDN, no inline script)."""
        return FileResponse(STATIC_DIR / "docs.html", headers={"Cache-Control": "no-cache"})

    @app.get("/basemap/countries.json", include_in_schema=False)
    def basemap() -> Any:
        return FileResponse(
            BASEMAP_PATH,
            media_type="application/json",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return app


def serve(
    db_path: Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None
) -> None:
    """Run the app with uvicorn until interrupted; ``SITROOM_TOKEN`` is the fallback token."""
    import uvicorn

    app = create_app(db_path, token=token or os.environ.get("SITROOM_TOKEN") or None)
    log.info("serving %s on http://%s:%d/", db_path, host, port)
    uvicorn.run(app, host=host, port=port, log_level="info")
