"""Clustering: deterministic, incremental, conservative counts, explained decisions."""

from __future__ import annotations

from sitroom.fuse.cluster import Clusterer, fuse_events, fuse_members


def test_reports_of_one_event_become_one_cluster(make_event):
    events = [make_event("d1"), make_event("d2", day="2024-11-30"), make_event("d3")]
    fused, decisions = fuse_events(events)
    assert len(fused) == 1
    assert [d.action for d in decisions] == ["new", "joined", "joined"]
    assert fused[0].documents == ["d1", "d2", "d3"]


def test_near_misses_stay_separate(make_event):
    events = [
        make_event("d1"),
        make_event("d2", day="2024-12-01", sub="Air/drone strike",
                   event_type="Explosions/Remote violence"),
        make_event("d3", place="hama"),
    ]  # fmt: skip
    fused, _ = fuse_events(events)
    assert len(fused) == 3


def test_fusion_is_deterministic(make_event):
    events = [make_event(f"d{i}", day=f"2024-11-{28 + i % 2}") for i in range(6)]
    first = [d.model_dump() for d in fuse_events(events)[1]]
    second = [d.model_dump() for d in fuse_events(events)[1]]
    assert first == second


def test_a_chain_of_day_apart_reports_does_not_drift_across_days(make_event):
    days = ["2024-12-01", "2024-12-02", "2024-12-03", "2024-12-04", "2024-12-05"]
    fused, _ = fuse_events([make_event(f"d{i}", day=d) for i, d in enumerate(days)])
    assert len(fused) > 1


def test_fatalities_keep_the_lowest_figure_and_every_report(make_event):
    members = [
        make_event("d1", fatalities=4),
        make_event("d2", fatalities=12, fatalities_low=10, fatalities_high=15),
        make_event("d3", fatalities=8),
    ]
    fused = fuse_members("clu_x", members)
    assert fused.fatalities == 4
    assert (fused.fatalities_low, fused.fatalities_high) == (4, 15)
    assert [f.value for f in fused.fatality_reports] == [4, 12, 8]


def test_fused_place_is_the_most_precise(make_event):
    vague = make_event("d1", geo_precision=3)
    exact = make_event("d2", geo_precision=1)
    assert fuse_members("c", [vague, exact]).geo_precision == 1


def test_rejected_near_match_is_explained(make_event):
    clusterer = Clusterer()
    clusterer.assign(make_event("d1"))
    decision = clusterer.assign(make_event("d2", day="2024-12-02"))
    assert decision.action == "new"
    assert decision.rejected and decision.rejected[0]["date_gap_to_cluster_days"] == 3
