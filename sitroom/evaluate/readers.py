"""Readers for the gold formats that are not geoparsing XML: CASE 2021, re3d BIO, PLOVER.

Each reader turns a file written by others into small typed records and raises
``EvaluationError`` with the file and line when the file is not in the expected shape,
so a wrong ``--gold`` path gives one clear line instead of a traceback.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.errors import EvaluationError


@dataclass(frozen=True)
class CaseRow:
    """One CASE 2021 Task 2 snippet and its gold fine-grained event label."""

    id: str
    text: str
    label: str


@dataclass(frozen=True)
class BioSentence:
    """One pre-tokenised sentence with a BIO label per token."""

    tokens: list[str]
    labels: list[str]


@dataclass(frozen=True)
class PloverRecord:
    """One PLOVER gold-standard record: the sentence, its event type and actor texts."""

    id: str
    text: str
    event: str
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise EvaluationError(f"cannot read gold file {path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"gold file {path} is not UTF-8 text: {exc}") from exc


def read_case2021(path: Path) -> list[CaseRow]:
    """Read the CASE 2021 TSV (header ``id, EventSnippet, SubType``), one row per snippet."""
    text = _read_text(path)
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows: list[CaseRow] = []
    header: list[str] | None = None
    for line_no, cells in enumerate(reader, start=1):
        if not cells or not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            missing = {"EventSnippet", "SubType"} - set(header)
            if missing:
                raise EvaluationError(
                    f"{path}:1: expected columns id, EventSnippet, SubType; "
                    f"missing {', '.join(sorted(missing))}"
                )
            continue
        if len(cells) < len(header):
            raise EvaluationError(
                f"{path}:{line_no}: expected {len(header)} tab-separated cells, got {len(cells)}"
            )
        record = dict(zip(header, cells, strict=False))
        rows.append(
            CaseRow(
                id=record.get("id", str(line_no)).strip(),
                text=record["EventSnippet"].strip(),
                label=record["SubType"].strip(),
            )
        )
    if header is None:
        raise EvaluationError(f"{path} is empty; expected a CASE 2021 TSV file")
    return rows


def read_bio(path: Path) -> list[BioSentence]:
    """Read ``token<TAB>label`` lines; a blank line ends a sentence (CRLF tolerated)."""
    sentences: list[BioSentence] = []
    tokens: list[str] = []
    labels: list[str] = []
    for line_no, raw in enumerate(_read_text(path).splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if tokens:
                sentences.append(BioSentence(tokens, labels))
                tokens, labels = [], []
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            parts = line.rsplit(maxsplit=1)
        if len(parts) < 2:
            raise EvaluationError(f"{path}:{line_no}: expected 'token<TAB>label', got {line!r}")
        token, label = parts[0], parts[-1].strip()
        if label != "O" and not label.startswith(("B-", "I-")):
            raise EvaluationError(f"{path}:{line_no}: label {label!r} is not O, B-X or I-X")
        tokens.append(token)
        labels.append(label)
    if tokens:
        sentences.append(BioSentence(tokens, labels))
    return sentences


def _actor_texts(value: object) -> list[str]:
    """PLOVER writes an absent actor slot as ``""``; a present one as a list of dicts."""
    if not isinstance(value, list):
        return []
    texts = []
    for item in value:
        if isinstance(item, dict):
            text = str(item.get("actorText") or "").strip()
            if text:
                texts.append(text)
    return texts


def read_plover(path: Path) -> list[PloverRecord]:
    """Read a PLOVER gold-standard records JSON list, skipping the DOCUMENT record."""
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, list):
        raise EvaluationError(f"{path}: expected a JSON list of PLOVER records")
    records: list[PloverRecord] = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise EvaluationError(f"{path}: record {index} is not a JSON object")
        event = str(item.get("event") or "").strip()
        if event == "DOCUMENT":
            continue
        text = str(item.get("text") or "").strip()
        if not event or not text:
            raise EvaluationError(f"{path}: record {index} lacks 'event' or 'text'")
        records.append(
            PloverRecord(
                id=str(item.get("id") or index),
                text=text,
                event=event,
                sources=_actor_texts(item.get("source")),
                targets=_actor_texts(item.get("target")),
            )
        )
    return records
