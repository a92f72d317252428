"""Fusion against the database: attach new records to stored clusters, read fused events.

``attach_to_clusters`` runs right after a document is stored (same run); it looks up
only the stored clusters a new record could join (same kind, nearby dates and places),
so ingest stays incremental. ``recluster`` rebuilds every cluster in ingestion order,
for databases filled before fusion existed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict

import duckdb

from sitroom.errors import NotFound
from sitroom.fuse.cluster import Clusterer, FusedEvent, FusionDecision, fuse_members
from sitroom.model import Event
from sitroom.store import EventFilter, Store
from sitroom.store.migrations_fusion import FUSION_STATEMENTS

log = logging.getLogger(__name__)

# Candidate look-up window: wider than any rule allows (month half-width 15 days + slack,
# 60 km radius), so the database query never hides a compatible cluster.
CANDIDATE_DAYS = 35
CANDIDATE_DEGREES = 1.5
# Leads are matched wherever they were placed, within this many days (wider than the two
# days a record may lie from its cluster's date, so no candidate is hidden).
LEAD_DAYS = 4


def ensure_fusion_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the fusion tables when the schema-2 migration has not created them."""
    for statement in FUSION_STATEMENTS:
        con.execute(statement)


def has_fusion_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'cluster_members'"
    ).fetchone()
    return bool(row and row[0])


def _candidate_clusters(con: duckdb.DuckDBPyConnection, event: Event) -> dict[str, list[Event]]:
    """Stored clusters with a member near ``event`` in time and space, members in order.
    A report's lead may also join another report's lead wherever either was placed (the
    model weighs what the reports share): clusters with a lead a few days from it."""
    rows: list[tuple[str]] = []
    if event.event_date is not None and event.place is not None:
        lo = event.event_date - dt.timedelta(days=CANDIDATE_DAYS)
        hi = event.event_date + dt.timedelta(days=CANDIDATE_DAYS)
        d = CANDIDATE_DEGREES
        rows += con.execute(
            "SELECT DISTINCT cluster_id FROM events WHERE cluster_id IS NOT NULL AND kind = ? "
            "AND event_date BETWEEN ? AND ? AND latitude BETWEEN ? AND ? "
            "AND longitude BETWEEN ? AND ? AND id <> ?",
            [
                event.kind,
                lo,
                hi,
                event.place.lat - d,
                event.place.lat + d,
                event.place.lon - d,
                event.place.lon + d,
                event.id,
            ],
        ).fetchall()
    day = event.event_date or (event.report.published if event.report else None)
    if event.lead and day is not None:
        lo, hi = day - dt.timedelta(days=LEAD_DAYS), day + dt.timedelta(days=LEAD_DAYS)
        rows += con.execute(
            "SELECT DISTINCT e.cluster_id FROM events e JOIN documents d ON d.id = e.document_id "
            "WHERE e.cluster_id IS NOT NULL AND e.kind = ? AND e.id <> ? "
            "AND e.lead "
            "AND coalesce(e.event_date, d.published) BETWEEN ? AND ?",
            [event.kind, event.id, lo, hi],
        ).fetchall()
    ids = sorted({r[0] for r in rows})
    if not ids:
        return {}
    members = con.execute(
        "SELECT e.cluster_id, e.record FROM events e "
        "LEFT JOIN cluster_members m ON m.event_id = e.id "
        "LEFT JOIN clusters c ON c.id = e.cluster_id "
        "WHERE e.cluster_id IN (SELECT unnest(?)) AND e.id <> ? "
        "ORDER BY coalesce(c.created_seq, 0), e.cluster_id, coalesce(m.seq, 0), e.id",
        [ids, event.id],
    ).fetchall()
    clusters: dict[str, list[Event]] = {}
    for cluster_id, record in members:
        clusters.setdefault(cluster_id, []).append(Event.model_validate_json(record))
    return clusters


def _next_seq(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(seq), 0) FROM cluster_members").fetchone()
    return int(row[0]) + 1 if row else 1


def _record_decision(
    con: duckdb.DuckDBPyConnection, event: Event, decision: FusionDecision, seq: int
) -> None:
    if decision.action == "new":
        con.execute(
            "INSERT INTO clusters (id, kind, first_event_id, created_seq) VALUES (?,?,?,?) "
            "ON CONFLICT DO NOTHING",
            [decision.cluster_id, event.kind, event.id, seq],
        )
    con.execute("DELETE FROM cluster_members WHERE event_id = ?", [event.id])
    con.execute(
        "INSERT INTO cluster_members VALUES (?,?,?,?,?,?,?,?,?)",
        [
            decision.cluster_id,
            event.id,
            event.document_id,
            seq,
            decision.action,
            decision.matched_event_id,
            decision.score,
            json.dumps(decision.reasons, default=str),
            json.dumps(decision.rejected, default=str),
        ],
    )
    con.execute("UPDATE events SET cluster_id = ? WHERE id = ?", [decision.cluster_id, event.id])


def attach_with_connection(
    con: duckdb.DuckDBPyConnection, events: list[Event]
) -> list[FusionDecision]:
    """Assign each record to a stored cluster or a new one; no transaction handling here,
    so the caller can run it inside the transaction that stored the records."""
    ensure_fusion_schema(con)
    decisions: list[FusionDecision] = []
    seq = _next_seq(con)
    for event in events:
        clusterer = Clusterer()
        for cluster_id, members in _candidate_clusters(con, event).items():
            clusterer.add_cluster(cluster_id, members)
        decision = clusterer.assign(event)
        _record_decision(con, event, decision, seq)
        log.debug("fusion: %s %s %s", event.id, decision.action, decision.cluster_id)
        decisions.append(decision)
        seq += 1
    return decisions


def attach_to_clusters(store: Store, events: list[Event]) -> list[FusionDecision]:
    """Incremental fusion after ``store.add_extraction``: one transaction for the batch."""
    con = store.con
    ensure_fusion_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        decisions = attach_with_connection(con, events)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return decisions


def recluster(store: Store) -> list[FusionDecision]:
    """Rebuild all clusters from scratch in ingestion order (deterministic)."""
    con = store.con
    ensure_fusion_schema(con)
    rows = con.execute(
        "SELECT e.record FROM events e JOIN documents d ON d.id = e.document_id "
        "ORDER BY d.ingested_at NULLS LAST, d.published NULLS LAST, d.id, "
        "(SELECT min(start_char) FROM evidence v WHERE v.event_id = e.id) NULLS LAST, e.id"
    ).fetchall()
    events = [Event.model_validate_json(r[0]) for r in rows]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM cluster_members")
        con.execute("DELETE FROM clusters")
        con.execute("UPDATE events SET cluster_id = NULL")
        decisions = attach_with_connection(con, events)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return decisions


def load_clusters(
    store: Store, flt: EventFilter | None = None
) -> list[tuple[FusedEvent, list[Event]]]:
    """Each fused event with its member records, for clusters with a member matching ``flt``.

    A cluster is fused from all its members, even those the filter leaves out, so a
    figure never depends on the filter; unclustered records stand alone.
    """
    rel = store.event_rows(flt)
    keys = {r[0] for r in rel.select("coalesce(cluster_id, id)").fetchall()}
    if not keys:
        return []
    rows = store.con.execute(
        "SELECT coalesce(e.cluster_id, e.id) AS k, e.record FROM events e "
        "JOIN documents d ON d.id = e.document_id "
        "WHERE coalesce(e.cluster_id, e.id) IN (SELECT unnest(?)) "
        "ORDER BY k, d.ingested_at NULLS LAST, d.id, e.id",
        [sorted(keys)],
    ).fetchall()
    groups: dict[str, list[Event]] = defaultdict(list)
    for key, record in rows:
        groups[key].append(Event.model_validate_json(record))
    clusters = [(fuse_members(key, members), members) for key, members in groups.items()]
    clusters.sort(key=lambda c: (c[0].event_date or dt.date.min, c[0].cluster_id))
    return clusters


def load_fused_events(store: Store, flt: EventFilter | None = None) -> list[FusedEvent]:
    """Fused events with a member matching ``flt``, ordered by date (see ``load_clusters``)."""
    return [fused for fused, _ in load_clusters(store, flt)]


def explain(store: Store, ident: str) -> dict[str, object]:
    """Why the records of the cluster holding ``ident`` (an event or cluster id) were merged."""
    con = store.con
    row = con.execute(
        "SELECT coalesce(cluster_id, id) FROM events WHERE id = ? OR cluster_id = ? LIMIT 1",
        [ident, ident],
    ).fetchone()
    if row is None:
        raise NotFound(f"no event or cluster with id {ident!r}; list ids with `sitroom events`")
    key = row[0]
    fused = load_fused_events_by_key(store, key)
    decisions: list[dict[str, object]] = []
    if has_fusion_tables(con):
        for r in con.execute(
            "SELECT m.event_id, m.document_id, d.title, d.source, d.published, m.action, "
            "m.matched_event_id, m.score, m.reasons, m.rejected FROM cluster_members m "
            "LEFT JOIN documents d ON d.id = m.document_id WHERE m.cluster_id = ? ORDER BY m.seq",
            [key],
        ).fetchall():
            decisions.append(
                {
                    "event_id": r[0],
                    "document_id": r[1],
                    "title": r[2],
                    "source": r[3],
                    "published": str(r[4]) if r[4] else None,
                    "action": r[5],
                    "matched_event_id": r[6],
                    "score": r[7],
                    "reasons": json.loads(r[8]) if r[8] else {},
                    "rejected": json.loads(r[9]) if r[9] else [],
                }
            )
    return {"cluster": fused.model_dump(mode="json"), "decisions": decisions}


def load_fused_events_by_key(store: Store, key: str) -> FusedEvent:
    rows = store.con.execute(
        "SELECT e.record FROM events e JOIN documents d ON d.id = e.document_id "
        "WHERE coalesce(e.cluster_id, e.id) = ? ORDER BY d.ingested_at NULLS LAST, d.id, e.id",
        [key],
    ).fetchall()
    return fuse_members(key, [Event.model_validate_json(r[0]) for r in rows])
