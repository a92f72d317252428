"""Date expressions resolved against the publication date (sitroom.nlp.dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.model import DateMention
from sitroom.nlp.dates import best_event_date, date_precision_of, find_dates

PUB = dt.date(2024, 12, 6)  # a Friday
D = dt.date


def one(text: str, published: dt.date | None = PUB) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


def test_month_day_resolves_to_publication_year():
    m = one("Clashes erupted on November 27 in Aleppo.")
    assert (m.text, m.value, m.precision) == ("November 27", D(2024, 11, 27), "day")


def test_day_month_resolves_to_publication_year():
    assert one("On 27 November rebels attacked.").value == D(2024, 11, 27)


def test_month_day_after_publication_goes_to_previous_year():
    assert one("The siege began on December 27.").value == D(2023, 12, 27)


def test_abbreviated_month_with_period():
    m = one("Shelling resumed on Dec. 5 near Hama.")
    assert (m.text, m.value) == ("Dec. 5", D(2024, 12, 5))


def test_weekday_is_most_recent_on_or_before_publication():
    assert one("Shelling hit the town on Wednesday.").value == D(2024, 12, 4)


def test_weekday_equal_to_publication_day_is_that_day():
    assert one("Drones struck on Friday.").value == PUB


def test_last_weekday_on_its_own_day_is_a_week_earlier():
    assert one("The raid happened last Friday.").value == D(2024, 11, 29)


def test_next_weekday_is_in_the_future():
    assert one("Talks will be held next Wednesday.").value == D(2024, 12, 11)


def test_weekday_with_will_resolves_forward():
    assert one("The delegation will arrive on Monday.").value == D(2024, 12, 9)


def test_possessive_weekday_after_will_is_past():
    m = one("Turkey vowed it will avenge Wednesday's attack on its troops.")
    assert m.value == D(2024, 12, 4)


def test_a_weekday_naming_a_violent_event_after_a_plan_is_past():
    m = one("The planned round of talks would go ahead despite the Wednesday night bombing.")
    assert m.value == D(2024, 12, 4)
    # A plan for a day is still ahead.
    assert one("A general strike is planned for Wednesday.").value == D(2024, 12, 11)


def test_yesterday_today_and_last_night():
    assert one("Yesterday two people died.").value == D(2024, 12, 5)
    assert one("The army said today that it withdrew.").value == PUB
    assert one("Drones struck the camp last night.").value == D(2024, 12, 5)


def test_last_week_is_a_week_range():
    m = one("Fighting continued last week.")
    assert (m.value, m.end_value, m.precision) == (D(2024, 11, 25), D(2024, 12, 1), "week")


def test_earlier_this_month_is_month_precision_ending_at_publication():
    m = one("Earlier this month the front moved.")
    assert (m.value, m.end_value, m.precision) == (D(2024, 12, 1), PUB, "month")


def test_in_november_is_month_precision():
    m = one("Thousands fled in November.")
    assert (m.text, m.value, m.end_value, m.precision) == (
        "in November",
        D(2024, 11, 1),
        D(2024, 11, 30),
        "month",
    )


def test_years_ago_is_vague_with_computed_value():
    m = one("The uprising began 13 years ago.")
    assert (m.value, m.precision) == (D(2011, 12, 6), "month")


def test_days_ago_in_words_is_day_precision():
    m = one("The convoy was hit two days ago.")
    assert (m.value, m.precision) == (D(2024, 12, 4), "day")


def test_between_two_dates_is_a_range():
    m = one("Between 27 November and 8 December, 300 people died.", D(2024, 12, 20))
    assert (m.value, m.end_value, m.precision) == (D(2024, 11, 27), D(2024, 12, 8), "week")


def test_range_still_running_at_publication_ends_at_publication():
    m = one("between 27 November and 8 December")
    assert (m.value, m.end_value) == (D(2024, 11, 27), PUB)


def test_day_range_within_one_month():
    m = one("Fighting raged on 27-29 November.")
    assert (m.value, m.end_value) == (D(2024, 11, 27), D(2024, 11, 29))


def test_iso_date():
    assert one("Report dated 2024-11-27.").value == D(2024, 11, 27)


def test_ambiguous_numeric_date_is_skipped():
    assert find_dates("The statement of 5/12/2024 said", PUB) == []


def test_unambiguous_day_first_numeric_date():
    assert one("The statement of 25/12/2023 said").value == D(2023, 12, 25)


def test_full_date_with_weekday_is_one_mention():
    m = one("On Wednesday, November 27, 2024, rebels advanced.")
    assert (m.value, m.text) == (D(2024, 11, 27), "Wednesday, November 27, 2024")


def test_month_and_year_is_month_precision():
    m = one("The war began in March 2011.")
    assert (m.value, m.end_value, m.precision) == (D(2011, 3, 1), D(2011, 3, 31), "month")


@pytest.mark.parametrize(
    "text",
    [
        "Traffic stopped on the M5 highway, killing 6.",
        "Some 2,000 people fled.",
        "The regime has ruled for 13 years.",
        "He may 5 times have tried.",
        "Resolution 2254 calls for elections.",
        "A 12-year-old was among the 30 dead.",
    ],
)
def test_numbers_that_are_not_dates_give_no_date(text: str):
    assert find_dates(text, PUB) == []


def test_without_publication_date_relative_dates_are_dropped():
    text = "Yesterday, on Wednesday, in November, on November 27 and last week: clashes."
    assert find_dates(text, None) == []


def test_without_publication_date_absolute_dates_resolve():
    found = find_dates("On 27 November 2024 and on 2024-11-28 rebels attacked.", None)
    assert [m.value for m in found] == [D(2024, 11, 27), D(2024, 11, 28)]


def test_past_24_hours_is_a_short_window_ending_at_publication():
    m = one("In the past 24 hours, 30 airstrikes hit Idlib.")
    assert (m.value, m.end_value, m.precision) == (D(2024, 12, 5), PUB, "week")


def test_over_the_weekend_is_the_latest_saturday_and_sunday():
    m = one("Clashes broke out over the weekend.", D(2024, 12, 9))
    assert (m.value, m.end_value) == (D(2024, 12, 7), D(2024, 12, 8))


def test_late_month_written_before_it_is_last_year():
    m = one("Fighting flared in late December.")
    assert (m.value, m.end_value) == (D(2023, 12, 21), D(2023, 12, 31))


@pytest.mark.parametrize("published", [dt.date.min, dt.date.max, dt.date(1, 3, 1)])
def test_extreme_publication_dates_do_not_crash(published: dt.date):
    text = "yesterday, tomorrow, next week, last year, 800 months ago, the past 900 months"
    for m in find_dates(text, published):
        assert text[m.start : m.end] == m.text


def test_offset_shifts_character_positions():
    m = find_dates("On 27 November rebels attacked.", PUB, offset=100)[0]
    assert (m.start, m.end) == (103, 114)


def test_best_event_date_prefers_day_precision():
    found = find_dates("Last week, and again on Wednesday, drones struck.", PUB)
    assert best_event_date(found, PUB) == (D(2024, 12, 4), "day")


def test_best_event_date_ignores_background_years():
    found = find_dates("Since 2011 the town changed hands.", PUB)
    assert found and best_event_date(found, PUB) == (None, None)


def test_best_event_date_has_no_fallback_to_publication():
    assert best_event_date([], PUB) == (None, None)


def test_date_precision_of_ranges():
    assert date_precision_of(D(2024, 1, 1), None) == "day"
    assert date_precision_of(D(2024, 1, 1), D(2024, 1, 7)) == "week"
    assert date_precision_of(D(2024, 1, 1), D(2024, 1, 31)) == "month"


def test_datetime_publication_is_accepted():
    published = dt.datetime(2024, 12, 6, 23, 59)
    assert one("Drones struck yesterday.", published).value == D(2024, 12, 5)  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------------

_PAST_TEMPLATES = [
    "on {wd}",
    "last {wd}",
    "{wd} night",
    "on {d} {month}",
    "on {month} {d}",
    "yesterday",
    "last night",
    "today",
    "last week",
    "this week",
    "earlier this month",
    "last month",
    "in {month}",
    "in late {month}",
    "{n} days ago",
    "{n} weeks ago",
    "{n} years ago",
    "between {d} {month} and {d2} {month2}",
    "from {month} {d} to {d2}",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
_MONTHS += ["September", "October", "November", "December", "Dec.", "Sept."]


@st.composite
def past_sentences(draw: st.DrawFn) -> str:
    template = draw(st.sampled_from(_PAST_TEMPLATES))
    expr = template.format(
        wd=draw(st.sampled_from(_WEEKDAYS)),
        d=draw(st.integers(1, 31)),
        d2=draw(st.integers(1, 31)),
        month=draw(st.sampled_from(_MONTHS)),
        month2=draw(st.sampled_from(_MONTHS)),
        n=draw(st.integers(1, 40)),
    )
    return f"Government forces shelled the village {expr}, residents said."


PRECISIONS = {"day", "week", "month"}


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), published=st.none() | st.dates(), offset=st.integers(0, 10**6))
def test_any_text_gives_wellformed_mentions(text: str, published: dt.date | None, offset: int):
    for m in find_dates(text, published, offset=offset):
        assert text[m.start - offset : m.end - offset] == m.text
        assert m.precision in PRECISIONS
        assert m.end_value is None or m.end_value >= m.value


@settings(max_examples=300, deadline=None)
@given(sentence=past_sentences(), published=st.dates(D(1990, 1, 1), D(2030, 12, 31)))
def test_past_expressions_never_resolve_after_publication(sentence: str, published: dt.date):
    for m in find_dates(sentence, published):
        assert m.value <= published, (sentence, m)
        assert m.end_value is None or m.end_value <= published, (sentence, m)
        assert sentence[m.start : m.end] == m.text


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 10**7), template=st.sampled_from(["killing {n}", "{n:,} people", "M{n}"]))
def test_counts_and_road_names_are_not_dates(n: int, template: str):
    assert find_dates(f"Shelling on the road, {template.format(n=n)} fled.", PUB) == []


def test_the_weekend_before_a_noun_is_the_latest_weekend():
    m = one("Mourners buried the victims of the weekend bombing.", D(2024, 12, 9))
    assert (m.value, m.end_value) == (D(2024, 12, 7), D(2024, 12, 8))


def test_the_previous_evening_is_the_day_before_publication():
    m = one("A drone hit his car in the capital the previous evening.", D(2024, 2, 8))
    assert m.value == D(2024, 2, 7)


def test_the_day_before_an_event_is_not_a_date():
    assert not find_dates("Talks resumed the day before the election.", D(2024, 2, 8))


def test_earlier_this_week_runs_from_monday_to_publication():
    m = one("More than 80 people were killed earlier this week.", D(2024, 2, 1))
    assert (m.value, m.end_value) == (D(2024, 1, 29), D(2024, 2, 1))


def test_a_holiday_is_its_latest_day_before_publication():
    import datetime as _dt

    from sitroom.nlp.dates import find_dates as _find

    text = "The Christmas Day explosion at a bar killed eight."
    (christmas,) = _find(text, _dt.date(2021, 12, 27))
    assert christmas.value == _dt.date(2021, 12, 25) and christmas.precision == "day"
    (eve,) = _find("Fireworks went off on New Year's Eve.", _dt.date(2024, 1, 2))
    assert eve.value == _dt.date(2023, 12, 31)


def test_since_a_month_is_a_spell_not_the_day_of_the_news():
    pub = dt.date(2022, 6, 30)
    spell = find_dates("Rights groups counted dozens of officials seized since March.", pub)
    assert best_event_date(spell, pub) == (None, None)
    held = find_dates("The reporter, held since Monday, was freed.", pub)
    assert best_event_date(held, pub) == (dt.date(2022, 6, 27), "day")
