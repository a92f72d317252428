"""The bundled demo corpus and the fusion gold set: well-formed, complete and in range.

These files are what a new user ingests first and what fusion is measured on, so a broken
line or a missing field must fail here rather than deep inside a pipeline run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from sitroom.config import DATA_DIR
from sitroom.model import Document

DEMO_PATH = DATA_DIR / "demo" / "reports.jsonl"
FUSION_PATH = DATA_DIR / "fusion_gold" / "reports.jsonl"

DEMO_FIELDS = {"id", "title", "text", "published", "source", "url"}
FUSION_FIELDS = {"id", "title", "text", "published", "source", "gold_event", "event_date", "basis"}
OFFENSIVE_START = dt.date(2024, 11, 27)
OFFENSIVE_END = dt.date(2024, 12, 10)


def _read_jsonl(path: Path) -> list[dict]:
    """Every non-blank line as a dict; a line that is not a JSON object fails with its number."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        assert isinstance(record, dict), f"{path.name}:{number} is not a JSON object"
        records.append(record)
    return records


def _words(text: str) -> int:
    return len(text.split())


@pytest.fixture(scope="module")
def demo() -> list[dict]:
    return _read_jsonl(DEMO_PATH)


@pytest.fixture(scope="module")
def fusion() -> list[dict]:
    return _read_jsonl(FUSION_PATH)


def test_demo_reports_have_every_field_filled(demo: list[dict]) -> None:
    for record in demo:
        missing = DEMO_FIELDS - {k for k, v in record.items() if isinstance(v, str) and v.strip()}
        assert not missing, f"{record.get('id')}: missing {sorted(missing)}"


def test_demo_has_at_least_30_reports(demo: list[dict]) -> None:
    assert len(demo) >= 30


def test_demo_ids_are_unique(demo: list[dict]) -> None:
    duplicated = [i for i, n in Counter(r["id"] for r in demo).items() if n > 1]
    assert not duplicated


def test_demo_texts_are_not_duplicated(demo: list[dict]) -> None:
    normalised = Counter(" ".join(r["text"].lower().split()) for r in demo)
    assert all(n == 1 for n in normalised.values())


def test_demo_published_dates_fall_within_the_offensive(demo: list[dict]) -> None:
    for record in demo:
        published = dt.date.fromisoformat(record["published"])
        assert OFFENSIVE_START <= published <= OFFENSIVE_END, record["id"]


def test_demo_reports_are_news_brief_length(demo: list[dict]) -> None:
    for record in demo:
        assert 80 <= _words(record["text"]) <= 220, record["id"]


def test_demo_urls_are_placeholders_not_real_sites(demo: list[dict]) -> None:
    assert all(r["url"].startswith("https://example.org/") for r in demo)


def test_demo_reports_load_as_documents(demo: list[dict]) -> None:
    documents = [Document(**record) for record in demo]
    assert len({d.content_hash for d in documents}) == len(documents)


@pytest.mark.parametrize(
    ("city", "day"),
    [
        ("Aleppo", "2024-11-30"),
        ("Hama", "2024-12-05"),
        ("Homs", "2024-12-08"),
        ("Damascus", "2024-12-08"),
    ],
)
def test_demo_states_each_milestone_control_change(demo: list[dict], city: str, day: str) -> None:
    """Each milestone city has a report published that day saying it changed hands."""
    control = re.compile(r"took (full )?control of|withdrew from|in control of|captured", re.I)
    stated = [
        r["id"]
        for r in demo
        if r["published"] == day
        and any(city in s and control.search(s) for s in re.split(r"(?<=\.)\s", r["text"]))
    ]
    assert stated, f"no report on {day} states that {city} changed hands"


def test_fusion_reports_have_every_field(fusion: list[dict]) -> None:
    for record in fusion:
        missing = FUSION_FIELDS - {k for k, v in record.items() if isinstance(v, str) and v.strip()}
        assert not missing, f"{record.get('id')}: missing {sorted(missing)}"
        assert isinstance(record.get("note", ""), str)


def test_fusion_has_at_least_60_reports(fusion: list[dict]) -> None:
    assert len(fusion) >= 60


def test_fusion_ids_and_texts_are_unique(fusion: list[dict]) -> None:
    assert len({r["id"] for r in fusion}) == len(fusion)
    assert len({" ".join(r["text"].lower().split()) for r in fusion}) == len(fusion)


def test_fusion_has_at_least_15_multi_report_events(fusion: list[dict]) -> None:
    sizes = Counter(r["gold_event"] for r in fusion)
    assert sum(1 for n in sizes.values() if n >= 2) >= 15


def test_fusion_near_misses_are_singletons_with_a_reason(fusion: list[dict]) -> None:
    sizes = Counter(r["gold_event"] for r in fusion)
    for record in fusion:
        is_singleton = sizes[record["gold_event"]] == 1
        has_note = bool(record.get("note", "").strip())
        assert is_singleton == has_note, record["id"]


def test_fusion_reports_of_one_event_are_published_within_three_days(fusion: list[dict]) -> None:
    by_event: dict[str, list[dt.date]] = {}
    for record in fusion:
        by_event.setdefault(record["gold_event"], []).append(
            dt.date.fromisoformat(record["published"])
        )
    for event, dates in by_event.items():
        assert (max(dates) - min(dates)).days <= 3, event


def test_fusion_events_happen_on_or_before_publication(fusion: list[dict]) -> None:
    for record in fusion:
        event_date = dt.date.fromisoformat(record["event_date"])
        assert event_date <= dt.date.fromisoformat(record["published"]), record["id"]


def test_fusion_reports_of_one_event_agree_on_its_date(fusion: list[dict]) -> None:
    dates: dict[str, set[str]] = {}
    for record in fusion:
        dates.setdefault(record["gold_event"], set()).add(record["event_date"])
    assert all(len(d) == 1 for d in dates.values())


def test_fusion_basis_is_marked_real_or_fictionalised(fusion: list[dict]) -> None:
    assert {r["basis"] for r in fusion} <= {"real", "fictionalised"}


def test_fusion_reports_are_short(fusion: list[dict]) -> None:
    for record in fusion:
        assert 40 <= _words(record["text"]) <= 120, record["id"]
