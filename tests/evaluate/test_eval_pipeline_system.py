"""``PipelineSystem``: the seam to the real pipeline keeps the gold's tokens and spans."""

from __future__ import annotations

import spacy

from sitroom.evaluate.systems import PipelineSystem


def _system_with_ruler() -> PipelineSystem:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "GPE", "pattern": "Deir ez-Zor"},
            {"label": "ORG", "pattern": [{"LOWER": "coalition"}]},
        ]
    )
    system = PipelineSystem()
    system.__dict__["nlp"] = nlp  # the cached property, filled without loading the pipeline
    return system


def test_tag_entities_keeps_the_given_tokenisation() -> None:
    # "Deir ez-Zor" would be re-tokenised by spaCy; given tokens must stay as they are.
    sentences = [["Coalition", "jets", "struck", "Deir", "ez-Zor", "."], ["Quiet", "day"]]
    tagged = _system_with_ruler().tag_entities(sentences)
    assert tagged[0] == [(0, 1, "ORG")]
    assert tagged[1] == []


def test_tag_entities_finds_multi_token_names_on_given_tokens() -> None:
    sentences = [["They", "reached", "Deir", "ez", "-", "Zor"]]
    system = _system_with_ruler()
    assert system.tag_entities(sentences) == [[(2, 6, "GPE")]]
