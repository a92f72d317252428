"""Pairwise and B-cubed scores on tiny clusterings worked out by hand."""

from __future__ import annotations

import pytest

from sitroom.fuse.evaluate import score_clustering
from sitroom.nlp.lead import main_event


def test_perfect_clustering_scores_one():
    gold = {"a": "1", "b": "1", "c": "2"}
    s = score_clustering(gold, {"a": "x", "b": "x", "c": "y"})
    assert s.pairwise_f1 == 1.0 and s.bcubed_f1 == 1.0


def test_over_merging_costs_precision_not_recall():
    gold = {"a": "1", "b": "1", "c": "2"}
    s = score_clustering(gold, {"a": "x", "b": "x", "c": "x"})
    assert s.pairwise_recall == 1.0
    assert s.pairwise_precision == pytest.approx(1 / 3, abs=1e-3)
    # B-cubed precision: a, b -> 2/3 each, c -> 1/3
    assert s.bcubed_precision == pytest.approx(5 / 9, abs=1e-3)


def test_singletons_cost_recall():
    gold = {"a": "1", "b": "1", "c": "1"}
    s = score_clustering(gold, {"a": "x", "b": "y", "c": "z"})
    assert s.pairwise_recall == 0.0
    assert s.bcubed_recall == pytest.approx(1 / 3, abs=1e-3)


def test_main_event_is_the_most_confident_of_the_first_sentence(make_event):
    from sitroom.model import Evidence

    low = make_event("d1", confidence=0.3)
    high = make_event("d1", confidence=0.9, sub="Armed clash")
    evidence = [Evidence(document_id="d1", start=200, end=240, text="...")]
    later = make_event("d1", confidence=1.0, sub="Attack", evidence=evidence)
    assert main_event([later, low, high]) is high
    assert main_event([]) is None


def _in_sentence(make_event, sentence: str, trigger: str, date: str | None, **extra):
    from sitroom.model import Evidence, Span

    def span(text: str) -> Span:
        return Span(start=sentence.index(text), end=sentence.index(text) + len(text), text=text)

    fields = {"trigger": span(trigger)}
    if date is not None:
        fields["date"] = span(date)
    evidence = [
        Evidence(document_id="d1", start=0, end=len(sentence), text=sentence, fields=fields)
    ]
    return make_event("d1", evidence=evidence, **extra)


def test_a_follow_up_is_about_the_event_it_recalls(make_event):
    sentence = "Two days after settlers attacked Huwara, residents were clearing burnt-out cars."
    recalled = _in_sentence(make_event, sentence, "attacked", "Two days after", confidence=0.6)
    scene = _in_sentence(make_event, sentence, "burnt-out cars", None, confidence=0.8)
    assert main_event([scene, recalled]) is recalled


def test_an_event_in_a_background_clause_is_not_the_main_one(make_event):
    sentence = (
        "Families began leaving the city, five days after an offensive forced fighters to disarm."
    )
    news = _in_sentence(make_event, sentence, "leaving", None, confidence=0.7)
    background = _in_sentence(make_event, sentence, "disarm", None, confidence=0.85)
    assert main_event([background, news]) is news


def test_a_reaction_in_the_lead_gives_way_to_the_incident_it_follows(make_event):
    sentence = (
        "The country entered a state of emergency on Monday, declared after a suicide bomber "
        "struck a church in Tanta yesterday."
    )
    emergency = _in_sentence(make_event, sentence, "state of emergency", "on Monday",
                             confidence=0.8, sub="Change to group/activity",
                             event_type="Strategic developments")  # fmt: skip
    bombing = _in_sentence(make_event, sentence, "suicide bomber", "yesterday", confidence=0.7,
                           sub="Suicide bomb", event_type="Explosions/Remote violence")  # fmt: skip
    assert main_event([emergency, bombing]) is bombing
    # Alone in its sentence, the reaction stays the main event.
    assert main_event([emergency]) is emergency


def test_a_reaction_in_the_lead_gives_way_to_an_incident_later_in_the_report(make_event):
    from sitroom.model import Evidence

    lead = [Evidence(document_id="d1", start=0, end=80, text="...")]
    later = [Evidence(document_id="d1", start=200, end=240, text="...")]
    defection = make_event("d1", sub="Change to group/activity", confidence=0.9, evidence=lead)
    killing = make_event("d1", sub="Attack", confidence=0.5, evidence=later)
    assert main_event([defection, killing]) is killing
    # A report of nothing but a reaction is about that reaction.
    assert main_event([defection]) is defection


def test_arrests_beside_a_killing_are_its_aftermath(make_event):
    from sitroom.model import Evidence

    # Told in one sentence, with the killing in its main clause ("gunmen killed five and
    # police arrested two"): the arrests are the killing's aftermath, however confident.
    # (A report that opens with arrests and tells the violence only later or in a clause
    # that looks back leads with the arrests: tests/nlp/test_lead.py.)
    lead = [Evidence(document_id="d1", start=0, end=80, text="...")]
    arrests = make_event(
        "d1", sub="Arrests", event_type="Strategic developments", confidence=0.9, evidence=lead
    )
    killing = make_event(
        "d1", sub="Attack", event_type="Violence against civilians", confidence=0.5,
        evidence=list(lead),
    )  # fmt: skip
    assert main_event([arrests, killing]) is killing
    assert main_event([arrests]) is arrests
