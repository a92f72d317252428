"""URLs are fetched (only from a local server here) and read by their content type."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitroom.errors import InputTooLarge
from sitroom.sources import iter_documents

FIXTURES = Path(__file__).parent / "fixtures"

ROUTES: dict[str, tuple[str, bytes]] = {
    "/news/convoy": ("text/html; charset=utf-8", (FIXTURES / "page.html").read_bytes()),
    "/feed": ("application/rss+xml", (FIXTURES / "feed.rss").read_bytes()),
    "/plain": ("text/plain; charset=utf-8", b"Headline\n\nTwo killed in a raid."),
    "/data.json": ("application/octet-stream", (FIXTURES / "article.json").read_bytes()),
    "/big": ("text/plain", b"x" * 5000),
    "/empty": ("text/html", b""),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/plain")
            self.end_headers()
            return
        if self.path not in ROUTES:
            self.send_error(404)
            return
        content_type, body = ROUTES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


def test_html_url_is_fetched_and_extracted(server):
    (result,) = iter_documents(f"{server}/news/convoy")
    doc = result.document
    assert result.origin == f"{server}/news/convoy"
    assert "killing three drivers" in doc.text and "All rights reserved" not in doc.text
    assert doc.published == dt.date(2024, 5, 14) and doc.source == "Sahel Monitor"
    assert doc.path is None


def test_feed_url_gives_one_document_per_entry(server):
    results = list(iter_documents(f"{server}/feed"))
    assert [r.origin for r in results] == [f"{server}/feed#1", f"{server}/feed#2"]
    assert all(r.document.source == "Horn Security Bulletin" for r in results)


def test_plain_text_url_after_redirect(server):
    (result,) = iter_documents(f"{server}/moved")
    assert result.document.text == "Headline\n\nTwo killed in a raid."
    assert result.document.title == "Headline"


def test_unknown_content_type_falls_back_to_extension(server):
    (result,) = iter_documents(f"{server}/data.json")
    assert result.document.title == "Clashes reported in Kidal region"


def test_http_error_is_an_error_result(server):
    (result,) = iter_documents(f"{server}/missing")
    assert not result.ok and "HTTP 404" in str(result.error)


def test_response_over_max_bytes_is_refused(server):
    (result,) = iter_documents(f"{server}/big", max_bytes=1000)
    assert isinstance(result.error, InputTooLarge)


def test_empty_response_is_reported(server):
    (result,) = iter_documents(f"{server}/empty")
    assert "is empty" in str(result.error)


def test_unreachable_host_is_an_error_result():
    (result,) = iter_documents("http://127.0.0.1:9/nothing", timeout=2)
    assert not result.ok and "cannot be fetched" in str(result.error)
