"""A small hand-made store of events for the API and dashboard tests (data, no fixtures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitroom.model import Document, Event, Evidence, Extraction, Place, Span
from sitroom.store import Store

TOKEN = "test-token-123"

HOMS = Place(
    geonameid=169577,
    name="Homs",
    lat=34.7268,
    lon=36.7234,
    country_code="SY",
    country="Syria",
    admin1="Homs",
)
HAMA = Place(
    geonameid=170017,
    name="Hama",
    lat=35.1318,
    lon=36.7578,
    country_code="SY",
    country="Syria",
    admin1="Hama",
)
TARTUS = Place(
    geonameid=163345,
    name="Tartus",
    lat=34.8890,
    lon=35.8866,
    country_code="SY",
    country="Syria",
    admin1="Tartus",
)
ALEPPO = Place(
    geonameid=170063,
    name="Aleppo",
    lat=36.2021,
    lon=37.1343,
    country_code="SY",
    country="Syria",
    admin1="Aleppo",
)

XSS_SCRIPT = "<script>window.__xss = 'script';</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss = 'img'\">"

HOMS_TEXT = (
    "Rebels advance on Homs\n\n"
    "Fighters of Hayat Tahrir al-Sham attacked government forces on the northern edge of "
    "Homs on Friday. At least 12 soldiers were killed in the clashes, a monitor said.\n\n"
    "Thousands of residents fled Homs toward Tartus on the coast, according to SOHR."
)
XSS_TEXT = (
    f"Strange report {XSS_SCRIPT}\n\n"
    f"Militants {XSS_IMG} shelled a market in Aleppo, killing 3 civilians. "
    "Witnesses said the shells came from the east."
)


def _span(text: str, phrase: str, within: int = 0) -> Span:
    start = text.index(phrase, within)
    return Span(start=start, end=start + len(phrase), text=phrase)


def _evidence(doc: Document, sentence: str, **fields: str) -> Evidence:
    sent = _span(doc.text, sentence)
    return Evidence(
        document_id=doc.id,
        start=sent.start,
        end=sent.end,
        text=sent.text,
        fields={name: _span(doc.text, phrase, sent.start) for name, phrase in fields.items()},
    )


def homs_extraction() -> Extraction:
    doc = Document(
        text=HOMS_TEXT,
        title="Rebels advance on Homs",
        source="Test Wire",
        url="https://example.org/homs",
        published=dt.date(2024, 12, 6),
    )
    battle_sentence = (
        "Fighters of Hayat Tahrir al-Sham attacked government forces on the northern edge "
        "of Homs on Friday."
    )
    battle = Event(
        document_id=doc.id,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Hayat Tahrir al-Sham",
        actor2="Military Forces of Syria",
        event_date=dt.date(2024, 12, 6),
        date_precision="day",
        place=HOMS,
        location_text="Homs",
        geo_precision=1,
        fatalities=12,
        evidence=[
            _evidence(
                doc,
                battle_sentence,
                actor1="Hayat Tahrir al-Sham",
                actor2="government forces",
                location="Homs",
                event_date="Friday",
            )
        ],
    )
    flight = Event(
        kind="displacement",
        document_id=doc.id,
        event_type="Strategic developments",
        sub_event_type="Displacement",
        event_date=dt.date(2024, 12, 6),
        place=HOMS,
        destination=TARTUS,
        destination_text="Tartus",
        displaced=5000,
        displaced_magnitude="thousands",
        reporting_source="SOHR",
        evidence=[
            _evidence(
                doc,
                "Thousands of residents fled Homs toward Tartus on the coast, according to SOHR.",
                displaced="Thousands",
                location="Homs",
                destination="Tartus",
                reporting_source="SOHR",
            )
        ],
    )
    return Extraction(document=doc, events=[battle, flight])


def xss_extraction() -> Extraction:
    doc = Document(
        text=XSS_TEXT,
        title=f"Market {XSS_SCRIPT}",
        source=f"Wire {XSS_IMG}",
        url="javascript:window.__xss='link'",
        published=dt.date(2024, 12, 1),
    )
    sentence = f"Militants {XSS_IMG} shelled a market in Aleppo, killing 3 civilians."
    event = Event(
        document_id=doc.id,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1=f"Militants {XSS_IMG}",
        actor2="Civilians (Syria)",
        event_date=dt.date(2024, 12, 1),
        place=ALEPPO,
        location_text="Aleppo",
        fatalities=3,
        evidence=[_evidence(doc, sentence, actor1=f"Militants {XSS_IMG}", location="Aleppo")],
    )
    return Extraction(document=doc, events=[event])


def background_extraction(day: int) -> Extraction:
    """A one-event report in Hama on 27 November + ``day`` (fills the timeline)."""
    date = dt.date(2024, 11, 27) + dt.timedelta(days=day)
    text = f"Report {day}: government aircraft struck positions near Hama on {date:%d %B}."
    doc = Document(text=text, title=f"Hama report {day}", source="Test Wire", published=date)
    event = Event(
        document_id=doc.id,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1="Military Forces of Syria",
        event_date=date,
        place=HAMA,
        location_text="Hama",
        geo_precision=2,
        evidence=[_evidence(doc, text, actor1="government aircraft", location="Hama")],
    )
    return Extraction(document=doc, events=[event])


def build_store(path: Path) -> None:
    """The standard test database: Homs battle + displacement, XSS report, 8 Hama strikes."""
    with Store(path) as store:
        store.add_extraction(homs_extraction())
        store.add_extraction(xss_extraction())
        for day in range(8):
            store.add_extraction(background_extraction(day))
