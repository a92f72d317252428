"""A small fused store for the situation-picture tests: two captures (Aleppo told by two
reports, Hama by one) and a burst of four air strikes in Idlib province on one day.

Records go through fusion as ingest does (``attach_with_connection`` inside the
document's transaction), so clusters exist. Coordinates are the towns' (GeoNames).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitroom.fuse.store import attach_with_connection
from sitroom.model import Document, Event, Evidence, Extraction, Place, Span
from sitroom.store import Store

HTS = "Hayat Tahrir al-Sham"
ARMY = "Military Forces of Syria"
RUSSIA = "Military Forces of Russia"
BURST_DAY = dt.date(2024, 12, 3)


def _place(name: str, lat: float, lon: float, admin1: str, geonameid: int | None = None) -> Place:
    return Place(geonameid=geonameid, name=name, lat=lat, lon=lon, country_code="SY",
                 country="Syria", admin1=admin1)  # fmt: skip


ALEPPO = _place("Aleppo", 36.2021, 37.1343, "Aleppo", 170063)
HAMA = _place("Hama", 35.1318, 36.7578, "Hama", 170017)
# Four towns of Idlib province, each more than 15 km from the others, so that same-day
# strikes there stay four events.
IDLIB_TOWNS = [
    _place("Idlib", 35.9306, 36.6339, "Idlib", 169389),
    _place("Saraqib", 35.8644, 36.8006, "Idlib"),
    _place("Maarat al-Numan", 35.6434, 36.6717, "Idlib"),
    _place("Jisr al-Shughur", 35.8126, 36.3179, "Idlib"),
]


def _evidence(doc: Document, sentence: str, **fields: str) -> Evidence:
    start = doc.text.index(sentence)
    spans = {}
    for name, phrase in fields.items():
        at = doc.text.index(phrase, start)
        spans[name] = Span(start=at, end=at + len(phrase), text=phrase)
    return Evidence(document_id=doc.id, start=start, end=start + len(sentence), text=sentence,
                    fields=spans)  # fmt: skip


def capture(title: str, source: str, sentence: str, place: Place, day: dt.date) -> Extraction:
    """One report of HTS taking ``place`` from the army on ``day``."""
    doc = Document(text=f"{title}\n\n{sentence}", title=title, source=source, published=day)
    event = Event(
        document_id=doc.id,
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory",
        actor1=HTS,
        actor2=ARMY,
        inter1=2,
        inter2=1,
        event_date=day,
        date_precision="day",
        place=place,
        location_text=place.name,
        geo_precision=1,
        fatalities=None,
        evidence=[_evidence(doc, sentence, actor1=HTS, location=place.name)],
    )
    return Extraction(document=doc, events=[event])


def strike(place: Place, day: dt.date, n: int) -> Extraction:
    """One report of a Russian air strike on ``place``."""
    sentence = f"Russian jets struck {place.name} on {day:%d %B}, killing {n} people."
    doc = Document(text=sentence, title=f"Strike on {place.name}", source="Idlib Monitor",
                   published=day)  # fmt: skip
    event = Event(
        document_id=doc.id,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1=RUSSIA,
        event_date=day,
        date_precision="day",
        place=place,
        location_text=place.name,
        geo_precision=1,
        fatalities=n,
        evidence=[_evidence(doc, sentence, actor1="Russian jets", location=place.name)],
    )
    return Extraction(document=doc, events=[event])


ALEPPO_REPORTS = [
    ("HTS takes Aleppo", "North Wire", f"{HTS} fighters captured Aleppo on Saturday."),
    ("Aleppo falls to rebels", "Levant Post", f"Rebels of {HTS} seized Aleppo from the army."),
]


def extractions() -> list[Extraction]:
    """The reports in ingest order."""
    day = dt.date(2024, 11, 30)
    items = [capture(t, s, sentence, ALEPPO, day) for t, s, sentence in ALEPPO_REPORTS]
    items.append(
        capture(
            "Hama captured",
            "North Wire",
            f"{HTS} captured Hama after days of fighting.",
            HAMA,
            dt.date(2024, 12, 5),
        )
    )
    items += [strike(town, BURST_DAY, i + 2) for i, town in enumerate(IDLIB_TOWNS)]
    return items


def build_situation_store(path: Path) -> None:
    """Store every report and fuse its records in the same transaction, as ingest does."""
    with Store(path) as store:
        for extraction in extractions():
            events = extraction.events
            store.add_extraction(
                extraction,
                within_transaction=lambda con, ev=events: attach_with_connection(con, ev),
            )
