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


def test_a_lead_finds_other_reports_leads_wherever_they_were_placed(
    store, make_event, save_documents
):
    from sitroom.fuse.store import _candidate_clusters

    # Two reports' leads 300 km apart (one misplaced), and a secondary record as far.
    far_lead = make_event("d1", place="daraa", lead=True)
    far_other = make_event("d2", place="daraa", sub="Armed clash")
    save_documents(store, {"d1": [far_lead], "d2": [far_other]})
    leads = store.con.execute("SELECT id FROM events WHERE lead").fetchall()
    assert leads == [(far_lead.id,)]
    new = make_event("d3", place="saraqib", lead=True)
    clusters = _candidate_clusters(store.con, new)
    assert [m.id for members in clusters.values() for m in members] == [far_lead.id]
    # A record that is not its report's lead only sees clusters nearby.
    assert _candidate_clusters(store.con, new.model_copy(update={"lead": False})) == {}
