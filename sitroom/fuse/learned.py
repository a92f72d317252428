"""A learned same-event decision for two reports' main events.

The rules in ``sitroom.fuse.rules`` test one record against another; on reports they had
not been tuned on they found about two thirds of the same-event pairs, because one
report's extraction often misses or misplaces what the other got right (a funeral lead,
a village the gazetteer lacks, a strike read as shelling). Reports of one event also
share words, names and figures and are published within days of each other. A small
gradient-boosted model weighs the rules' own verdict together with those signals.

It is trained on sitroom's fusion gold sets (``evaluation/train_fusion.py``, which needs
scikit-learn) and shipped as plain JSON trees (``sitroom/data/fusion_model.json``), so
running it needs nothing but this module and gives the same answer on every machine.
The model decides only between two records that are each their report's lead
(``Event.lead``) from different documents: that is what it was trained on. Every other
pair is decided by the rules.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sitroom.fuse.rules import (
    TERRITORY_SUBTYPES,
    Comparison,
    actor_relation,
    compare,
    date_gap_days,
    type_relation,
)
from sitroom.geo.precision import geo_precision, haversine_km
from sitroom.model import Event
from sitroom.nlp.embed import similarity

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "fusion_model.json"

# The features, in the order the model's trees index them. Each is in 0..1 except
# ``log_distance`` (log1p of km) and ``report_similarity`` (a cosine, -1..1).
BASE_FEATURES: tuple[str, ...] = (
    "rules_compatible",
    "same_subtype",
    "related_subtype",
    "same_type",
    "both_placed",
    "log_distance",
    "within_15km",
    "beyond_100km",
    "same_country",
    "both_dated",
    "same_day",
    "one_day_apart",
    "days_apart",
    "shared_site",
    "shared_report_site",
    "actors_shared",
    "actors_differ",
    "actors_disjoint",
    "names_overlap",
    "numbers_shared",
    "published_apart",
    "terms_overlap",
    "title_overlap",
    "both_coarse",
    "max_geo_precision",
    "cross_match",
)
# How alike two reports' headlines and opening words read (``sitroom.nlp.embed``).
# Records without report vectors (stored before them, or a pipeline without the stage)
# are decided by the model's ``fallback``, trained on ``BASE_FEATURES`` alone.
FEATURES: tuple[str, ...] = (*BASE_FEATURES, "report_similarity")


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _geo_precision(e: Event) -> int:
    """ACLED geo precision (1 a town, 3 a province); 4 for no place at all."""
    if e.place is None:
        return 4
    return e.geo_precision or geo_precision(e.place)


def pair_features(a: Event, b: Event, rules: Comparison | None = None) -> dict[str, float]:
    """The model's inputs for two records (``rules`` is ``compare(a, b)`` if known)."""
    rules = rules if rules is not None else compare(a, b)
    relation = type_relation(a, b)
    placed = a.place is not None and b.place is not None
    km = (
        haversine_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon)  # type: ignore[union-attr]
        if placed
        else 0.0
    )
    gap = date_gap_days(a, b)
    actors = actor_relation(a, b)
    precisions = (_geo_precision(a), _geo_precision(b))
    ra, rb = a.report, b.report
    if ra is not None and ra.published and rb is not None and rb.published:
        published_gap = abs((ra.published - rb.published).days)
    else:  # a record stored before profiles existed: the event dates stand in
        published_gap = gap if gap is not None else 7
    return {
        "rules_compatible": float(rules.compatible),
        "same_subtype": float(relation == "same"),
        "related_subtype": float(relation == "related"),
        "same_type": float(a.event_type == b.event_type),
        "both_placed": float(placed),
        "log_distance": math.log1p(km),
        "within_15km": float(placed and km <= 15),
        "beyond_100km": float(placed and km > 100),
        "same_country": float(
            placed and a.place.country_code == b.place.country_code  # type: ignore[union-attr]
        ),
        "both_dated": float(gap is not None),
        "same_day": float(gap == 0),
        "one_day_apart": float(gap == 1),
        "days_apart": float(gap is not None and gap > 1),
        "shared_site": float(bool(set(a.sites) & set(b.sites))),
        "shared_report_site": float(
            bool((set(a.sites) | set(a.report_sites)) & (set(b.sites) | set(b.report_sites)))
        ),
        "actors_shared": float(actors == "shared"),
        "actors_differ": float(actors == "differ"),
        "actors_disjoint": float(actors == "disjoint"),
        "names_overlap": _jaccard(ra.names, rb.names) if ra and rb else 0.0,
        "numbers_shared": min(3, len(set(ra.numbers) & set(rb.numbers))) / 3 if ra and rb else 0.0,
        "published_apart": min(published_gap, 7) / 7,
        "terms_overlap": _jaccard(ra.terms, rb.terms) if ra and rb else 0.0,
        "title_overlap": _jaccard(ra.title_terms, rb.title_terms) if ra and rb else 0.0,
        # Two records placed only at a province a day apart are as often two attacks
        # there as one: distance says nothing at that precision.
        "both_coarse": float(placed and min(precisions) >= 3),
        "max_geo_precision": max(precisions) / 4,
        "cross_match": float(_told_among_others(a, b) or _told_among_others(b, a)),
        "report_similarity": _report_similarity(a, b) or 0.0,
    }


# A lead and another report's other event within this distance are at one spot.
CROSS_MATCH_KM = 15.0


def _told_among_others(a: Event, b: Event) -> bool:
    """Whether ``b``'s report tells ``a`` among its other events: the same or a related
    sub-type, a day apart at most (or undated), at one spot (within CROSS_MATCH_KM, or a
    site both name). A report leading with the arrests after a bombing still tells the
    bombing that another report leads with."""
    others = b.report.others if b.report is not None else []
    sites = set(a.sites)
    for other in others:
        if type_relation(a, other) == "different":
            continue
        gap = date_gap_days(a, other)
        if gap is not None and gap > 1:
            continue
        if sites.intersection(other.sites):
            return True
        if a.place is not None and other.lat is not None and other.lon is not None:
            km = haversine_km(a.place.lat, a.place.lon, other.lat, other.lon)
            if km <= CROSS_MATCH_KM:
                return True
    return False


def _report_similarity(a: Event, b: Event) -> float | None:
    if a.report is None or b.report is None:
        return None
    return similarity(a.report.vector, b.report.vector)


class Tree(BaseModel):
    """One regression tree as parallel arrays (scikit-learn's layout); a leaf has
    ``left == -1`` and its output in ``value``."""

    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]

    def output(self, x: Sequence[float]) -> float:
        node = 0
        while self.left[node] != -1:
            go_left = x[self.feature[node]] <= self.threshold[node]
            node = self.left[node] if go_left else self.right[node]
        return self.value[node]


class SameEventModel(BaseModel):
    """Gradient-boosted trees over ``FEATURES`` giving P(same real-world event)."""

    features: list[str]
    threshold: float
    init: float
    learning_rate: float
    trees: list[Tree]
    importances: dict[str, float] = {}
    trained_on: dict[str, Any] = {}
    # The same kind of model without the features a pair may lack (report vectors).
    fallback: SameEventModel | None = None

    def for_pair(self, a: Event, b: Event) -> SameEventModel:
        """This model, or its fallback when the pair lacks report vectors it needs."""
        if (
            self.fallback is not None
            and "report_similarity" in self.features
            and _report_similarity(a, b) is None
        ):
            return self.fallback
        return self

    def probability(self, features: Mapping[str, float]) -> float:
        x = [features[name] for name in self.features]
        raw = self.init + self.learning_rate * sum(t.output(x) for t in self.trees)
        return 1.0 / (1.0 + math.exp(-raw))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.model_dump(), indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> SameEventModel:
    """The shipped model (read once)."""
    try:
        return SameEventModel.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise FileNotFoundError(
            f"fusion model {path} is missing: reinstall sitroom, or rebuild it with "
            "`python evaluation/train_fusion.py`"
        ) from err
    except ValidationError as err:
        raise ValueError(
            f"fusion model {path} is not a model this sitroom can read ({err.error_count()} "
            "problems): reinstall sitroom, or rebuild it with `python evaluation/train_fusion.py`"
        ) from err


def learned_applies(a: Event, b: Event) -> bool:
    """The model was trained on pairs of report leads from different reports. Two
    changes of hands stay with the rules: an offensive takes town after town within
    days, and the reports of two captures share nearly every word (the control map needs
    each one). A change of hands beside another kind of event goes to the model: a
    ship's hijacking or a prison blast read as a capture in one report is still the
    other report's news."""
    return (
        a.lead
        and b.lead
        and a.document_id != b.document_id
        and a.kind == b.kind
        and not (a.sub_event_type in TERRITORY_SUBTYPES and b.sub_event_type in TERRITORY_SUBTYPES)
    )


# Two records that each give a day (not a week or a month) this many days apart are two
# events whatever the model says. It was 2 until report vectors let the model itself tell
# the Menaka ambushes two days apart; then 2 vetoed funerals and inquiries dated a day or
# two after the event more often than it saved a pair (leave-one-set-out over 61 sets:
# 0.830 at 2, 0.835 at 3 or with no veto).
DAY_DATES_MAX_GAP = 3


def same_event(a: Event, b: Event, model: SameEventModel | None = None) -> Comparison:
    """Compare two records: by the model where it applies, else by the rules. The
    reasons keep the rules' own reasons, the probability and the inputs."""
    rules = compare(a, b)
    if not learned_applies(a, b):
        return rules
    full = model or load_model()
    model = full.for_pair(a, b)
    features = pair_features(a, b, rules)
    p = model.probability(features)
    reasons: dict[str, object] = dict(rules.reasons)
    reasons["rules_verdict"] = "compatible" if rules.compatible else "not compatible"
    if model is not full:
        reasons["model"] = "fallback: a record has no report vector"
    reasons["model_probability"] = round(p, 3)
    reasons["model_threshold"] = model.threshold
    reasons["model_inputs"] = {k: round(v, 3) for k, v in features.items() if k in STATED_INPUTS}
    same = p >= model.threshold
    if same and a.date_precision == "day" and b.date_precision == "day":
        # Words and place agree, but both reports name the day and the days are
        # DAY_DATES_MAX_GAP or more apart: an ambush and the next one there, not one event
        # told twice. The gap is read only here, for the few pairs the model joins.
        gap = date_gap_days(a, b)
        if gap is not None and gap >= DAY_DATES_MAX_GAP:
            reasons["dates_apart"] = gap
            same = False
    return Comparison(same, round(p, 4), reasons)


# The inputs an explanation states beside the rules' reasons (the others restate them).
STATED_INPUTS = frozenset(
    {
        "terms_overlap",
        "title_overlap",
        "names_overlap",
        "numbers_shared",
        "published_apart",
        "report_similarity",
        "cross_match",
    }
)
