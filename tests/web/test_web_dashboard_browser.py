"""The dashboard in a real browser (Debian's chromium driven by Playwright).

Loads the page, sees markers, drags the timeline, opens an event, reads its evidence,
proves that script in an article never runs, and saves a screenshot.
"""

from __future__ import annotations

import re

import pytest
from browserkit import ARTIFACTS, BROWSER_MARKS
from webdata import XSS_IMG, XSS_SCRIPT

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs the playwright package: pip install '.[test]'"
)
PlaywrightTimeout = sync_api.TimeoutError

# The server_url and page fixtures live in conftest.py (shared with the situation test).
pytestmark = BROWSER_MARKS


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
