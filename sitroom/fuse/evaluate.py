"""Score fusion against a gold clustering: pairwise P/R/F1 and B-cubed P/R/F1.

The fusion gold set (`sitroom/data/fusion_gold/reports.jsonl`) gives each report a
``gold_event``; each report contributes its main event (the most confident event of its
first sentence that has one) and the predicted clusters are compared with the gold ones.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from pathlib import Path

from pydantic import BaseModel

from sitroom.fuse.cluster import fuse_events
from sitroom.model import Document, Event
from sitroom.nlp.assemble import LOOKING_BACK

log = logging.getLogger(__name__)

# A trigger in a clause opened by one of these words is background to the sentence's news.
SUBORDINATE_BEFORE = re.compile(
    r"\b(?:after|before|since|as|when|while|following|amid|because)\b[^,;]*$", re.I
)

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
    p = len(true_pairs) / len(pred_pairs) if pred_pairs else 1.0
    r = len(true_pairs) / len(gold_pairs) if gold_pairs else 1.0
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
        pairwise_f1=round(_f1(p, r), 4),
        bcubed_precision=round(bp, 4),
        bcubed_recall=round(br, 4),
        bcubed_f1=round(_f1(bp, br), 4),
    )


def main_event(events: list[Event]) -> Event | None:
    """The report's main event: news leads with it, so the first sentence with an event,
    and in it the most confident event -- unless the sentence opens by recalling one
    ("Two days after settlers attacked Huwara, residents were clearing ..."): a follow-up
    report is about the event it follows up. A reaction or setting (CONTEXT_SUBTYPES) is
    the main event only of a report that tells no incident at all."""
    if not events:
        return None

    def key(e: Event) -> tuple[int, int, float]:
        if not e.evidence:
            return (0, 1, -e.confidence)
        evidence = e.evidence[0]
        date = evidence.fields.get("date")
        trigger = evidence.fields.get("trigger")
        recalled = date is not None and LOOKING_BACK.match(date.text) is not None
        if recalled and date is not None and date.start == evidence.start:
            rank = 0  # the sentence opens with it: the report follows that event up
        elif recalled or (
            trigger is not None
            and SUBORDINATE_BEFORE.search(evidence.text[: max(0, trigger.start - evidence.start)])
        ):
            rank = 2  # "..., five days after the offensive forced fighters to disarm"
        else:
            rank = 1
        return (evidence.start, rank, -e.confidence)

    incidents = [e for e in events if e.sub_event_type not in CONTEXT_SUBTYPES]
    violent = [e for e in incidents if e.event_type in VIOLENT_TYPES]
    if violent:
        incidents = [e for e in incidents if e.sub_event_type not in FOLLOW_UP_SUBTYPES]
    return sorted(incidents or events, key=key)[0]


# Arrests told beside a killing or a bombing are its aftermath ("prosecutors put the toll
# at 19 and said four suspects were held"): the report is about the violence.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
FOLLOW_UP_SUBTYPES = frozenset({"Arrests"})

# ACLED strategic developments that are a reaction or a setting, not the incident itself.
CONTEXT_SUBTYPES = frozenset(
    {"Change to group/activity", "Other", "Agreement", "Headquarters or base established"}
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


def score_extracted(extracted: list[tuple[dict[str, str], list[Event]]]) -> FusionScores:
    """Fuse each report's main event in the given order and score against ``gold_event``."""
    gold = {r["id"]: r["gold_event"] for r, _ in extracted}
    mains = [(r["id"], e) for r, events in extracted if (e := main_event(events)) is not None]
    _, decisions = fuse_events([e for _, e in mains])
    predicted = {rid: d.cluster_id for (rid, _), d in zip(mains, decisions, strict=True)}
    for rid in gold:
        predicted.setdefault(rid, f"none:{rid}")
    return score_clustering(gold, predicted, without_event=len(gold) - len(mains))


def evaluate_fusion(path: Path = GOLD_PATH, pipeline: object | None = None) -> FusionScores:
    """Extract every gold report, fuse the main events in publication order, and score."""
    return score_extracted(extract_gold(path, pipeline))
