"""Report vectors: what text they read, how they are stored, and the pipeline stage."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.model import Document
from sitroom.nlp.embed import REPORT_WORDS, pack, report_text, similarity, unpack


def test_report_text_is_the_headline_and_the_opening_words():
    doc = Document(
        text="A car bomb killed nine in Kirkuk on Monday.\n\nPolice sealed the area.",
        title="Car bomb kills nine in Kirkuk",
        published=dt.date(2024, 3, 4),
    )
    assert report_text(doc) == (
        "Car bomb kills nine in Kirkuk. A car bomb killed nine in Kirkuk on Monday. Police "
        "sealed the area."
    )
    long = doc.model_copy(update={"title": None, "text": "word " * (REPORT_WORDS + 50)})
    assert report_text(long).split() == ["word"] * REPORT_WORDS


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=8, max_size=8))
def test_a_packed_vector_keeps_its_direction(values):
    vector = np.asarray(values, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    if norm < 0.1:
        return
    unit = vector / norm
    text = pack(unit)
    assert len(text) == 12  # 8 signed bytes in base64
    assert float(unpack(text) @ unit) > 0.99


def test_similarity_needs_both_vectors():
    a = pack(np.asarray([1.0, 0.0, 0.0, 0.0]))
    b = pack(np.asarray([0.0, 1.0, 0.0, 0.0]))
    assert similarity(a, a) == pytest.approx(1.0)
    assert similarity(a, b) == pytest.approx(0.0)
    assert similarity(a, None) is None and similarity(None, b) is None


def test_the_pipeline_gives_the_lead_record_alone_a_vector_that_reads_meaning():
    from sitroom.pipeline import Pipeline

    pipe = Pipeline.default()
    day = dt.date(2024, 3, 4)

    def lead_vector(title: str, text: str) -> str:
        ex = pipe.extract(Document(text=text, title=title, published=day))
        leads = [e for e in ex.events if e.lead]
        assert len(leads) == 1
        others = [e for e in ex.events if not e.lead]
        assert all(e.report is None or e.report.vector is None for e in others)
        assert leads[0].report is not None and leads[0].report.vector
        return leads[0].report.vector

    bomb = lead_vector(
        "Market bombing kills 20 in Kirkuk",
        "A car bomb tore through a crowded market in Kirkuk on Monday, killing 20 people. "
        "Police said the death toll could rise.",
    )
    retold = lead_vector(
        "Kirkuk mourns market blast victims",
        "Funerals were held on Tuesday for the twenty people killed when an explosives-laden "
        "car blew up in a busy Kirkuk market. Protesters blamed the police.",
    )
    other = lead_vector(
        "Protesters clash with police in Basra",
        "Hundreds of protesters demanding jobs clashed with riot police outside the Basra "
        "governorate building on Monday. Officers fired tear gas.",
    )
    assert similarity(bomb, retold) > similarity(bomb, other)
