"""The situation picture in a real browser: the control layer, the alerts panel and the
other reports of a fused event, on a small fused store built for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import ARTIFACTS, BROWSER_MARKS
from situationdata import ALEPPO_REPORTS, ARMY, HTS, build_situation_store

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs the playwright package: pip install '.[test]'"
)
pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def situation_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("situation-browser") / "situation.duckdb"
    build_situation_store(path)
    return path


@pytest.fixture
def db_path(situation_template: Path, tmp_path: Path) -> Path:
    """Overrides conftest's store: the page is served over the fused situation store."""
    path = tmp_path / "situation.duckdb"
    path.write_bytes(situation_template.read_bytes())
    return path


def expect(locator):
    return sync_api.expect(locator)


def _drag_timeline(page, start: float, end: float) -> None:
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end, y, steps=6)
    page.mouse.up()


def test_control_layer_alerts_and_other_reports_render(page) -> None:
    page.wait_for_selector("body[data-situation='1']", timeout=10000)

    # Control layer: on the latest date both towns are HTS's, with a legend of one side.
    places = page.locator("path.control-place")
    expect(places).to_have_count(2)
    assert page.locator("path.control-area").count() == 2
    legend = page.locator("#control-legend")
    expect(legend).to_contain_text("Control on 2024-12-05")
    assert legend.locator(".legend-row").all_inner_texts() == [f"{HTS} (2)"]
    assert {places.nth(i).get_attribute("data-controller") for i in range(2)} == {HTS}

    # Moving the timeline's end before Hama's capture hands Hama back to the army.
    _drag_timeline(page, 0.05, 0.45)
    expect(legend).not_to_contain_text("2024-12-05")
    hama = page.locator("path.control-place[data-place='Hama']")
    expect(hama).to_have_attribute("data-controller", ARMY)
    expect(page.locator("path.control-place[data-place='Aleppo']")).to_have_attribute(
        "data-controller", HTS
    )
    page.click("#range-clear")

    # Alerts panel: the Idlib burst; clicking the area alert filters the list to its events.
    rows = page.locator("#alert-list .alert-row")
    expect(rows).to_have_count(3)
    rows.filter(has_text="Idlib").click()
    expect(page.locator("#event-list .event-row")).to_have_count(4)
    assert set(page.locator("#event-list .row-date").all_inner_texts()) == {"2024-12-03"}
    expect(page.locator("#alert-filter")).to_be_visible()
    expect(page.locator("#range-label")).to_have_text("2024-12-03 — 2024-12-03")
    page.click("#alert-filter-clear")
    expect(page.locator("#event-list .event-row")).to_have_count(7)
    expect(page.locator("#alert-filter")).to_be_hidden()

    # Event detail: the other report of the Aleppo capture, and why the two were merged.
    page.locator(".event-row", has_text="Aleppo").first.click()
    others = page.locator("#detail .fused-article")
    expect(others).to_have_count(1)
    expect(page.locator("#detail .fused-record")).to_have_count(1)
    titles = {title for title, _, _ in ALEPPO_REPORTS}
    shown = page.locator("#detail .sources").inner_text()
    other = others.inner_text()
    (other_title,) = [t for t in titles if t in other and t not in shown]
    assert [t for t in titles if t in shown] != []
    page.click("#detail .explain-button")
    expect(page.locator("#detail .explain-list li")).to_have_count(2)
    expect(page.locator("#detail .explain-list")).to_contain_text("joined")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-situation.png"))
    # The other report's record opens in the detail, with this one among its others.
    page.locator("#detail .fused-record").click()
    expect(page.locator("#detail .sources")).to_contain_text(other_title)
    expect(page.locator("#detail .fused-article")).not_to_contain_text(other_title)
    assert page.errors == []  # type: ignore[attr-defined]
