"""One runner per gold set: read the gold, ask the system, score, keep what went wrong.

Each runner returns ``{"metrics": ..., "details": ..., "timings": ...}``; ``metrics``
has exactly the keys ``docs/EVALUATION.md`` and the CI gate read, ``details`` holds
tables and the commonest errors for the error analysis.
"""

from __future__ import annotations

import logging
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from sitroom.evaluate.geo_metrics import ResolutionOutcome, resolution_metrics
from sitroom.evaluate.geo_readers import GoldToponym, read_geoparsing
from sitroom.evaluate.metrics import (
    LabelledSpan,
    any_actor_matches,
    bio_to_spans,
    classification_report,
    per_type_prf,
    span_prf,
    top_confusions,
)
from sitroom.evaluate.progress import progress, timed
from sitroom.evaluate.readers import read_bio, read_case2021, read_plover
from sitroom.evaluate.systems import EvaluatedSystem

log = logging.getLogger(__name__)

# CASE 2021 labels outside ACLED's 25 sub-event types (the task's "unseen" classes).
NON_ACLED_LABELS = frozenset(
    {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
)

# re3d entity types: the seven the bar is on, then three reported beside them.
RE3D_CORE_TYPES = (
    "Person",
    "Organisation",
    "Location",
    "Nationality",
    "Temporal",
    "Quantity",
    "Weapon",
)
RE3D_OTHER_TYPES = ("MilitaryPlatform", "Money", "DocumentReference")

# sitroom's entity labels (spaCy's OntoNotes scheme plus the entity ruler's) -> re3d types.
# Decided from the two schemes' definitions: re3d Location covers geopolitical entities,
# natural locations and facilities; Temporal covers dates and times; Quantity covers
# counts, measures and percentages; DocumentReference covers named documents and laws.
# PRODUCT is left unmapped: in news it spans weapons, vehicles and consumer goods alike.
SITROOM_TO_RE3D = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Location",
    "NORP": "Nationality",
    "DATE": "Temporal",
    "TIME": "Temporal",
    "CARDINAL": "Quantity",
    "QUANTITY": "Quantity",
    "PERCENT": "Quantity",
    "MONEY": "Money",
    "LAW": "DocumentReference",
    "WEAPON": "Weapon",
    "MILITARY_PLATFORM": "MilitaryPlatform",
}


def evaluate_case2021(path: Path, system: EvaluatedSystem) -> dict:
    """Fine-grained event classification: every snippet through the pipeline."""
    timings: dict[str, float] = {}
    rows = read_case2021(path)
    gold: list[str] = []
    predicted: list[str] = []
    origins: Counter[str] = Counter()
    with timed(timings, "predict"):
        for row in progress(rows, "case2021", total=len(rows)):
            prediction = system.predict_event(row.text)
            gold.append(row.label)
            predicted.append(prediction.label)
            origins[prediction.origin] += 1
    acled = [(g, p) for g, p in zip(gold, predicted, strict=True) if g not in NON_ACLED_LABELS]
    acled_gold = [g for g, _ in acled]
    acled_pred = [p for _, p in acled]
    report_all = classification_report(gold, predicted)
    report_acled = classification_report(acled_gold, acled_pred)
    return {
        "metrics": {
            "acled25": {k: report_acled[k] for k in ("accuracy", "weighted_f1", "macro_f1", "n")},
            "all": {k: report_all[k] for k in ("accuracy", "weighted_f1", "macro_f1", "n")},
        },
        "details": {
            "per_class": report_all["per_class"],
            "confusions": top_confusions(gold, predicted, k=10),
            "prediction_origin": dict(origins),
        },
        "timings": timings,
    }


def _outcome(gold: GoldToponym, point: object | None) -> ResolutionOutcome:
    assert gold.lat is not None and gold.lon is not None
    return ResolutionOutcome(
        gold_lat=gold.lat,
        gold_lon=gold.lon,
        gold_geonameid=gold.geonameid,
        lat=getattr(point, "lat", None),
        lon=getattr(point, "lon", None),
        geonameid=getattr(point, "geonameid", None),
    )


def _worst_names(named: list[tuple[str, float]], k: int = 10) -> list[dict]:
    """Toponym strings resolved beyond 161 km most often, with their median error."""
    errors: dict[str, list[float]] = defaultdict(list)
    for name, error in named:
        if error > 161.0:
            errors[name].append(error)
    ranked = sorted(errors.items(), key=lambda item: -len(item[1]))[:k]
    return [
        {"text": n, "count": len(e), "median_km": round(statistics.median(e))} for n, e in ranked
    ]


def evaluate_geoparsing(path: Path, system: EvaluatedSystem) -> dict:
    """Toponym resolution on gold spans, then end-to-end recognition and resolution."""
    timings: dict[str, float] = {}
    gold = read_geoparsing(path)
    given: list[ResolutionOutcome] = []
    given_named: list[tuple[str, float]] = []
    with timed(timings, "resolve_given_spans"):
        for article in progress(gold.articles, "geoparsing: given spans", len(gold.articles)):
            toponyms = gold.resolution_gold(article)
            if not toponyms:
                continue
            points = system.resolve_spans(article.text, [(t.start, t.end) for t in toponyms])
            for toponym, point in zip(toponyms, points, strict=True):
                outcome = _outcome(toponym, point)
                given.append(outcome)
                given_named.append((toponym.text, outcome.error_km))

    gold_spans: list[LabelledSpan] = []
    predicted_spans: list[LabelledSpan] = []
    end_to_end: list[ResolutionOutcome] = []
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    recall_by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with timed(timings, "end_to_end"):
        for number, article in enumerate(
            progress(gold.articles, "geoparsing: end to end", len(gold.articles))
        ):
            # Offsets are made unique across articles by a per-article stride.
            base = number * 10_000_000
            wanted = gold.recognition_gold(article)
            found = system.geoparse(article.text)
            gold_spans += [LabelledSpan(base + t.start, base + t.end) for t in wanted]
            predicted_spans += [LabelledSpan(base + m.start, base + m.end) for m in found]
            for toponym in wanted:
                hit = next(
                    (m for m in found if m.start < toponym.end and toponym.start < m.end), None
                )
                recall_by_type[toponym.type or "all"][1] += 1
                if hit is None:
                    missed[toponym.text] += 1
                else:
                    recall_by_type[toponym.type or "all"][0] += 1
                if toponym.has_point:
                    end_to_end.append(_outcome(toponym, hit.place if hit is not None else None))
            for mention in found:
                if not any(mention.start < t.end and t.start < mention.end for t in wanted):
                    spurious[mention.text] += 1

    strict = span_prf(gold_spans, predicted_spans)
    lenient = span_prf(gold_spans, predicted_spans, lenient=True)
    return {
        "metrics": {
            "resolution": resolution_metrics(given),
            "recognition": {k: strict[k] for k in ("precision", "recall", "f1")},
            "recognition_lenient": {k: lenient[k] for k in ("precision", "recall", "f1")},
            "end_to_end": resolution_metrics(end_to_end),
        },
        "details": {
            "format": gold.format,
            "articles": len(gold.articles),
            "recognition_counts": {k: strict[k] for k in ("tp", "n_gold", "n_pred")},
            "lenient_recall_by_type": {
                kind: round(hit / total, 3) for kind, (hit, total) in sorted(recall_by_type.items())
            },
            "worst_resolved": _worst_names(given_named),
            "most_missed": missed.most_common(10),
            "most_spurious": spurious.most_common(10),
        },
        "timings": timings,
    }


def evaluate_ner(path: Path, system: EvaluatedSystem) -> dict:
    """re3d entity spans (strict match per type) with sitroom's labels mapped to re3d's."""
    timings: dict[str, float] = {}
    sentences = read_bio(path)
    with timed(timings, "tag"):
        tagged = system.tag_entities([s.tokens for s in sentences])
    gold_spans: list[LabelledSpan] = []
    predicted_spans: list[LabelledSpan] = []
    unmapped: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    offset = 0
    for sentence, entities in zip(sentences, tagged, strict=True):
        gold_here = [
            LabelledSpan(offset + s.start, offset + s.end, s.label)
            for s in bio_to_spans(sentence.labels)
        ]
        predicted_here = []
        for start, end, label in entities:
            kind = SITROOM_TO_RE3D.get(label)
            if kind is None:
                unmapped[label] += 1
                continue
            predicted_here.append(LabelledSpan(offset + start, offset + end, kind))
        by_extent = {(p.start, p.end): p.label for p in predicted_here}
        gold_extents = {(g.start, g.end) for g in gold_here}
        for g in gold_here:
            guess = by_extent.get((g.start, g.end), "O")
            if guess != g.label:
                confusions[(g.label, guess)] += 1
        for p in predicted_here:
            if (p.start, p.end) not in gold_extents:
                confusions[("O", p.label)] += 1
        gold_spans += gold_here
        predicted_spans += predicted_here
        offset += len(sentence.tokens) + 1
    per_type = per_type_prf(gold_spans, predicted_spans, RE3D_CORE_TYPES + RE3D_OTHER_TYPES)
    core_f1 = [per_type[t]["f1"] for t in RE3D_CORE_TYPES]
    lenient = {
        t: span_prf(
            [s for s in gold_spans if s.label == t],
            [s for s in predicted_spans if s.label == t],
            lenient=True,
        )["f1"]
        for t in RE3D_CORE_TYPES
    }
    return {
        "metrics": {
            "macro_f1": sum(core_f1) / len(core_f1),
            "macro_f1_lenient": sum(lenient.values()) / len(lenient),
            "per_type": {
                t: {k: row[k] for k in ("precision", "recall", "f1", "n_gold")}
                for t, row in per_type.items()
            },
            "n": len(sentences),
        },
        "details": {
            "confusions": [(g, p, n) for (g, p), n in confusions.most_common(10)],
            "unmapped_labels": dict(unmapped),
            "model": getattr(system, "ner_model", type(system).__name__),
        },
        "timings": timings,
    }


# The gold records are coded in PLOVER 0.5b1; sitroom codes in the 16-type PLOVER 2021 /
# POLECAT ontology. Old names map to new ones as the PLOVER project's own crosswalk
# (openeventdata/PLOVER, CAMEO2PLOVER-2021.txt) places their CAMEO codes: INVESTIGATE and
# DISAPPROVE became modes of ACCUSE, conventional FIGHT became ASSAULT; DEMAND is
# POLECAT's REQUEST. Scoring happens in the newer, coarser ontology.
PLOVER_05_TO_2021 = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


def plover_2021(label: str) -> str:
    """A PLOVER type in the 2021 ontology, whichever version it was written in."""
    return PLOVER_05_TO_2021.get(label, label)


def evaluate_plover(path: Path, system: EvaluatedSystem) -> dict:
    """PLOVER event type accuracy and source/target actor match per record."""
    timings: dict[str, float] = {}
    records = read_plover(path)
    gold: list[str] = []
    raw_gold: list[str] = []
    predicted: list[str] = []
    slots = {"source": [0, 0], "target": [0, 0]}
    with timed(timings, "predict"):
        for record in progress(records, "plover", total=len(records)):
            prediction = system.predict_event(record.text)
            raw_gold.append(record.event)
            gold.append(plover_2021(record.event))
            predicted.append(plover_2021(prediction.plover) if prediction.plover else "NONE")
            for slot, wanted, offered in (
                ("source", record.sources, prediction.source_texts),
                ("target", record.targets, prediction.target_texts),
            ):
                if wanted:
                    slots[slot][1] += 1
                    slots[slot][0] += any_actor_matches(offered, wanted)
    report = classification_report(gold, predicted)
    matched = slots["source"][0] + slots["target"][0]
    total = slots["source"][1] + slots["target"][1]
    return {
        "metrics": {
            "type_accuracy": report["accuracy"],
            "actor_match": matched / total if total else 0.0,
            "source_match": slots["source"][0] / slots["source"][1] if slots["source"][1] else 0.0,
            "target_match": slots["target"][0] / slots["target"][1] if slots["target"][1] else 0.0,
            "n": len(records),
        },
        "details": {
            "per_class": report["per_class"],
            "confusions": top_confusions(gold, predicted, k=10),
            "type_accuracy_unmapped": classification_report(raw_gold, predicted)["accuracy"],
            "actor_slots": total,
        },
        "timings": timings,
    }


RUNNERS = {
    "case2021": evaluate_case2021,
    "geoparsing": evaluate_geoparsing,
    "ner": evaluate_ner,
    "plover": evaluate_plover,
}
