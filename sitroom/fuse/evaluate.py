"""Score fusion against a gold clustering: pairwise P/R/F1 and B-cubed P/R/F1.

The fusion gold set (`sitroom/data/fusion_gold/reports.jsonl`) gives each report a
``gold_event``; each report contributes its main event (the record extraction marked as
its lead, ``sitroom.nlp.lead.main_event``) and the predicted clusters are compared with
the gold ones.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from pathlib import Path

from pydantic import BaseModel

from sitroom.fuse.cluster import fuse_events
from sitroom.fuse.learned import SameEventModel
from sitroom.model import Document, Event
from sitroom.nlp.lead import lead_of

log = logging.getLogger(__name__)

GOLD_PATH = Path(__file__).resolve().parents[1] / "data" / "fusion_gold" / "reports.jsonl"


class FusionScores(BaseModel):
    """Pairwise and B-cubed scores, with the counts behind them."""

    reports: int
    reports_without_event: int
    gold_clusters: int
    predicted_clusters: int
    gold_pairs: int
    predicted_pairs: int
    true_pairs: int
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairwise_prf(true: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 from pair counts (no pairs at all is perfect)."""
    p = true / predicted if predicted else 1.0
    r = true / gold if gold else 1.0
    return p, r, _f1(p, r)


def _pairs(assignment: Mapping[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for item, cluster in assignment.items():
        groups[cluster].append(item)
    return {tuple(sorted(p)) for g in groups.values() for p in combinations(sorted(g), 2)}  # type: ignore[misc]


def score_clustering(
    gold: Mapping[str, str], predicted: Mapping[str, str], *, without_event: int = 0
) -> FusionScores:
    """Compare two item -> cluster maps over the same items."""
    items = sorted(gold)
    missing = [i for i in items if i not in predicted]
    if missing:
        raise ValueError(f"items without a predicted cluster: {missing[:5]}")
    gold_pairs, pred_pairs = _pairs(gold), _pairs({i: predicted[i] for i in items})
    true_pairs = gold_pairs & pred_pairs
    p, r, f = pairwise_prf(len(true_pairs), len(pred_pairs), len(gold_pairs))
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[str, set[str]] = defaultdict(set)
    for i in items:
        by_gold[gold[i]].add(i)
        by_pred[predicted[i]].add(i)
    bp = br = 0.0
    for i in items:
        g, c = by_gold[gold[i]], by_pred[predicted[i]]
        both = len(g & c)
        bp += both / len(c)
        br += both / len(g)
    bp, br = bp / len(items), br / len(items)
    return FusionScores(
        reports=len(items),
        reports_without_event=without_event,
        gold_clusters=len(by_gold),
        predicted_clusters=len(by_pred),
        gold_pairs=len(gold_pairs),
        predicted_pairs=len(pred_pairs),
        true_pairs=len(true_pairs),
        pairwise_precision=round(p, 4),
        pairwise_recall=round(r, 4),
        pairwise_f1=round(f, 4),
        bcubed_precision=round(bp, 4),
        bcubed_recall=round(br, 4),
        bcubed_f1=round(_f1(bp, br), 4),
    )


def read_gold(path: Path = GOLD_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def extract_gold(
    path: Path = GOLD_PATH, pipeline: object | None = None
) -> list[tuple[dict[str, str], list[Event]]]:
    """Every gold report (in publication order) with the events the pipeline finds in it."""
    from sitroom.pipeline import Pipeline

    pipe = pipeline if pipeline is not None else Pipeline.default()
    reports = sorted(read_gold(path), key=lambda r: (r["published"], r["id"]))
    extracted = []
    for r in reports:
        doc = Document(
            id=r["id"],
            text=r["text"],
            title=r.get("title"),
            source=r.get("source"),
            published=dt.date.fromisoformat(r["published"]),
        )
        extracted.append((r, list(pipe.extract(doc).events)))  # type: ignore[attr-defined]
    return extracted


def cluster_extracted(
    extracted: list[tuple[dict[str, str], list[Event]]],
    *,
    learned: bool = True,
    model: SameEventModel | None = None,
) -> dict[str, str]:
    """Fuse each report's main event in the given order: report id -> cluster id (a
    report without an event is a cluster of its own)."""
    mains = [(r["id"], e) for r, events in extracted if (e := lead_of(events)) is not None]
    _, decisions = fuse_events([e for _, e in mains], learned=learned, model=model)
    predicted = {rid: d.cluster_id for (rid, _), d in zip(mains, decisions, strict=True)}
    for r, _ in extracted:
        predicted.setdefault(r["id"], f"none:{r['id']}")
    return predicted


def score_extracted(
    extracted: list[tuple[dict[str, str], list[Event]]],
    *,
    learned: bool = True,
    model: SameEventModel | None = None,
) -> FusionScores:
    """Fuse each report's main event in the given order and score against ``gold_event``."""
    gold = {r["id"]: r["gold_event"] for r, _ in extracted}
    predicted = cluster_extracted(extracted, learned=learned, model=model)
    without = sum(1 for v in predicted.values() if v.startswith("none:"))
    return score_clustering(gold, predicted, without_event=without)


def evaluate_fusion(
    path: Path = GOLD_PATH, pipeline: object | None = None, *, learned: bool = True
) -> FusionScores:
    """Extract every gold report, fuse the main events in publication order, and score."""
    return score_extracted(extract_gold(path, pipeline), learned=learned)
