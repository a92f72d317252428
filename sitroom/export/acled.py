"""ACLED-style CSV: ACLED's column names and conventions, one row per event.

Displacement records are not ACLED events and are left out.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable

import pycountry
import yaml

from sitroom.config import DATA_DIR
from sitroom.model import Document, Event

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
# ACLED's time_precision: 1 = day, 2 = week or a few days, 3 = month or vaguer.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
CONTINENT_REGION = {"EU": "Europe", "AF": "Eastern Africa", "AS": "South Asia",
                    "NA": "North America", "SA": "South America", "OC": "Oceania"}  # fmt: skip
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


@functools.cache
def _regions() -> dict[str, str]:
    data = yaml.safe_load((DATA_DIR / "acled_regions.yaml").read_text("utf-8"))
    return {code: region for region, codes in data.items() for code in codes}


@functools.cache
def _continents() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (DATA_DIR / "geonames" / "countryInfo.txt").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) > 8:
            out[cols[0]] = cols[8]
    return out


def region_of(country_code: str | None) -> str:
    if not country_code:
        return ""
    return _regions().get(country_code) or CONTINENT_REGION.get(
        _continents().get(country_code, ""), ""
    )


def iso_numeric(country_code: str | None) -> str:
    if not country_code:
        return ""
    country = pycountry.countries.get(alpha_2=country_code)
    return str(int(country.numeric)) if country else ""


def acled_row(event: Event, document: Document | None, index: int) -> dict[str, object]:
    place = event.place
    sources = [s for s in (document.source if document else None, event.reporting_source) if s]
    tags = []
    if event.date_precision == "week" and event.evidence and "date" not in event.evidence[0].fields:
        tags.append("date: publication date")
    return {
        "event_id_cnty": f"{(place.country_code if place else 'XX') or 'XX'}{index}",
        "event_date": event.event_date.isoformat() if event.event_date else "",
        "year": event.event_date.year if event.event_date else "",
        "time_precision": TIME_PRECISION.get(event.date_precision or "", ""),
        "disorder_type": DISORDER.get(event.event_type, ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "",
        "assoc_actor_1": event.assoc_actor_1 or "",
        "inter1": event.inter1 if event.inter1 is not None else "",
        "actor2": event.actor2 or "",
        "assoc_actor_2": event.assoc_actor_2 or "",
        "inter2": event.inter2 if event.inter2 is not None else "",
        "interaction": event.interaction if event.interaction is not None else "",
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": iso_numeric(place.country_code if place else None),
        "region": region_of(place.country_code if place else None),
        "country": (place.country or "") if place else "",
        "admin1": (place.admin1 or "") if place else "",
        "admin2": (place.admin2 or "") if place else "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": round(place.lat, 4) if place else "",
        "longitude": round(place.lon, 4) if place else "",
        "geo_precision": event.geo_precision or "",
        "source": "; ".join(dict.fromkeys(sources)),
        "source_scale": "",
        "notes": " ".join(e.text.strip() for e in event.evidence)[:1000],
        "fatalities": event.fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": int(document.ingested_at.timestamp())
        if document and document.ingested_at
        else "",
    }


def write_acled_csv(
    events: Iterable[Event], documents: dict[str, Document], out: io.TextIOBase | None = None
) -> str:
    """Write ACLED-style CSV of the ``kind == "event"`` records; returns the text if no ``out``."""
    buffer = out or io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    index = 0
    for event in events:
        if event.kind != "event":
            continue
        index += 1
        writer.writerow(acled_row(event, documents.get(event.document_id), index))
    return buffer.getvalue() if out is None and isinstance(buffer, io.StringIO) else ""
