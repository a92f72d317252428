"""A report's lead event and the profile of the report the fusion model compares."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.model import Document
from sitroom.nlp.lead import report_profile


def test_profile_keeps_content_words_names_and_figures_but_not_years():
    doc = Document(
        id="d1",
        title="Drone strike hits market in Idlib",
        text="A drone strike killed 12 people at a market in Idlib on Monday. "
        "Rescuers from the White Helmets said 30 were wounded in the 2024 attack.",
        published=dt.date(2024, 12, 2),
    )
    profile = report_profile(doc)
    assert profile.published == dt.date(2024, 12, 2)
    assert {"drone", "strike", "market", "idlib", "rescuers"} <= set(profile.terms)
    assert not {"the", "at", "on", "in"} & set(profile.terms)
    assert profile.title_terms == sorted(["drone", "strike", "hits", "market", "idlib"])
    # Sentence-initial capitals and weekdays are not names; names inside sentences are.
    assert {"Idlib", "White", "Helmets"} <= set(profile.names)
    assert not {"A", "Rescuers", "Monday"} & set(profile.names)
    assert profile.numbers == ["12", "30"]


def test_extraction_marks_exactly_one_lead(pipeline):
    doc = Document(
        id="d2",
        title="Strike and protest",
        text="An air strike killed five people in Idlib on Monday. "
        "Hundreds of protesters marched in Aleppo on Tuesday.",
        published=dt.date(2024, 12, 4),
    )
    events = pipeline.extract(doc).events
    assert len(events) >= 2
    leads = [e for e in events if e.lead]
    assert len(leads) == 1 and leads[0].sub_event_type == "Air/drone strike"
    assert all(e.report is not None and "idlib" in e.report.terms for e in events)


def test_people_fleeing_an_attack_are_not_the_reports_news():
    from events_kit import build_event

    from sitroom.model import Evidence
    from sitroom.nlp.lead import main_event

    # "More than 100 residents have left since Friday night's assault ... 63 bodies were
    # recovered": the flight is told first, the massacre is the event.
    first = [Evidence(document_id="d1", start=0, end=40, text="x")]
    later = [Evidence(document_id="d1", start=60, end=90, text="y")]
    fled = build_event(
        "d1", sub="Displacement", event_type="Displacement", kind="displacement", evidence=first
    )
    attack = build_event(
        "d1", sub="Attack", event_type="Violence against civilians", evidence=later
    )
    assert main_event([fled, attack]) is attack
    # A report that tells only the flight leads with it.
    assert main_event([fled]) is fled


def test_a_flight_whose_cause_is_only_looked_back_on_is_the_news(pipeline):
    doc = Document(
        id="d3",
        title="Thousands reach the border",
        text="About 3,000 people fleeing the Ituri region had reached the Ugandan border town "
        "of Bunagana by Tuesday, aid workers said. Many said they left after militiamen "
        "killed 20 villagers near Djugu last week.",
        published=dt.date(2024, 3, 6),
    )
    lead = next(e for e in pipeline.extract(doc).events if e.lead)
    assert lead.kind == "displacement"


@pytest.mark.parametrize(
    ("text", "lead_type"),
    [
        # The report is about the sweep; the bombing, in a clause that looks back, dates it.
        ("Police detained 30 people in house searches across Quetta on Friday night, hours "
         "after the suicide bombing at the city's main market, officials said.",
         "Strategic developments"),
        # ... or told only in a later sentence.
        ("Police picked up 30 men for questioning in house searches across Quetta on Friday "
         "night. The raids followed the suicide bombing at the city's main market.",
         "Strategic developments"),
        # Arrests told beside the bombing itself are its aftermath.
        ("A suicide bomber killed 12 people at the main market in Quetta on Friday, and "
         "police detained 30 people in searches across the city.",
         "Explosions/Remote violence"),
    ],
    ids=["bombing-looked-back-on", "bombing-told-later", "bombing-told-first"],
)  # fmt: skip
def test_arrests_lead_a_report_that_only_looks_back_on_the_violence(pipeline, text, lead_type):
    doc = Document(id="d4", title="Quetta", text=text, published=dt.date(2023, 5, 6))
    lead = next(e for e in pipeline.extract(doc).events if e.lead)
    assert lead.event_type == lead_type
    if lead_type == "Strategic developments":
        assert lead.sub_event_type == "Arrests"


def test_the_lead_carries_the_reports_other_events_in_brief(pipeline):
    doc = Document(
        text="Police arrested three men in Quetta on Tuesday over the bombing. A suicide "
        "bomber killed 12 people at a market in Quetta on Monday, officials said.",
        published=dt.date(2024, 3, 5),
    )
    events = list(pipeline.extract(doc).events)
    lead = next(e for e in events if e.lead)
    others = lead.report.others
    assert len(others) == len(events) - 1
    assert {o.sub_event_type for o in others} == {e.sub_event_type for e in events if not e.lead}
    assert all(not e.report.others for e in events if not e.lead)
