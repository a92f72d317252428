"""Shared helpers for the analysis stages: source references, place keys, parsing."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel

from sitroom.errors import BadInput
from sitroom.fuse.cluster import FusedEvent, fuse_members
from sitroom.model import Event, Place
from sitroom.store import EventFilter, Store

# Every record with its cluster key and the number of records in its cluster. A cluster of
# one record fuses to that record's own values (``fuse_members`` of a single member), so
# analyses read such clusters from these columns and fuse only the larger ones.
SIZED_EVENTS = (
    "SELECT *, coalesce(cluster_id, id) AS cluster_key, "
    "count(*) OVER (PARTITION BY coalesce(cluster_id, id)) AS cluster_size FROM events"
)


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
        "SELECT id, title, source, published, url FROM documents WHERE id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    return {r[0]: SourceRef(document_id=r[0], title=r[1], source=r[2], published=r[3], url=r[4])
            for r in rows}  # fmt: skip


def refs_from(index: dict[str, SourceRef], document_ids: Iterable[str]) -> list[SourceRef]:
    """``source_refs`` answered from a ``source_index``: same order, each document once,
    a fresh copy each time (so no two statements share a mutable reference)."""
    return [
        index[i].model_copy() if i in index else SourceRef(document_id=i)
        for i in dict.fromkeys(document_ids)
    ]


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
    their own, without parsing or fusing them."""
    where, where_params = Store._where(flt)
    return store.con.execute(
        f"SELECT {columns} FROM ({SIZED_EVENTS}) WHERE cluster_size = 1 AND {where} "
        f"AND ({extra})",
        [*where_params, *(params or [])],
    ).fetchall()


def load_clusters_where(
    store: Store, flt: EventFilter, extra: str, params: list | None = None
) -> list[tuple[FusedEvent, list[Event]]]:
    """As ``sitroom.fuse.store.load_clusters``, for the clusters with a record matching
    ``flt`` and ``extra`` (SQL over ``SIZED_EVENTS``), fused from all their records."""
    where, where_params = Store._where(flt)
    keys = [
        r[0]
        for r in store.con.execute(
            f"SELECT DISTINCT cluster_key FROM ({SIZED_EVENTS}) WHERE {where} AND ({extra})",
            [*where_params, *(params or [])],
        ).fetchall()
    ]
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


def fused_actors(actor1: str | None, actor2: str | None) -> tuple[str | None, str | None]:
    """(actor 1, actor 2) of a cluster of one record, as ``fuse_members`` gives them:
    empty names count as none, and actor 2 is dropped when it repeats actor 1."""
    first = actor1 or None
    second = actor2 if actor2 and actor2 != first else None
    return first, second
