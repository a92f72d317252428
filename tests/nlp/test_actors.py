"""The actor dictionary and matcher: names, spellings, context and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.errors import ConfigError
from sitroom.model import ActorMention
from sitroom.nlp.actors import ACTOR_TYPES, ActorDictionary

SYRIA_GOVERNMENT = "military-forces-of-syria-2000-2024"


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def _found(actors: ActorDictionary, text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(m.text, m.actor_id) for m in actors.find(text, **kwargs)]  # type: ignore[arg-type]


def _write(tmp_path: Path, entries: list[dict], **extra: object) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump({"actors": entries, **extra}), "utf-8")
    return path


def _entry(actor_id: str, **fields: object) -> dict:
    return {"id": actor_id, "name": actor_id.title(), "actor_type": "Rebel group", **fields}


# -- the bundled dictionary -----------------------------------------------------------------
def test_dictionary_has_150_plus_actors_with_valid_types(actors: ActorDictionary) -> None:
    assert len(actors.actors) >= 170
    for actor in actors.actors:
        assert ACTOR_TYPES[actor.actor_type] == actor.inter_code, actor.id
        if actor.parent is not None:
            actors.get(actor.parent)
    assert {"civilians", "protesters", "rioters", "unidentified-armed-group", "police-forces"} <= {
        a.id for a in actors.actors
    }


def test_every_alias_resolves_to_its_own_actor(actors: ActorDictionary) -> None:
    wrong = [
        (actor.id, alias)
        for actor in actors.actors
        for alias in actor.aliases
        if getattr(actors.resolve(alias), "id", None) != actor.id
    ]
    assert wrong == []


def test_load_is_cached(actors: ActorDictionary) -> None:
    assert ActorDictionary.load() is actors


def test_get_unknown_id_names_the_id(actors: ActorDictionary) -> None:
    with pytest.raises(KeyError, match="no-such-group"):
        actors.get("no-such-group")


# -- resolve --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Daesh", "Da'esh", "ISIS", "ISIL", "IS", "Islamic State"])
def test_daesh_is_islamic_state(actors: ActorDictionary, name: str) -> None:
    assert actors.resolve(name).id == "islamic-state"


@pytest.mark.parametrize(
    "name", ["Golani", "Jolani", "Julani", "Abu Mohammed al-Golani", "Ahmed al-Sharaa"]
)
def test_golani_maps_to_hts(actors: ActorDictionary, name: str) -> None:
    person = actors.resolve(name)
    assert person.is_person
    assert actors.group_of(person.id).id == "hts"


@pytest.mark.parametrize(
    "name", ["Hayat Tahrir al-Sham", "Hayat Tahrir Al-Sham", "HTS", "Tahrir al-Sham", "Nusra Front"]
)
def test_hts_spellings_resolve_to_hts(actors: ActorDictionary, name: str) -> None:
    assert actors.resolve(name).id == "hts"


@pytest.mark.parametrize("name", ["Hezbollah", "Hizbollah", "Hizballah", "Hezbullah"])
def test_hezbollah_spellings_resolve(actors: ActorDictionary, name: str) -> None:
    assert actors.resolve(name).id == "hezbollah"


def test_assad_regime_is_government(actors: ActorDictionary) -> None:
    assert actors.resolve("the Assad regime").id == SYRIA_GOVERNMENT
    assert actors.group_of(actors.resolve("Bashar al-Assad").id).id == SYRIA_GOVERNMENT
    assert _found(actors, "Fighting hit the Assad regime.") == [("Assad regime", SYRIA_GOVERNMENT)]


def test_resolve_is_case_sensitive_only_for_short_acronyms(actors: ActorDictionary) -> None:
    assert actors.resolve("is") is None
    assert actors.resolve("daesh").id == "islamic-state"
    assert actors.resolve("syrian democratic forces").id == "sdf"


def test_resolve_accepts_canonical_names(actors: ActorDictionary) -> None:
    assert actors.resolve("Military Forces of Russia (2000-)").id == "military-forces-of-russia"


def test_context_names_need_a_country(actors: ActorDictionary) -> None:
    assert actors.resolve("government forces") is None
    assert actors.resolve("government forces", country="SY").id == SYRIA_GOVERNMENT
    assert actors.resolve("SNA", country="SY").id == "sna"
    assert actors.resolve("SNA", country="SO").id == "military-forces-of-somalia"


@pytest.mark.parametrize("word", ["settlers", "bandits"])
def test_a_short_name_that_is_a_context_alias_needs_the_country(
    actors: ActorDictionary, word: str
) -> None:
    """ "Settlers (Israel)" is no plain "settlers": a Bangladeshi report of police clearing
    settlers from farmland had made every "police" there Palestinian."""
    text = f"Police tried to clear {word} from the farmland. Police fired into the crowd."
    assert actors.country_of(text) is None
    assert all(not a.startswith(("israeli", "nigeria")) for _, a in _found(actors, text))


def test_an_acronym_beside_the_full_name_stands_for_that_group(actors: ActorDictionary) -> None:
    """A context alias binds to the group the text names in full, whatever the country."""
    text = (
        "PLA claims Singngat attack. The People's Liberation Army of Manipur said its "
        "fighters ambushed the convoy."
    )
    assert [a for _, a in _found(actors, text)] == ["pla-manipur", "pla-manipur"]
    assert actors.country_of(text) == "IN"
    assert _found(actors, "The PLA held drills, China said.") == [
        ("PLA", "military-forces-of-china")
    ]


def test_ypg_is_part_of_sdf(actors: ActorDictionary) -> None:
    assert actors.resolve("People's Protection Units").parent == "sdf"


# -- find -----------------------------------------------------------------------------------
def test_is_not_matched_inside_words(actors: ActorDictionary) -> None:
    found = _found(actors, "This is ISIS, not IS. THIS IS WAR, said the IS-held town.")
    assert found == [("ISIS", "islamic-state"), ("IS", "islamic-state"), ("IS", "islamic-state")]


def test_russian_airstrikes_is_russia(actors: ActorDictionary) -> None:
    found = _found(actors, "The bridge was destroyed by Russian airstrikes on Monday.")
    assert found == [("Russian airstrikes", "military-forces-of-russia")]


@pytest.mark.parametrize(
    ("phrase", "actor_id"),
    [
        ("Russian warplanes", "military-forces-of-russia"),
        ("Russian air strikes", "military-forces-of-russia"),
        ("Turkish drones", "military-forces-of-turkey"),
        ("Israeli forces", "military-forces-of-israel"),
        ("US troops", "military-forces-of-united-states"),
        ("U.S. troops", "military-forces-of-united-states"),
        ("Iranian-backed units", "pro-iran-militias"),
        ("Syrian regime forces", SYRIA_GOVERNMENT),
    ],
)
def test_demonym_phrase_spans_the_whole_phrase(
    actors: ActorDictionary, phrase: str, actor_id: str
) -> None:
    assert _found(actors, f"Witnesses saw {phrase} near the town.") == [(phrase, actor_id)]


def test_demonym_without_military_noun_is_not_an_actor(actors: ActorDictionary) -> None:
    assert _found(actors, "Syrian refugees bought Russian-made drones.") == []


def test_coordinated_demonyms_each_name_their_forces(actors: ActorDictionary) -> None:
    found = _found(actors, "Russian and Syrian warplanes bombed the city.")
    assert found == [
        ("Russian", "military-forces-of-russia"),
        ("Syrian warplanes", SYRIA_GOVERNMENT),
    ]


def test_anti_prefix_blocks_a_mention(actors: ActorDictionary) -> None:
    assert _found(actors, "anti-Assad protesters") == [("protesters", "protesters")]


def test_sohr_is_reporting_source(actors: ActorDictionary) -> None:
    mentions = actors.find("the Syrian Observatory for Human Rights said.")
    assert [m.actor_id for m in mentions] == ["sohr"]
    assert actors.get("sohr").is_reporting_source
    assert "sohr" in {a.id for a in actors.reporting_sources()}
    assert not actors.get("hts").is_reporting_source


def test_context_aliases_follow_the_country_of_the_document(actors: ActorDictionary) -> None:
    text = "HTS fighters entered Syria. Kurdish forces withdrew. Daesh cells attacked."
    assert _found(actors, text)[1:] == [
        ("Kurdish forces", "sdf"),
        ("Daesh cells", "islamic-state-syria"),
    ]
    iraq = "Kurdish forces and Iraqi troops pushed Daesh out of Mosul, Iraq."
    assert [a for _, a in _found(actors, iraq)] == [
        "peshmerga",
        "military-forces-of-iraq",
        "islamic-state-iraq",
    ]


def test_country_names_are_mentions_only_on_request(actors: ActorDictionary) -> None:
    text = "Support from Russia, Iran and Hezbollah."
    assert _found(actors, text) == [("Hezbollah", "hezbollah")]
    assert [a for _, a in _found(actors, text, state_names=True)] == [
        "military-forces-of-russia",
        "military-forces-of-iran",
        "hezbollah",
    ]


def test_offsets_are_correct(actors: ActorDictionary) -> None:
    text = "In Homs, Hayat Tahrir Al-Sham (HTS) fought Assad’s regime and Golani spoke."
    mentions = actors.find(text)
    assert [m.text for m in mentions] == ["Hayat Tahrir Al-Sham", "HTS", "Assad’s regime", "Golani"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    shifted = actors.find(text, offset=100)
    assert [(m.start - 100, m.end - 100) for m in shifted] == [(m.start, m.end) for m in mentions]


def test_homs_example_names_the_main_actors(actors: ActorDictionary) -> None:
    text = (
        "Daesh’s resurgence compounds the challenges for the Assad regime. Abu Mohammed "
        "Al-Golani, the leader of HTS, spoke. Hezbollah sent forces to Homs, while "
        "Iranian-backed units positioned themselves in the city in Syria."
    )
    groups = [actors.group_of(m.actor_id).id for m in actors.find(text)]
    assert groups == [
        "islamic-state-syria",
        SYRIA_GOVERNMENT,
        "hts",
        "hts",
        "hezbollah",
        "pro-iran-militias",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(
                [
                    "IS",
                    "ISIS",
                    "Russian",
                    "airstrikes",
                    "al-",
                    "Sham",
                    "’s",
                    "-",
                    " and ",
                    "U.S.",
                    "anti-",
                    "the",
                    "Hayat Tahrir",
                    "\n",
                    ", ",
                    "Kurdish forces",
                ]
            ),
        ),  # fmt: skip
        max_size=30,
    ).map("".join),
    st.integers(min_value=0, max_value=10_000),
)
def test_find_never_crashes_and_offsets_slice(text: str, offset: int) -> None:
    actors = ActorDictionary.load()
    mentions = actors.find(text, offset=offset)
    previous_end = offset
    for m in mentions:
        assert isinstance(m, ActorMention)
        assert text[m.start - offset : m.end - offset] == m.text
        assert m.start >= previous_end and m.end > m.start
        previous_end = m.end
    resolved = actors.resolve(text)
    assert resolved is None or resolved.id in {a.id for a in actors.actors}


# -- spaCy patterns -------------------------------------------------------------------------
def test_patterns_drive_an_entity_ruler(actors: ActorDictionary) -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(actors.patterns())
    doc = nlp("Golani said HTS and Russian warplanes hit Idlib.")
    ents = [(e.text, e.label_, e.ent_id_) for e in doc.ents]
    assert ents == [
        ("Golani", "PERSON", "ahmed-al-sharaa"),
        ("HTS", "ORG", "hts"),
        ("Russian warplanes", "ORG", "military-forces-of-russia"),
    ]


# -- validation -----------------------------------------------------------------------------
def test_unknown_parent_is_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("alpha", parent="nobody")])
    with pytest.raises(ConfigError, match="'alpha' has unknown parent 'nobody'"):
        ActorDictionary.load(path)


def test_duplicate_id_is_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("alpha"), _entry("alpha")])
    with pytest.raises(ConfigError, match="duplicate actor id 'alpha'"):
        ActorDictionary.load(path)


def test_alias_of_two_actors_is_a_config_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path, [_entry("alpha", aliases=["The Front"]), _entry("beta", aliases=["the-front"])]
    )
    with pytest.raises(ConfigError, match="'beta' already names actor 'alpha'"):
        ActorDictionary.load(path)


def test_bad_actor_type_is_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("alpha", actor_type="Terrorists")])
    with pytest.raises(ConfigError, match="actor 'alpha': actor_type 'Terrorists'"):
        ActorDictionary.load(path)


def test_inter_code_must_match_type(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("alpha", inter_code=1)])
    with pytest.raises(ConfigError, match="inter_code 1 does not match"):
        ActorDictionary.load(path)


def test_person_without_group_is_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("alpha", is_person=True)])
    with pytest.raises(ConfigError, match="person needs a 'parent'"):
        ActorDictionary.load(path)


def test_missing_or_broken_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read actor dictionary"):
        ActorDictionary.load(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("actors: [unclosed", "utf-8")
    with pytest.raises(ConfigError, match="cannot read actor dictionary"):
        ActorDictionary.load(broken)


def test_small_dictionary_loads_and_matches(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("alpha", aliases=["Alpha Front", "AF"])])
    actors = ActorDictionary.load(path)
    assert [m.actor_id for m in actors.find("The Alpha Front and AF, not af.")] == ["alpha"] * 2


def test_a_force_noun_naming_a_building_is_no_actor(actors: ActorDictionary) -> None:
    text = "Gunmen stormed the police command in Suwayda as the police fled."
    found = [m.text for m in actors.find(text, country="SY")]
    assert found.count("police") == 1  # the fleeing police, not the building
    assert actors.find("Hezbollah headquarters were hit.", country="LB")  # a named side stays


def test_a_capital_counts_towards_the_country_a_text_is_about(actors: ActorDictionary) -> None:
    text = (
        "Officers left for Damascus; the crossing with Jordan closed. Security forces pulled out."
    )
    found = dict(_found(actors, text))
    assert found["Security forces"].startswith("military-forces-of-syria")
