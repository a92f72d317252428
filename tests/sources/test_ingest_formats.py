"""Each input format gives Documents with the text, title, url, source and date it holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitroom.sources import iter_documents, iter_documents_from_bytes
from sitroom.sources.plaintext import guess_title

FIXTURES = Path(__file__).parent / "fixtures"


def documents(target, **kwargs):
    results = list(iter_documents(target, **kwargs))
    errors = [r.error for r in results if r.error]
    assert not errors, errors
    return [r.document for r in results]


def test_text_file_keeps_text_verbatim_and_reads_title():
    (doc,) = documents(FIXTURES / "article.txt")
    raw = (FIXTURES / "article.txt").read_text("utf-8")
    assert doc.text == raw
    assert doc.title == "Shelling damages water station near Avdiivka"
    assert doc.path == str(FIXTURES / "article.txt")
    assert doc.published is None and doc.source is None


def test_crlf_line_endings_are_normalised_so_offsets_match_lf_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title line\r\n\r\nBody one.\r\nBody two.\rEnd.")
    (doc,) = documents(path)
    assert doc.text == "Title line\n\nBody one.\nBody two.\nEnd."
    assert doc.text.index("Body two") == 22


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffShelling reported in the north.".encode())
    (doc,) = documents(path)
    assert doc.text == "Shelling reported in the north."


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Headline here\n\nBody text.", "Headline here"),
        ("\n\nHeadline after blanks\n\nBody text.", "Headline after blanks"),
        ("A first sentence ends with a stop.\n\nBody text.", None),
        ("Headline without gap\nBody text.", None),
        ("Only one line", None),
    ],
)
def test_first_line_is_title_only_when_a_blank_line_follows(text, title):
    assert guess_title(text) == title


def test_markdown_heading_is_title_without_hashes(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Militia seizes airport\nFighters took the airport on Friday.\n")
    (doc,) = documents(path)
    assert doc.title == "Militia seizes airport"
    assert doc.text.startswith("# Militia seizes airport")


def test_html_boilerplate_is_removed_and_metadata_read():
    (doc,) = documents(FIXTURES / "page.html")
    assert "killing three drivers" in doc.text
    assert "deliveries would be suspended" in doc.text
    for boilerplate in ("Subscribe to our newsletter", "All rights reserved", "rainy weekend"):
        assert boilerplate not in doc.text
    assert doc.title == "Convoy attacked on road to El Fasher"
    assert doc.source == "Sahel Monitor"
    assert doc.url == "https://sahel-monitor.example.org/news/convoy-attacked-el-fasher"
    assert doc.published == dt.date(2024, 5, 14)


def test_short_html_page_falls_back_to_text_without_menus(tmp_path):
    path = tmp_path / "short.htm"
    path.write_text(
        "<html><head><title>Bulletin</title></head><body><nav>Home | Archive</nav>"
        "<div><p>Two soldiers were <b>killed</b> near the bridge.</p></div>"
        "<footer>Contact us</footer></body></html>"
    )
    (doc,) = documents(path)
    assert doc.text == "Two soldiers were killed near the bridge."
    assert doc.title == "Bulletin"


def test_html_in_declared_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "latin.html"
    body = "<p>Les forces ont quitté la ville de Ménaka après des combats.</p>"
    page = f'<html><head><meta charset="iso-8859-1"></head><body>{body}</body></html>'
    path.write_bytes(page.encode("cp1252"))
    (doc,) = documents(path)
    assert "quitté la ville de Ménaka" in doc.text


def test_json_object_fields_become_document_fields():
    (doc,) = documents(FIXTURES / "article.json")
    assert doc.title == "Clashes reported in Kidal region"
    assert doc.url == "https://example.org/kidal-clashes"
    assert doc.source == "Example Wire"
    assert doc.published == dt.date(2024, 2, 3)
    assert doc.text.startswith("Armed clashes broke out near Anefis")
    assert "\n\nResidents said" in doc.text


def test_json_list_gives_one_document_per_object(tmp_path):
    path = tmp_path / "list.json"
    path.write_text('[{"text": "First report."}, {"body": "Second report."}]')
    results = list(iter_documents(path))
    assert [r.origin for r in results] == [f"{path}[0]", f"{path}[1]"]
    assert [r.document.text for r in results] == ["First report.", "Second report."]


def test_json_with_html_body_is_reduced_to_paragraph_text(tmp_path):
    path = tmp_path / "cms.json"
    path.write_text('{"content": "<p>Shots fired in <b>Gao</b>.</p><p>Two hurt.</p>"}')
    (doc,) = documents(path)
    assert doc.text == "Shots fired in Gao.\n\nTwo hurt."


def test_jsonl_gives_three_articles_with_field_aliases():
    docs = documents(FIXTURES / "articles.jsonl")
    assert len(docs) == 3
    assert docs[0].published == dt.date(2024, 1, 10)
    assert docs[1].text.startswith("Hundreds of people gathered")  # "body"
    assert docs[1].published == dt.date(2024, 1, 11)  # "date", local day kept
    assert docs[2].title == "Displacement from Tal Abyad"  # "headline"
    assert docs[2].text.startswith("Some 2,000 people")  # "content"
    assert len({d.id for d in docs}) == 3


def test_jsonl_origins_name_the_line():
    results = list(iter_documents(FIXTURES / "articles.jsonl"))
    assert [r.origin.rsplit(":", 1)[1] for r in results] == ["1", "2", "3"]


def test_rss_feed_entries_become_articles_with_feed_title_as_source():
    docs = documents(FIXTURES / "feed.rss")
    assert [d.title for d in docs] == [
        "Roadside bomb near Baidoa",
        "Families flee fighting in Galmudug",
    ]
    assert docs[0].text == (
        "A roadside bomb exploded near a checkpoint outside Baidoa on Monday, killing two "
        "soldiers.\n\nNo group immediately claimed the attack."
    )
    assert docs[0].published == dt.date(2024, 3, 4)
    assert docs[0].url == "https://horn-bulletin.example.org/baidoa-bomb"
    assert {d.source for d in docs} == {"Horn Security Bulletin"}


def test_atom_feed_keeps_the_publishers_local_day_and_falls_back_to_updated():
    first, second = documents(FIXTURES / "feed.atom")
    assert first.text.startswith("Rebel fighters took control of the mining town of Rubaya")
    assert "<p>" not in first.text
    assert first.published == dt.date(2024, 6, 1)  # 21:30 at UTC-1 is 2 June in UTC
    assert second.published == dt.date(2024, 6, 2)  # no <published>: <updated>
    assert first.source == second.source == "Great Lakes Monitor"
    assert second.url == "https://glm.example.org/sake"


def test_extensionless_file_is_sniffed(tmp_path):
    (tmp_path / "feed").write_bytes((FIXTURES / "feed.rss").read_bytes())
    (tmp_path / "page").write_bytes((FIXTURES / "page.html").read_bytes())
    (tmp_path / "story").write_text("Shelling reported overnight.")
    docs = documents(tmp_path)
    assert [d.title for d in docs][:2] == [
        "Roadside bomb near Baidoa",
        "Families flee fighting in Galmudug",
    ]
    assert docs[2].source == "Sahel Monitor"
    assert docs[3].text == "Shelling reported overnight."


def test_published_argument_wins_over_metadata():
    override = dt.date(2025, 1, 1)
    (doc,) = documents(FIXTURES / "article.json", published=override)
    assert doc.published == override
    assert {d.published for d in documents(FIXTURES / "feed.rss", published=override)} == {override}
    (page,) = documents(FIXTURES / "page.html", published=override)
    assert page.published == override


def test_published_argument_accepts_a_datetime():
    (doc,) = documents(FIXTURES / "article.txt", published=dt.datetime(2024, 7, 9, 23, 0))
    assert doc.published == dt.date(2024, 7, 9)


def test_metadata_date_used_when_no_argument_and_none_when_absent():
    json_doc, txt_doc = (
        documents(FIXTURES / "article.json")[0],
        documents(FIXTURES / "article.txt")[0],
    )
    assert json_doc.published == dt.date(2024, 2, 3)
    assert txt_doc.published is None


def test_unreadable_date_in_metadata_is_dropped_not_fatal(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"text": "Clashes overnight.", "published": "sometime last spring"}')
    (doc,) = documents(path)
    assert doc.published is None


def test_source_argument_wins_over_metadata():
    docs = documents(FIXTURES / "feed.atom", source="My Monitor")
    assert {d.source for d in docs} == {"My Monitor"}


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("Second file.")
    (tmp_path / "a.txt").write_text("First file.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Nested file.")
    (tmp_path / ".hidden.txt").write_text("Hidden file.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden folder.")
    assert [d.text for d in documents(tmp_path)] == ["First file.", "Second file.", "Nested file."]


def test_utf16_text_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Convoy attacked near Kabkabiya.".encode("utf-16"))
    (doc,) = documents(path)
    assert doc.text == "Convoy attacked near Kabkabiya."


def test_bytes_in_memory_are_read_by_the_name_extension():
    results = list(
        iter_documents_from_bytes(b'{"text": "Clashes.", "source": "Wire"}', "upload.json")
    )
    assert [r.document.source for r in results] == ["Wire"]
    (sniffed,) = iter_documents_from_bytes(b"Plain.")
    assert sniffed.document.text == "Plain."
    (refused,) = iter_documents_from_bytes(b"%PDF", "report.pdf")
    assert "not read" in str(refused.error)


def test_short_xhtml_page_with_encoding_declaration_is_read(tmp_path):
    path = tmp_path / "page.xhtml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><nav>Menu</nav><p>Clashes were reported in Ménaka on Friday.</p></body></html>"
    )
    (doc,) = documents(path)
    assert doc.text == "Clashes were reported in Ménaka on Friday."
