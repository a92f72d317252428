"""The embedded store: one DuckDB file holding documents, events and their evidence.

The database is the interface between ingest time and query time (as in datasette):
every command and the web app read from here. One document and everything
extracted from it is written in one transaction, so a failure leaves nothing
half-written. DuckDB allows one writer per file; sitroom keeps one ``Store`` per
process.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
from pydantic import BaseModel

from sitroom.errors import StoreError
from sitroom.model import Document, Event, Extraction
from sitroom.store.schema import MIGRATIONS

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088


class EventFilter(BaseModel):
    """The filters shared by the CLI (`sitroom events`) and the API (`GET /events`)."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    kind: str | None = None
    near: tuple[float, float] | None = None
    km: float = 25.0
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    document_id: str | None = None


class Store:
    """A DuckDB-backed sitroom database (created and migrated on open)."""

    def __init__(self, path: Path | str = "sitroom.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            if read_only and self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(
                    f"no database at {self.path}; run `sitroom ingest` or `sitroom demo` first"
                )
            if read_only and self.path != ":memory:" and self._needs_migration():
                # An older database: bring its schema up to date once, then read it.
                Store(self.path).close()
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot open database {self.path}: {exc}; is another sitroom process writing it?"
            ) from exc
        if not read_only:
            self._migrate()

    # -- schema ---------------------------------------------------------------------------
    def _needs_migration(self) -> bool:
        con = duckdb.connect(self.path, read_only=True)
        try:
            row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.Error:
            return True
        finally:
            con.close()
        return (row[0] or 0) < MIGRATIONS[-1][0]

    def _migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        current = row[0] if row and row[0] is not None else 0
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                for statement in statements:
                    self.con.execute(statement)
                self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
                self.con.execute("COMMIT")
            except duckdb.Error:
                self.con.execute("ROLLBACK")
                raise
            log.info("database %s migrated to schema version %d", self.path, version)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents ------------------------------------------------------------------------
    def document_id_for_hash(self, content_hash: str) -> str | None:
        row = self.con.execute(
            "SELECT id FROM documents WHERE content_hash = ?", [content_hash]
        ).fetchone()
        return row[0] if row else None

    def signatures(self) -> Iterator[tuple[str, list[int]]]:
        """Stored MinHash signatures, for rebuilding the near-duplicate index."""
        rows = self.con.execute(
            "SELECT id, signature FROM documents WHERE signature IS NOT NULL ORDER BY id"
        ).fetchall()
        for doc_id, signature in rows:
            yield doc_id, list(signature)

    def add_extraction(
        self,
        extraction: Extraction,
        *,
        signature: list[int] | None = None,
        duplicate_of: str | None = None,
        within_transaction: Callable[[duckdb.DuckDBPyConnection], object] | None = None,
    ) -> None:
        """Store a document with all its mentions and events atomically.

        ``within_transaction`` runs after the inserts and before the commit (fusion uses
        it), so that its writes and the document's stand or fall together.
        """
        doc = extraction.document
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "INSERT INTO documents (id, content_hash, title, url, source, published, path, "
                "text, ingested_at, signature, duplicate_of) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    doc.id,
                    doc.content_hash,
                    doc.title,
                    doc.url,
                    doc.source,
                    doc.published,
                    doc.path,
                    doc.text,
                    doc.ingested_at or dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    signature,
                    duplicate_of,
                ],
            )
            if extraction.actors:
                con.executemany(
                    "INSERT INTO actor_mentions VALUES (?,?,?,?,?,?)",
                    [
                        [doc.id, m.actor_id, m.name, m.start, m.end, m.text]
                        for m in extraction.actors
                    ],
                )
            places = [m for m in extraction.places if m.place is not None]
            if places:
                con.executemany(
                    "INSERT INTO place_mentions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        [
                            doc.id,
                            m.text,
                            m.start,
                            m.end,
                            m.place.geonameid,
                            m.place.name,
                            m.place.lat,
                            m.place.lon,
                            m.place.country_code,
                            m.place.country,
                            m.place.admin1,
                        ]
                        for m in places
                        if m.place is not None
                    ],
                )
            for event in extraction.events:
                self._insert_event(event)
            if within_transaction is not None:
                within_transaction(con)
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"could not store document {doc.id}: {exc}") from exc
            raise

    def _insert_event(self, event: Event) -> None:
        place, dest = event.place, event.destination
        self.con.execute(
            "INSERT INTO events (id, kind, document_id, event_type, sub_event_type, plover_type, "
            "actor1, assoc_actor_1, actor2, assoc_actor_2, inter1, inter2, interaction, "
            "civilian_targeting, event_date, date_precision, location_text, geonameid, "
            "place_name, latitude, longitude, country_code, country, admin1, admin2, "
            "geo_precision, fatalities, dest_name, dest_latitude, dest_longitude, displaced, "
            "displaced_magnitude, reporting_source, confidence, record, search_text, lead) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                event.id,
                event.kind,
                event.document_id,
                event.event_type,
                event.sub_event_type,
                event.plover_type,
                event.actor1,
                event.assoc_actor_1,
                event.actor2,
                event.assoc_actor_2,
                event.inter1,
                event.inter2,
                event.interaction,
                event.civilian_targeting,
                event.event_date,
                event.date_precision,
                event.location_text,
                place.geonameid if place else None,
                place.name if place else None,
                place.lat if place else None,
                place.lon if place else None,
                place.country_code if place else None,
                place.country if place else None,
                place.admin1 if place else None,
                place.admin2 if place else None,
                event.geo_precision,
                event.fatalities,
                dest.name if dest else None,
                dest.lat if dest else None,
                dest.lon if dest else None,
                event.displaced,
                event.displaced_magnitude,
                event.reporting_source,
                event.confidence,
                event.model_dump_json(),
                search_text(event),
                event.lead,
            ],
        )
        if event.evidence:
            self.con.executemany(
                "INSERT INTO evidence VALUES (?,?,?,?,?,?)",
                [
                    [
                        event.id,
                        ev.document_id,
                        ev.start,
                        ev.end,
                        ev.text,
                        json.dumps({k: v.model_dump() for k, v in ev.fields.items()}),
                    ]
                    for ev in event.evidence
                ],
            )

    def get_document(self, doc_id: str) -> Document | None:
        row = self.con.execute(
            "SELECT id, content_hash, title, url, source, published, path, text, ingested_at "
            "FROM documents WHERE id = ?",
            [doc_id],
        ).fetchone()
        if row is None:
            return None
        keys = ["id", "content_hash", "title", "url", "source", "published", "path", "text"]
        values = dict(zip(keys, row[:8], strict=True))
        return Document(**values, ingested_at=row[8])

    def count(self, table: str) -> int:
        if table not in {"documents", "events", "actor_mentions", "place_mentions"}:
            raise ValueError(f"unknown table {table}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # -- events ---------------------------------------------------------------------------
    @staticmethod
    def _where(flt: EventFilter) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if flt.since:
            clauses.append("event_date >= ?")
            params.append(flt.since)
        if flt.until:
            clauses.append("event_date <= ?")
            params.append(flt.until)
        if flt.country:
            clauses.append("(lower(country) = lower(?) OR lower(country_code) = lower(?))")
            params += [flt.country, flt.country]
        if flt.admin1:
            clauses.append("lower(admin1) = lower(?)")
            params.append(flt.admin1)
        if flt.event_type:
            clauses.append(
                "(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?) OR kind = ?)"
            )
            params += [flt.event_type, flt.event_type, flt.event_type.lower()]
        if flt.sub_event_type:
            clauses.append("lower(sub_event_type) = lower(?)")
            params.append(flt.sub_event_type)
        if flt.kind:
            clauses.append("kind = ?")
            params.append(flt.kind)
        if flt.actor:
            like = f"%{flt.actor.lower()}%"
            clauses.append(
                "(lower(actor1) LIKE ? OR lower(actor2) LIKE ? OR lower(assoc_actor_1) LIKE ? "
                "OR lower(assoc_actor_2) LIKE ?)"
            )
            params += [like] * 4
        if flt.near:
            lat, lon = flt.near
            clauses.append(
                f"2 * {EARTH_RADIUS_KM} * asin(sqrt(pow(sin(radians(latitude - ?) / 2), 2) + "
                "cos(radians(?)) * cos(radians(latitude)) * "
                "pow(sin(radians(longitude - ?) / 2), 2))) <= ?"
            )
            params += [lat, lat, lon, flt.km]
        if flt.bbox:
            west, south, east, north = flt.bbox
            clauses.append("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?")
            params += [west, east, south, north]
        if flt.q:
            clauses.append("search_text LIKE ?")
            params.append(f"%{flt.q.lower()}%")
        if flt.document_id:
            clauses.append("document_id = ?")
            params.append(flt.document_id)
        where = " AND ".join(f"({c})" for c in clauses) if clauses else "TRUE"
        return where, params

    def query_events(
        self, flt: EventFilter | None = None, *, limit: int | None = None, after: str | None = None
    ) -> list[Event]:
        """Events matching ``flt`` ordered by (date, id); ``after`` is a cursor (an event id)."""
        where, params = self._where(flt or EventFilter())
        if after:
            where += (
                " AND (coalesce(event_date, DATE '0001-01-01'), id) > "
                "(SELECT (coalesce(event_date, DATE '0001-01-01'), id) FROM events WHERE id = ?)"
            )
            params.append(after)
        sql = f"SELECT record FROM events WHERE {where} ORDER BY event_date NULLS FIRST, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.con.execute(sql, params).fetchall()
        return [Event.model_validate_json(r[0]) for r in rows]

    def get_event(self, event_id: str) -> Event | None:
        row = self.con.execute("SELECT record FROM events WHERE id = ?", [event_id]).fetchone()
        return Event.model_validate_json(row[0]) if row else None

    def event_rows(self, flt: EventFilter | None = None) -> duckdb.DuckDBPyRelation:
        """The filtered events as a DuckDB relation, for aggregation without loading records."""
        where, params = self._where(flt or EventFilter())
        return self.con.sql(f"SELECT * FROM events WHERE {where}", params=params)

    def documents_summary(self) -> list[dict[str, object]]:
        rows = self.con.execute(
            "SELECT d.id, d.title, d.source, d.published, count(e.id) FROM documents d "
            "LEFT JOIN events e ON e.document_id = d.id GROUP BY ALL ORDER BY d.published, d.id"
        ).fetchall()
        keys = ["id", "title", "source", "published", "events"]
        return [dict(zip(keys, r, strict=True)) for r in rows]


def search_text(event: Event) -> str:
    """What text search matches for a record: its evidence, actors and place, lower-cased."""
    parts = [event.place.name if event.place else "", event.actor1 or "", event.actor2 or ""]
    parts += [e.text for e in event.evidence]
    return " ".join(parts).lower()
