"""Counts of people killed, injured and displaced (sitroom.nlp.quantities)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.model import Quantity
from sitroom.nlp.quantities import find_quantities, parse_number, total_fatalities


def kinds(text: str) -> list[tuple[str, int | None]]:
    return [(q.kind, q.value) for q in find_quantities(text)]


def one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The airstrike hit a market, killing 6.", 6),
        ("6 killed as shells hit Homs.", 6),
        ("The shelling left 12 dead.", 12),
        ("The death toll rose to 30.", 30),
        ("The bombing claimed the lives of 21 civilians.", 21),
        ("6 people died in the attack.", 6),
        ("Rescuers recovered the bodies of seven men.", 7),
        ("1,200 people were killed in the siege.", 1200),
        ("Twenty-one soldiers were killed.", 21),
        ("A dozen fighters were killed.", 12),
        ("One hundred and twenty people died.", 120),
    ],
)
def test_fatality_cues_bind_the_count(text: str, value: int):
    assert kinds(text) == [("fatalities", value)]


def test_dozens_dead_is_acled_conservative_twelve():
    q = one("Dozens dead after the raid.")
    assert (q.kind, q.value, q.low, q.high, q.magnitude) == ("fatalities", 12, 12, 99, "dozens")


@pytest.mark.parametrize(
    ("text", "value", "magnitude"),
    [
        ("Thousands fled the town.", 1000, "thousands"),
        ("10,000 displaced in a week.", 10000, None),
        ("The offensive forced 5,000 people to flee.", 5000, None),
        ("Tens of thousands have fled since Friday.", 10000, "tens of thousands"),
        ("The fighting ended, displacing some 40 families.", 40, None),
        ("300 residents were evacuated.", 300, None),
        ("Hundreds of thousands of people fled.", 100000, "hundreds of thousands"),
        ("3.5 million people have been displaced.", 3500000, None),
    ],
)
def test_displacement_cues_bind_the_count(text: str, value: int, magnitude: str | None):
    q = one(text)
    assert (q.kind, q.value, q.magnitude) == ("displaced", value, magnitude)


def test_wounded_and_injured_are_injuries():
    assert kinds("Twelve were wounded and 3 injured.") == [("injured", 12), ("injured", 3)]


def test_killing_and_wounding_in_one_sentence():
    text = "The strike killed 6 people and injured 12."
    assert kinds(text) == [("fatalities", 6), ("injured", 12)]
    assert kinds("6 killed and 12 wounded") == [("fatalities", 6), ("injured", 12)]
    assert kinds("killing 6 and wounding 12") == [("fatalities", 6), ("injured", 12)]


def test_at_least_is_a_floor():
    q = one("At least 12 people were killed.")
    assert (q.text, q.value, q.low, q.high) == ("At least 12", 12, 12, None)


def test_more_than_is_a_floor():
    q = one("More than 300 were killed.")
    assert (q.value, q.low, q.high) == (300, 300, None)


def test_nearly_is_a_ceiling():
    q = one("Nearly 1,000 people fled.")
    assert (q.kind, q.value, q.low, q.high) == ("displaced", 1000, None, 1000)


def test_some_is_an_approximation():
    q = one("Some 40 civilians died.")
    assert (q.value, q.low, q.high) == (40, None, None)


def test_range_keeps_lowest_as_value():
    q = one("Between 10 and 15 people were killed.")
    assert (q.value, q.low, q.high, q.text) == (10, 10, 15, "Between 10 and 15")


def test_several_is_three_with_vague_range():
    q = one("Several civilians were killed.")
    assert (q.value, q.low, q.high, q.magnitude) == (3, 3, 9, "several")


def test_no_casualties_is_zero_fatalities():
    q = one("There were no casualties.")
    assert (q.kind, q.value, q.text) == ("fatalities", 0, "no casualties")


def test_no_one_killed_is_zero_not_one():
    assert kinds("No one was killed in the blast.") == [("fatalities", 0)]


def test_troops_are_people_but_not_casualties():
    assert kinds("Turkey deployed 2,000 troops.") == [("other", 2000)]


def test_active_killer_count_is_not_a_death_toll():
    assert kinds("6 gunmen killed 3 civilians.") == [("other", 6), ("fatalities", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2011.",
        "He was killed 13 years ago.",
        "Traffic stopped on the M5 highway.",
        "On 27 November, clashes erupted.",
        "Clashes erupted on Dec. 5 at 10:30.",
        "Prices rose 5% and 12 km of road closed.",
        "A 12-year-old boy was hurt.",
        "Resolution 2254 calls for elections.",
        "One of the victims died.",
    ],
)
def test_years_dates_and_units_are_not_counts(text: str):
    assert find_quantities(text) == []


def test_tally_verb_reaches_back_to_death_toll():
    assert kinds("The death toll from Monday's car bomb in Azaz rose to 21.") == [
        ("fatalities", 21)
    ]
    assert kinds("The number of displaced rose to 50,000.") == [("displaced", 50000)]


def test_subset_after_including_takes_the_kind_of_its_whole():
    text = "Airstrikes killed at least 14 civilians, including four children."
    assert kinds(text) == [("fatalities", 14), ("fatalities", 4)]


def test_coordinated_counts_share_the_verb_after_them():
    text = "3 children, 2 women and 4 men were killed."
    assert kinds(text) == [("fatalities", 3), ("fatalities", 2), ("fatalities", 4)]
    assert kinds("Turkey deployed 2,000 troops and 6 were killed.") == [
        ("other", 2000),
        ("fatalities", 6),
    ]


def test_displacement_of_is_displacement():
    text = "Agencies recorded the displacement of 115,000 people."
    assert kinds(text) == [("displaced", 115000)]


def test_vague_objects_are_not_people():
    assert find_quantities("Dozens of rockets hit the town and some 40 raids followed.") == []


def test_subset_is_not_double_counted():
    text = "12 civilians, including three children, were killed."
    found = find_quantities(text)
    assert [q.value for q in found] == [12, 3]
    assert total_fatalities(found, text) == (12, 12, 12)
    assert total_fatalities(found) == (12, 12, 12)


def test_separate_places_are_summed_with_text():
    text = "6 killed in Homs and 4 in Hama."
    assert total_fatalities(find_quantities(text), text) == (10, 10, 10)


def test_running_toll_wins_over_new_deaths():
    text = "The attack killed 5, bringing the death toll to 35."
    assert total_fatalities(find_quantities(text), text) == (35, 35, 35)


def test_total_ignores_injuries_and_open_bounds_stay_open():
    text = "At least 6 were killed and 12 wounded."
    assert total_fatalities(find_quantities(text), text) == (6, 6, None)
    assert total_fatalities(find_quantities("12 wounded")) == (None, None, None)


def test_total_with_offset_text():
    text = "Intro. 6 killed in Homs and 4 in Hama."
    found = find_quantities(text[7:], offset=7)
    assert total_fatalities(found, text[7:], offset=7) == (10, 10, 10)


def test_parse_number_words_and_digits():
    assert parse_number("twenty-one") == 21
    assert parse_number("1,200") == 1200
    assert parse_number("half a dozen") == 6
    assert parse_number("dozens") == 12
    assert parse_number("banana") is None


# --- properties -------------------------------------------------------------------

KINDS = {"fatalities", "displaced", "injured", "other"}


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), offset=st.integers(0, 10**6))
def test_any_text_gives_wellformed_quantities(text: str, offset: int):
    for q in find_quantities(text, offset=offset):
        assert text[q.start - offset : q.end - offset] == q.text
        assert q.kind in KINDS
        if q.low is not None and q.value is not None:
            assert q.low <= q.value
        if q.high is not None and q.value is not None:
            assert q.value <= q.high


WORDS = ["killed", "people", "at least", "dozens", "fled", "2011", "1,200", "six", "and", ","]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=12))
def test_news_like_word_salad_never_crashes(words: list[str]):
    text = " ".join(words)
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10**7))
def test_any_digit_count_of_killed_people_is_read_exactly(n: int):
    text = f"Officials said {n:,} people were killed."
    assert kinds(text) == [("fatalities", n)]


@pytest.mark.parametrize(
    "text",
    [
        "Mariano Ferreyra, 23, and Elsa Rodríguez, 56, died of their wounds.",
        "A conscript, 19, was killed at the checkpoint.",
    ],
)
def test_an_age_set_off_by_commas_is_no_count(text: str):
    assert kinds(text) == []


def test_a_count_after_a_comma_is_still_a_count():
    assert kinds("In Kandahar, 12 were killed.") == [("fatalities", 12)]
    assert kinds("Police said 25, including children, died.") == [("fatalities", 25)]
