"""The learned same-event decision: features, the tree evaluator, where it applies,
and the shipped model's behaviour on clear cases."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.fuse import fuse_events
from sitroom.fuse.learned import (
    BASE_FEATURES,
    FEATURES,
    SameEventModel,
    Tree,
    learned_applies,
    load_model,
    pair_features,
    same_event,
)
from sitroom.model import ReportProfile


def profile(published: str, words: str, title: str = "", names: str = "", numbers: str = ""):
    return ReportProfile(
        published=dt.date.fromisoformat(published),
        terms=sorted(set(words.split())),
        title_terms=sorted(set(title.split())),
        names=sorted(set(names.split())),
        numbers=sorted(set(numbers.split())),
    )


MARKET = "drone strike market idlib killed shoppers rescuers wounded white helmets"


STRIKE = {"sub": "Air/drone strike", "event_type": "Explosions/Remote violence"}


def lead(make_event, doc: str, **extra):
    values = {"lead": True, "report": profile("2024-11-29", MARKET, "drone strike market")}
    values.update(STRIKE)
    values.update(extra)
    return make_event(doc, **values)


def constant_model(raw: float, threshold: float = 0.5) -> SameEventModel:
    """A one-leaf model whose probability is sigmoid(raw)."""
    leaf = Tree(feature=[-2], threshold=[-2.0], left=[-1], right=[-1], value=[raw])
    return SameEventModel(
        features=list(FEATURES), threshold=threshold, init=0.0, learning_rate=1.0, trees=[leaf]
    )


def test_tree_walks_left_on_less_or_equal():
    tree = Tree(feature=[0, -2, -2], threshold=[0.5, -2, -2], left=[1, -1, -1],
                right=[2, -1, -1], value=[0.0, -1.0, 2.0])  # fmt: skip
    assert tree.output([0.5]) == -1.0
    assert tree.output([0.6]) == 2.0


def test_features_read_the_reports_and_the_records(make_event):
    a = lead(make_event, "d1")
    b = lead(make_event, "d2", place="hama",
             report=profile("2024-12-01", MARKET + " toll", "toll rises market"))  # fmt: skip
    f = pair_features(a, b)
    assert list(f) == list(FEATURES)
    assert f["same_subtype"] == 1.0 and f["both_placed"] == 1.0
    assert f["within_15km"] == 0.0 and f["log_distance"] > 4  # Saraqib - Hama is ~80 km
    assert f["terms_overlap"] == pytest.approx(10 / 11)
    assert f["title_overlap"] == pytest.approx(1 / 5)
    assert f["published_apart"] == pytest.approx(2 / 7)
    # A record stored before profiles existed: nothing shared, dates stand in for
    # publication.
    old = a.model_copy(update={"report": None})
    f = pair_features(old, b.model_copy(update={"event_date": dt.date(2024, 11, 30)}))
    assert f["terms_overlap"] == 0.0 and f["published_apart"] == pytest.approx(1 / 7)


def test_model_decides_only_between_leads_of_different_reports(make_event):
    a, b = lead(make_event, "d1"), lead(make_event, "d2", place="daraa")
    assert learned_applies(a, b)
    assert not learned_applies(a, a.model_copy(update={"id": "other"}))  # same report
    assert not learned_applies(a, b.model_copy(update={"lead": False}))
    # Far apart by the rules, but a (stand-in) model that is sure joins them ...
    assert not same_event(a, b, constant_model(-5)).compatible
    joined = same_event(a, b, constant_model(5))
    assert joined.compatible and joined.reasons["rules_verdict"] == "not compatible"
    assert joined.reasons["model_probability"] == pytest.approx(0.993, abs=1e-3)
    # ... while a pair the model does not cover keeps the rules' verdict.
    other = b.model_copy(update={"lead": False})
    assert not same_event(a, other, constant_model(5)).compatible
    # Two changes of hands stay with the rules: an offensive's captures share every word.
    capture = make_event("d3", place="daraa", lead=True, report=a.report)
    assert not learned_applies(a.model_copy(update={"sub_event_type": capture.sub_event_type}),
                               capture)  # fmt: skip
    # A change of hands beside another kind of event is the model's to decide (a ship's
    # hijacking read as a capture in one report and as an attack in another).
    assert learned_applies(a, capture) and learned_applies(capture, a)


def test_clusterer_uses_the_model_and_can_be_told_not_to(make_event):
    a, b = lead(make_event, "d1"), lead(make_event, "d2", place="daraa")
    _, decisions = fuse_events([a, b], model=constant_model(5))
    assert [d.action for d in decisions] == ["new", "joined"]
    _, decisions = fuse_events([a, b], learned=False)
    assert [d.action for d in decisions] == ["new", "new"]


def test_a_report_clearly_about_another_event_keeps_a_newcomer_out(make_event):
    # A toy model: reports whose headlines share most words tell one event (p ~ 0.99),
    # others clearly do not (p ~ 0.007).
    split = Tree(feature=[FEATURES.index("title_overlap"), -2, -2], threshold=[0.4, -2, -2],
                 left=[1, -1, -1], right=[2, -1, -1], value=[0.0, -5.0, 5.0])  # fmt: skip
    model = SameEventModel(features=list(FEATURES), threshold=0.5, init=0.0,
                           learning_rate=1.0, trees=[split])  # fmt: skip
    riot = lead(make_event, "d1", report=profile("2024-11-29", MARKET, "riot embassy torched"))
    both = lead(make_event, "d2", report=profile("2024-11-29", MARKET, "riot embassy looting"))
    looting = lead(make_event, "d3", report=profile("2024-11-29", MARKET, "embassy looting shops"))
    fused, decisions = fuse_events([riot, both, looting], model=model)
    assert [d.action for d in decisions] == ["new", "joined", "new"]
    reasons = decisions[2].rejected[0] if decisions[2].rejected else {}
    assert reasons.get("clearly_another_event_than") == riot.id
    # Without the report that is clearly about something else, the newcomer joins.
    _, decisions = fuse_events([both, looting], model=model)
    assert [d.action for d in decisions] == ["new", "joined"]


def test_shipped_model_merges_a_retelling_and_keeps_a_near_miss_apart(make_event):
    model = load_model()
    assert model.features == list(FEATURES) and model.trees
    # These records carry no report vectors, so the fallback decides them.
    assert model.fallback is not None and model.fallback.features == list(BASE_FEATURES)
    first = lead(make_event, "d1", actor1="Military Forces of Russia", actor2=None,
                 report=profile("2024-11-29", MARKET, "drone strike market idlib",
                                "Idlib White Helmets", "12 30"))  # fmt: skip
    retold = first.model_copy(update={
        "document_id": "d2", "id": "e2", "place": make_event("x", place="saraqib").place,
        "report": profile("2024-11-30", MARKET + " funeral mourners", "mourners bury market dead",
                          "Idlib White Helmets", "14 30")})  # fmt: skip
    assert same_event(first, retold, model).compatible
    # The same kind of strike five days later in another town shares words but is not
    # the same event.
    later = first.model_copy(update={
        "document_id": "d3", "id": "e3", "place": make_event("x", place="latakia").place,
        "event_date": dt.date(2024, 12, 4),
        "report": profile("2024-12-04", "drone strike port latakia killed fishermen",
                          "drone strike port", "Latakia", "4")})  # fmt: skip
    assert not same_event(first, later, model).compatible


def test_a_missing_or_unreadable_model_says_how_to_get_one_back(tmp_path):
    with pytest.raises(FileNotFoundError, match="train_fusion.py"):
        load_model(tmp_path / "none.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"features": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a model this sitroom can read"):
        load_model(broken)


def test_two_reports_that_each_name_a_day_three_days_apart_are_two_events(make_event):
    a = lead(make_event, "d1", date_precision="day")
    b = lead(make_event, "d2", date_precision="day", event_date=a.event_date + dt.timedelta(3))
    vetoed = same_event(a, b, constant_model(5))
    assert not vetoed.compatible and vetoed.reasons["dates_apart"] == 3
    # Two days apart (a funeral report dated by its funeral), or a date that is only the
    # publication week, stays the model's call.
    close = b.model_copy(update={"event_date": a.event_date + dt.timedelta(2)})
    assert same_event(a, close, constant_model(5)).compatible
    vague = b.model_copy(update={"date_precision": "week"})
    assert same_event(a, vague, constant_model(5)).compatible


def test_a_pair_without_report_vectors_is_decided_by_the_fallback_model(make_event):
    import numpy as np

    from sitroom.nlp.embed import pack

    model = constant_model(5)
    fallback = constant_model(-5)
    fallback.features = list(BASE_FEATURES)
    model.fallback = fallback
    a, b = lead(make_event, "d1"), lead(make_event, "d2")
    # no vectors: the fallback (which says no) decides
    assert model.for_pair(a, b) is fallback
    decided = same_event(a, b, model)
    assert not decided.compatible and "fallback" in decided.reasons["model"]
    vector = pack(np.asarray([0.6, 0.8]))
    with_vectors = [
        e.model_copy(update={"report": e.report.model_copy(update={"vector": vector})})
        for e in (a, b)
    ]
    assert pair_features(*with_vectors)["report_similarity"] == pytest.approx(1.0, abs=0.01)
    assert model.for_pair(*with_vectors) is model
    decided = same_event(*with_vectors, model)
    assert decided.compatible and "model" not in decided.reasons
    assert decided.reasons["model_inputs"]["report_similarity"] == pytest.approx(1.0, abs=0.01)


def test_a_lead_told_among_the_other_reports_events_is_a_cross_match(make_event):
    from sitroom.model import ReportEvent

    a = lead(make_event, "d1")  # the strike in Saraqib, led with
    # The other report leads with the next day's funerals and tells the strike after.
    told = ReportEvent(sub_event_type=STRIKE["sub"], event_date=dt.date(2024, 11, 29),
                       date_precision="day", lat=a.place.lat, lon=a.place.lon)  # fmt: skip
    funerals = lead(make_event, "d2", sub="Peaceful protest", event_type="Protests",
                    report=a.report.model_copy(update={"others": [told]}))  # fmt: skip
    assert pair_features(a, funerals)["cross_match"] == 1.0
    assert pair_features(funerals, a)["cross_match"] == 1.0
    # Told elsewhere (Hama, ~80 km), on another week, or as another kind: no match.
    hama = make_event("x", place="hama")
    for other in (
        told.model_copy(update={"lat": hama.place.lat, "lon": hama.place.lon}),
        told.model_copy(update={"event_date": dt.date(2024, 12, 6)}),
        told.model_copy(update={"sub_event_type": "Arrests"}),
    ):
        assert pair_features(a, _telling(funerals, other))["cross_match"] == 0.0
    # A site both name joins them even where the other event has no coordinates.
    by_site = told.model_copy(update={"lat": None, "lon": None, "sites": ["saraqib"]})
    named = _telling(funerals, by_site)
    assert pair_features(a.model_copy(update={"sites": ["saraqib"]}), named)["cross_match"] == 1.0


def _telling(record, *others):
    """``record`` with a report that tells ``others`` besides it."""
    return record.model_copy(
        update={"report": record.report.model_copy(update={"others": list(others)})}
    )
