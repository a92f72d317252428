"""Control and alerts read clusters of one record from their columns and fuse only larger
clusters; these stores mix both (clusters set by hand, so the fusion rules do not matter)
and pin the answers the fused reading gives."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from events_kit import PLACES, build_event

from sitroom.analysis.alerts import alerts, daily_counts
from sitroom.analysis.control import control_changes, control_timeseries
from sitroom.fuse.store import load_fused_events
from sitroom.model import Document, Extraction
from sitroom.store import EventFilter

GOV = "Military Forces of Syria (2000-2024)"
HTS = "HTS: Hayat Tahrir al-Sham"
ZETA, ALPHA = "Zeta Brigade", "Alpha Brigade"  # not in the actor dictionary: both hold ground


def _save(store, doc_id: str, events: list, text: str | None = None, day: str = "2024-12-01"):
    document = Document(id=doc_id, text=text or f"Report {doc_id}.", title=f"Title {doc_id}",
                        source="Outlet", published=dt.date.fromisoformat(day))  # fmt: skip
    store.add_extraction(Extraction(document=document, events=events))
    return [e.id for e in events]


def _cluster(store, name: str, ids: list[str]) -> None:
    store.con.execute(
        "UPDATE events SET cluster_id = ? WHERE id IN (SELECT unnest(?))", [name, ids]
    )


@pytest.fixture
def mixed_store(store):
    """Hama: a fight cluster whose fused day (Dec 3) differs from one record's own day
    (Dec 1); a lone fight of Zeta Brigade on Dec 1; Dec 2 a capture from the government
    whose taker is not named; a capture cluster straddling Dec 4/5; a control statement."""
    e = build_event
    fight = [
        *_save(store, "f1", [e("f1", place="hama", day="2024-12-03", sub="Armed clash",
                               actor1=HTS, actor2=GOV)]),
        *_save(store, "f2", [e("f2", place="hama", day="2024-12-03", sub="Armed clash",
                               actor1=HTS, actor2=GOV)]),
        *_save(store, "f3", [e("f3", place="hama", day="2024-12-01", sub="Armed clash",
                               actor1=ALPHA, actor2=GOV, geo_precision=2)]),
    ]  # fmt: skip
    _cluster(store, "clu_fight", fight)
    _save(store, "z1", [e("z1", place="hama", day="2024-12-01", sub="Armed clash",
                          actor1=ZETA, actor2=GOV)])  # fmt: skip
    _save(store, "c1", [e("c1", place="hama", day="2024-12-02", actor1=None, actor2=GOV)])
    capture = [
        *_save(store, "k1", [e("k1", place="homs", day="2024-12-05", actor1=HTS, actor2=GOV)]),
        *_save(store, "k2", [e("k2", place="homs", day="2024-12-05", actor1=HTS, actor2=GOV)]),
        *_save(store, "k3", [e("k3", place="homs", day="2024-12-04", actor1=HTS, actor2=GOV)]),
    ]  # fmt: skip
    _cluster(store, "clu_capture", capture)
    _save(store, "same", [e("same", place="daraa", day="2024-12-05", sub="Armed clash",
                            actor1=ZETA, actor2=ZETA)])  # fmt: skip
    text = "Zeta Brigade controls Latakia. Nothing else happened."
    _save(store, "s1", [], text=text, day="2024-12-06")
    _save(store, "s2", [], text="Zeta Brigade visited Latakia.", day="2024-12-06")
    for doc in ("s1", "s2"):
        store.con.execute(
            "INSERT INTO actor_mentions VALUES (?, 'zeta', ?, 0, 12, ?)", [doc, ZETA, ZETA]
        )
    latakia = PLACES["latakia"]
    store.con.execute(
        "INSERT INTO place_mentions VALUES ('s1', 'Latakia', 22, 29, ?, ?, ?, ?, ?, ?, ?)",
        [latakia.geonameid, latakia.name, latakia.lat, latakia.lon, latakia.country_code,
         latakia.country, latakia.admin1],
    )  # fmt: skip
    return store


def _fused_counts(store, until=None, country=None):
    """The definition: every fused event (all clusters fused) counted on its fused day."""
    counts = defaultdict(lambda: defaultdict(list))
    for fused in load_fused_events(store, EventFilter(until=until, country=country)):
        if fused.event_date is None:
            continue
        keys = [("event_type", fused.event_type)]
        if fused.place is not None and fused.place.admin1:
            keys.append(("admin1", fused.place.admin1))
        keys += [("actor", a) for a in {fused.actor1, fused.actor2} - {None}]
        for key in keys:
            counts[key][fused.event_date].append(fused.cluster_id)
    return {k: {d: sorted(c) for d, c in v.items()} for k, v in counts.items()}


def _plain(counts):
    return {k: {d: sorted(c) for d, c in v.items()} for k, v in counts.items()}


@pytest.mark.parametrize("until", [None, dt.date(2024, 12, 4)])
def test_daily_counts_equal_counts_of_fused_events(mixed_store, until):
    assert _plain(daily_counts(mixed_store, until)) == _fused_counts(mixed_store, until)


def test_a_cluster_counts_once_on_its_fused_day_and_in_its_best_placed_area(mixed_store):
    counts = daily_counts(mixed_store)
    assert counts[("actor", ALPHA)] == {}  # Alpha is neither fused actor of the fight
    assert counts[("actor", HTS)][dt.date(2024, 12, 3)] == ["clu_fight"]
    assert "clu_fight" not in counts[("admin1", "Hama")].get(dt.date(2024, 12, 1), [])
    # A record naming the same side twice counts once for it.
    same = counts[("admin1", "Daraa")][dt.date(2024, 12, 5)]
    assert len(same) == 1 and counts[("actor", ZETA)][dt.date(2024, 12, 5)] == same


def test_baseline_is_the_mean_of_the_trailing_window(store):
    e = build_event
    start = dt.date(2024, 11, 1)
    for i in range(14):
        day = (start + dt.timedelta(days=i)).isoformat()
        _save(store, f"q{i}", [e(f"q{i}", place="hama", day=day, sub="Armed clash")])
    burst = (start + dt.timedelta(days=16)).isoformat()
    for i in range(8):
        _save(store, f"b{i}", [e(f"b{i}", place="homs", day=burst, sub="Armed clash")])
    found = alerts(store, since=start + dt.timedelta(days=15))
    battles = next(a for a in found if a.dimension == "event_type")
    # Window Nov 3 .. Nov 16: 12 daily events (Nov 3..14) over 14 days.
    assert battles.count == 8 and battles.baseline == round(12 / 14, 3)
    assert [s.document_id for s in battles.sources] == sorted(f"b{i}" for i in range(8))


def test_alert_sources_are_every_report_of_its_clusters(mixed_store):
    found = alerts(mixed_store, since=dt.date(2024, 12, 1), min_count=1, p_threshold=1.1)
    fight = next(a for a in found if a.cluster_ids == ["clu_fight"])
    assert [s.document_id for s in fight.sources] == ["f1", "f2", "f3"]


def test_control_changes_from_fused_clusters_and_statements(mixed_store):
    changes = [
        (c.date.isoformat(), c.place.name, c.controller, c.previous, c.basis)
        for c in control_changes(mixed_store)
    ]
    assert changes == [
        # The fight cluster is dated Dec 3, after the capture: only Zeta's fight counts.
        ("2024-12-02", "Hama", ZETA, GOV,
         "Non-state actor overtakes territory (side taking it inferred)"),
        ("2024-12-05", "Homs", HTS, GOV, "Non-state actor overtakes territory"),
        ("2024-12-06", "Latakia", ZETA, None, "control statement"),
    ]  # fmt: skip


def test_control_until_keeps_clusters_with_a_record_in_range(mixed_store):
    series = control_timeseries(control_changes(mixed_store, until=dt.date(2024, 12, 4)))
    # k3 (Dec 4) is in range, so the capture cluster is fused from all three records.
    assert [c["date"] for c in series["Homs"]] == ["2024-12-05"]
    assert "Latakia" not in series


def test_every_control_cue_contains_a_word_the_database_prefilters_on():
    from sitroom.analysis.control import ACTIVE_CUES, CUE_WORDS, PASSIVE_CUES

    for cues in (ACTIVE_CUES, PASSIVE_CUES):
        inner = cues.pattern.removeprefix(r"\b(?:").removesuffix(r")\b")
        for alternative in inner.split("|"):
            assert any(word in alternative.lower() for word in CUE_WORDS), alternative


def test_summary_of_columns_matches_fuse_members_on_random_clusters():
    """``summarize`` re-reads a cluster's day, type, area and actors from columns; any
    drift from the fusion rules would move counts and opponents."""
    import random

    from sitroom.analysis.common import member_of, summarize
    from sitroom.fuse.cluster import fuse_members

    rng = random.Random(3)
    subs = [("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"),
            ("Explosions/Remote violence", "Air/drone strike")]  # fmt: skip
    actors = [HTS, GOV, ZETA, ALPHA, None, ""]
    for n in range(300):
        members = []
        for i in range(rng.randint(1, 5)):
            event_type, sub = rng.choice(subs)
            members.append(
                build_event(
                    f"d{n}-{i}",
                    place=rng.choice(list(PLACES)),
                    day=f"2024-12-0{rng.randint(1, 4)}",
                    sub=sub,
                    event_type=event_type,
                    actor1=rng.choice(actors),
                    actor2=rng.choice(actors),
                    date_precision=rng.choice(["day", "week", "month", None]),
                    geo_precision=rng.choice([1, 2, 3, None]),
                    confidence=rng.choice([0.5, 0.8]),
                )
            )
        if rng.random() < 0.2:
            members[0] = members[0].model_copy(update={"place": None})
        fused = fuse_members("k", members)
        summary = summarize("k", [member_of(e) for e in members])
        admin1 = fused.place.admin1 if fused.place else None
        expected = (fused.event_date, fused.event_type, admin1, fused.actor1, fused.actor2)
        got = (summary.event_date, summary.event_type, summary.admin1, summary.actor1,
               summary.actor2)  # fmt: skip
        assert got == expected
