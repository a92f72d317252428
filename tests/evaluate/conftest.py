"""Shared fixtures: the tiny gold files and a fake system that answers from a table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from sitroom.evaluate.systems import EventPrediction, ResolvedPoint
from sitroom.model import Place, PlaceMention

FIXTURES = Path(__file__).parent / "fixtures"


class TableSystem:
    """Answers each question from dictionaries, so a runner's scoring can be checked by hand."""

    def __init__(
        self,
        events: dict[str, EventPrediction] | None = None,
        points: dict[str, ResolvedPoint] | None = None,
        found: dict[str, list[PlaceMention]] | None = None,
        entities: list[list[tuple[int, int, str]]] | None = None,
    ) -> None:
        self.events = events or {}
        self.points = points or {}
        self.found = found or {}
        self.entities = entities or []

    def predict_event(self, text: str) -> EventPrediction:
        return self.events.get(text, EventPrediction("NO_EVENT", "none"))

    def resolve_spans(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> list[ResolvedPoint | None]:
        return [self.points.get(text[s:e]) for s, e in spans]

    def geoparse(self, text: str) -> list[PlaceMention]:
        return self.found.get(text, [])

    def tag_entities(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        return self.entities[: len(sentences)] + [[] for _ in sentences[len(self.entities) :]]


def mention(text: str, name: str, lat: float, lon: float, after: int = 0) -> PlaceMention:
    start = text.index(name, after)
    place = Place(name=name, lat=lat, lon=lon)
    return PlaceMention(text=name, start=start, end=start + len(name), place=place)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
