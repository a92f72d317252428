"""Ingest: read inputs, skip duplicates, extract events, store each document atomically.

This is the Python API behind ``sitroom ingest`` and ``POST /api/v1/documents``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from sitroom.errors import SitroomError
from sitroom.model import Document, Extraction
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


# Documents extracted together by ``Ingestor.ingest_many``: the report-vector model reads
# a batch in one pass (about 2.5 times faster per report at 16 than one by one), while
# each document's parse is held until its batch is stored.
INGEST_BATCH = 16


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
        """Check, extract and store one document; extraction errors are raised."""
        origin = origin or document.path or document.url or document.id
        seen, signature = self._check(document, origin)
        if seen is not None:
            return seen
        return self._store(document, origin, signature, self.pipeline.extract(document))

    def ingest_many(
        self, items: Iterable[tuple[Document, str | None] | IngestResult]
    ) -> Iterator[IngestResult]:
        """``ingest`` over many documents, extracted ``INGEST_BATCH`` at a time; one result
        per item, in order. An item that is already a result (an unreadable input) passes
        through in its place; a document whose extraction fails becomes an error result.
        A document that repeats one still waiting in the batch is checked once the batch
        is stored, so it is found as the stored document's duplicate."""
        from sitroom.sources.dedupe import text_signature

        slots: list[IngestResult | tuple[Document, str, list[int]]] = []
        waiting: set[str] = set()
        for item in items:
            if isinstance(item, IngestResult):
                slots.append(item)
                continue
            document, origin = item
            origin = origin or document.path or document.url or document.id
            if waiting and (
                document.content_hash in waiting
                or self._near_waiting(text_signature(document.text), slots)
            ):
                yield from self._flush(slots)
                slots, waiting = [], set()
            seen, signature = self._check(document, origin)
            if seen is not None:
                slots.append(seen)
                continue
            slots.append((document, origin, signature))
            waiting.add(document.content_hash)
            if len(waiting) >= INGEST_BATCH:
                yield from self._flush(slots)
                slots, waiting = [], set()
        yield from self._flush(slots)

    def _near_waiting(self, signature: list[int], slots: list) -> bool:
        from sitroom.sources.dedupe import NearDuplicateIndex

        index = NearDuplicateIndex()
        for slot in slots:
            if not isinstance(slot, IngestResult):
                index.add(slot[0].id, slot[2])
        threshold = self.pipeline.settings.near_duplicate_threshold
        return index.find(signature, threshold) is not None

    def _flush(self, slots: list) -> Iterator[IngestResult]:
        todo = [slot for slot in slots if not isinstance(slot, IngestResult)]
        extractions: dict[str, Extraction] = {}
        try:
            done = self.pipeline.extract_many([doc for doc, _, _ in todo])
            extractions = {ex.document.id: ex for ex in done}
        except SitroomError:
            log.debug("batch extraction failed; extracting its documents one by one")
        for slot in slots:
            if isinstance(slot, IngestResult):
                yield slot
                continue
            document, origin, signature = slot
            try:
                extraction = extractions.get(document.id) or self.pipeline.extract(document)
                yield self._store(document, origin, signature, extraction)
            except SitroomError as exc:
                yield IngestResult(origin=origin, status="error", message=str(exc))

    def _check(self, document: Document, origin: str) -> tuple[IngestResult | None, list[int]]:
        """The duplicate result when ``document`` (or a near copy) is stored already, and
        its signature."""
        from sitroom.sources.dedupe import text_signature

        existing = self.store.document_id_for_hash(document.content_hash)
        if existing:
            return IngestResult(
                origin=origin,
                status="duplicate",
                document_id=existing,
                message=f"already stored as {existing}; nothing new stored",
            ), []
        signature = text_signature(document.text)
        near = self.near.find(signature, self.pipeline.settings.near_duplicate_threshold)
        if near:
            return IngestResult(
                origin=origin,
                status="near_duplicate",
                document_id=near,
                message=f"near-duplicate of {near} (same article, small edits); not stored",
            ), signature
        return None, signature

    def _store(
        self, document: Document, origin: str, signature: list[int], extraction: Extraction
    ) -> IngestResult:
        from sitroom.fuse.store import attach_with_connection

        if document.ingested_at is None:
            document.ingested_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
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

    def items() -> Iterator[tuple[Document, str | None] | IngestResult]:
        for target in targets:
            for read in iter_documents(
                target, published=published, source=source, max_bytes=settings.max_input_bytes
            ):
                if read.error is not None or read.document is None:
                    message = str(read.error or "unreadable")
                    yield IngestResult(origin=read.origin, status="error", message=message)
                else:
                    yield read.document, read.origin

    results: list[IngestResult] = []
    for result in ingestor.ingest_many(items()):
        log.debug("%s: %s %s", result.origin, result.status, result.message)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
