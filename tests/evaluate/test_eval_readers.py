"""The gold readers: each format's fields land in the right place; bad files fail cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.errors import EvaluationError
from sitroom.evaluate.geo_readers import read_geoparsing
from sitroom.evaluate.readers import read_bio, read_case2021, read_plover


def test_case2021_rows_keep_id_text_and_label(fixtures: Path) -> None:
    rows = read_case2021(fixtures / "case2021_tiny.tsv")
    assert len(rows) == 5
    assert rows[0].id == "1"
    assert rows[0].label == "AIR_STRIKE"
    assert rows[2].text.startswith("A powerful earthquake")


def test_case2021_without_subtype_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("id\ttext\n1\tsomething\n", "utf-8")
    with pytest.raises(EvaluationError, match="SubType"):
        read_case2021(path)


def test_bio_crlf_file_splits_sentences_on_blank_lines(fixtures: Path) -> None:
    sentences = read_bio(fixtures / "re3d_tiny.txt")
    assert [len(s.tokens) for s in sentences] == [7, 6]
    assert sentences[0].labels[4:6] == ["B-Temporal", "I-Temporal"]
    assert all("\r" not in label for s in sentences for label in s.labels)


def test_bio_line_without_label_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("word\tO\nlonely\n", "utf-8")
    with pytest.raises(EvaluationError, match=":2:"):
        read_bio(path)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200))
def test_bio_reader_never_crashes_on_arbitrary_text(tmp_path_factory, content: str) -> None:
    path = tmp_path_factory.mktemp("bio") / "any.txt"
    path.write_text(content, "utf-8")
    try:
        sentences = read_bio(path)
    except EvaluationError:
        return
    assert all(len(s.tokens) == len(s.labels) > 0 for s in sentences)


def test_plover_skips_document_record_and_reads_actor_slots(fixtures: Path) -> None:
    records = read_plover(fixtures / "plover_tiny.json")
    assert [r.event for r in records] == ["AGREE", "PROTEST", "ASSAULT"]
    assert records[0].sources == ["farmers' union"]
    assert records[0].targets == ["the ministry"]
    assert records[1].targets == []  # PLOVER writes an empty slot as ""


def test_plover_file_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"event": "AGREE"}', "utf-8")
    with pytest.raises(EvaluationError, match="list"):
        read_plover(path)


def test_gwn_counts_only_toponym_types_for_recognition(fixtures: Path) -> None:
    gold = read_geoparsing(fixtures / "gwn_tiny.xml")
    assert gold.format == "gwn"
    article = gold.articles[0]
    assert [t.text for t in article.toponyms] == ["Lagos", "Monday", "Paris", "Nile"]
    assert [t.text for t in gold.recognition_gold(article)] == ["Lagos", "Paris", "Nile"]
    lagos = gold.resolution_gold(article)[0]
    assert (lagos.geonameid, lagos.lat, lagos.type) == (2332459, 6.45306, "Literal")
    assert gold.resolution_gold(article)[2].geonameid is None  # the Nile has only a point


def test_geovirus_locations_have_points_but_no_ids(fixtures: Path) -> None:
    gold = read_geoparsing(fixtures / "geovirus_tiny.xml")
    assert gold.format == "geovirus"
    toponyms = gold.resolution_gold(gold.articles[0])
    assert [(t.text, t.lat, t.geonameid) for t in toponyms] == [
        ("Lima", -12.04, None),
        ("Cusco", -13.53, None),
    ]


@pytest.mark.parametrize("name", ["lgl_tiny.xml", "trnews_tiny.xml"])
def test_lgl_and_trnews_take_id_and_point_from_gaztag(fixtures: Path, name: str) -> None:
    gold = read_geoparsing(fixtures / name)
    assert gold.format == "lgl"
    first = gold.resolution_gold(gold.articles[0])[0]
    assert first.geonameid in {4250542, 2306104}
    assert first.lat is not None and first.lon is not None
    assert gold.articles[0].text[first.start : first.end] == first.text


def test_lgl_toponym_without_gaztag_is_recognised_but_not_resolved(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(
        "<articles><article><text>Rain in Ohio.</text><toponyms>"
        "<toponym><start>8</start><end>12</end><phrase>Ohio</phrase></toponym>"
        "</toponyms></article></articles>",
        "utf-8",
    )
    gold = read_geoparsing(path)
    article = gold.articles[0]
    assert [t.text for t in gold.recognition_gold(article)] == ["Ohio"]
    assert gold.resolution_gold(article) == []


def test_shifted_gold_offset_is_repaired_to_the_named_text(tmp_path: Path) -> None:
    path = tmp_path / "shifted.xml"
    path.write_text(
        "<articles><article><text>Aid reached Gao.</text><locations>"
        "<location><name>Gao</name><start>11</start><end>14</end>"
        "<lat>16.27</lat><lon>-0.04</lon></location></locations></article></articles>",
        "utf-8",
    )
    toponym = read_geoparsing(path).articles[0].toponyms[0]
    assert (toponym.start, toponym.end, toponym.text) == (12, 15, "Gao")


def test_xml_without_toponyms_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text("<articles><article><text>x</text></article></articles>", "utf-8")
    with pytest.raises(EvaluationError, match="GeoWebNews"):
        read_geoparsing(path)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_geoparsing_reader_gives_gold_or_clean_error(tmp_path_factory, content: str) -> None:
    path = tmp_path_factory.mktemp("geo") / "any.xml"
    path.write_text(f"<articles><article><text>{content}</text>{content}</article></articles>")
    try:
        gold = read_geoparsing(path)
    except EvaluationError:
        return
    for article in gold.articles:
        assert all(0 <= t.start < t.end <= len(article.text) for t in article.toponyms)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_case2021_reader_gives_rows_or_clean_error(tmp_path_factory, content: str) -> None:
    path = tmp_path_factory.mktemp("case") / "any.tsv"
    path.write_text("id\tEventSnippet\tSubType\n" + content, "utf-8")
    try:
        rows = read_case2021(path)
    except EvaluationError:
        return
    assert all(isinstance(r.label, str) for r in rows)
