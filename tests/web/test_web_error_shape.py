"""One JSON error shape for every API error, and security headers on every response."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from webdata import TOKEN

from sitroom.web import api

BAD_REQUESTS = [
    ("GET", "/api/v1/events?bbox=1,2", None),
    ("GET", "/api/v1/events?since=yesterday", None),
    ("GET", "/api/v1/events?limit=-1", None),
    ("GET", "/api/v1/events?cursor=nope", None),
    ("GET", "/api/v1/events/evt_missing", None),
    ("GET", "/api/v1/documents/doc_missing", None),
    ("GET", "/api/v1/clusters", None),
    ("GET", "/api/v1/stats?top=0", None),
    ("GET", "/api/v1/control?date=tomorrow", None),
    ("GET", "/api/v1/alerts?since=soon", None),
    ("GET", "/api/v1/network?format=csv", None),
    ("GET", "/api/v1/fused-events?offset=-1", None),
    ("GET", "/api/v1/fused-events/evt_missing", None),
    ("GET", "/api/v1/events/evt_missing/explain", None),
    ("GET", "/api/v1/report?format=docx", None),
    ("GET", "/api/v1/no-such-endpoint", None),
    ("DELETE", "/api/v1/events", None),
    ("POST", "/api/v1/documents", {"Authorization": "Bearer wrong"}),
    ("POST", "/api/v1/documents", {"Authorization": f"Bearer {TOKEN}"}),
]


def assert_error_shape(response) -> None:
    assert response.status_code >= 400
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert re.fullmatch(r"[a-z_0-9]+", body["error"]["code"])
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize(("method", "url", "headers"), BAD_REQUESTS)
def test_every_api_error_has_one_shape(
    writer: TestClient, method: str, url: str, headers: dict | None
) -> None:
    assert_error_shape(writer.request(method, url, headers=headers))


def test_writes_off_error_has_the_same_shape(client: TestClient) -> None:
    assert_error_shape(client.post("/api/v1/documents", json={"text": "x"}))


def test_crash_becomes_a_json_500_without_details(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api.queries, "event_stats", explode)
    response = client.get("/api/v1/stats", params={"top": 7})  # a query no test has cached
    assert response.status_code == 500
    assert_error_shape(response)
    assert "secret" not in response.text
    assert "content-security-policy" in response.headers


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/docs",
        "/static/js/app.js",
        "/static/dashboard.css",
        "/basemap/countries.json",
        "/api/v1/events",
        "/api/v1/events/evt_missing",
        "/api/v1/control",
        "/api/v1/alerts",
        "/nowhere",
        "/openapi.json",
    ],
)
def test_every_response_sends_a_strict_csp(client: TestClient, url: str) -> None:
    csp = client.get(url).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            if named.get("src"):
                self.sources.append(named["src"] or "")
            else:
                self.inline.append(tag)
        if tag == "link" and named.get("href"):
            self.sources.append(named["href"] or "")


@pytest.mark.parametrize("url", ["/", "/docs"])
def test_pages_have_no_inline_script_and_load_nothing_remote(client: TestClient, url: str) -> None:
    parser = _Scripts()
    parser.feed(client.get(url).text)
    assert parser.sources
    assert parser.inline == []
    assert parser.handlers == []
    assert all(src.startswith("/static/") for src in parser.sources)
