"""Scorers as pure functions: classification, span P/R/F1, BIO spans, actor text match.

Written here rather than taken from scikit-learn so the default install stays light;
each definition is stated in its docstring so a reader can check a number by hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def classification_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str] | None = None
) -> dict:
    """Accuracy, weighted and macro F1, and a per-class table.

    The averages run over ``labels`` (default: the labels present in ``gold``): a label
    the system predicts but the gold never uses has no support, so it weighs nothing in
    the weighted F1 and is left out of the macro F1; its wrong predictions still lower
    the recall of the true classes. ``per_class`` has precision, recall, f1, support.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    label_set = sorted(set(labels) if labels is not None else set(gold))
    true_positive: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter(predicted)
    support: Counter[str] = Counter(gold)
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            true_positive[g] += 1
    per_class: dict[str, dict[str, float]] = {}
    for label in label_set:
        precision = _ratio(true_positive[label], predicted_count[label])
        recall = _ratio(true_positive[label], support[label])
        per_class[label] = {
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "support": support[label],
        }
    total_support = sum(support[label] for label in label_set)
    weighted = _ratio(sum(row["f1"] * row["support"] for row in per_class.values()), total_support)
    macro = _ratio(sum(row["f1"] for row in per_class.values()), len(per_class))
    return {
        "accuracy": _ratio(sum(true_positive.values()), len(gold)),
        "weighted_f1": weighted,
        "macro_f1": macro,
        "n": len(gold),
        "per_class": per_class,
    }


def top_confusions(
    gold: Sequence[str], predicted: Sequence[str], k: int = 3
) -> list[tuple[str, str, int]]:
    """The ``k`` most frequent (gold, predicted) pairs among the errors, commonest first."""
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return [(g, p, n) for (g, p), n in pairs.most_common(k)]


@dataclass(frozen=True, order=True)
class LabelledSpan:
    """A span with a type; offsets are tokens or characters, end exclusive."""

    start: int
    end: int
    label: str = ""


def bio_to_spans(labels: Sequence[str]) -> list[LabelledSpan]:
    """Token spans from BIO tags (end exclusive).

    An ``I-X`` that does not continue an ``X`` span starts a new one (the CoNLL
    convention), so a sloppy tagger's output is still scored rather than dropped.
    """
    spans: list[LabelledSpan] = []
    start: int | None = None
    current = ""
    for index, tag in enumerate([*labels, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == current and start is not None
        if start is not None and not continues:
            spans.append(LabelledSpan(start, index, current))
            start, current = None, ""
        if prefix in {"B", "I"} and not continues:
            start, current = index, kind
    return spans


def span_prf(
    gold: Iterable[LabelledSpan], predicted: Iterable[LabelledSpan], lenient: bool = False
) -> dict[str, float]:
    """Precision, recall and F1 of spans, matched one-to-one.

    Strict: same start, end and label. Lenient: same label and the spans overlap by at
    least one unit; each gold span can be claimed by only one prediction, so a split or
    doubled prediction is not counted twice.
    """
    gold_list = sorted(set(gold))
    predicted_list = sorted(set(predicted))
    if lenient:
        claimed: set[int] = set()
        true_positive = 0
        for span in predicted_list:
            for index, candidate in enumerate(gold_list):
                if (
                    index not in claimed
                    and candidate.label == span.label
                    and candidate.start < span.end
                    and span.start < candidate.end
                ):
                    claimed.add(index)
                    true_positive += 1
                    break
    else:
        true_positive = len(set(gold_list) & set(predicted_list))
    precision = _ratio(true_positive, len(predicted_list))
    recall = _ratio(true_positive, len(gold_list))
    return {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "tp": true_positive,
        "n_gold": len(gold_list),
        "n_pred": len(predicted_list),
    }


def per_type_prf(
    gold: Iterable[LabelledSpan], predicted: Iterable[LabelledSpan], types: Iterable[str]
) -> dict[str, dict[str, float]]:
    """Strict span P/R/F1 for each type in ``types``, computed on that type's spans only."""
    gold_list, predicted_list = list(gold), list(predicted)
    return {
        kind: span_prf(
            [s for s in gold_list if s.label == kind],
            [s for s in predicted_list if s.label == kind],
        )
        for kind in types
    }


_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")


def normalise_actor(text: str) -> list[str]:
    """Lower-case word tokens without accents, punctuation or a leading article."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"[^\w\s]", " ", folded)
    folded = _LEADING_ARTICLE.sub("", " ".join(folded.split()))
    return folded.split()


def actor_matches(predicted: str, gold: str, threshold: float = 0.5) -> bool:
    """True when two actor texts name the same actor, by a deliberately simple test.

    After ``normalise_actor``, they match when one token sequence is contained in the
    other as a contiguous run ("army" in "the Syrian army") or when their token sets
    have Jaccard similarity >= ``threshold``. Empty texts never match.
    """
    a, b = normalise_actor(predicted), normalise_actor(gold)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    for offset in range(len(long_) - len(short) + 1):
        if long_[offset : offset + len(short)] == short:
            return True
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) >= threshold


def any_actor_matches(predicted: Iterable[str], gold: Iterable[str]) -> bool:
    """True when some predicted text matches some gold text (a slot may hold several)."""
    gold_list = list(gold)
    return any(actor_matches(p, g) for p in predicted for g in gold_list)
