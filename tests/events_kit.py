"""Hand-built events and small stores shared by the fuse and analysis tests."""

from __future__ import annotations

import datetime as dt

from sitroom.model import Event, Evidence, Place

PLACES = {
    "saraqib": Place(geonameid=1, name="Saraqib", lat=35.864, lon=36.806, country="Syria",
                     country_code="SY", admin1="Idlib", population=30000),
    "hama": Place(geonameid=2, name="Hama", lat=35.131, lon=36.757, country="Syria",
                  country_code="SY", admin1="Hama", population=700000),
    "daraa": Place(geonameid=3, name="Daraa", lat=32.618, lon=36.102, country="Syria",
                   country_code="SY", admin1="Daraa", population=100000),
    "suwayda": Place(geonameid=4, name="As-Suwayda", lat=32.709, lon=36.569, country="Syria",
                     country_code="SY", admin1="As-Suwayda", population=70000),
    "homs": Place(geonameid=5, name="Homs", lat=34.727, lon=36.723, country="Syria",
                  country_code="SY", admin1="Homs", population=800000),
    "latakia": Place(geonameid=6, name="Latakia", lat=35.519, lon=35.791, country="Syria",
                     country_code="SY", admin1="Latakia", population=400000),
}  # fmt: skip


def build_event(
    doc: str,
    place: str = "saraqib",
    day: str = "2024-11-29",
    sub: str = "Non-state actor overtakes territory",
    event_type: str = "Battles",
    actor1: str | None = "HTS: Hayat Tahrir al-Sham",
    actor2: str | None = "Military Forces of Syria (2000-2024)",
    **extra: object,
) -> Event:
    """An event as the pipeline would produce it, with one evidence sentence."""
    values: dict[str, object] = {
        "document_id": doc,
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1,
        "actor2": actor2,
        "event_date": dt.date.fromisoformat(day),
        "date_precision": "day",
        "place": PLACES[place],
        "geo_precision": 1,
        "confidence": 0.8,
        "evidence": [Evidence(document_id=doc, start=0, end=20, text=f"{doc} says {sub}.")],
    }
    values.update(extra)
    return Event(**values)  # type: ignore[arg-type]


def store_documents(store, docs: dict[str, list[Event]]) -> list:
    """Store each document with its events, fusing right after, as ingest does."""
    from sitroom.fuse import attach_to_clusters
    from sitroom.model import Document, Extraction

    decisions = []
    for i, (doc_id, events) in enumerate(docs.items()):
        day = events[0].event_date if events else dt.date(2024, 12, 1)
        document = Document(id=doc_id, text=f"Report {doc_id} number {i}.", title=f"Title {doc_id}",
                            source=f"Outlet {i % 3}", published=day)  # fmt: skip
        store.add_extraction(Extraction(document=document, events=events))
        decisions += attach_to_clusters(store, events)
    return decisions
