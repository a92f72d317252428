"""Which reader an input goes to: by extension, by HTTP content type, else by sniffing.

``read_content`` is the one place that turns bytes of a known (or sniffed) format into
ReadResults; files and URLs both go through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from sitroom.errors import UnsupportedFormat
from sitroom.sources.base import ReadContext, ReadResult, failure
from sitroom.sources.decode import check_not_binary, declared_encoding, decode_text
from sitroom.sources.feeds import read_feed
from sitroom.sources.plaintext import read_plain_text
from sitroom.sources.records import read_json, read_jsonl
from sitroom.sources.webpage import read_html

Format = Literal["text", "markdown", "html", "json", "jsonl", "feed"]

EXTENSION_FORMATS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
# Formats people commonly drop into a news folder that sitroom does not read; refused by
# name without reading them, with the conversion to do.
UNSUPPORTED_EXTENSIONS: dict[str, str] = {
    ".pdf": "convert it to text first (e.g. `pdftotext`)",
    ".doc": "save it as .txt or .html first",
    ".docx": "save it as .txt or .html first",
    ".odt": "save it as .txt or .html first",
    ".rtf": "save it as .txt first",
    ".csv": "convert it to JSONL with a 'text' column per line",
    ".xlsx": "convert it to JSONL with a 'text' column per line",
    ".zip": "unpack it and ingest the folder",
    ".gz": "decompress it first",
    ".tar": "unpack it and ingest the folder",
    ".png": "images are not read",
    ".jpg": "images are not read",
    ".jpeg": "images are not read",
    ".gif": "images are not read",
    ".webp": "images are not read",
}
CONTENT_TYPE_FORMATS: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/plain": "text",
    "text/markdown": "markdown",
}
SUPPORTED_HINT = "read formats: .txt .md .html .htm .json .jsonl .xml .rss .atom"


def unsupported_extension(suffix: str) -> str | None:
    """What to do with a file of this extension if sitroom refuses it, else None."""
    return UNSUPPORTED_EXTENSIONS.get(suffix.lower())


def format_for_content_type(content_type: str | None) -> Format | None:
    """The format an HTTP ``Content-Type`` names (parameters ignored), if known."""
    if not content_type:
        return None
    return CONTENT_TYPE_FORMATS.get(content_type.split(";")[0].strip().lower())


def sniff_format(raw: bytes) -> Format | None:
    """A format guessed from the first bytes; None for XML that is neither feed nor page."""
    head = raw[:2048].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("{", "[")):
        lines = [line for line in head.split("\n")[:3] if line.strip()]
        if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
            return "jsonl"
        return "json"
    if head.startswith("<"):
        if any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf")):
            return "feed"
        if any(tag in head for tag in ("<html", "<!doctype html", "<body", "<p>", "<div")):
            return "html"
        return None
    return "text"


def read_content(
    raw: bytes, fmt: Format | None, ctx: ReadContext, origin: str, *, url: str | None = None
) -> Iterator[ReadResult]:
    """ReadResults from an input's bytes; ``fmt=None`` means sniff it.

    Raises BadInput for problems with the whole input (empty, binary, bad encoding);
    problems with one article inside it come back as error results.
    """
    check_not_binary(raw, origin)
    fmt = fmt or sniff_format(raw)
    if fmt is None:
        yield failure(origin, f"format not recognised; {SUPPORTED_HINT}", UnsupportedFormat)
    elif fmt == "feed":
        # Validate the encoding the feed declares, so errors read like every other file's.
        decode_text(raw, origin, declared_encoding(raw))
        if sniff_format(raw) == "html":
            yield from read_content(raw, "html", ctx, origin, url=url)
        else:
            yield from read_feed(raw, ctx, origin)
    elif fmt == "html":
        yield read_html(decode_text(raw, origin, declared_encoding(raw)), ctx, origin, url=url)
    elif fmt in ("json", "jsonl"):
        text = decode_text(raw, origin)
        yield from (read_json if fmt == "json" else read_jsonl)(text, ctx, origin)
    else:
        text = decode_text(raw, origin)
        yield read_plain_text(text, ctx, origin, markdown=fmt == "markdown")
