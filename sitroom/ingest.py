"""Ingest: read inputs, skip duplicates, extract events, store each document atomically.

This is the Python API behind ``sitroom ingest`` and ``POST /api/v1/documents``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from sitroom.errors import SitroomError
from sitroom.model import Document
from sitroom.pipeline import Pipeline
from sitroom.store import Store

log = logging.getLogger(__name__)

Status = Literal["stored", "duplicate", "near_duplicate", "error"]


class IngestResult(BaseModel):
    """What happened to one input article."""

    origin: str
    status: Status
    document_id: str | None = None
    events: int = 0
    displacements: int = 0
    message: str = ""


class Ingestor:
    """Holds the pipeline and the near-duplicate index for a run over many inputs."""

    def __init__(self, store: Store, pipeline: Pipeline | None = None) -> None:
        from sitroom.sources.dedupe import NearDuplicateIndex

        self.store = store
        self.pipeline = pipeline or Pipeline.default()
        self.near = NearDuplicateIndex()
        for doc_id, signature in store.signatures():
            self.near.add(doc_id, signature)

    def ingest(self, document: Document, origin: str | None = None) -> IngestResult:
        from sitroom.sources.dedupe import text_signature

        origin = origin or document.path or document.url or document.id
        existing = self.store.document_id_for_hash(document.content_hash)
        if existing:
            return IngestResult(
                origin=origin,
                status="duplicate",
                document_id=existing,
                message=f"already stored as {existing}; nothing new stored",
            )
        signature = text_signature(document.text)
        near = self.near.find(signature, self.pipeline.settings.near_duplicate_threshold)
        if near:
            return IngestResult(
                origin=origin,
                status="near_duplicate",
                document_id=near,
                message=f"near-duplicate of {near} (same article, small edits); not stored",
            )
        if document.ingested_at is None:
            document.ingested_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        from sitroom.fuse.store import attach_with_connection

        extraction = self.pipeline.extract(document)
        self.store.add_extraction(
            extraction,
            signature=signature,
            within_transaction=lambda con: attach_with_connection(con, extraction.events),
        )
        self.near.add(document.id, signature)
        n_disp = sum(1 for e in extraction.events if e.kind == "displacement")
        return IngestResult(
            origin=origin,
            status="stored",
            document_id=document.id,
            events=len(extraction.events) - n_disp,
            displacements=n_disp,
            message=""
            if document.published
            else "no publication date: relative dates kept unresolved",
        )


def ingest_document(
    document: Document, store: Store, pipeline: Pipeline | None = None
) -> IngestResult:
    """Ingest one already-read article (used by the API)."""
    return Ingestor(store, pipeline).ingest(document)


def ingest_paths(
    targets: Iterable[str | Path],
    store: Store,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    pipeline: Pipeline | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Read every article under ``targets`` and ingest it; bad inputs become error results."""
    from sitroom.config import load_settings
    from sitroom.sources import iter_documents

    settings = pipeline.settings if pipeline else load_settings()
    ingestor = Ingestor(store, pipeline)
    results: list[IngestResult] = []
    for target in targets:
        for read in iter_documents(
            target, published=published, source=source, max_bytes=settings.max_input_bytes
        ):
            if read.error is not None or read.document is None:
                result = IngestResult(
                    origin=read.origin, status="error", message=str(read.error or "unreadable")
                )
            else:
                try:
                    result = ingestor.ingest(read.document, read.origin)
                except SitroomError as exc:
                    result = IngestResult(origin=read.origin, status="error", message=str(exc))
            log.debug("%s: %s %s", result.origin, result.status, result.message)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results
