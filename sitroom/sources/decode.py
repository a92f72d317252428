"""Bytes to text, refusing what is not text rather than guessing.

Character offsets everywhere in sitroom point into ``Document.text``; so decoding is
strict (invalid UTF-8 is an error with its byte offset, not silently replaced) and the
only change made is normalising line endings and dropping a byte-order mark.
"""

from __future__ import annotations

import codecs
import re

from sitroom.errors import BadInput

_SNIFF_BYTES = 8192
# Share of control bytes (other than tab, newlines, form feed) above which a file is
# treated as binary: real text has almost none, compressed or image data has ~10%.
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
# Browsers read a declared latin-1 page as windows-1252 (WHATWG encoding standard).
_ENCODING_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252"}


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _bom_encoding(raw: bytes) -> tuple[str, int] | None:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    return None


def check_not_binary(raw: bytes, what: str) -> None:
    """Raise BadInput for empty or binary content (NUL bytes, many control bytes)."""
    if not raw:
        raise BadInput(f"{what}: is empty; remove it or put the article text in it")
    bom = _bom_encoding(raw)
    if bom is not None and bom[0] == "utf-16":
        return  # UTF-16 text legitimately contains NUL bytes
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise BadInput(
            f"{what}: looks binary (NUL byte at byte {nul}); only text, HTML, JSON/JSONL "
            "and RSS/Atom are read, so convert it to one of those or remove it"
        )
    head = raw[:_SNIFF_BYTES]
    control = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if control > _MAX_CONTROL_SHARE * len(head):
        raise BadInput(
            f"{what}: looks binary ({control} control bytes in the first {len(head)}); "
            "only text, HTML, JSON/JSONL and RSS/Atom are read, so convert it or remove it"
        )


def _codec(name: str | None) -> str:
    if not name:
        return "utf-8"
    name = _ENCODING_ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def decode_text(raw: bytes, what: str, declared_encoding: str | None = None) -> str:
    """Text from bytes: UTF-8 (or a BOM's or the document's declared encoding), strictly.

    Raises BadInput for empty, binary, undecodable or whitespace-only content.
    """
    check_not_binary(raw, what)
    bom = _bom_encoding(raw)
    encoding, skip = bom if bom else (_codec(declared_encoding), 0)
    try:
        text = raw[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = raw.count(b"\n", 0, offset) + 1
        label = "UTF-8" if encoding == "utf-8" else encoding
        raise BadInput(
            f"{what}: invalid {label} at byte {offset} (line {line}); re-save it as UTF-8 "
            "(e.g. `iconv -f windows-1252 -t utf-8`)"
        ) from None
    text = normalise_newlines(text.lstrip("\ufeff"))
    if not text.strip():
        raise BadInput(f"{what}: contains only whitespace; remove it or add the article text")
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def declared_encoding(raw: bytes) -> str | None:
    """The encoding an HTML ``<meta charset>`` or an XML declaration names, if any."""
    head = raw[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None
