"""Daily counts and escalation alerts per admin area, event type and actor.

Method: for every (dimension, key) — admin1, event type, actor (actor 1 and actor 2
each count) — count fused events per day (one real event counts once however many
reports tell it). On day t the baseline rate is the mean daily count over the trailing
window t-14 .. t-1 (only days since the store's first event), floored at
``RATE_FLOOR`` so a quiet series does not alert on its first event. An alert is raised
when at least ``MIN_COUNT`` events happen and the Poisson upper-tail probability
P(X >= count | rate) is below ``P_THRESHOLD``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from pydantic import BaseModel, Field

from sitroom.analysis.common import SourceRef, source_refs
from sitroom.fuse.store import load_fused_events
from sitroom.store import EventFilter, Store

BASELINE_DAYS = 14
RATE_FLOOR = 0.5
MIN_COUNT = 3
P_THRESHOLD = 0.01
DIMENSIONS = ("admin1", "event_type", "actor")


class Alert(BaseModel):
    """A day on which a count rose well above its trailing baseline."""

    date: dt.date
    dimension: str
    key: str
    count: int
    baseline: float
    p_value: float
    cluster_ids: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.date} {self.dimension}={self.key}: {self.count} events vs baseline "
            f"{self.baseline:.2f}/day (Poisson p={self.p_value:.2g})"
        )


def poisson_tail(count: int, rate: float) -> float:
    """P(X >= count) for X ~ Poisson(rate), summed in log space for stability."""
    if count <= 0:
        return 1.0
    if rate <= 0:
        return 0.0
    below = 0.0
    log_term = -rate  # log P(X = 0)
    for i in range(count):
        if i > 0:
            log_term += math.log(rate) - math.log(i)
        below += math.exp(log_term)
    return max(0.0, min(1.0, 1.0 - below))


def daily_counts(
    store: Store, until: dt.date | None = None, country: str | None = None
) -> dict[tuple[str, str], dict[dt.date, list[str]]]:
    """(dimension, key) -> day -> cluster ids of the fused events counted that day."""
    counts: dict[tuple[str, str], dict[dt.date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for fused in load_fused_events(store, EventFilter(until=until, country=country)):
        if fused.event_date is None:
            continue
        keys: list[tuple[str, str]] = [("event_type", fused.event_type)]
        if fused.place is not None and fused.place.admin1:
            keys.append(("admin1", fused.place.admin1))
        for actor in {fused.actor1, fused.actor2} - {None}:
            keys.append(("actor", str(actor)))
        for key in keys:
            counts[key][fused.event_date].append(fused.cluster_id)
    return counts


def alerts(
    store: Store,
    since: dt.date,
    until: dt.date | None = None,
    country: str | None = None,
    *,
    p_threshold: float = P_THRESHOLD,
    min_count: int = MIN_COUNT,
) -> list[Alert]:
    """Escalation alerts from ``since`` to ``until`` (default: the latest event), most
    significant first."""
    counts = daily_counts(store, until, country)
    all_days = [d for series in counts.values() for d in series]
    if not all_days:
        return []
    first_day = min(all_days)
    last_day = until or max(all_days)
    found: list[Alert] = []
    for (dimension, key), series in counts.items():
        for day, clusters in series.items():
            if day < since or day > last_day or len(clusters) < min_count:
                continue
            window_start = max(first_day, day - dt.timedelta(days=BASELINE_DAYS))
            n_days = (day - window_start).days
            past = sum(len(c) for d, c in series.items() if window_start <= d < day)
            rate = max(RATE_FLOOR, past / n_days if n_days else 0.0)
            p = poisson_tail(len(clusters), rate)
            if p < p_threshold:
                found.append(
                    Alert(
                        date=day,
                        dimension=dimension,
                        key=key,
                        count=len(clusters),
                        baseline=round(rate, 3),
                        p_value=p,
                        cluster_ids=sorted(clusters),
                    )
                )
    found.sort(key=lambda a: (a.p_value, a.date, a.dimension, a.key))
    for alert in found:
        docs = store.con.execute(
            "SELECT DISTINCT document_id FROM events WHERE coalesce(cluster_id, id) "
            "IN (SELECT unnest(?)) ORDER BY document_id",
            [alert.cluster_ids],
        ).fetchall()
        alert.sources = source_refs(store, [d[0] for d in docs])
    return found
