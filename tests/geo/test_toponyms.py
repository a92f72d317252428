from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.geo import find_toponyms, geo_precision, haversine_km, resolve_toponyms
from sitroom.model import Entity, Place, PlaceMention

SYRIA_STORY = (
    "Thousands fled the central city of Homs as rebels advanced from Hama. "
    "Russian airstrikes destroyed the Rustan bridge on the M5 highway, Syria's main "
    "north-south road, while Hezbollah sent fighters to Homs."
)


def _entities(text: str, spans: list[tuple[str, str]]) -> list[Entity]:
    """Entities as spaCy's small model labels them, including its mistakes."""
    out = []
    for surface, label in spans:
        for m in re.finditer(re.escape(surface), text):
            out.append(Entity(text=surface, label=label, start=m.start(), end=m.end()))
    return out


def _mentions(text: str, *names: str) -> list[PlaceMention]:
    out = []
    for name in names:
        m = re.search(re.escape(name), text)
        assert m, name
        out.append(PlaceMention(text=name, start=m.start(), end=m.end()))
    return out


def test_homs_resolves_to_syria_not_elsewhere(gazetteer):
    text = "Rebels from Idlib reached Homs, Syria."
    resolved = resolve_toponyms(_mentions(text, "Idlib", "Homs", "Syria"), gazetteer)
    homs = resolved[1]
    assert homs.place.country_code == "SY"
    assert homs.n_candidates > 1  # Homs/Al Khums in Libya is a real rival
    assert haversine_km(homs.place.lat, homs.place.lon, 34.72, 36.72) < 10


def test_country_hint_alone_settles_homs(gazetteer):
    [homs] = resolve_toponyms(
        _mentions("Clashes in Homs.", "Homs"), gazetteer, country_hint="Syria"
    )
    assert homs.place.country_code == "SY"
    assert 0 < homs.score <= 1


def test_libyan_context_picks_al_khums(gazetteer):
    text = "Militias in Libya clashed near Misrata and Homs."
    resolved = resolve_toponyms(_mentions(text, "Libya", "Misrata", "Homs"), gazetteer)
    assert resolved[2].place.country_code == "LY"


def test_rustan_bridge_resolves_near_al_rastan(gazetteer):
    entities = _entities(SYRIA_STORY, [("Homs", "ORG"), ("Rustan", "EVENT"), ("Syria", "GPE")])
    mentions = find_toponyms(SYRIA_STORY, entities, gazetteer)
    resolved = resolve_toponyms(mentions, gazetteer)
    bridge = next(m for m in resolved if "Rustan" in m.text)
    assert bridge.text == "Rustan bridge"  # "the" stripped, the whole phrase kept
    assert haversine_km(bridge.place.lat, bridge.place.lon, 34.92, 36.73) < 25
    assert geo_precision(bridge.place) == 1


def test_find_toponyms_rescues_a_city_tagged_org_and_curated_phrases(gazetteer):
    entities = _entities(SYRIA_STORY, [("Homs", "ORG"), ("Hama", "GPE"), ("Hezbollah", "ORG")])
    texts = [m.text for m in find_toponyms(SYRIA_STORY, entities, gazetteer)]
    assert texts.count("Homs") == 2
    assert "Hama" in texts and "M5 highway" in texts
    assert "Hezbollah" not in texts


def test_find_toponyms_skips_excluded_actor_spans(gazetteer):
    text = "Islamic State fighters attacked Palmyra."
    entities = _entities(text, [("Islamic State", "GPE"), ("Palmyra", "GPE")])
    mentions = find_toponyms(text, entities, gazetteer, exclude=[(0, len("Islamic State"))])
    assert [m.text for m in mentions] == ["Palmyra"]
    assert text[mentions[0].start : mentions[0].end] == "Palmyra"


def test_person_names_are_not_rescued_as_places(gazetteer):
    text = "Abu Mohammed al-Golani spoke."
    entities = _entities(text, [("Golani", "PERSON")])
    assert find_toponyms(text, entities, gazetteer) == []


def test_same_name_resolves_the_same_way_throughout_a_document(gazetteer):
    text = "Homs was shelled. Later, Homs fell."
    mentions = [m for m in find_toponyms(text, _entities(text, [("Homs", "GPE")]), gazetteer)]
    resolved = resolve_toponyms(mentions, gazetteer)
    assert len({m.place.geonameid for m in resolved}) == 1


def test_unknown_name_stays_unresolved(gazetteer):
    [m] = resolve_toponyms([PlaceMention(text="Qzxvbnm", start=0, end=7)], gazetteer)
    assert (m.place, m.n_candidates, m.score) == (None, 0, 0.0)


def test_geo_precision_follows_acled():
    def place(fclass: str, fcode: str) -> Place:
        return Place(name="x", lat=0, lon=0, feature_class=fclass, feature_code=fcode)

    assert geo_precision(place("P", "PPL")) == 1
    assert geo_precision(place("S", "BDG")) == 1
    assert geo_precision(place("R", "RD")) == 2
    assert geo_precision(place("A", "ADM2")) == 2
    assert geo_precision(place("A", "ADM1")) == 3
    assert geo_precision(place("A", "PCLI")) == 3


def test_haversine_km_homs_to_damascus():
    assert 135 < haversine_km(34.724, 36.726, 33.510, 36.291) < 145
    assert haversine_km(10, 10, 10, 10) == 0


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=120), st.lists(st.tuples(st.integers(0, 130), st.integers(0, 130)), max_size=4)
)
def test_find_and_resolve_never_crash(gazetteer, text, spans):
    entities = [
        Entity(text=text[s:e], label="GPE", start=s, end=e) for s, e in spans if s < e <= len(text)
    ]
    for m in resolve_toponyms(find_toponyms(text, entities, gazetteer), gazetteer):
        assert 0 <= m.start < m.end <= len(text)
        assert 0.0 <= m.score <= 1.0


def test_a_list_read_as_one_entity_gives_each_place(gazetteer):
    text = "Turkish drones struck Qamishli and Kobani in Syria."
    entities = _entities(text, [("Qamishli and Kobani", "ORG"), ("Syria", "GPE")])
    mentions = find_toponyms(text, entities, gazetteer)
    assert [m.text for m in mentions] == ["Qamishli", "Kobani", "Syria"]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_small_town_mislabelled_is_kept_when_the_story_is_in_its_country(gazetteer):
    text = "Fighting near Maarat al-Numan, south of Idlib."
    entities = _entities(text, [("Maarat al-Numan", "PERSON"), ("Idlib", "GPE")])
    texts = [m.text for m in find_toponyms(text, entities, gazetteer)]
    assert texts == ["Maarat al-Numan", "Idlib"]
    alone = _entities(text, [("Maarat al-Numan", "PERSON")])
    assert find_toponyms(text, alone, gazetteer) == []


def test_damascus_in_a_maryland_story_is_the_us_town(gazetteer):
    text = "Police in Damascus, Maryland, closed the road."
    resolved = resolve_toponyms(_mentions(text, "Damascus", "Maryland"), gazetteer)
    assert (resolved[0].place.country_code, resolved[0].place.admin1_code) == ("US", "MD")
    assert resolved[1].place.feature_code == "ADM1"


def test_near_spelling_outside_the_story_country_stays_unresolved(gazetteer):
    text = "Shelling hit Shebaa and Naqoura in Lebanon."
    resolved = resolve_toponyms(_mentions(text, "Shebaa", "Naqoura", "Lebanon"), gazetteer)
    assert resolved[0].n_candidates > 0  # Chebba, Tunisia: a near spelling abroad
    assert resolved[0].place is None
    assert resolved[1].place.country_code == "LB"
