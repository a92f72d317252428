"""Shared helpers for the analysis stages: source references, place keys, parsing."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from pydantic import BaseModel

from sitroom.errors import BadInput
from sitroom.fuse.cluster import best_placed, lead_type_and_actors, modal_date
from sitroom.model import Event, Place
from sitroom.store import EventFilter, Store

# The number of records of each cluster (an unclustered record is a cluster of one). A
# cluster of one record fuses to that record's own values (``fuse_members`` of a single
# member), so analyses read such clusters from their columns and fuse only larger ones.
CLUSTER_SIZES = (
    "SELECT coalesce(cluster_id, id) AS cluster_key, count(*) AS cluster_size "
    "FROM events GROUP BY cluster_key"
)
# Records of the clusters in ``keys`` (a CTE), in the order ``load_clusters`` fuses them.
MEMBERS_OF_KEYS = (
    "FROM events e JOIN documents d ON d.id = e.document_id "
    "WHERE coalesce(e.cluster_id, e.id) IN (SELECT cluster_key FROM keys) "
    "ORDER BY coalesce(e.cluster_id, e.id), d.ingested_at NULLS LAST, d.id, e.id"
)
# A list of ids bound as one string: DuckDB's client inspects every element of a bound
# list (it looks for pandas each time), which costs seconds for tens of thousands of ids.
ID_LIST = "SELECT unnest(string_split(?, chr(31)))"


def id_list(ids: Iterable[str]) -> str:
    """The parameter for ``ID_LIST`` (ids never contain the unit separator)."""
    return "\x1f".join(ids)


class Member(NamedTuple):
    """The columns of a record that ``fuse_members`` reads for a cluster's day, type,
    place and actors (named as the record's fields, so its helpers accept it)."""

    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    date_precision: str | None
    actor1: str | None
    actor2: str | None
    placed: bool
    geo_precision: int | None
    confidence: float
    admin1: str | None


MEMBER_COLUMNS = (
    "e.event_type, e.sub_event_type, e.event_date, e.date_precision, e.actor1, e.actor2, "
    "e.place_name IS NOT NULL, e.geo_precision, e.confidence, e.admin1"
)


class ClusterSummary(NamedTuple):
    """A cluster's fused day, type, admin area and actors, without its full records."""

    cluster_id: str
    event_date: dt.date | None
    event_type: str
    admin1: str | None
    actor1: str | None
    actor2: str | None
    members: list[Member]


class SourceRef(BaseModel):
    """A document a statement rests on, as a reader would cite it."""

    document_id: str
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    url: str | None = None

    def cite(self) -> str:
        """'Title (Source, 2024-11-30)', falling back to the document id."""
        title = self.title or self.document_id
        extra = ", ".join(x for x in (self.source, str(self.published or "")) if x)
        return f"{title} ({extra})" if extra else title


def source_refs(store: Store, document_ids: Iterable[str]) -> list[SourceRef]:
    """The documents behind a statement, in the order given, each once."""
    ids = list(dict.fromkeys(document_ids))
    if not ids:
        return []
    rows = store.con.execute(
        "SELECT id, title, source, published, url FROM documents WHERE id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    found = {r[0]: SourceRef(document_id=r[0], title=r[1], source=r[2], published=r[3], url=r[4])
             for r in rows}  # fmt: skip
    return [found.get(i, SourceRef(document_id=i)) for i in ids]


def source_index(store: Store, document_ids: Iterable[str]) -> dict[str, SourceRef]:
    """Every given document as a reference, fetched in one query: for callers that cite
    many statements at once (one ``source_refs`` query each would dominate their time)."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    rows = store.con.execute(
        f"SELECT id, title, source, published, url FROM documents WHERE id IN ({ID_LIST})",
        [id_list(ids)],
    ).fetchall()
    return {r[0]: SourceRef(document_id=r[0], title=r[1], source=r[2], published=r[3], url=r[4])
            for r in rows}  # fmt: skip


def refs_from(index: dict[str, SourceRef], document_ids: Iterable[str]) -> list[SourceRef]:
    """``source_refs`` answered from a ``source_index``: same order, each document once.
    Statements citing the same document share its (read-only) reference."""
    return [index.get(i) or SourceRef(document_id=i) for i in dict.fromkeys(document_ids)]


def place_key(place: Place) -> str:
    """A stable key for a place: its GeoNames id, else its name and rounded coordinates."""
    if place.geonameid is not None:
        return f"geonames:{place.geonameid}"
    return f"{place.name.lower()}@{place.lat:.2f},{place.lon:.2f}"


def parse_since(value: str | dt.date | None, today: dt.date) -> dt.date | None:
    """'7d', '2w', 'YYYY-MM-DD' or a date -> a date; None stays None."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip().lower()
    match = re.fullmatch(r"(\d+)\s*([dw])", text)
    if match:
        n = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        return today - dt.timedelta(days=n)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise BadInput(
            f"cannot read {value!r} as a date; use YYYY-MM-DD or a span like 7d or 2w"
        ) from exc


def latest_event_date(store: Store) -> dt.date | None:
    """The newest event date in the store: 'today' for relative spans on archived data."""
    row = store.con.execute("SELECT max(event_date) FROM events").fetchone()
    return row[0] if row and row[0] else None


def single_record_rows(
    store: Store, flt: EventFilter, columns: str, extra: str = "TRUE", params: list | None = None
) -> list[tuple]:
    """``columns`` of the records matching ``flt`` (and ``extra``) that are clusters on
    their own, without parsing or fusing them (records of a missing document are left
    out, as the document join of ``load_clusters`` leaves them out)."""
    where, where_params = Store._where(flt)
    return store.con.execute(
        f"SELECT {columns} FROM events JOIN ({CLUSTER_SIZES}) sizes "
        f"ON sizes.cluster_key = coalesce(cluster_id, id) WHERE cluster_size = 1 AND {where} "
        f"AND ({extra}) AND document_id IN (SELECT id FROM documents)",
        [*where_params, *(params or [])],
    ).fetchall()


def _keys_cte(flt: EventFilter, having: str, params: list | None) -> tuple[str, list]:
    """A ``keys`` CTE: the clusters with a record matching ``flt`` and meeting ``having``,
    an SQL condition over aggregates of a cluster's records (``count(*) > 1``)."""
    where, where_params = Store._where(flt)
    cte = (
        "WITH keys AS (SELECT coalesce(cluster_id, id) AS cluster_key FROM events "
        f"GROUP BY cluster_key HAVING bool_or({where}) AND ({having})) "
    )
    return cte, [*where_params, *(params or [])]


def load_members_where(
    store: Store, flt: EventFilter, having: str, params: list | None = None
) -> dict[str, list[Event]]:
    """Cluster key -> records, in the order ``sitroom.fuse.store.load_clusters`` fuses
    them, for the clusters with a record matching ``flt`` and meeting ``having`` (see
    ``_keys_cte``); the caller fuses only those it needs."""
    cte, cte_params = _keys_cte(flt, having, params)
    rows = store.con.execute(
        f"{cte} SELECT coalesce(e.cluster_id, e.id), e.record {MEMBERS_OF_KEYS}", cte_params
    ).fetchall()
    groups: dict[str, list[Event]] = defaultdict(list)
    for key, record in rows:
        groups[key].append(Event.model_validate_json(record))
    return groups


def member_of(event: Event) -> Member:
    """A parsed record's ``Member`` columns (to ``summarize`` a loaded cluster)."""
    place = event.place
    return Member(
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        event_date=event.event_date,
        date_precision=event.date_precision,
        actor1=event.actor1,
        actor2=event.actor2,
        placed=place is not None,
        geo_precision=event.geo_precision,
        confidence=event.confidence,
        admin1=place.admin1 if place else None,
    )


def summarize(cluster_id: str, members: list[Member]) -> ClusterSummary:
    """The day, type, admin area and actors ``fuse_members`` gives the cluster, by the
    same rules (its own helpers), from columns instead of parsed records."""
    if len(members) == 1 and members[0].sub_event_type:  # a lone record is its own fusion
        m = members[0]
        actor1, actor2 = fused_actors(m.actor1, m.actor2)
        admin1 = m.admin1 if m.placed else None
        return ClusterSummary(
            cluster_id, m.event_date, m.event_type, admin1, actor1, actor2, members
        )
    _, typed, actor1, actor2 = lead_type_and_actors(members)
    placed = best_placed(members, lambda m: m.placed)
    day = modal_date(members)
    return ClusterSummary(
        cluster_id=cluster_id,
        event_date=day if isinstance(day, dt.date) else None,
        event_type=typed[0].event_type,
        admin1=placed.admin1 if placed else None,
        actor1=actor1,
        actor2=actor2,
        members=members,
    )


def cluster_summaries(
    store: Store, flt: EventFilter, having: str, params: list | None = None
) -> list[ClusterSummary]:
    """``summarize`` of the clusters ``load_clusters_where`` would load, read in one query."""
    cte, cte_params = _keys_cte(flt, having, params)
    groups: dict[str, list[Member]] = defaultdict(list)
    for key, *columns in store.con.execute(
        f"{cte} SELECT coalesce(e.cluster_id, e.id), {MEMBER_COLUMNS} {MEMBERS_OF_KEYS}",
        cte_params,
    ).fetchall():
        groups[key].append(Member(*columns))
    return [summarize(key, members) for key, members in groups.items()]


def fused_actors(actor1: str | None, actor2: str | None) -> tuple[str | None, str | None]:
    """(actor 1, actor 2) of a cluster of one record, as ``fuse_members`` gives them:
    empty names count as none, and actor 2 is dropped when it repeats actor 1."""
    first = actor1 or None
    second = actor2 if actor2 and actor2 != first else None
    return first, second
