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

from sitroom.analysis.common import (
    ID_LIST,
    SourceRef,
    cluster_summaries,
    fused_actors,
    id_list,
    refs_from,
    single_record_rows,
    source_index,
)
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
    """(dimension, key) -> day -> cluster ids of the fused events counted that day.

    Clusters of one record are counted from their columns in one query; larger clusters
    are summarized from their records' columns by the rules that fuse them.
    """
    counts: dict[tuple[str, str], dict[dt.date, list[str]]] = defaultdict(lambda: defaultdict(list))
    flt = EventFilter(until=until, country=country)
    rows = single_record_rows(
        store, flt, "cluster_key, event_date, event_type, admin1, actor1, actor2",
        "event_date IS NOT NULL",
    )  # fmt: skip
    for summary in cluster_summaries(store, flt, "count(*) > 1"):
        if summary.event_date is not None:
            rows.append(
                (summary.cluster_id, summary.event_date, summary.event_type, summary.admin1,
                 summary.actor1, summary.actor2)
            )  # fmt: skip
    for cluster_id, day, event_type, admin1, actor1, actor2 in rows:
        keys: list[tuple[str, str]] = [("event_type", event_type)]
        if admin1:
            keys.append(("admin1", admin1))
        for actor in set(fused_actors(actor1, actor2)) - {None}:
            keys.append(("actor", str(actor)))
        for key in keys:
            counts[key][day].append(cluster_id)
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
            past = sum(
                len(series.get(window_start + dt.timedelta(days=i), ())) for i in range(n_days)
            )
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
    _cite(store, found)
    return found


def _cite(store: Store, found: list[Alert]) -> None:
    """Give each alert the documents reporting its events, in two queries for all alerts."""
    wanted = sorted({c for alert in found for c in alert.cluster_ids})
    if not wanted:
        return
    docs: dict[str, set[str]] = defaultdict(set)
    for cluster, document_id in store.con.execute(
        "SELECT coalesce(cluster_id, id), document_id FROM events "
        f"WHERE coalesce(cluster_id, id) IN ({ID_LIST})",
        [id_list(wanted)],
    ).fetchall():
        docs[cluster].add(document_id)
    index = source_index(store, {d for ds in docs.values() for d in ds})
    for alert in found:
        ids = sorted({d for c in alert.cluster_ids for d in docs.get(c, ())})
        alert.sources = refs_from(index, ids)
