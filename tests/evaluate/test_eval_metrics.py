"""The scorers, checked against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from sitroom.evaluate.geo_metrics import (
    MAX_ERROR_KM,
    ResolutionOutcome,
    auc_of_log_error,
    haversine_km,
    resolution_metrics,
)
from sitroom.evaluate.metrics import (
    LabelledSpan,
    actor_matches,
    any_actor_matches,
    bio_to_spans,
    classification_report,
    per_type_prf,
    span_prf,
    top_confusions,
)


def test_classification_report_matches_hand_computation() -> None:
    gold = ["A", "A", "A", "B", "C"]
    pred = ["A", "A", "B", "B", "A"]
    report = classification_report(gold, pred)
    # A: P=2/3 R=2/3 F=2/3; B: P=1/2 R=1 F=2/3; C: P=0 R=0 F=0
    assert report["accuracy"] == pytest.approx(3 / 5)
    assert report["per_class"]["B"]["f1"] == pytest.approx(2 / 3)
    assert report["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert report["weighted_f1"] == pytest.approx((3 * 2 / 3 + 1 * 2 / 3 + 0) / 5)
    assert report["n"] == 5


def test_predicted_only_label_lowers_recall_but_is_not_averaged() -> None:
    report = classification_report(["A", "B"], ["A", "NO_EVENT"])
    assert set(report["per_class"]) == {"A", "B"}
    assert report["macro_f1"] == pytest.approx(0.5)


def test_classification_report_refuses_unequal_lengths() -> None:
    with pytest.raises(ValueError):
        classification_report(["A"], [])


def test_top_confusions_lists_commonest_error_pairs_first() -> None:
    gold = ["A", "A", "A", "B", "B"]
    pred = ["B", "B", "A", "C", "A"]
    assert top_confusions(gold, pred, k=2) == [("A", "B", 2), ("B", "C", 1)]


def test_bio_to_spans_closes_spans_and_starts_one_at_stray_inside_tag() -> None:
    tags = ["B-Person", "I-Person", "O", "I-Location", "B-Location", "I-Temporal"]
    assert bio_to_spans(tags) == [
        LabelledSpan(0, 2, "Person"),
        LabelledSpan(3, 4, "Location"),
        LabelledSpan(4, 5, "Location"),
        LabelledSpan(5, 6, "Temporal"),
    ]


def test_strict_span_match_needs_same_boundaries_lenient_needs_overlap() -> None:
    gold = [LabelledSpan(0, 3, "X"), LabelledSpan(10, 12, "X")]
    pred = [LabelledSpan(0, 3, "X"), LabelledSpan(11, 14, "X"), LabelledSpan(20, 21, "X")]
    strict = span_prf(gold, pred)
    assert (strict["precision"], strict["recall"]) == (pytest.approx(1 / 3), 0.5)
    lenient = span_prf(gold, pred, lenient=True)
    assert (lenient["precision"], lenient["recall"]) == (pytest.approx(2 / 3), 1.0)


def test_lenient_match_lets_each_gold_span_be_claimed_once() -> None:
    gold = [LabelledSpan(0, 10, "X")]
    pred = [LabelledSpan(0, 4, "X"), LabelledSpan(5, 10, "X")]
    assert span_prf(gold, pred, lenient=True)["tp"] == 1


def test_span_of_wrong_type_is_not_a_match() -> None:
    scores = per_type_prf([LabelledSpan(0, 2, "Person")], [LabelledSpan(0, 2, "Location")],
                          ["Person", "Location"])  # fmt: skip
    assert scores["Person"]["recall"] == 0.0
    assert scores["Location"]["precision"] == 0.0


def test_empty_predictions_score_zero_not_an_error() -> None:
    assert span_prf([LabelledSpan(0, 1)], [])["f1"] == 0.0


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("Syrian army", "the Syrian Army", True),  # case and article ignored
        ("Hamas", "Hamas militants", True),  # containment
        ("Islamic State group", "Islamic State fighters", True),  # Jaccard 2/4 = 0.5
        ("police", "Police Department", True),
        ("Russia", "Ukraine", False),
        ("", "Ukraine", False),
        ("army", "armed groups", False),  # no partial-word containment
    ],
)
def test_actor_match_rule(predicted: str, gold: str, expected: bool) -> None:
    assert actor_matches(predicted, gold) is expected


def test_any_actor_matches_over_several_gold_texts() -> None:
    assert any_actor_matches(["Israel"], ["Palestinians", "Israel"])
    assert not any_actor_matches([], ["Israel"])


def test_haversine_london_paris_is_about_344_km() -> None:
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)


def test_auc_is_zero_when_perfect_and_one_when_maximally_wrong() -> None:
    assert auc_of_log_error([0.0, 0.0, 0.0]) == 0.0
    assert auc_of_log_error([MAX_ERROR_KM] * 3) == pytest.approx(1.0, abs=1e-4)


def test_auc_integrates_sorted_log_errors_with_trapezoids() -> None:
    scale = math.log(MAX_ERROR_KM)
    y, top = math.log1p(100.0) / scale, math.log1p(MAX_ERROR_KM) / scale
    # sorted ys: 0, y, top -> trapezoids (0 + y) / 2 + (y + top) / 2 over 2 steps
    assert auc_of_log_error([MAX_ERROR_KM, 0.0, 100.0]) == pytest.approx((2 * y + top) / 4)


def test_resolution_metrics_count_unresolved_as_maximal_error() -> None:
    outcomes = [
        ResolutionOutcome(10.0, 10.0, 1, 10.0, 10.0, 1),  # exact
        ResolutionOutcome(10.0, 10.0, 2, 10.5, 10.0, 3),  # ~56 km, wrong id
        ResolutionOutcome(10.0, 10.0, None),  # unresolved, no gold id
    ]
    scores = resolution_metrics(outcomes)
    assert scores["exact"] == pytest.approx(1 / 2)
    assert scores["acc_161km"] == pytest.approx(2 / 3)
    assert scores["median_km"] == pytest.approx(55.6, abs=0.5)
    assert scores["mean_km"] > MAX_ERROR_KM / 3
    assert scores["coverage"] == pytest.approx(2 / 3)
    assert (scores["n"], scores["n_exact"]) == (3, 2)


def test_choosing_the_gold_record_is_zero_error_whatever_its_stored_point() -> None:
    # Same GeoNames id, but the gazetteer pins the country 200 km from the gold point.
    outcome = ResolutionOutcome(60.0, 100.0, 2017370, 61.7, 99.2, 2017370)
    assert outcome.error_km == 0.0
    assert outcome.point_error_km > 161
    scores = resolution_metrics([outcome])
    assert (scores["acc_161km"], scores["acc_161km_points"]) == (1.0, 0.0)
