"""The dashboard in a real browser (Debian's chromium driven by Playwright).

Loads the page, sees markers, drags the timeline, opens an event, reads its evidence,
proves that script in an article never runs, and saves a screenshot.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from webdata import XSS_IMG, XSS_SCRIPT

from sitroom.web.app import VENDOR_DIR, create_app

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs the playwright package: pip install '.[test]'"
)
PlaywrightTimeout = sync_api.TimeoutError

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium",
    ),
    # Locally a missing map library skips; in CI (CI=true) it must have been installed.
    pytest.mark.skipif(
        not (VENDOR_DIR / "leaflet" / "leaflet.js").exists() and not os.environ.get("CI"),
        reason="needs the map library in sitroom/web/static/vendor: run `npm ci`",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_url(db_path: Path) -> Iterator[str]:
    """The app under uvicorn in a thread on a free local port."""
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


def expect(locator):
    """Playwright's auto-waiting assertions (no string eval, which the page's CSP forbids)."""
    return sync_api.expect(locator)


def _list_count(page) -> int:
    return page.locator("#event-list .event-row").count()


def test_dashboard_shows_markers_timeline_and_event_evidence(page) -> None:
    # Markers: server clusters drawn on the offline base map, with a legend.
    page.wait_for_selector(".event-marker, .cell-marker")
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # country polygons
    assert page.locator("#legend .legend-row").count() == 3
    assert page.locator(".flow-arrow").count() >= 1  # the Homs -> Tartus arrow
    assert _list_count(page) == 11

    # Timeline: drag across its first half; the list shows only that period.
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.up()
    expect(page.locator("#event-list .event-row")).not_to_have_count(11)
    label = page.locator("#range-label").inner_text()
    assert label.startswith("2024-11-27")
    dates = page.locator("#event-list .row-date").all_inner_texts()
    until = label.split("—")[1].strip()
    assert dates and all(d <= until for d in dates)

    # Clear the period, then open the battle from the list and read its evidence.
    page.click("#range-clear")
    expect(page.locator("#event-list .event-row")).to_have_count(11)
    page.locator(".event-row", has_text="Armed clash").click()
    page.wait_for_selector("#detail:not([hidden]) .evidence-item")
    detail = page.locator("#detail")
    assert "Hayat Tahrir al-Sham" in detail.inner_text()
    assert "12" in detail.locator(".fields").inner_text()
    evidence = detail.locator(".evidence-text").first.inner_text()
    assert "attacked government forces on the northern edge of Homs" in evidence
    marks = detail.locator(".evidence-text mark").all_inner_texts()
    assert {"Hayat Tahrir al-Sham", "government forces", "Homs", "Friday"} <= set(marks)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))
    assert page.errors == []  # type: ignore[attr-defined]


def test_clicking_a_marker_opens_its_event(page) -> None:
    # Zoom in on Aleppo so its single event is a marker of its own.
    page.locator(".event-marker").first.wait_for()
    marker = page.locator(".event-marker").first
    marker.click()
    page.wait_for_selector("#detail:not([hidden]) .evidence-item")
    assert page.locator("#detail .fields").inner_text()


def test_a_cell_that_cannot_split_lists_its_events(page) -> None:
    # Homs holds two records at the same point: zooming never splits them, so once the
    # map is zoomed in, clicking the cell lists both in a popup.
    homs = page.locator(".cell-marker", has_text=re.compile(r"^2$"))
    for _ in range(4):
        homs.first.click()
        try:
            page.wait_for_selector(".cell-popup li", timeout=2000)
            break
        except PlaywrightTimeout:
            continue
    items = page.locator(".cell-popup li")
    expect(items).to_have_count(2)
    items.filter(has_text="Displacement").click()
    page.wait_for_selector("#detail:not([hidden]) .evidence-item")
    assert "Tartus" in page.locator("#detail .fields").inner_text()


@pytest.mark.parametrize("page", [False, True], ids=["with-csp", "csp-bypassed"], indirect=True)
def test_article_script_and_onerror_payloads_never_run(page) -> None:
    page.locator(".event-row", has_text="Shelling").click()
    page.wait_for_selector("#detail:not([hidden]) .evidence-item")
    detail = page.locator("#detail")
    # The payloads are shown as text ...
    assert XSS_IMG in detail.locator(".evidence-text").first.inner_text()
    assert XSS_SCRIPT in detail.locator(".sources").inner_text()
    assert XSS_IMG in page.locator("#event-list").inner_text()
    # ... never as elements, never run, and the javascript: URL is not a link.
    assert page.locator("#detail img, #event-list img, #detail script").count() == 0
    assert detail.locator(".sources a").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.errors == []  # type: ignore[attr-defined]
