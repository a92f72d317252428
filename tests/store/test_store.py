import datetime as dt

import pytest

from sitroom.errors import StoreError
from sitroom.model import Document, Event, Evidence, Extraction, Place
from sitroom.store import EventFilter, Store
from sitroom.store.schema import MIGRATIONS

HOMS = Place(geonameid=169577, name="Homs", lat=34.7268, lon=36.7234, country_code="SY",
             country="Syria", admin1="Homs", feature_class="P", feature_code="PPLA")  # fmt: skip
IDLIB = Place(geonameid=169388, name="Idlib", lat=35.9306, lon=36.6339, country_code="SY",
              country="Syria", admin1="Idlib", feature_class="P", feature_code="PPLA")  # fmt: skip


def _extraction(text: str, events: list[dict]) -> Extraction:
    doc = Document(text=text, published=dt.date(2024, 12, 6), source="Test Wire")
    built = [
        Event(
            document_id=doc.id,
            evidence=[Evidence(document_id=doc.id, start=0, end=len(text), text=text)],
            **e,
        )
        for e in events
    ]
    return Extraction(document=doc, events=built)


def _clash(**kw) -> dict:
    base = {"event_type": "Battles", "sub_event_type": "Armed clash",
            "actor1": "HTS: Hayat Tahrir al-Sham", "place": HOMS,
            "event_date": dt.date(2024, 12, 6)}  # fmt: skip
    return base | kw


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        yield s


def test_document_and_events_round_trip(store):
    ex = _extraction("HTS fighters clashed with the army in Homs.", [_clash()])
    store.add_extraction(ex)
    assert store.get_document(ex.document.id).text == ex.document.text
    [event] = store.query_events()
    assert event == ex.events[0]
    assert store.get_event(event.id) == event


def test_failed_write_leaves_nothing_half_written(store):
    first = _extraction("HTS fighters clashed with the army in Homs.", [_clash()])
    store.add_extraction(first)
    # A second document whose event reuses an existing id makes the insert fail midway.
    second = _extraction("Another report entirely.", [])
    second.events = [first.events[0].model_copy(update={"document_id": second.document.id})]
    with pytest.raises(StoreError):
        store.add_extraction(second)
    assert store.count("documents") == 1
    assert store.count("events") == 1


def test_filters_by_date_country_type_actor_and_distance(store):
    strike = _clash(
        place=IDLIB,
        event_date=dt.date(2024, 11, 27),
        sub_event_type="Air/drone strike",
        event_type="Explosions/Remote violence",
        actor1="Military Forces of Russia (2000-)",
    )
    store.add_extraction(_extraction("a", [_clash(), strike]))
    assert len(store.query_events(EventFilter(since=dt.date(2024, 12, 1)))) == 1
    assert len(store.query_events(EventFilter(country="SY"))) == 2
    assert len(store.query_events(EventFilter(country="Lebanon"))) == 0
    assert [
        e.place.name for e in store.query_events(EventFilter(event_type="Air/drone strike"))
    ] == ["Idlib"]
    assert len(store.query_events(EventFilter(actor="russia"))) == 1
    near_homs = store.query_events(EventFilter(near=(34.73, 36.72), km=25))
    assert [e.place.name for e in near_homs] == ["Homs"]
    # Idlib is about 134 km north of Homs.
    assert len(store.query_events(EventFilter(near=(34.73, 36.72), km=150))) == 2


def test_cursor_pagination_visits_every_event_once(store):
    events = [_clash(event_date=dt.date(2024, 11, 27) + dt.timedelta(days=i % 5), actor1=f"A{i}")
              for i in range(12)]  # fmt: skip
    store.add_extraction(_extraction("many", events))
    seen, cursor = [], None
    while True:
        page = store.query_events(limit=5, after=cursor)
        if not page:
            break
        seen += [e.id for e in page]
        cursor = page[-1].id
    assert len(seen) == 12 == len(set(seen))


def test_reopening_does_not_migrate_twice(tmp_path):
    path = tmp_path / "x.duckdb"
    Store(path).close()
    with Store(path) as again:
        versions = again.con.execute("SELECT version FROM schema_version").fetchall()
    assert sorted(v for (v,) in versions) == [version for version, _ in MIGRATIONS]


def test_read_only_open_of_missing_database_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="sitroom ingest"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_read_only_open_brings_an_older_database_up_to_date(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    for statement in MIGRATIONS[0][1]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.close()
    with Store(path, read_only=True) as store:
        assert store.query_events(EventFilter(q="homs")) == []
