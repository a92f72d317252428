"""Escalation alerts: Poisson tail against a trailing baseline."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.analysis.alerts import alerts, poisson_tail
from sitroom.analysis.commands import alerts_command


def test_poisson_tail_matches_hand_values():
    assert poisson_tail(0, 2.0) == 1.0
    assert poisson_tail(1, 2.0) == pytest.approx(1 - 0.135335, abs=1e-5)
    assert poisson_tail(5, 0.5) == pytest.approx(0.000172, abs=1e-5)


def _day(i: int) -> str:
    return (dt.date(2024, 11, 1) + dt.timedelta(days=i)).isoformat()


def test_a_burst_after_a_quiet_baseline_raises_an_alert(store, make_event, save_documents):
    places = ["saraqib", "hama", "daraa", "suwayda", "homs", "latakia"]
    docs = {f"q{i}": [make_event(f"q{i}", place="hama", day=_day(i), sub="Armed clash")]
            for i in range(0, 14, 3)}  # fmt: skip
    docs.update({f"b{i}": [make_event(f"b{i}", place=p, day=_day(20), sub="Armed clash")]
                 for i, p in enumerate(places)})  # fmt: skip
    save_documents(store, docs)
    found = alerts(store, since=dt.date.fromisoformat(_day(15)))
    assert any(a.dimension == "event_type" and a.key == "Battles" and a.count == 6 for a in found)
    assert all(a.date == dt.date.fromisoformat(_day(20)) for a in found)


def test_a_steady_rate_raises_no_alert(store, make_event, save_documents):
    places = ["saraqib", "hama", "daraa"]
    docs = {f"s{d}{p}": [make_event(f"s{d}{p}", place=p, day=_day(d), sub="Armed clash")]
            for d in range(20) for p in places}  # fmt: skip
    save_documents(store, docs)
    assert alerts(store, since=dt.date.fromisoformat(_day(15))) == []


def test_alerts_command_states_the_method(offensive_store):
    text = alerts_command(offensive_store, since="7d")
    assert "Poisson" in text and "14-day" in text
