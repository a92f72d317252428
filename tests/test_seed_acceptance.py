"""The foundation's acceptance: the six events of the seed report, each right in type,
actors and place (within 25 km), and Golani's statements not coded as events."""

from __future__ import annotations

import pytest

from sitroom.geo.precision import haversine_km
from sitroom.model import Event
from sitroom.nlp.actors import ActorDictionary

HOMS = (34.7268, 36.7234)
AL_RASTAN = (34.9237, 36.7325)


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def records(seed_extraction) -> list[Event]:
    return seed_extraction.events


def _name(actors: ActorDictionary, alias: str) -> str:
    actor = actors.resolve(alias, country="SY")
    assert actor is not None, f"{alias} is not in the actor dictionary"
    return actors.group_of(actor.id).name


def _near(event: Event, point: tuple[float, float], km: float = 25.0) -> bool:
    return event.place is not None and haversine_km(event.place.lat, event.place.lon, *point) <= km


def _find(records: list[Event], **want) -> list[Event]:
    return [e for e in records if all(getattr(e, k) == v for k, v in want.items())]


def test_hts_offensive_against_government_at_homs(records, actors):
    hts, gov = _name(actors, "HTS"), _name(actors, "Syrian Arab Army")
    found = [e for e in _find(records, event_type="Battles", actor1=hts) if _near(e, HOMS)]
    assert found, [(e.sub_event_type, e.actor1, e.place and e.place.name) for e in records]
    assert any(e.actor2 == gov for e in found)


def test_displacement_from_homs_reported_by_sohr(records, actors):
    sohr = _name(actors, "Syrian Observatory for Human Rights")
    found = [e for e in _find(records, kind="displacement") if _near(e, HOMS)]
    assert found
    assert any(e.reporting_source == sohr for e in found)
    assert all(e.event_type == "Displacement" for e in found)


def test_russian_air_strike_destroys_rastan_bridge(records, actors):
    russia = _name(actors, "Russian forces")
    found = _find(records, sub_event_type="Air/drone strike", actor1=russia)
    assert found
    assert any(_near(e, AL_RASTAN) and e.place.admin1 and "Homs" in e.place.admin1 for e in found)


def test_hezbollah_sends_forces_to_homs(records, actors):
    found = _find(records, event_type="Strategic developments", actor1=_name(actors, "Hezbollah"))
    assert any(_near(e, HOMS) for e in found)


def test_iranian_backed_units_positioned_in_homs(records, actors):
    backed = _name(actors, "Iranian-backed militias")
    found = _find(records, event_type="Strategic developments", actor1=backed)
    assert any(_near(e, HOMS) for e in found)


def test_islamic_state_activity_in_eastern_syria_reported_by_kurdish_forces(records, actors):
    found = _find(records, actor1=_name(actors, "Daesh"))
    assert any(e.place is not None and e.place.country_code == "SY" for e in found)
    kurdish = _name(actors, "Kurdish forces")
    assert any(e.reporting_source == kurdish for e in found)


def test_golani_statements_are_not_events(records, seed_extraction):
    text = seed_extraction.document.text
    statements = [text.index("Abu Mohammed Al-Golani"), text.index("Golani emphasized")]
    for event in records:
        starts = {ev.start for ev in event.evidence}
        only_statements = all(
            any(s <= start <= s + 5 or start <= s < ev.end for s in statements)
            for ev in event.evidence
            for start in [ev.start]
        )
        assert not only_statements, f"{event.sub_event_type} coded from a statement: {starts}"


def test_every_event_keeps_its_evidence_spans(records, seed_extraction):
    text = seed_extraction.document.text
    assert records
    for event in records:
        assert event.evidence
        for ev in event.evidence:
            assert text[ev.start : ev.end] == ev.text
            for span in ev.fields.values():
                if span.text and span.start < span.end:
                    assert text[span.start : span.end] == span.text
