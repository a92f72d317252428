"""The event trigger lexicon: compiled from ``event_lexicon.yaml`` and matched on tokens.

A trigger is a sequence of token slots (alternative lemmas, an optional part of speech)
with optional gaps; matching walks the sentence's tokens once and looks candidates up
by their first slot, which keeps it fast enough for hundreds of sentences a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.config import DATA_DIR
from sitroom.errors import ConfigError
from sitroom.nlp.event_taxonomy import _read_yaml

DEFAULT_LEXICON_PATH = DATA_DIR / "event_lexicon.yaml"

# Tokens that never end a gap: a trigger does not reach across a sentence boundary.
_GAP_STOPS = frozenset({".", ";", ":", "!", "?"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2012", "\u2013"})


@dataclass(frozen=True)
class Tok:
    """The few token features the matcher needs (so it works on any token source)."""

    i: int
    idx: int
    end: int
    lemma: str
    lower: str
    pos: str
    singular: str = ""

    @staticmethod
    def naive_singular(lower: str) -> str:
        """A plural's stem for nouns the tagger took for proper nouns ("Rockets ...")."""
        if len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss"):
            return lower[:-1]
        return lower


@dataclass(frozen=True)
class Slot:
    """One token position of a trigger: alternatives as (word, part of speech or None)."""

    alts: tuple[tuple[str, str | None], ...]
    gap: bool = False

    def accepts(self, tok: Tok) -> bool:
        for word, pos in self.alts:
            if word in (tok.lemma, tok.lower, tok.singular) and (pos is None or pos == tok.pos):
                return True
        return False


@dataclass(frozen=True)
class Trigger:
    group: str
    phrase: str
    slots: tuple[Slot, ...]
    weight: float


@dataclass(frozen=True)
class Pattern:
    group: str
    regex: re.Pattern[str]
    weight: float


@dataclass
class Match:
    """A trigger found in a sentence: token positions (into the token list) and chars."""

    group: str
    trigger: str
    weight: float
    positions: tuple[int, ...]
    start: int
    end: int
    head: Any = None  # the syntactic head token, set once the sentence is parsed


@dataclass(frozen=True)
class SplitRule:
    group: str
    checks: tuple[tuple[str, str, str | None], ...]
    default: str | None


@dataclass(frozen=True)
class CombineRule:
    if_all: tuple[str, ...]
    then: str
    span_from: str
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConditionalSuppress:
    """``key`` drops ``drop`` unless a word of actor class ``unless`` is in the sentence."""

    key: str
    unless: str | None
    drop: tuple[str, ...]


@dataclass
class Lexicon:
    """Everything ``event_lexicon.yaml`` defines, compiled."""

    triggers_by_first: dict[str, list[Trigger]]
    patterns: list[Pattern]
    groups: set[str]
    actor_classes: dict[str, frozenset[str]]
    governors: frozenset[str]
    subject_nouns: frozenset[str]
    modals: frozenset[str]
    barriers: frozenset[str]
    conditionals: frozenset[str]
    exempt_groups: frozenset[str]
    splits: dict[str, SplitRule]
    combine: list[CombineRule]
    suppress: dict[str, tuple[str, ...]]
    classify_bonus: dict[str, float]
    classify_bonus_unless: dict[str, str]
    plover_by_first: dict[str, list[Trigger]]
    suppress_unless: list[ConditionalSuppress] = field(default_factory=list)
    suppress_governed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_gap: int = 3
    weak_below: float = 0.5
    support_bonus: float = 0.05
    # PLOVER types that lose a tie at equal depth ("met and agreed": the meeting is the
    # setting, the agreement the news).
    plover_weak: frozenset[str] = frozenset()
    # Hostile PLOVER types that an announced future act turns into THREATEN, the
    # auxiliaries (and readiness words) that announce it, and those that make a demand.
    threat_types: frozenset[str] = frozenset()
    threat_modals: frozenset[str] = frozenset()
    demand_modals: frozenset[str] = frozenset()
    # Material acts that, only promised or announced, are verbal ones (a withdrawal
    # that "will" happen is a concession, PLOVER CONCEDE, not yet a RETREAT).
    promise_types: dict[str, str] = field(default_factory=dict)
    # An AGREE word ("agreed", "pledged") over a concession's clause concedes; a
    # cooperative act someone is ready or willing to do is AGREE.
    promise_words: frozenset[str] = frozenset()
    concession_types: frozenset[str] = frozenset()
    willing_words: frozenset[str] = frozenset()
    willing_types: frozenset[str] = frozenset()
    # Trigger texts (lower case) that count only with a place right after them.
    place_object_triggers: frozenset[str] = frozenset()
    # Sub-types event assembly still records when crime words label the sentence.
    criminal_violence: frozenset[str] = frozenset()


def _parse_item(item: object, default_weight: float, where: str) -> tuple[str, float]:
    """An item is ``"phrase"`` or ``{"phrase": weight}``."""
    if isinstance(item, str):
        return item, default_weight
    if isinstance(item, dict) and len(item) == 1:
        ((phrase, weight),) = item.items()
        return str(phrase), float(weight)
    raise ConfigError(
        f"event lexicon {where}: cannot read trigger {item!r}; write 'phrase' or 'phrase: weight'"
    )


def _compile_phrase(phrase: str, macros: dict[str, list[str]], where: str) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    for part in phrase.lower().split():
        if part == "...":
            if not slots:
                raise ConfigError(f"event lexicon {where}: {phrase!r} cannot start with a gap")
            slots.append(Slot(alts=(), gap=True))
            continue
        alts: list[tuple[str, str | None]] = []
        for alt in part.split("|"):
            if alt.startswith("@"):
                name = alt[1:].upper()
                if name not in macros:
                    raise ConfigError(f"event lexicon {where}: unknown macro @{name} in {phrase!r}")
                alts.extend((w.lower(), None) for w in macros[name])
            elif "/" in alt:
                word, pos = alt.split("/", 1)
                alts.append((word, pos.upper()))
            else:
                alts.append((alt, None))
        slots.append(Slot(alts=tuple(alts)))
    if not slots or slots[-1].gap:
        raise ConfigError(f"event lexicon {where}: {phrase!r} is empty or ends with a gap")
    return tuple(slots)


def _index(triggers: Iterable[Trigger]) -> dict[str, list[Trigger]]:
    index: dict[str, list[Trigger]] = defaultdict(list)
    for trig in triggers:
        for word in {w for w, _ in trig.slots[0].alts}:
            index[word].append(trig)
    return dict(index)


def _expand_classes(raw: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Resolve ``@class`` includes (one level of nesting is all the lexicon needs)."""
    out: dict[str, frozenset[str]] = {}
    for name, words in raw.items():
        flat: set[str] = set()
        for word in words:
            word = str(word).lower()
            if word.startswith("@"):
                flat.update(
                    str(w).lower() for w in raw.get(word[1:], []) if not str(w).startswith("@")
                )
            else:
                flat.add(word)
        out[name] = frozenset(flat)
    return out


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Read and compile the lexicon (default: the packaged ``event_lexicon.yaml``)."""
    path = Path(path) if path else DEFAULT_LEXICON_PATH
    data = _read_yaml(path)
    settings = data.get("settings", {})
    default_weight = float(settings.get("default_weight", 0.8))
    macros = {str(k).upper(): [str(w) for w in v] for k, v in data.get("macros", {}).items()}
    triggers: list[Trigger] = []
    patterns: list[Pattern] = []
    groups: set[str] = set()
    for group, spec in (data.get("groups") or {}).items():
        groups.add(group)
        weight = float(spec.get("weight", default_weight))
        for item in spec.get("triggers", []) or []:
            phrase, w = _parse_item(item, weight, f"{path}:{group}")
            triggers.append(
                Trigger(group, phrase, _compile_phrase(phrase, macros, f"{path}:{group}"), w)
            )
        for item in spec.get("patterns", []) or []:
            regex, w = _parse_item(item, weight, f"{path}:{group}")
            try:
                patterns.append(Pattern(group, re.compile(regex, re.IGNORECASE), w))
            except re.error as exc:
                raise ConfigError(
                    f"event lexicon {path}:{group}: bad regex {regex!r}: {exc}"
                ) from exc
    plover_triggers: list[Trigger] = []
    for ptype, items in (data.get("plover_only") or {}).items():
        for item in items:
            phrase, w = _parse_item(item, 0.5, f"{path}:plover_only")
            plover_triggers.append(
                Trigger(ptype, phrase, _compile_phrase(phrase, macros, "plover_only"), w)
            )
    rules = data.get("rules", {}) or {}
    splits = {
        s["group"]: SplitRule(
            group=s["group"],
            checks=tuple((c[0], c[1], c[2]) for c in s.get("checks", [])),
            default=s.get("default"),
        )
        for s in rules.get("splits", []) or []
    }
    combine = [
        CombineRule(
            if_all=tuple(c["if_all"]),
            then=c["then"],
            span_from=c.get("span_from", c["if_all"][0]),
            drop=tuple(c.get("drop", [])),
        )
        for c in rules.get("combine", []) or []
    ]
    irrealis = data.get("irrealis", {}) or {}
    plover_rules = data.get("plover_rules", {}) or {}
    return Lexicon(
        triggers_by_first=_index(triggers),
        patterns=patterns,
        groups=groups,
        actor_classes=_expand_classes(data.get("actor_classes", {}) or {}),
        governors=frozenset(irrealis.get("governors", [])),
        subject_nouns=frozenset(irrealis.get("subject_nouns", [])),
        modals=frozenset(irrealis.get("modals", [])),
        barriers=frozenset(irrealis.get("barriers", [])),
        conditionals=frozenset(irrealis.get("conditionals", [])),
        exempt_groups=frozenset(irrealis.get("exempt_groups", [])),
        splits=splits,
        combine=combine,
        suppress={k: tuple(v) for k, v in (rules.get("suppress", {}) or {}).items()},
        classify_bonus={k: float(v) for k, v in (rules.get("classify_bonus", {}) or {}).items()},
        classify_bonus_unless=dict(rules.get("classify_bonus_unless", {}) or {}),
        plover_by_first=_index(plover_triggers),
        suppress_unless=[
            ConditionalSuppress(r["key"], r.get("unless"), tuple(r.get("drop", [])))
            for r in rules.get("suppress_unless", []) or []
        ],
        suppress_governed={
            k: tuple(v) for k, v in (rules.get("suppress_governed", {}) or {}).items()
        },
        max_gap=int(settings.get("max_gap", 3)),
        weak_below=float(settings.get("weak_below", 0.5)),
        support_bonus=float(settings.get("support_bonus", 0.05)),
        place_object_triggers=frozenset(
            str(t).lower() for t in settings.get("place_object_triggers", []) or []
        ),
        criminal_violence=frozenset(settings.get("criminal_violence", []) or []),
        plover_weak=frozenset(plover_rules.get("weak", []) or []),
        threat_types=frozenset(plover_rules.get("threat_types", []) or []),
        threat_modals=frozenset(plover_rules.get("threat_modals", []) or []),
        demand_modals=frozenset(plover_rules.get("demand_modals", []) or []),
        promise_types={
            str(k): str(v) for k, v in (plover_rules.get("promise_types", {}) or {}).items()
        },
        promise_words=frozenset(plover_rules.get("promise_words", []) or []),
        concession_types=frozenset(plover_rules.get("concession_types", []) or []),
        willing_words=frozenset(plover_rules.get("willing_words", []) or []),
        willing_types=frozenset(plover_rules.get("willing_types", []) or []),
    )


def content_tokens(toks: Sequence[Tok]) -> list[Tok]:
    """Tokens with hyphens removed, so that "car-bomb" matches "car bomb"."""
    return [t for t in toks if t.lower not in _HYPHENS]


def _match_slots(
    slots: tuple[Slot, ...], toks: Sequence[Tok], k: int, j: int, max_gap: int
) -> list[int] | None:
    if k == len(slots):
        return []
    slot = slots[k]
    if slot.gap:
        for g in range(max_gap + 1):
            if g:
                skipped = j + g - 1
                if skipped >= len(toks) or toks[skipped].lower in _GAP_STOPS:
                    return None
            rest = _match_slots(slots, toks, k + 1, j + g, max_gap)
            if rest is not None:
                return rest
        return None
    if j >= len(toks) or not slot.accepts(toks[j]):
        return None
    rest = _match_slots(slots, toks, k + 1, j + 1, max_gap)
    return None if rest is None else [j, *rest]


def find_triggers(
    toks: Sequence[Tok], index: dict[str, list[Trigger]], max_gap: int
) -> list[Match]:
    """Every trigger of ``index`` in the (hyphen-free) tokens ``toks``, first match per start."""
    found: list[Match] = []
    for j, tok in enumerate(toks):
        candidates = index.get(tok.lemma, [])
        for form in {tok.lower, tok.singular} - {tok.lemma, ""}:
            candidates = candidates + index.get(form, [])
        seen: set[tuple[str, str]] = set()
        for trig in candidates:
            if (trig.group, trig.phrase) in seen:
                continue
            positions = _match_slots(trig.slots, toks, 0, j, max_gap)
            if positions is None:
                continue
            seen.add((trig.group, trig.phrase))
            found.append(
                Match(
                    group=trig.group,
                    trigger=trig.phrase,
                    weight=trig.weight,
                    positions=tuple(positions),
                    start=toks[positions[0]].idx,
                    end=toks[positions[-1]].end,
                )
            )
    return found


def find_patterns(text: str, toks: Sequence[Tok], patterns: Sequence[Pattern]) -> list[Match]:
    """Regex triggers, aligned to the tokens they overlap."""
    found: list[Match] = []
    for pat in patterns:
        for m in pat.regex.finditer(text):
            positions = tuple(
                j for j, t in enumerate(toks) if t.idx < m.end() and t.end > m.start()
            )
            if positions:
                found.append(
                    Match(pat.group, pat.regex.pattern, pat.weight, positions, m.start(), m.end())
                )
    return found


def drop_contained(matches: list[Match]) -> list[Match]:
    """Drop a match whose tokens are a strict subset of another's ("car bomb" in
    "suicide car bomb", "riot" in "riot police")."""
    sets = [frozenset(m.positions) for m in matches]
    keep = []
    for i, m in enumerate(matches):
        if not any(sets[i] < sets[j] for j in range(len(matches)) if j != i):
            keep.append(m)
    return keep
