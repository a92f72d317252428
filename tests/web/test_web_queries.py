"""Read-only query helpers: paragraphs around evidence, timeline range, map cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from webdata import HAMA

from sitroom.model import Document, Event, Extraction
from sitroom.store import EventFilter, Store
from sitroom.web import queries


def test_paragraph_is_cut_at_blank_lines() -> None:
    text = "Title\n\nFirst sentence. Second sentence.\n\nNext paragraph."
    start = text.index("Second")
    para = queries.paragraph_around(text, start, start + len("Second sentence."))
    assert para["text"] == "First sentence. Second sentence."
    assert text[para["start"] : para["end"]] == para["text"]


def test_paragraph_falls_back_to_lines_without_blank_lines() -> None:
    text = "Line one.\nLine two has the event.\nLine three."
    start = text.index("Line two")
    assert queries.paragraph_around(text, start, start + 8)["text"] == "Line two has the event."


def test_long_paragraph_is_trimmed_around_the_sentence() -> None:
    text = "word " * 2000 + "THE EVENT." + " word" * 2000
    start = text.index("THE EVENT.")
    para = queries.paragraph_around(text, start, start + 10)
    assert "THE EVENT." in para["text"]
    assert len(para["text"]) <= queries.MAX_PARAGRAPH_CHARS + 10
    assert text[para["start"] : para["end"]] == para["text"]


def test_one_far_off_date_does_not_stretch_the_timeline(tmp_path: Path) -> None:
    doc = Document(text="x" * 200, published=dt.date(2024, 12, 8))
    days = [dt.date(2024, 12, 1) + dt.timedelta(days=i % 8) for i in range(60)]
    days.append(dt.date(2011, 3, 15))  # "13 years ago"
    events = [
        Event(
            document_id=doc.id,
            event_type="Battles",
            sub_event_type="Armed clash",
            event_date=day,
            place=HAMA,
            actor1=f"Group {i}",
        )
        for i, day in enumerate(days)
    ]
    with Store(tmp_path / "t.duckdb") as store:
        store.add_extraction(Extraction(document=doc, events=events))
        stats = queries.event_stats(store, EventFilter())
    assert stats["date_range"]["min"] == "2011-03-15"
    assert stats["timeline_range"] == {"min": "2024-12-01", "max": "2024-12-08"}


def test_cell_size_halves_with_each_zoom_level() -> None:
    assert queries.cell_degrees(4) == 2 * queries.cell_degrees(5)


def test_circle_box_holds_the_whole_circle() -> None:
    west, south, east, north = queries.circle_bbox(34.73, 36.72, 50)
    # 50 km north, south, east and west of Homs are inside the box.
    assert north - 34.73 > 50 / 111.2
    assert 34.73 - south > 50 / 111.2
    assert (east - 36.72) * 111.2 * 0.822 > 50  # cos(34.73 degrees) ~ 0.822
    assert (36.72 - west) * 111.2 * 0.822 > 50


def test_circle_box_is_skipped_across_the_antimeridian_and_poles() -> None:
    assert queries.circle_bbox(0, 179.9, 50) is None
    assert queries.circle_bbox(89.5, 0, 50) is None
