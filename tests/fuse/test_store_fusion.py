"""Incremental fusion against the store, recluster, and the explanation of a merge."""

from __future__ import annotations

from sitroom.analysis.commands import explain_command
from sitroom.fuse import explain, load_fused_events, recluster


def test_new_report_attaches_to_the_stored_event(store, make_event, save_documents):
    decisions = save_documents(
        store, {"d1": [make_event("d1", fatalities=20)], "d2": [make_event("d2", fatalities=25)]}
    )
    assert [d.action for d in decisions] == ["new", "joined"]
    fused = load_fused_events(store)
    assert len(fused) == 1 and fused[0].fatalities == 20
    clusters = store.con.execute("SELECT count(DISTINCT cluster_id) FROM events").fetchone()[0]
    assert clusters == 1


def test_recluster_reproduces_incremental_fusion(store, make_event, save_documents):
    docs = {
        "d1": [make_event("d1")],
        "d2": [make_event("d2", place="hama")],
        "d3": [make_event("d3", day="2024-11-30")],
    }
    incremental = [d.cluster_id for d in save_documents(store, docs)]
    rebuilt = [d.cluster_id for d in recluster(store)]
    assert sorted(incremental) == sorted(rebuilt)
    assert len(set(rebuilt)) == 2


def test_explain_names_reports_and_reasons(store, make_event, save_documents):
    save_documents(store, {"d1": [make_event("d1")], "d2": [make_event("d2")]})
    event_id = make_event("d2").id
    data = explain(store, event_id)
    assert [d["action"] for d in data["decisions"]] == ["new", "joined"]
    text = explain_command(store, event_id)
    assert "Title d1" in text and "Title d2" in text
    assert "distance_km=0.0" in text


def test_explain_unknown_id_is_a_clear_error(store):
    import pytest

    from sitroom.errors import NotFound

    with pytest.raises(NotFound, match="no event or cluster"):
        explain(store, "evt_nope")
