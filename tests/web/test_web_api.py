"""The REST API over HTTP: every endpoint, its filters, bad input and the token rule."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from webdata import HOMS, HOMS_TEXT, TOKEN

from sitroom.config import load_settings
from sitroom.model import Document, Event, Evidence, Extraction

API = "/api/v1"


def events(client: TestClient, **params: object) -> list[dict]:
    response = client.get(f"{API}/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return response.json()["events"]


def test_events_lists_every_record_ordered_by_date(client: TestClient) -> None:
    body = client.get(f"{API}/events").json()
    dates = [e["event_date"] for e in body["events"]]
    assert body["total"] == 11
    assert len(dates) == 11
    assert dates == sorted(dates)
    assert {e["kind"] for e in body["events"]} == {"event", "displacement"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "Battles"}, 1),
        ({"type": "Displacement"}, 1),
        ({"kind": "displacement"}, 1),
        ({"sub_type": "Air/drone strike"}, 8),
        ({"actor": "tahrir"}, 1),
        ({"country": "SY"}, 11),
        ({"country": "Lebanon"}, 0),
        ({"admin1": "Aleppo"}, 1),
        ({"since": "2024-12-01", "until": "2024-12-03"}, 4),
        ({"bbox": "36.0,34.5,37.0,34.9"}, 2),
        ({"near": "34.73,36.72", "km": 10}, 2),
        ({"near": "homs", "km": 10}, 2),
        ({"near": "Hama", "km": 60}, 10),
        ({"q": "market"}, 1),
        ({"type": "Explosions/Remote violence", "since": "2024-12-01"}, 5),
    ],
)
def test_events_filters_match_the_cli_filters(
    client: TestClient, params: dict, expected: int
) -> None:
    assert len(events(client, **params)) == expected


def test_events_cursor_pagination_visits_every_event_once(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = client.get(f"{API}/events", params=params).json()
        seen += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 11
    assert len(set(seen)) == 11


def test_events_geojson_is_a_feature_collection_of_points(client: TestClient) -> None:
    body = client.get(f"{API}/events", params={"format": "geojson", "kind": "displacement"}).json()
    assert body["type"] == "FeatureCollection"
    feature = body["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [HOMS.lon, HOMS.lat]}
    assert feature["properties"]["kind"] == "displacement"
    assert feature["properties"]["destination_name"] == "Tartus"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"bbox": "1,2,3"}, 400, "invalid_parameter"),
        ({"bbox": "a,b,c,d"}, 400, "invalid_parameter"),
        ({"bbox": "10,50,20,40"}, 400, "invalid_parameter"),
        ({"near": "91,10"}, 400, "invalid_parameter"),
        ({"near": "nan,10"}, 400, "invalid_parameter"),
        ({"near": "Atlantis"}, 400, "invalid_parameter"),
        ({"since": "2024-13-01"}, 422, "invalid_parameter"),
        ({"since": "2024-12-05", "until": "2024-12-01"}, 400, "invalid_parameter"),
        ({"limit": 0}, 422, "invalid_parameter"),
        ({"limit": 100000}, 422, "invalid_parameter"),
        ({"km": -5, "near": "34,36"}, 422, "invalid_parameter"),
        ({"format": "xml"}, 422, "invalid_parameter"),
        ({"kind": "riot"}, 422, "invalid_parameter"),
        ({"cursor": "evt_doesnotexist"}, 400, "invalid_cursor"),
    ],
)
def test_events_bad_parameters_get_a_clear_error(
    client: TestClient, params: dict, status: int, code: str
) -> None:
    response = client.get(f"{API}/events", params=params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


def _event_id(client: TestClient, **params: object) -> str:
    return events(client, **params)[0]["id"]


def test_event_detail_has_sources_evidence_paragraph_and_field_spans(client: TestClient) -> None:
    detail = client.get(f"{API}/events/{_event_id(client, type='Battles')}").json()
    assert detail["event"]["actor1"] == "Hayat Tahrir al-Sham"
    assert detail["event"]["fatalities"] == 12
    assert detail["sources"][0]["title"] == "Rebels advance on Homs"
    evidence = detail["evidence"][0]
    paragraph = evidence["paragraph"]
    # The surrounding paragraph: the sentence and its neighbour, not the headline.
    assert paragraph["text"].startswith("Fighters of Hayat Tahrir al-Sham")
    assert "12 soldiers were killed" in paragraph["text"]
    assert "Rebels advance" not in paragraph["text"]
    assert HOMS_TEXT[paragraph["start"] : paragraph["end"]] == paragraph["text"]
    assert HOMS_TEXT[evidence["start"] : evidence["end"]] == evidence["text"]
    for name, span in evidence["fields"].items():
        assert HOMS_TEXT[span["start"] : span["end"]] == span["text"], name
    assert detail["field_spans"]["actor2"][0]["text"] == "government forces"


def test_event_detail_of_displacement_names_destination(client: TestClient) -> None:
    detail = client.get(f"{API}/events/{_event_id(client, kind='displacement')}").json()
    assert detail["event"]["destination"]["name"] == "Tartus"
    assert detail["evidence"][0]["fields"]["reporting_source"]["text"] == "SOHR"


def test_unknown_event_is_404(client: TestClient) -> None:
    response = client.get(f"{API}/events/evt_nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_document_returns_its_text_and_events(client: TestClient) -> None:
    doc_id = events(client, type="Battles")[0]["document_id"]
    body = client.get(f"{API}/documents/{doc_id}").json()
    assert body["document"]["text"] == HOMS_TEXT
    assert sorted(e["kind"] for e in body["events"]) == ["displacement", "event"]


def test_unknown_document_is_404(client: TestClient) -> None:
    response = client.get(f"{API}/documents/doc_nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_actors_are_counted_across_actor_roles(client: TestClient) -> None:
    actors = {a["name"]: a["events"] for a in client.get(f"{API}/actors").json()["actors"]}
    assert actors["Military Forces of Syria"] == 9  # 8 strikes as actor 1, one clash as actor 2
    assert actors["Hayat Tahrir al-Sham"] == 1
    filtered = client.get(f"{API}/actors", params={"type": "Battles"}).json()["actors"]
    assert {a["name"] for a in filtered} == {"Hayat Tahrir al-Sham", "Military Forces of Syria"}


def test_places_have_coordinates_and_counts(client: TestClient) -> None:
    places = {p["name"]: p for p in client.get(f"{API}/places").json()["places"]}
    assert places["Hama"]["events"] == 8
    assert places["Homs"]["latitude"] == pytest.approx(HOMS.lat)
    assert client.get(f"{API}/places", params={"limit": 0}).status_code == 422


def test_stats_count_by_day_type_admin1_and_actor(client: TestClient) -> None:
    stats = client.get(f"{API}/stats").json()
    assert stats["total"] == 11
    assert stats["date_range"] == {"min": "2024-11-27", "max": "2024-12-06"}
    by_day = {d["date"]: d["count"] for d in stats["by_day"]}
    assert by_day["2024-12-06"] == 2
    assert sum(by_day.values()) == 11
    by_type = {t["name"]: t["count"] for t in stats["by_type"]}
    assert by_type == {"Explosions/Remote violence": 9, "Battles": 1, "Displacement": 1}
    assert {a["name"]: a["count"] for a in stats["by_admin1"]}["Hama"] == 8
    assert stats["by_actor"][0] == {"name": "Military Forces of Syria", "count": 9}
    assert stats["fatalities"] == 15


def test_stats_follow_the_filters(client: TestClient) -> None:
    stats = client.get(f"{API}/stats", params={"since": "2024-12-06"}).json()
    assert stats["total"] == 2
    assert [d["date"] for d in stats["by_day"]] == ["2024-12-06"]


def test_clusters_merge_at_low_zoom_and_split_at_high_zoom(client: TestClient) -> None:
    low = client.get(f"{API}/clusters", params={"zoom": 2}).json()
    high = client.get(f"{API}/clusters", params={"zoom": 12}).json()
    assert low["total"] == high["total"] == 11
    assert len(low["clusters"]) < len(high["clusters"])
    singles = [c for c in high["clusters"] if c["count"] == 1]
    assert singles
    assert all(c["id"].startswith("evt_") for c in singles)
    assert all(c["id"] is None for c in low["clusters"] if c["count"] > 1)


def test_clusters_respect_bbox_and_need_a_zoom(client: TestClient) -> None:
    aleppo = client.get(f"{API}/clusters", params={"zoom": 8, "bbox": "37,36,37.5,36.5"}).json()
    assert aleppo["total"] == 1
    assert client.get(f"{API}/clusters").status_code == 422
    assert client.get(f"{API}/clusters", params={"zoom": 99}).status_code == 422


def test_flows_give_displacement_origin_and_destination(client: TestClient) -> None:
    flows = client.get(f"{API}/flows").json()["flows"]
    assert len(flows) == 1
    assert (flows[0]["origin"], flows[0]["destination"]) == ("Homs", "Tartus")
    assert flows[0]["displaced"] == 5000


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [
        "events",
        "events/{event_id}",
        "documents/{document_id}",
        "documents",
        "actors",
        "places",
        "stats",
        "clusters",
        "flows",
    ]:
        assert f"{API}/{path}" in paths


# -- writes -------------------------------------------------------------------------------


class OneEventPipeline:
    """Stands in for the NLP pipeline: one battle at Homs per document, no spaCy."""

    settings = load_settings()

    def extract(self, document: Document) -> Extraction:
        end = min(len(document.text), 40)
        event = Event(
            document_id=document.id,
            event_type="Battles",
            sub_event_type="Armed clash",
            event_date=dt.date(2024, 12, 7),
            place=HOMS,
            evidence=[
                Evidence(document_id=document.id, start=0, end=end, text=document.text[:end])
            ],
        )
        return Extraction(document=document, events=[event])


@pytest.fixture
def fake_pipeline(writer: TestClient) -> TestClient:
    writer.app.state.sitroom._pipeline = OneEventPipeline()
    return writer


AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {
    "text": "Clashes erupted in Homs on Saturday between rebels and the army.",
    "title": "Clashes in Homs",
    "published": "2024-12-07",
    "source": "Test Wire",
}


def _documents(client: TestClient) -> int:
    return client.get(f"{API}/stats").json()["documents"]


def test_writes_are_off_without_a_configured_token(client: TestClient) -> None:
    response = client.post(f"{API}/documents", json=ARTICLE, headers=AUTH)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "writes_disabled"
    assert _documents(client) == 10


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"}],
)
def test_wrong_or_missing_token_is_401(fake_pipeline: TestClient, headers: dict) -> None:
    response = fake_pipeline.post(f"{API}/documents", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"
    assert _documents(fake_pipeline) == 10


def test_post_json_article_is_ingested_and_queryable(fake_pipeline: TestClient) -> None:
    response = fake_pipeline.post(f"{API}/documents", json=ARTICLE, headers=AUTH)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["status"] == "stored"
    doc = fake_pipeline.get(f"{API}/documents/{result['document_id']}").json()["document"]
    assert doc["title"] == "Clashes in Homs"
    assert doc["published"] == "2024-12-07"
    assert len(events(fake_pipeline, since="2024-12-07")) == 1


def test_a_write_refreshes_cached_aggregates(fake_pipeline: TestClient) -> None:
    before = fake_pipeline.get(f"{API}/stats").json()
    assert fake_pipeline.post(f"{API}/documents", json=ARTICLE, headers=AUTH).status_code == 201
    after = fake_pipeline.get(f"{API}/stats").json()
    assert after["total"] == before["total"] + 1
    assert after["documents"] == before["documents"] + 1


def test_posting_the_same_article_twice_stores_nothing_new(fake_pipeline: TestClient) -> None:
    assert fake_pipeline.post(f"{API}/documents", json=ARTICLE, headers=AUTH).status_code == 201
    again = fake_pipeline.post(f"{API}/documents", json=ARTICLE, headers=AUTH)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert _documents(fake_pipeline) == 11


def test_post_raw_text_takes_metadata_from_query(fake_pipeline: TestClient) -> None:
    response = fake_pipeline.post(
        f"{API}/documents",
        params={"published": "2024-12-07", "source": "Radio"},
        content=ARTICLE["text"].encode(),
        headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    doc_id = response.json()["document_id"]
    doc = fake_pipeline.get(f"{API}/documents/{doc_id}").json()["document"]
    assert (doc["source"], doc["published"]) == ("Radio", "2024-12-07")


def test_post_html_keeps_the_article_text_only(fake_pipeline: TestClient) -> None:
    html = (
        "<html><head><title>Homs</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><p>{ARTICLE['text']}</p></article><footer>Copyright</footer></body></html>"
    )
    response = fake_pipeline.post(
        f"{API}/documents", content=html.encode(), headers={**AUTH, "Content-Type": "text/html"}
    )
    assert response.status_code == 201, response.text
    doc_id = response.json()["document_id"]
    text = fake_pipeline.get(f"{API}/documents/{doc_id}").json()["document"]["text"]
    assert "Clashes erupted in Homs" in text
    assert "<p>" not in text
    assert "Copyright" not in text


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"", "application/json", 400, "bad_input"),
        (b"   \n", "text/plain", 400, "bad_input"),
        (b'{"text": "unterminated', "application/json", 400, "bad_input"),
        (b'{"title": "no text"}', "application/json", 400, "bad_input"),
        (b'{"text": "   "}', "application/json", 400, "bad_input"),
        (b'{"text": "x", "published": "someday"}', "application/json", 400, "bad_input"),
        (b"caf\xe9 bombing in Homs", "text/plain", 400, "bad_input"),
        (b"\x00\x01\x02binary", "text/plain", 400, "bad_input"),
        (b"<html><script>x()</script></html>", "text/html", 400, "bad_input"),
        (b"Homs news", "application/pdf", 415, "unsupported_media_type"),
        (b"Homs news", "", 415, "unsupported_media_type"),
    ],
)
def test_bad_article_gets_4xx_and_nothing_is_stored(
    fake_pipeline: TestClient, body: bytes, content_type: str, status: int, code: str
) -> None:
    headers = {**AUTH, "Content-Type": content_type} if content_type else AUTH
    response = fake_pipeline.post(f"{API}/documents", content=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert _documents(fake_pipeline) == 10


def test_too_large_article_is_413(fake_pipeline: TestClient) -> None:
    fake_pipeline.app.state.sitroom.max_input_bytes = 1000
    body = ("Shelling in Homs. " * 100).encode()
    response = fake_pipeline.post(
        f"{API}/documents", content=body, headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert _documents(fake_pipeline) == 10


@pytest.mark.parametrize(
    ("endpoint", "params"),
    [("stats", {"top": 200}), ("events", {"limit": 100}), ("flows", {"limit": 100})],
)
def test_first_view_answers_are_precomputed_and_match_fresh_ones(
    writer: TestClient, endpoint: str, params: dict
) -> None:
    import time

    from sitroom.web.cache import ResponseCache

    key = ResponseCache.key(f"{API}/{endpoint}", [(k, str(v)) for k, v in params.items()])
    deadline = time.monotonic() + 10
    while writer.app.state.sitroom.cache.get(key) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert writer.app.state.sitroom.cache.get(key) is not None
    warmed = writer.get(f"{API}/{endpoint}", params=params).json()
    fresh = writer.get(f"{API}/{endpoint}", params={**params, "nocache": 1}).json()
    assert warmed == fresh
