"""Ingest in batches: the same records as one by one, results in input order, duplicates
inside a batch found, and a document whose extraction fails stored as nothing."""

from __future__ import annotations

import datetime as dt

from sitroom.errors import SitroomError
from sitroom.ingest import Ingestor, IngestResult
from sitroom.model import Document
from sitroom.store import Store

DAY = dt.date(2024, 3, 4)
REPORTS = [
    ("Car bomb kills nine in Kirkuk", "A car bomb killed nine people at a market in Kirkuk on "
     "Monday, police said. Dozens were wounded. The blast struck as traders were setting up "
     "their stalls in the old quarter, and ambulances carried the injured to the city's main "
     "hospital. The provincial governor ordered checkpoints on every road into the city."),
    ("Drone strike hits Kharkiv", "A Russian drone struck an apartment block in Kharkiv "
     "overnight, killing two residents, the regional governor said."),
    ("Gunmen abduct pupils in Kaduna", "Gunmen abducted 40 pupils from a school in Kaduna "
     "state on Sunday, local officials said."),
]  # fmt: skip


def _docs() -> list[Document]:
    return [Document(text=text, title=title, published=DAY) for title, text in REPORTS]


def _shape(extraction) -> list[tuple]:
    return [
        (e.sub_event_type, e.event_date, e.place.name if e.place else None, e.actor1,
         e.report.vector if e.lead and e.report else None)
        for e in extraction.events
    ]  # fmt: skip


def test_a_batch_extracts_what_one_by_one_does(pipeline):
    alone = [pipeline.extract(d) for d in _docs()]
    together = pipeline.extract_many(_docs())
    assert [_shape(x) for x in together] == [_shape(x) for x in alone]
    assert all(any(e.lead and e.report.vector for e in x.events) for x in together)


def test_the_vector_stage_reads_a_batch_in_one_pass(pipeline, monkeypatch):
    from sitroom.nlp import embed

    calls = []
    encode = embed.ReportEncoder.encode

    def counting(self, texts):
        calls.append(len(texts))
        return encode(self, texts)

    monkeypatch.setattr(embed.ReportEncoder, "encode", counting)
    pipeline.extract_many(_docs())
    assert calls == [3]


def test_results_keep_input_order_and_find_duplicates_inside_a_batch(pipeline):
    store = Store(":memory:")
    docs = _docs()
    near = Document(text=docs[0].text.replace("Dozens", "Many dozens"), title=docs[0].title,
                    published=DAY)  # fmt: skip
    unreadable = IngestResult(origin="bad.json", status="error", message="not JSON")
    items = [(docs[0], "a"), (docs[1], "b"), unreadable, (_docs()[0], "a-again"),
             (near, "a-edited"), (docs[2], "c")]  # fmt: skip
    results = list(Ingestor(store, pipeline).ingest_many(items))
    assert [r.origin for r in results] == ["a", "b", "bad.json", "a-again", "a-edited", "c"]
    assert [r.status for r in results] == [
        "stored", "stored", "error", "duplicate", "near_duplicate", "stored"
    ]  # fmt: skip
    assert results[3].document_id == results[4].document_id == results[0].document_id
    assert store.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    store.close()


def test_a_failed_extraction_fails_alone(pipeline, monkeypatch):
    store = Store(":memory:")
    docs = _docs()
    extract = pipeline.extract

    def failing(document, **kw):
        if document.title == docs[1].title:
            raise SitroomError("the model could not read this document")
        return extract(document, **kw)

    def failing_batch(documents):
        if any(d.title == docs[1].title for d in documents):
            raise SitroomError("the model could not read this document")
        return [extract(d) for d in documents]

    monkeypatch.setattr(pipeline, "extract", failing)
    monkeypatch.setattr(pipeline, "extract_many", failing_batch)
    results = list(Ingestor(store, pipeline).ingest_many((d, None) for d in docs))
    assert [r.status for r in results] == ["stored", "error", "stored"]
    assert "could not read" in results[1].message
    assert store.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    store.close()


def test_documents_past_a_full_batch_go_to_the_next(pipeline, monkeypatch):
    from sitroom import ingest

    monkeypatch.setattr(ingest, "INGEST_BATCH", 2)
    sizes = []
    extract_many = pipeline.extract_many
    monkeypatch.setattr(pipeline, "extract_many",
                        lambda docs: sizes.append(len(docs)) or extract_many(docs))  # fmt: skip
    store = Store(":memory:")
    results = list(Ingestor(store, pipeline).ingest_many((d, None) for d in _docs()))
    assert [r.status for r in results] == ["stored"] * 3 and sizes == [2, 1]
    store.close()
