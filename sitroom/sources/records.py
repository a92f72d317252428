"""JSON and JSONL articles: one object, a list of objects, or one object per line.

Field names follow common news-API exports: the text is ``text`` (or ``body``,
``content``), the date ``published`` (or ``date``, ``published_at``), plus ``title``
(or ``headline``), ``url`` (or ``link``) and ``source`` (a string, or an object with a
``name`` as NewsAPI writes it). Text that holds HTML tags is reduced to its visible text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sitroom.sources.base import ReadContext, ReadResult, build_document, failure
from sitroom.sources.htmltext import html_to_text, looks_like_markup

TEXT_FIELDS = ("text", "body", "content")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link")
DATE_FIELDS = ("published", "date", "published_at", "publication_date")
SOURCE_FIELDS = ("source", "sitename", "publisher")
# Wrappers some exports put around the list of articles.
LIST_FIELDS = ("articles", "items", "documents", "data", "results")


def _first(record: dict, fields: tuple[str, ...]) -> object:
    for name in fields:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: object) -> str | None:
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        value = "\n\n".join(value)  # paragraphs given as a list
    if not isinstance(value, str):
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if looks_like_markup(text) else text


def record_to_result(record: object, ctx: ReadContext, origin: str) -> ReadResult:
    """One Document from one JSON object; an error when it is not an article."""
    if not isinstance(record, dict):
        return failure(
            origin,
            f"expected a JSON object for an article, found {type(record).__name__}; "
            "write each article as an object with a 'text' field",
        )
    text = _as_text(_first(record, TEXT_FIELDS))
    if text is None or not text.strip():
        return failure(
            origin,
            "JSON object has no text field (expected a non-empty string in one of "
            f"{', '.join(repr(f) for f in TEXT_FIELDS)}); add the article text",
        )
    source = _first(record, SOURCE_FIELDS)
    if isinstance(source, dict):
        source = source.get("name")
    return build_document(
        ctx,
        origin,
        text,
        title=_first(record, TITLE_FIELDS),
        url=_first(record, URL_FIELDS),
        source=source,
        published=_first(record, DATE_FIELDS),
    )


def _json_error(origin: str, exc: json.JSONDecodeError, line_offset: int = 0) -> ReadResult:
    return failure(
        origin,
        f"malformed JSON at line {exc.lineno + line_offset}, column {exc.colno}: {exc.msg}; "
        "fix the syntax there",
    )


def read_json(text: str, ctx: ReadContext, origin: str) -> Iterator[ReadResult]:
    """Articles from a JSON document: an object, a list, or ``{"articles": [...]}``.

    A ``.json`` file that is really JSON Lines (one object per line) is read as such.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from read_jsonl(text, ctx, origin)
        else:
            yield _json_error(origin, exc)
        return
    except RecursionError:
        yield failure(origin, "JSON is nested too deeply to be an article; check the export")
        return
    if isinstance(data, dict):
        wrapped = next((data[k] for k in LIST_FIELDS if isinstance(data.get(k), list)), None)
        if wrapped is not None and _first(data, TEXT_FIELDS) is None:
            data = wrapped
    if isinstance(data, list):
        if not data:
            yield failure(origin, "JSON list is empty; add article objects to it")
        for index, record in enumerate(data):
            yield record_to_result(record, ctx, f"{origin}[{index}]")
    else:
        yield record_to_result(data, ctx, origin)


def read_jsonl(text: str, ctx: ReadContext, origin: str) -> Iterator[ReadResult]:
    """Articles from JSON Lines: one per non-blank line, each line judged on its own."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_origin = f"{origin}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _json_error(line_origin, exc, line_offset=lineno - 1)
            continue
        except RecursionError:
            yield failure(line_origin, "JSON is nested too deeply to be an article; check it")
            continue
        yield record_to_result(record, ctx, line_origin)
