"""Shared helpers for the analysis stages: source references, place keys, parsing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from pydantic import BaseModel

from sitroom.errors import BadInput
from sitroom.model import Place
from sitroom.store import Store


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
