"""Fixtures for the API and dashboard tests: copies of one small hand-made store, and the
app served to a real browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS
from fastapi.testclient import TestClient
from webdata import TOKEN, build_store

from sitroom.web.app import create_app


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The standard database, built once per test session and copied for each user."""
    path = tmp_path_factory.mktemp("web-template") / "web.duckdb"
    build_store(path)
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "web.duckdb"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture(scope="module")
def client(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Read-only app shared by a test module: no token configured, so writes are off."""
    path = tmp_path_factory.mktemp("web-read") / "web.duckdb"
    shutil.copyfile(template_db, path)
    with TestClient(create_app(path), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def writer(db_path: Path) -> Iterator[TestClient]:
    """App with a token configured, so POST /documents works with the bearer token."""
    with TestClient(create_app(db_path, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_url(db_path: Path) -> Iterator[str]:
    """The app over ``db_path`` (a module may override it) under uvicorn in a thread."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        create_app(db_path), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(params=[False], ids=["csp"])
def page(server_url: str, request: pytest.FixtureRequest) -> Iterator[object]:
    """The loaded dashboard; with param True the browser ignores the CSP (to prove that the
    page itself never turns document text into markup, CSP or not)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs the playwright package: pip install '.[test]'"
    )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 900}, bypass_csp=request.param
        )
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
        page.on("dialog", lambda dialog: page.errors.append(f"dialog {dialog.message}"))  # type: ignore[attr-defined]
        # The page itself must work under its CSP: any violation it reports is a failure.
        page.on(  # type: ignore[attr-defined]
            "console",
            lambda msg: "Content Security Policy" in msg.text and page.errors.append(msg.text),
        )
        page.goto(server_url + "/")
        page.wait_for_selector("body[data-ready='1']", timeout=15000)
        yield page
        browser.close()
