"""Training the same-event model: export to plain trees, and leave-one-set-out scoring."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.fuse.learned import SameEventModel
from sitroom.model import ReportProfile

pytest.importorskip("sklearn")

from sitroom.fuse.train import cross_validate, fit, pairs, pooled  # noqa: E402

PLACES = ["saraqib", "daraa", "latakia", "homs"]


def gold_set(make_event, k: int):
    """Four events, each told by two reports sharing words; different events share none."""
    extracted = []
    for e, place in enumerate(PLACES):
        day = dt.date(2024, 11, 1) + dt.timedelta(days=7 * e + k)
        words = [f"w{k}{e}{i}" for i in range(6)]
        for copy in range(2):
            doc = f"s{k}-e{e}-r{copy}"
            report = ReportProfile(published=day, terms=words + [f"own{copy}"])
            event = make_event(
                doc, place=place, day=day.isoformat(), sub="Armed clash", lead=True, report=report
            )
            extracted.append(({"id": doc, "gold_event": f"g{k}{e}"}, [event]))
    return extracted


def test_pairs_label_each_pair_of_leads(make_event):
    rows, labels = pairs(gold_set(make_event, 0))
    assert len(rows) == 28 and sum(labels) == 4


def test_fit_exports_trees_that_reproduce_scikit_learn(make_event):
    sets = {f"set{k}": gold_set(make_event, k) for k in range(3)}
    model = fit(sets, params={"n_estimators": 10, "max_depth": 2, "learning_rate": 0.3})
    assert isinstance(model, SameEventModel) and len(model.trees) == 10
    assert model.trained_on["pairs"] == 84 and model.trained_on["same_event_pairs"] == 12
    # Round trip through JSON gives the same probabilities.
    again = SameEventModel.model_validate_json(model.model_dump_json())
    rows, _ = pairs(sets["set0"])
    features = dict(zip(model.features, rows[0], strict=True))
    assert again.probability(features) == model.probability(features)


def test_fit_needs_both_kinds_of_pair(make_event):
    one = gold_set(make_event, 0)[:2]  # a single pair, and it is the same event
    with pytest.raises(ValueError, match="same-event and different-event"):
        fit({"only": one})


def test_cross_validation_scores_every_set_with_a_model_trained_on_the_others(make_event):
    sets = {f"set{k}": gold_set(make_event, k) for k in range(3)}
    per_set = cross_validate(
        sets, params={"n_estimators": 20, "max_depth": 2, "learning_rate": 0.3}
    )
    assert sorted(per_set) == ["set0", "set1", "set2"]
    p, r, f = pooled(list(per_set.values()))
    assert sum(s.gold_pairs for s in per_set.values()) == 12
    assert f == pytest.approx(1.0)
