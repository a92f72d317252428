"""Bad inputs give one clear error result (never an exception), naming file and fix."""

from __future__ import annotations

import builtins
import io
import json
import pathlib
from pathlib import Path

import pytest

from sitroom.errors import BadInput, InputTooLarge, UnsupportedFormat
from sitroom.sources import iter_documents

FIXTURES = Path(__file__).parent / "fixtures"


def only_error(path: Path, **kwargs) -> BadInput:
    results = list(iter_documents(path, **kwargs))
    assert len(results) == 1, results
    (result,) = results
    assert result.document is None and result.error is not None
    message = str(result.error)
    assert "\n" not in message
    assert str(path) in message
    return result.error


@pytest.mark.parametrize("name", ["empty.txt", "empty.json", "empty.html", "empty.rss", "empty"])
def test_empty_file_is_reported_as_empty(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert "is empty" in str(only_error(path))


@pytest.mark.parametrize("name", ["blank.txt", "blank.md", "blank.jsonl"])
def test_whitespace_only_file_is_reported(tmp_path, name):
    path = tmp_path / name
    path.write_text(" \n\t\r\n   \n")
    assert "only whitespace" in str(only_error(path))


def test_binary_file_with_nul_bytes_is_reported_with_offset(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = only_error(path)
    assert "binary" in str(error) and "byte 8" in str(error)


def test_mostly_control_bytes_count_as_binary(tmp_path):
    path = tmp_path / "data.md"
    path.write_bytes(bytes([1, 2, 3, 65, 4, 5, 66, 6, 7, 8]) * 50)
    assert "binary" in str(only_error(path))


def test_invalid_utf8_gives_byte_offset_and_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Attack near the border\n\nThe caf\xe9 was hit.")
    error = only_error(path)
    assert type(error) is BadInput
    assert "invalid UTF-8 at byte 31 (line 3)" in str(error)
    assert "UTF-8" in str(error).split(";")[1]  # says what to do


def test_malformed_json_gives_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "text": "Clashes.",\n  "title": \n}')
    error = only_error(path)
    assert "malformed JSON at line 4, column 1" in str(error)


def test_json_without_text_field_names_the_expected_fields(tmp_path):
    path = tmp_path / "notext.json"
    path.write_text('{"title": "Headline only", "url": "https://example.org/x"}')
    error = only_error(path)
    assert "no text field" in str(error) and "'body'" in str(error)


def test_jsonl_bad_line_fails_alone(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"text": "Good one."}\n{"text": oops}\n\n{"title": "no text"}\n{"text": "Good two."}\n'
    )
    results = list(iter_documents(path))
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[1].origin == f"{path}:2"
    assert "line 2, column 10" in str(results[1].error)
    assert results[2].origin == f"{path}:4"


def test_file_over_max_bytes_is_refused_without_opening_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant, no disk used

    real_path_open, real_open = pathlib.Path.open, builtins.open

    def guarded_path_open(self, *args, **kwargs):
        assert self != path, "the oversized file was opened"
        return real_path_open(self, *args, **kwargs)

    def guarded_open(file, *args, **kwargs):
        assert str(file) != str(path), "the oversized file was opened"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_path_open)
    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    error = only_error(path)
    assert isinstance(error, InputTooLarge)
    assert "52,428,800 bytes" in str(error) and "20,971,520" in str(error)


def test_max_bytes_argument_sets_the_limit(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text("x" * 101)
    assert isinstance(only_error(path, max_bytes=100), InputTooLarge)
    assert list(iter_documents(path, max_bytes=101))[0].ok


def test_missing_top_level_path_raises_bad_input_at_call_time(tmp_path):
    with pytest.raises(BadInput, match="no such file or folder"):
        iter_documents(tmp_path / "nope.txt")


def test_html_without_article_text_is_reported(tmp_path):
    path = tmp_path / "app.html"
    path.write_text(
        "<html><head><script>window.app()</script></head>"
        "<body><nav><a href='/'>Home</a></nav><script>render()</script></body></html>"
    )
    assert "no extractable article text" in str(only_error(path))


def test_unsupported_extension_is_refused_with_advice(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 whatever")
    error = only_error(path)
    assert isinstance(error, UnsupportedFormat) and "pdftotext" in str(error)


def test_xml_that_is_not_a_feed_is_unsupported(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.org/</loc></url></urlset>')
    assert isinstance(only_error(path), UnsupportedFormat)


def test_feed_without_entries_is_reported(tmp_path):
    path = tmp_path / "empty.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    assert "no entries" in str(only_error(path))


def test_json_list_item_that_is_not_an_object_fails_alone(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": "Fine."}, "just a string", {"text": "  "}]))
    results = list(iter_documents(path))
    assert [r.ok for r in results] == [True, False, False]
    assert "expected a JSON object" in str(results[1].error)


def test_folder_with_one_bad_file_yields_good_documents_and_one_error(tmp_path):
    (tmp_path / "a_good.txt").write_text("Shelling hit the market on Monday.")
    (tmp_path / "b_bad.json").write_text('{"text": "unterminated')
    (tmp_path / "c_more").mkdir()
    (tmp_path / "c_more" / "feed.rss").write_bytes((FIXTURES / "feed.rss").read_bytes())
    results = list(iter_documents(tmp_path))
    errors = [r for r in results if not r.ok]
    assert len(results) == 4 and len(errors) == 1
    assert errors[0].origin == str(tmp_path / "b_bad.json")
    assert "malformed JSON" in str(errors[0].error)


def test_unreadable_file_in_folder_is_an_error_result(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Readable.")
    (tmp_path / "b.txt").write_text("Not readable.")
    real_open = pathlib.Path.open

    def failing_open(self, *args, **kwargs):
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", failing_open)
    results = list(iter_documents(tmp_path))
    assert [r.ok for r in results] == [True, False]
    assert "Permission denied" in str(results[1].error)


def test_parser_crash_becomes_an_error_result_not_an_exception(tmp_path, monkeypatch):
    import sitroom.sources.formats as formats

    def crash(*args, **kwargs):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(formats, "read_feed", crash)
    (tmp_path / "a.rss").write_bytes((FIXTURES / "feed.rss").read_bytes())
    (tmp_path / "b.txt").write_text("Still read.")
    results = list(iter_documents(tmp_path))
    assert [r.ok for r in results] == [False, True]
    assert "parser exploded" in str(results[0].error)
