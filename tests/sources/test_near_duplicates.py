"""Re-published copies are flagged as near duplicates; independent reports are not."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import sitroom.sources.dedupe
from sitroom.sources.dedupe import NearDuplicateIndex, signature_similarity, text_signature

DEDUPE_MODULE = Path(sitroom.sources.dedupe.__file__)

DEDUPE = Path(__file__).parent / "fixtures" / "dedupe"
ORIGINAL = (DEDUPE / "original.txt").read_text()
REPUBLISHED = (DEDUPE / "republished.txt").read_text()  # new headline/footer, 3 words edited
OTHER_REPORT = (DEDUPE / "other_report.txt").read_text()  # same event, written independently


def test_republished_copy_with_new_headline_footer_and_edits_is_found():
    index = NearDuplicateIndex()
    index.add("doc_original", text_signature(ORIGINAL))
    assert index.find(text_signature(REPUBLISHED)) == "doc_original"


def test_independent_report_on_the_same_event_is_not_a_duplicate():
    index = NearDuplicateIndex()
    index.add("doc_original", text_signature(ORIGINAL))
    assert index.find(text_signature(OTHER_REPORT)) is None
    assert signature_similarity(text_signature(ORIGINAL), text_signature(OTHER_REPORT)) < 0.2


def test_a_few_edited_words_keep_similarity_high():
    words = ORIGINAL.split(" ")
    for position in (40, 120, 200):
        words[position] = "changed"
    similarity = signature_similarity(text_signature(ORIGINAL), text_signature(" ".join(words)))
    assert similarity >= 0.9


def test_reformatting_and_case_do_not_change_the_signature():
    reflowed = " ".join(ORIGINAL.split()).upper().replace(",", " ,")
    paragraphs = ORIGINAL.replace("\n\n", "\n")
    assert text_signature(paragraphs) == text_signature(ORIGINAL)
    assert signature_similarity(text_signature(reflowed), text_signature(ORIGINAL)) > 0.9


def test_unrelated_articles_score_near_zero():
    other = (Path(__file__).parent / "fixtures" / "article.txt").read_text()
    assert signature_similarity(text_signature(ORIGINAL), text_signature(other)) < 0.1


def test_signature_is_stable_across_processes_and_hash_seeds():
    # Load dedupe.py on its own: the package import (trafilatura, feedparser) is slow.
    code = (
        "import sys, importlib.util as u; "
        f"spec = u.spec_from_file_location('dedupe', {str(DEDUPE_MODULE)!r}); "
        "m = u.module_from_spec(spec); spec.loader.exec_module(m); "
        "print(m.text_signature(sys.stdin.read())[:8])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            input=ORIGINAL,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {f"{text_signature(ORIGINAL)[:8]}\n"}


def test_signature_length_follows_num_perm_and_lengths_must_match():
    assert len(text_signature("a b c d e f", num_perm=128)) == 128
    with pytest.raises(ValueError):
        signature_similarity(text_signature("x"), text_signature("x", num_perm=32))


def test_short_and_empty_texts_have_signatures():
    assert text_signature("Two killed.") == text_signature("two KILLED")
    assert text_signature("") == text_signature("  ...  ")
    assert signature_similarity(text_signature("Two killed."), text_signature("")) == 0.0


def test_find_returns_best_match_and_ignores_re_adding_an_id():
    index = NearDuplicateIndex()
    index.add("doc_other", text_signature(OTHER_REPORT))
    index.add("doc_original", text_signature(ORIGINAL))
    index.add("doc_original", text_signature(OTHER_REPORT))  # same id again: ignored
    assert len(index) == 2 and "doc_original" in index
    assert index.find(text_signature(ORIGINAL)) == "doc_original"
    assert index.find(text_signature(REPUBLISHED), threshold=0.99) is None


def test_index_rejects_signature_of_wrong_length():
    with pytest.raises(ValueError):
        NearDuplicateIndex().add("doc", [1, 2, 3])


def test_index_finds_the_one_near_copy_among_many_random_signatures():
    rng = random.Random(7)
    index = NearDuplicateIndex()
    for number in range(20_000):
        index.add(f"doc_{number}", [rng.getrandbits(32) for _ in range(64)])
    target = text_signature(ORIGINAL)
    index.add("doc_target", target)
    assert index.find(text_signature(REPUBLISHED)) == "doc_target"
    assert index.find(text_signature(OTHER_REPORT)) is None
