"""The situation-picture endpoints over HTTP: control, alerts, network, fused events,
explanations and the report, on a small fused store (see situationdata.py)."""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from situationdata import ALEPPO_REPORTS, ARMY, BURST_DAY, HTS, RUSSIA, build_situation_store
from test_web_error_shape import assert_error_shape

from sitroom.web import situation
from sitroom.web.app import create_app

API = "/api/v1"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("situation-api") / "situation.duckdb"
    build_situation_store(path)
    with TestClient(create_app(path), raise_server_exceptions=False) as client:
        yield client


def get(api: TestClient, url: str, **params: object) -> dict:
    response = api.get(f"{API}{url}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def by_name(collection: dict, level: str = "place") -> dict[str, dict]:
    return {
        f["properties"]["name"]: f["properties"]
        for f in collection["features"]
        if f["properties"]["level"] == level
    }


def aleppo_event_ids(api: TestClient) -> list[str]:
    events = get(api, "/events", q="Aleppo")["events"]
    return [e["id"] for e in events if e["place"]["name"] == "Aleppo"]


def test_control_before_hama_falls_keeps_the_army_there(api: TestClient) -> None:
    collection = get(api, "/control", date="2024-12-01", country="Syria")
    assert collection["type"] == "FeatureCollection"
    assert collection["date"] == "2024-12-01"
    places = by_name(collection)
    aleppo, hama = places["Aleppo"], places["Hama"]
    assert (aleppo["controller"], aleppo["since"]) == (HTS, "2024-11-30")
    assert {s["title"] for s in aleppo["sources"]} == {t for t, _, _ in ALEPPO_REPORTS}
    assert all(s["cite"] for s in aleppo["sources"])
    assert 0 < aleppo["confidence"] <= 1
    # Before its first change, the losing side is assumed to hold it, with less confidence.
    assert hama["controller"] == ARMY and hama["since"] is None
    assert hama["confidence"] < aleppo["confidence"]
    assert set(by_name(collection, "admin1")) == {"Aleppo", "Hama"}
    feature = next(f for f in collection["features"] if f["properties"]["name"] == "Aleppo")
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}


def test_control_defaults_to_the_latest_event_date(api: TestClient) -> None:
    collection = get(api, "/control")
    assert collection["date"] == "2024-12-05"
    assert {p["controller"] for p in by_name(collection).values()} == {HTS}
    assert [c["name"] for c in collection["controllers"]] == [HTS, ARMY]
    assert collection["held_places"] == {HTS: 2}


def test_control_in_a_country_without_territory_events_is_empty(api: TestClient) -> None:
    collection = get(api, "/control", country="Lebanon")
    assert collection["features"] == [] and collection["controllers"] == []


@pytest.mark.parametrize("params", [{"date": "8 December"}, {"date": "2024-13-01"}])
def test_control_rejects_a_bad_date(api: TestClient, params: dict) -> None:
    response = api.get(f"{API}/control", params=params)
    assert response.status_code == 422
    assert_error_shape(response)


def test_moving_the_control_date_reuses_the_inferred_changes(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    get(api, "/control", date="2024-12-02")  # infers (or reuses) the changes

    def explode(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("control changes inferred again before any write")

    monkeypatch.setattr(situation, "control_changes", explode)
    assert by_name(get(api, "/control", date="2024-12-04"))["Hama"]["controller"] == ARMY


def test_control_timeseries_lists_each_change_of_hands(api: TestClient) -> None:
    body = get(api, "/control/timeseries", country="SY")
    series = {p["name"]: p["changes"] for p in body["places"]}
    assert set(series) == {"Aleppo", "Hama"}
    (aleppo,) = series["Aleppo"]
    assert (aleppo["date"], aleppo["controller"], aleppo["previous"]) == ("2024-11-30", HTS, ARMY)
    assert len(aleppo["sources"]) == 2
    assert series["Hama"][0]["date"] == "2024-12-05"


def test_alerts_flag_the_idlib_burst_with_a_filter_for_its_events(api: TestClient) -> None:
    body = get(api, "/alerts", since="2024-11-25")
    assert "Poisson" in body["method"]["test"]
    found = {(a["dimension"], a["key"]): a for a in body["alerts"]}
    assert set(found) == {("admin1", "Idlib"), ("actor", RUSSIA),
                          ("event_type", "Explosions/Remote violence")}  # fmt: skip
    area = found[("admin1", "Idlib")]
    assert (area["date"], area["count"]) == (BURST_DAY.isoformat(), 4)
    assert area["p_value"] < 0.01 and len(area["sources"]) == 4
    shown = get(api, "/events", **{k: v for k, v in area["filter"].items() if v})
    assert shown["total"] == 4


def test_alerts_since_a_relative_span_counts_back_from_the_latest_event(api: TestClient) -> None:
    assert get(api, "/alerts", since="1d")["alerts"] == []  # 4 Dec on: after the burst
    assert len(get(api, "/alerts", since="2d")["alerts"]) == 3
    assert get(api, "/alerts", since="2d")["since"] == BURST_DAY.isoformat()


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"since": "last week"}, 400),
        ({"since": "2024-12-05", "until": "2024-12-01"}, 400),
        ({"until": "soon"}, 422),
    ],
)
def test_alerts_reject_bad_periods(api: TestClient, params: dict, status: int) -> None:
    response = api.get(f"{API}/alerts", params=params)
    assert response.status_code == status
    assert_error_shape(response)


def test_network_json_weights_fights_by_fused_events(api: TestClient) -> None:
    body = get(api, "/network")
    edges = {(e["source"], e["relation"], e["target"]): e for e in body["edges"]}
    # Aleppo (told twice) and Hama: two events, not three reports.
    assert edges[(HTS, "fights", ARMY)]["weight"] == 2
    assert {n["id"] for n in body["nodes"]} == {HTS, ARMY, RUSSIA}


def test_network_graphml_is_xml_with_every_actor(api: TestClient) -> None:
    response = api.get(f"{API}/network", params={"format": "graphml", "until": "2024-12-01"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphml+xml")
    root = ET.fromstring(response.content)
    labels = {d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")}
    assert {HTS, ARMY} <= labels and RUSSIA not in labels


@pytest.mark.parametrize(
    "params", [{"format": "csv"}, {"since": "2024-12-05", "until": "2024-12-01"}]
)
def test_network_rejects_bad_input(api: TestClient, params: dict) -> None:
    assert_error_shape(api.get(f"{API}/network", params=params))


def test_fused_events_hold_every_report_of_an_event(api: TestClient) -> None:
    body = get(api, "/fused-events")
    assert body["total"] == 6 and body["next_offset"] is None
    aleppo = next(f for f in body["fused_events"] if f["place"]["name"] == "Aleppo")
    assert len(aleppo["reports"]) == 2 and len(aleppo["documents"]) == 2
    assert {r["title"] for r in aleppo["reports"]} == {t for t, _, _ in ALEPPO_REPORTS}
    assert len(aleppo["evidence"]) == 2
    assert sorted(aleppo["members"]) == sorted(aleppo_event_ids(api))


def test_fused_events_page_with_offset_and_filters(api: TestClient) -> None:
    first = get(api, "/fused-events", limit=4)
    rest = get(api, "/fused-events", limit=4, offset=first["next_offset"])
    ids = [f["cluster_id"] for f in first["fused_events"] + rest["fused_events"]]
    assert len(ids) == len(set(ids)) == 6 and rest["next_offset"] is None
    assert get(api, "/fused-events", admin1="Idlib")["total"] == 4


def test_one_fused_event_by_cluster_or_record_id(api: TestClient) -> None:
    record_id = aleppo_event_ids(api)[1]
    fused = get(api, f"/fused-events/{record_id}")
    assert get(api, f"/fused-events/{fused['cluster_id']}") == fused
    assert record_id in fused["members"]


@pytest.mark.parametrize(
    "url",
    ["/fused-events/evt_nope", "/events/evt_nope/explain", "/fused-events?limit=0"],
)
def test_fused_events_and_explain_reject_unknown_ids(api: TestClient, url: str) -> None:
    assert_error_shape(api.get(f"{API}{url}"))


def test_event_detail_lists_the_other_reports_of_the_same_event(api: TestClient) -> None:
    first, second = aleppo_event_ids(api)
    fused = get(api, f"/events/{first}")["fused"]
    assert fused["records"] == 2 and fused["documents"] == 2
    assert [r["event_id"] for r in fused["other_reports"]] == [second]
    strike = get(api, "/events", admin1="Idlib", limit=1)["events"][0]["id"]
    alone = get(api, f"/events/{strike}")["fused"]
    assert alone["records"] == 1 and alone["other_reports"] == []


def test_explain_says_which_report_opened_and_which_joined(api: TestClient) -> None:
    first, second = aleppo_event_ids(api)
    body = get(api, f"/events/{second}/explain")
    decisions = {d["event_id"]: d for d in body["decisions"]}
    assert set(decisions) == {first, second}
    opened = [d for d in body["decisions"] if d["action"] == "new"]
    joined = [d for d in body["decisions"] if d["action"] == "joined"]
    assert len(opened) == len(joined) == 1
    assert joined[0]["matched_event_id"] == opened[0]["event_id"]
    assert joined[0]["reasons"]["distance_km"] == 0
    assert body["cluster"]["cluster_id"] == get(api, f"/events/{first}")["fused"]["cluster_id"]


def test_report_markdown_cites_its_sources(api: TestClient) -> None:
    response = api.get(f"{API}/report", params={"country": "Syria", "since": "2024-11-28"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    text = response.text
    assert "took control of Aleppo" in text
    line = next(x for x in text.splitlines() if "took control of Aleppo" in x)
    assert all(title in line for title, _, _ in ALEPPO_REPORTS)


def test_report_html_has_its_own_csp_without_any_script(api: TestClient) -> None:
    response = api.get(f"{API}/report", params={"format": "html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = dict(
        d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";")
    )
    assert csp["default-src"] == "'none'" and "script-src" not in csp
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    style = re.search(r"<style>(.*?)</style>", response.text, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert csp["style-src"] == f"'sha256-{digest}'"
    assert "<script" not in response.text.lower()


def test_report_pdf_is_a_pdf(api: TestClient) -> None:
    response = api.get(f"{API}/report", params={"format": "pdf", "until": "2024-12-05"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "params",
    [{"format": "docx"}, {"since": "2024-12-05", "until": "2024-11-01"}, {"since": "Monday"}],
)
def test_report_rejects_bad_input(api: TestClient, params: dict) -> None:
    assert_error_shape(api.get(f"{API}/report", params=params))


def test_openapi_documents_the_situation_endpoints(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    for path in ["/control", "/control/timeseries", "/alerts", "/network", "/fused-events",
                 "/fused-events/{ident}", "/events/{event_id}/explain", "/report"]:  # fmt: skip
        operation = paths[f"{API}{path}"]["get"]
        assert operation["summary"], path


def test_situation_bodies_are_cached_until_the_next_write(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.get(f"{API}/alerts", params={"since": "2024-11-20"})
    monkeypatch.setattr(situation, "alerts", lambda *a, **k: [])
    assert api.get(f"{API}/alerts", params={"since": "2024-11-20"}).content == first.content
    api.app.state.sitroom.cache.invalidate()  # what a write does
    assert api.get(f"{API}/alerts", params={"since": "2024-11-20"}).json()["alerts"] == []


def test_dashboard_and_server_agree_on_when_the_situation_loads_unasked() -> None:
    script = (Path(situation.__file__).parent / "static" / "js" / "app.js").read_text()
    found = re.search(r"const AUTO_SITUATION_MAX_RECORDS = (\d+);", script)
    assert found is not None
    assert int(found.group(1)) == situation.AUTO_SITUATION_MAX_RECORDS


def test_start_up_pre_computes_the_dashboards_control_and_alerts(api: TestClient) -> None:
    cache = api.app.state.sitroom.cache
    api.app.state.sitroom.cache.invalidate()
    situation.warm_situation(api.app.state.sitroom)
    assert cache.get(("/api/v1/control", ())) is not None
    assert cache.get(("/api/v1/alerts", (("since", "2024-11-30"),))) is not None
