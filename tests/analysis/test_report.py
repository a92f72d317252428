"""The situation report: statements with sources, totals with ranges, md/html/pdf."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from sitroom.analysis.report import build_report, report
from sitroom.errors import BadInput

SINCE, UNTIL = dt.date(2024, 11, 27), dt.date(2024, 12, 8)

GOV = "Military Forces of Syria (2000-2024)"
HTS = "HTS: Hayat Tahrir al-Sham"


def test_every_statement_has_a_source(offensive_store):
    rep = build_report(offensive_store, "Syria", SINCE, UNTIL)
    statements = rep.developments + rep.control + rep.totals + rep.displacement
    assert statements and all(s.sources for s in statements)


def test_captures_rank_above_a_small_clash(offensive_store):
    rep = build_report(offensive_store, "Syria", SINCE, UNTIL)
    assert f"{HTS} took control of Hama from {GOV}" in rep.developments[0].text
    texts = [s.text for s in rep.developments]
    clash = next(i for i, t in enumerate(texts) if "clashed" in t)
    capture = next(i for i, t in enumerate(texts) if "took control of Saraqib" in t)
    assert capture < clash


def test_totals_keep_the_conservative_figure_and_the_range(offensive_store):
    rep = build_report(offensive_store, "Syria", SINCE, UNTIL)
    deaths = rep.totals[0].text
    assert "at least 40" in deaths and "40-50" in deaths


def test_markdown_report_cites_titles(offensive_store):
    text = report(offensive_store, "Syria", SINCE, UNTIL, "md")
    assert text.startswith("# Situation report: Syria")
    assert "[Sources: Title d5 (Outlet 1, 2024-12-05)]" in text


def test_html_report_inlines_map_and_timeline(offensive_store):
    text = report(offensive_store, "Syria", SINCE, UNTIL, "html")
    assert text.count("data:image/png;base64,") == 2
    assert "<ol><li>" in text


def test_pdf_report_text_is_extractable(offensive_store, tmp_path):
    out = tmp_path / "report.pdf"
    assert report(offensive_store, "Syria", SINCE, UNTIL, "pdf", out) == f"wrote {out}"
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 3
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Key developments" in text and "Saraqib" in text and "Sources:" in text


def test_markdown_with_output_writes_figures_beside_it(offensive_store, tmp_path):
    out = tmp_path / "sitrep.md"
    report(offensive_store, "Syria", SINCE, UNTIL, "md", out)
    assert (tmp_path / "sitrep_map.png").stat().st_size > 1000
    assert "![map](sitrep_map.png)" in out.read_text()


def test_pdf_without_output_and_unknown_format_are_clear_errors(offensive_store):
    with pytest.raises(BadInput, match="-o"):
        report(offensive_store, "Syria", SINCE, UNTIL, "pdf")
    with pytest.raises(BadInput, match="md, html, pdf"):
        report(offensive_store, "Syria", SINCE, UNTIL, "docx")
