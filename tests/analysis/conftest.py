"""Fixtures for the analysis tests: hand-built events and small stores (no pipeline)."""

from __future__ import annotations

import pytest
from events_kit import PLACES, build_event, store_documents

GOV = "Military Forces of Syria (2000-2024)"
HTS = "HTS: Hayat Tahrir al-Sham"


@pytest.fixture
def make_event():
    return build_event


@pytest.fixture
def store():
    from sitroom.store import Store

    with Store(":memory:") as s:
        yield s


@pytest.fixture
def offensive_store(store):
    """A small offensive: Saraqib and Hama change hands, a clash, strikes, a flight."""
    e = build_event
    store_documents(
        store,
        {
            "d1": [e("d1", place="hama", day="2024-12-01", sub="Armed clash", fatalities=10,
                     inter1=2, inter2=1)],
            "d2": [e("d2", place="saraqib", day="2024-11-29", inter1=2, inter2=1)],
            "d3": [e("d3", place="saraqib", day="2024-11-29", actor2=None, inter1=2)],
            "d4": [e("d4", place="hama", day="2024-12-04", sub="Government regains territory",
                     actor1=GOV, actor2=HTS, inter1=1, inter2=2)],
            "d5": [e("d5", place="hama", day="2024-12-05", actor1=GOV, actor2=HTS, inter1=1,
                     inter2=2, fatalities=30, fatalities_high=40)],
            "d6": [e("d6", place="hama", day="2024-12-05", kind="displacement",
                     sub="Displacement", event_type="Displacement", actor1="Civilians (Syria)",
                     actor2=None, destination=PLACES["latakia"], displaced=5000,
                     reporting_source="SOHR")],
            "d7": [e("d7", place="hama", day="2024-12-05", kind="displacement",
                     sub="Displacement", event_type="Displacement", actor1="Civilians (Syria)",
                     actor2=None, destination=PLACES["latakia"], displaced=8000,
                     reporting_source="SOHR")],
            "d8": [e("d8", place="homs", day="2024-12-06", kind="displacement",
                     sub="Displacement", event_type="Displacement", actor1="Civilians (Syria)",
                     actor2=None, destination=PLACES["latakia"], displaced_magnitude="thousands")],
        },
    )  # fmt: skip
    return store


@pytest.fixture
def save_documents():
    """Store documents with their events and fuse them, as ingest does."""
    return store_documents
