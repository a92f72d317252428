"""One event from many reports: incremental, deterministic clustering and the fused record.

A new record joins the existing cluster holding its best-scoring compatible record
(``learned.same_event``: the trained model for two reports' leads, the rules for any
other pair), unless the model finds another report's lead in that cluster clearly another
event; ties go to the older cluster; with no compatible record it opens a new cluster.
Every decision keeps its reasons, so `sitroom events --explain` can show why reports
were merged (or why a near match was not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from sitroom.fuse.learned import SameEventModel, same_event
from sitroom.fuse.rules import Comparison, compare, date_gap_days, haversine_km
from sitroom.model import DatePrecision, Event, Evidence, Place, RecordKind

# How many rejected near matches a decision remembers for its explanation.
MAX_REJECTED_KEPT = 3
# A record joins a cluster only if its date window lies within this many days of the
# cluster's modal date (see ``_match``).
MAX_GAP_TO_CLUSTER_DAYS = 2
# ... and only if no other report's lead in the cluster is, by the model, clearly another
# event: single links otherwise chain a town's looting onto its riot through the one
# report that tells both (see ``_match`` and docs/ANALYSIS.md).
CLEARLY_OTHER_BELOW = 0.1


class SourceFigure(BaseModel):
    """One report's figure for a count (fatalities or displaced), as that report gave it."""

    event_id: str
    document_id: str
    value: int | None = None
    low: int | None = None
    high: int | None = None


class FusionDecision(BaseModel):
    """Why an event record went into its cluster."""

    event_id: str
    document_id: str
    cluster_id: str
    action: str  # "new" or "joined"
    matched_event_id: str | None = None
    score: float = 0.0
    reasons: dict[str, object] = Field(default_factory=dict)
    rejected: list[dict[str, object]] = Field(default_factory=list)


class FusedEvent(BaseModel):
    """A real-world event as told by one or more reports.

    Counts follow ACLED's conservative practice: ``fatalities`` is the lowest figure any
    report gives; ``fatalities_low``/``fatalities_high`` span every report's range; each
    report's own figure stays in ``fatality_reports``.
    """

    cluster_id: str
    kind: RecordKind = "event"
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = Field(default_factory=list)
    event_date: dt.date | None = None
    date_first: dt.date | None = None
    date_last: dt.date | None = None
    date_precision: DatePrecision | None = None
    place: Place | None = None
    location_text: str | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatality_reports: list[SourceFigure] = Field(default_factory=list)
    destination: Place | None = None
    displaced: int | None = None
    displaced_low: int | None = None
    displaced_high: int | None = None
    displaced_magnitude: str | None = None
    displaced_reports: list[SourceFigure] = Field(default_factory=list)
    reporting_sources: list[str] = Field(default_factory=list)
    confidence: float = 0.0
    members: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


def cluster_id_for(event: Event) -> str:
    """A cluster is named after the record that opened it, so ids are stable across runs."""
    return "clu_" + hashlib.sha256(event.id.encode("utf-8")).hexdigest()[:16]


def most_common(values: Iterable[object]) -> object | None:
    """The most frequent non-empty value; ties go to the first seen (members are ordered)."""
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v in counts if counts[v] == best)


# How much a report's date counts towards the cluster's date, by its precision.
DATE_WEIGHT = {"day": 1.0, "week": 0.5, "month": 0.25}


def modal_date(members: Sequence[Any]) -> dt.date | None:
    """The day most reports give (day-precise dates count fully, vaguer ones less); on a
    tie, the one nearest the median, then the earliest."""
    dated = [e for e in members if e.event_date is not None]
    if not dated:
        return None
    ordered = sorted(e.event_date for e in dated if e.event_date)
    median = ordered[(len(ordered) - 1) // 2]
    weights: dict[dt.date, float] = {}
    for e in dated:
        assert e.event_date is not None
        w = DATE_WEIGHT.get(e.date_precision or "day", 0.25)
        weights[e.event_date] = weights.get(e.event_date, 0.0) + w
    return min(weights, key=lambda d: (-weights[d], abs((d - median).days), d))


def lead_type_and_actors(
    members: Sequence[Any],
) -> tuple[str, list[Any], str | None, str | None]:
    """A cluster's sub-type (the majority), its records of that sub-type, and actors 1
    and 2 (the majority among those records; actor 1 from all records failing that).
    ``members`` are events or anything with the same attributes (analysis reads columns)."""
    sub_type = str(most_common(m.sub_event_type for m in members))
    typed = [m for m in members if m.sub_event_type == sub_type]
    actor1 = most_common(m.actor1 for m in typed) or most_common(m.actor1 for m in members)
    actor2 = most_common(m.actor2 for m in typed if m.actor2 != actor1)
    return (
        sub_type,
        typed,
        actor1 if isinstance(actor1, str) else None,
        actor2 if isinstance(actor2, str) else None,
    )


def best_placed(members: Sequence[Any], is_placed: Callable[[Any], bool]) -> Any | None:
    """The record whose place the cluster takes: the most precise, then most confident."""
    placed = sorted(
        (m for m in members if is_placed(m)), key=lambda m: (m.geo_precision or 9, -m.confidence)
    )
    return placed[0] if placed else None


def _figures(
    members: list[Event], value: str, low: str | None, high: str | None
) -> list[SourceFigure]:
    figures = []
    for e in members:
        v = getattr(e, value)
        lo = getattr(e, low) if low else None
        hi = getattr(e, high) if high else None
        if v is None and lo is None and hi is None:
            continue
        figures.append(
            SourceFigure(event_id=e.id, document_id=e.document_id, value=v, low=lo, high=hi)
        )
    return figures


def _conservative(figures: list[SourceFigure]) -> tuple[int | None, int | None, int | None]:
    """(lowest point figure, lowest bound, highest bound) over the reports."""
    points = [f.value for f in figures if f.value is not None]
    lows = [x for f in figures for x in (f.low, f.value) if x is not None]
    highs = [x for f in figures for x in (f.high, f.value) if x is not None]
    return (
        min(points) if points else None,
        min(lows) if lows else None,
        max(highs) if highs else None,
    )


def fuse_members(cluster_id: str, members: list[Event]) -> FusedEvent:
    """Merge the records of one cluster into one event (members in arrival order)."""
    if not members:
        raise ValueError("a cluster needs at least one member")
    sub_type, typed, actor1, actor2 = lead_type_and_actors(members)
    best_place = best_placed(members, lambda e: e.place is not None)
    dates = [e.event_date for e in members if e.event_date is not None]
    day_dates = [e.event_date for e in members if e.event_date and e.date_precision == "day"]
    event_date = modal_date(members)
    deaths = _figures(members, "fatalities", "fatalities_low", "fatalities_high")
    displaced = _figures(members, "displaced", None, None)
    f_point, f_low, f_high = _conservative(deaths)
    d_point, d_low, d_high = _conservative(displaced)
    assoc = sorted(
        {a for e in members for a in (e.assoc_actor_1, e.assoc_actor_2) if a} - {actor1, actor2}
    )
    missed = 1.0
    for e in members:
        missed *= 1.0 - max(0.0, min(1.0, e.confidence))
    return FusedEvent(
        cluster_id=cluster_id,
        kind=members[0].kind,
        event_type=typed[0].event_type,
        sub_event_type=sub_type,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=assoc,
        event_date=event_date if isinstance(event_date, dt.date) else None,
        date_first=min(dates) if dates else None,
        date_last=max(dates) if dates else None,
        date_precision="day" if day_dates else most_common(e.date_precision for e in members),  # type: ignore[arg-type]
        place=best_place.place if best_place else None,
        location_text=best_place.location_text if best_place else None,
        geo_precision=best_place.geo_precision if best_place else None,
        fatalities=f_point,
        fatalities_low=f_low,
        fatalities_high=f_high,
        fatality_reports=deaths,
        destination=next((e.destination for e in members if e.destination), None),
        displaced=d_point,
        displaced_low=d_low,
        displaced_high=d_high,
        displaced_magnitude=most_common(e.displaced_magnitude for e in members),  # type: ignore[arg-type]
        displaced_reports=displaced,
        reporting_sources=sorted({e.reporting_source for e in members if e.reporting_source}),
        confidence=round(1.0 - missed, 4),
        members=[e.id for e in members],
        documents=list(dict.fromkeys(e.document_id for e in members)),
        evidence=[ev for e in members for ev in e.evidence],
    )


def representative(cluster_id: str, members: list[Event]) -> Event:
    """The cluster as one record (majority type, modal day, most precise place, all actors)."""
    fused = fuse_members(cluster_id, members)
    actors = [a for a in (fused.actor1, fused.actor2) if a]
    return Event(
        id=cluster_id,
        kind=fused.kind,
        document_id="",
        event_type=fused.event_type,
        sub_event_type=fused.sub_event_type,
        actor1=fused.actor1,
        actor2=fused.actor2,
        assoc_actor_1="; ".join(a for a in fused.assoc_actors if a not in actors) or None,
        event_date=fused.event_date,
        date_precision=fused.date_precision,
        place=fused.place,
        geo_precision=fused.geo_precision,
        confidence=fused.confidence,
    )


class Clusterer:
    """In-memory incremental clustering; the store-backed path feeds it candidate clusters."""

    def __init__(self, *, learned: bool = True, model: SameEventModel | None = None) -> None:
        """``learned=False`` decides every pair by the rules alone; ``model`` replaces
        the shipped model (training evaluates candidates this way)."""
        self.clusters: dict[str, list[Event]] = {}
        self._representatives: dict[str, Event] = {}
        self.learned = learned
        self.model = model

    def _compare(self, a: Event, b: Event) -> Comparison:
        return same_event(a, b, self.model) if self.learned else compare(a, b)

    def add_cluster(self, cluster_id: str, members: list[Event]) -> None:
        """Make an existing cluster (e.g. loaded from the store) a candidate."""
        self.clusters.setdefault(cluster_id, []).extend(members)
        self._representatives.pop(cluster_id, None)

    def _representative(self, cluster_id: str) -> Event:
        if cluster_id not in self._representatives:
            self._representatives[cluster_id] = representative(
                cluster_id, self.clusters[cluster_id]
            )
        return self._representatives[cluster_id]

    def _match(self, event: Event, cluster_id: str) -> tuple[Comparison, Event | None]:
        """The best compatible member (single link), provided the record's date also lies
        near the cluster's modal date, so that a chain cannot drift across a week, and
        that the model finds no member's report clearly about another event."""
        whole = self._representative(cluster_id)
        gap = date_gap_days(event, whole)
        if gap is not None and gap > MAX_GAP_TO_CLUSTER_DAYS:
            reasons = {"cluster_date": str(whole.event_date), "date_gap_to_cluster_days": gap}
            if event.place is not None and whole.place is not None:
                reasons["distance_km"] = round(
                    haversine_km(event.place.lat, event.place.lon, whole.place.lat,
                                 whole.place.lon), 1
                )  # fmt: skip
            return Comparison(False, 0.0, reasons), None
        best: tuple[Comparison, Event] | None = None
        rejected: Comparison | None = None
        objection: tuple[Comparison, Event] | None = None
        for member in self.clusters[cluster_id]:
            if member.id == event.id:
                continue
            result = self._compare(event, member)
            if result.compatible and (best is None or result.score > best[0].score):
                best = (result, member)
            elif not result.compatible and rejected is None:
                rejected = result
            if (
                "model_probability" in result.reasons
                and result.score < CLEARLY_OTHER_BELOW
                and (objection is None or result.score < objection[0].score)
            ):
                objection = (result, member)
        if best is None:
            return rejected or Comparison(False, 0.0, {}), None
        if objection is not None:
            result, member = objection
            reasons = {**result.reasons, "clearly_another_event_than": member.id}
            return Comparison(False, result.score, reasons), None
        return best

    def assign(self, event: Event) -> FusionDecision:
        """Attach ``event`` to its best compatible cluster or open a new one."""
        best: tuple[float, str, Event, Comparison] | None = None
        rejected: list[tuple[float, dict[str, object]]] = []
        for cluster_id in self.clusters:
            result, member = self._match(event, cluster_id)
            if result.compatible and member is not None:
                if best is None or result.score > best[0]:
                    best = (result.score, cluster_id, member, result)
            elif "distance_km" in result.reasons:
                closeness = -float(result.reasons["distance_km"])  # type: ignore[arg-type]
                rejected.append((closeness, {"cluster_id": cluster_id, **result.reasons}))
        rejected.sort(key=lambda r: (-r[0], str(r[1]["cluster_id"])))
        kept = [r[1] for r in rejected[:MAX_REJECTED_KEPT]]
        if best is None:
            cluster_id = cluster_id_for(event)
            self.clusters.setdefault(cluster_id, []).append(event)
            self._representatives.pop(cluster_id, None)
            return FusionDecision(
                event_id=event.id,
                document_id=event.document_id,
                cluster_id=cluster_id,
                action="new",
                reasons={"why": "no stored event is compatible"},
                rejected=kept,
            )
        score, cluster_id, member, result = best
        self.clusters[cluster_id].append(event)
        self._representatives.pop(cluster_id, None)
        return FusionDecision(
            event_id=event.id,
            document_id=event.document_id,
            cluster_id=cluster_id,
            action="joined",
            matched_event_id=member.id,
            score=score,
            reasons=dict(result.reasons),
            rejected=kept,
        )

    def fused(self) -> list[FusedEvent]:
        """Every cluster as one fused event, in cluster creation order."""
        return [fuse_members(cid, members) for cid, members in self.clusters.items()]


def fuse_events(
    events: list[Event], *, learned: bool = True, model: SameEventModel | None = None
) -> tuple[list[FusedEvent], list[FusionDecision]]:
    """Cluster records in the given order (no database); the library entry point."""
    clusterer = Clusterer(learned=learned, model=model)
    decisions = [clusterer.assign(e) for e in events]
    return clusterer.fused(), decisions
