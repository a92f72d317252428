"""Entity-level corrections after spaCy's NER: weapons, military platforms, titled people,
descriptive organisations, referenced people, groups and places.

A news NER model trained on OntoNotes has no label for weapons or military equipment and
finds only named people, organisations and places. An analyst also wants "RPGs", "T-72
tanks", "President Obama", "the regime", "rebels", "he" and "the city". This module adds
a spaCy component, ``sitroom_entities``, that runs after ``ner`` and rewrites
``doc.ents``:

- ``WEAPON`` and ``MILITARY_PLATFORM`` spans from the lexicon in ``data/weapons.yaml``;
- a title before a name joins the PERSON ("President" + "Obama"); a definite title alone
  ("the Foreign Secretary") is a PERSON;
  a singular personal pronoun ("he", "I") is a PERSON, "we" an ORG;
- a nationality, country or named group before an organisation noun is one ORG ("the
  British Army", "US forces", "Islamic State militants"); descriptive groups ("rebels",
  "the regime", "opposition fighters") and plural demonyms used as nouns ("the Kurds")
  are ORG; a country that acts ("Russia launched ...") is its government, an ORG; an ORG
  keeps a leading "the";
- a one-word place from the gazetteer ruler that sits inside a person's name ("Philip"
  + "Hammond") or after a title is folded into the PERSON; a name the model labelled
  ORG, PERSON or NORP that the gazetteer knows, after "in"/"near"/..., is a place; a
  definite reference to a place ("the city", "the Syrian capital", "there") is a LOC,
  and a place keeps a leading "the" ("the Middle East");
- "Resolution 2254" is a LAW (a document reference); percentages read as MONEY, the
  "one" of "one of", ages read as dates and hedges before numbers ("more than") are
  corrected.

The conventions are those of the public entity schema of the Dstl re3d dataset
(github.com/dstl/re3d): an organisation "may be referenced by name (the British Army),
in relying on context (the Army) or by an abstract class (rebels)"; a person "by name,
by title (President of the United States) or title and name (President Obama)" or "by
reference to some other entity"; a location is "a specific point, area or feature on
earth", "named ... or referenced". The word lists live in ``data/entity_words.yaml``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.config import DATA_DIR
from sitroom.errors import BadInput

__all__ = [
    "WEAPON",
    "MILITARY_PLATFORM",
    "COMPONENT_NAME",
    "EquipmentLexicon",
    "equipment_lexicon",
    "find_equipment",
    "correct_entities",
    "EntityWords",
    "entity_words",
    "place_name_core",
]

log = logging.getLogger(__name__)

WEAPON = "WEAPON"
MILITARY_PLATFORM = "MILITARY_PLATFORM"
COMPONENT_NAME = "sitroom_entities"
WEAPONS_PATH = DATA_DIR / "weapons.yaml"
ENTITY_WORDS_PATH = DATA_DIR / "entity_words.yaml"

_CATEGORY_LABELS = {"weapon": WEAPON, "military_platform": MILITARY_PLATFORM}

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the news model gives to places it does not know ("in Aleppo" as NORP).
_SLIP_LABELS = {"ORG", "PERSON", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT"}


@dataclass(frozen=True)
class EntityWords:
    """The word lists of ``data/entity_words.yaml`` (titles, group nouns, pronouns, place
    modifiers), lower case; each field is documented in that file."""

    titles: frozenset[str]
    honorifics: frozenset[str]
    name_particles: frozenset[str]
    definite_titles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    group_nouns_standalone: frozenset[str]
    group_nouns_qualified: frozenset[str]
    not_after_group: frozenset[str]
    group_modifiers: frozenset[str]
    prepositions: frozenset[str]
    locatives: frozenset[str]
    age_words: frozenset[str]
    place_nouns: frozenset[str]
    place_adverbs: frozenset[str]
    place_heads: frozenset[str]
    place_modifiers: frozenset[str]
    quantity_hedges: frozenset[str]

    @classmethod
    def load(cls, path: Path = ENTITY_WORDS_PATH) -> EntityWords:
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise BadInput(f"cannot read the entity word lists {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise BadInput(f"{path}: expected a mapping of word lists")
        lists = {}
        for field in cls.__dataclass_fields__:
            words = data.get(field)
            if not isinstance(words, list):
                raise BadInput(f"{path}: '{field}' must be a list of words")
            lists[field] = frozenset(" ".join(str(w).lower().split()) for w in words)
        return cls(**lists)


@functools.cache
def entity_words(path: Path = ENTITY_WORDS_PATH) -> EntityWords:
    """The default word lists, read once per process."""
    return EntityWords.load(path)


@dataclass(frozen=True)
class EquipmentLexicon:
    """Compiled weapon and platform names: one case-insensitive and one case-sensitive
    regular expression per label, plus generic class nouns and phrases to drop."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    classes: tuple[tuple[str, re.Pattern[str]], ...]
    not_equipment: re.Pattern[str] | None

    @classmethod
    def load(cls, path: Path = WEAPONS_PATH) -> EquipmentLexicon:
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise BadInput(f"cannot read the weapons lexicon {path}: {exc}") from exc
        patterns: list[tuple[str, re.Pattern[str]]] = []
        classes: list[tuple[str, re.Pattern[str]]] = []
        for key, label in _CATEGORY_LABELS.items():
            section: dict[str, Any] = data.get(key) or {}
            heads = _alternation([h for h in section.get("heads", [])], plural=True)
            head_suffix = rf"(?:\s+{heads})?" if heads else ""
            names = [str(n) for n in section.get("names", [])]
            folded = [n for n in names if not _is_acronym(n)]
            as_written = [n for n in names if _is_acronym(n)]
            as_written += [str(n) for n in section.get("exact", [])]
            if folded:
                body = _alternation(folded, plural=False) + "s?" + head_suffix
                patterns.append((label, re.compile(_bounded(body), re.IGNORECASE)))
            if as_written:
                body = _alternation(as_written, plural=False) + "s?" + head_suffix
                # Only the name is case-sensitive; a following head may be any case.
                patterns.append((label, re.compile(_bounded(body))))
            generic = [str(c) for c in section.get("classes", [])]
            acronyms = [c for c in generic if _is_acronym(c)]
            words = [c for c in generic if not _is_acronym(c)]
            if acronyms:
                patterns.append((label, re.compile(_bounded(_alternation(acronyms, plural=True)))))
            if words:
                calibre = r"(?:\d+(?:\.\d+)?\s?-?\s?mm\s+)?"
                body = calibre + _alternation(words, plural=True)
                classes.append((label, re.compile(_bounded(body), re.IGNORECASE)))
        blocked = [str(p) for p in data.get("not_equipment", [])]
        not_equipment = (
            re.compile(_bounded(_alternation(blocked, plural=False)), re.IGNORECASE)
            if blocked
            else None
        )
        return cls(tuple(patterns), tuple(classes), not_equipment)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, label) character spans, longest first."""
        found: list[tuple[int, int, str]] = []
        for label, pattern in self.patterns:
            found += [(m.start(), m.end(), label) for m in pattern.finditer(text)]
        for label, pattern in self.classes:
            for m in pattern.finditer(text):
                if _plain_case(m.group(0), text, m.start()):
                    found.append((m.start(), m.end(), label))
        if self.not_equipment is not None:
            blocked = [(m.start(), m.end()) for m in self.not_equipment.finditer(text)]
            found = [f for f in found if not any(f[0] < e and s < f[1] for s, e in blocked)]
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        kept: list[tuple[int, int, str]] = []
        for item in found:
            if not any(item[0] < k[1] and k[0] < item[1] for k in kept):
                kept.append(item)
        return sorted(kept)


def _is_acronym(name: str) -> bool:
    """Names written in capitals (RPG, TOW, APC) are matched only as written: in lower
    case they are other words ("tow")."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in name


def _plural(phrase: str) -> str:
    """English plural of a class noun phrase: the head is the last word, or the word
    before "of" ("weapons of mass destruction")."""
    words = phrase.split(" ")
    at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word = words[at]
    if word.endswith("s") and not word.endswith("ss"):
        return phrase  # already plural ("small arms", "technicals")
    if word.endswith(("ss", "sh", "ch", "x")):
        word += "es"
    elif word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        word = word[:-1] + "ies"
    elif word.endswith("man"):
        word = word[:-3] + "men"
    else:
        word += "s"
    words[at] = word
    return " ".join(words)


def _phrase_regex(phrase: str) -> str:
    """A phrase whose spaces may be any whitespace and whose hyphens and slashes may be
    split off as tokens ("T-72" also as "T - 72"), as tokenisers disagree on them."""
    out = []
    for word in phrase.split():
        parts = re.split(r"([-/])", word)
        out.append("".join(rf"\s?{re.escape(p)}\s?" if p in "-/" else re.escape(p) for p in parts))
    return r"\s+".join(out)


def _alternation(phrases: Iterable[str], *, plural: bool) -> str:
    forms: set[str] = set()
    for phrase in phrases:
        phrase = " ".join(phrase.split())
        if not phrase:
            continue
        forms.add(phrase)
        if plural and not _is_acronym(phrase):
            forms.add(_plural(phrase))
        elif plural:
            forms.add(phrase + "s")
    if not forms:
        return ""
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    return "(?:" + "|".join(_phrase_regex(f) for f in ordered) + ")"


def _bounded(body: str) -> str:
    """Whole words only: not inside "anti-tank" or "tank-mounted" for "tank"."""
    return rf"(?<![\w-])(?<!-\s)(?:{body})(?![\w])(?!-\w)(?!\s-\s?\w)"


def _plain_case(matched: str, text: str, start: int) -> bool:
    """A class noun counts in lower case, or capitalised at a sentence start: "Shell"
    the company and "Tank" in a title are not weapons."""
    if matched == matched.lower():
        return True
    before = text[:start].rstrip()
    sentence_start = not before or before[-1] in ".!?\"'“‘:"
    return sentence_start and matched[0].isupper() and matched[1:] == matched[1:].lower()


@functools.cache
def equipment_lexicon(path: Path = WEAPONS_PATH) -> EquipmentLexicon:
    """The default lexicon, compiled once per process."""
    lexicon = EquipmentLexicon.load(path)
    log.debug("weapons lexicon %s: %d patterns", path, len(lexicon.patterns))
    return lexicon


def find_equipment(text: str) -> list[tuple[int, int, str]]:
    """Weapon and military platform mentions in plain text: (start, end, label)."""
    return equipment_lexicon().find(text)


def _phrase_ending_at(doc: Doc, end: int, phrases: dict[int, set[tuple[str, ...]]]) -> int:
    """Start of the longest phrase that ends just before token ``end``, or ``end``."""
    for length in sorted(phrases, reverse=True):
        start = end - length
        if start < 0:
            continue
        words = tuple(_norm(t.text) for t in doc[start:end])
        if words in phrases[length]:
            return start
    return end


def _phrase_starting_at(doc: Doc, start: int, phrases: dict[int, set[tuple[str, ...]]]) -> int:
    """End of the longest phrase that starts at token ``start``, or ``start``."""
    for length in sorted(phrases, reverse=True):
        end = start + length
        if end > len(doc):
            continue
        words = tuple(_norm(t.text) for t in doc[start:end])
        if words in phrases[length]:
            return end
    return start


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


@functools.cache
def _title_phrases() -> dict[int, set[tuple[str, ...]]]:
    return _split_phrases(entity_words().titles)


@functools.cache
def _definite_title_phrases() -> dict[int, set[tuple[str, ...]]]:
    return _split_phrases(entity_words().definite_titles)


@functools.cache
def _hedge_phrases() -> dict[int, set[tuple[str, ...]]]:
    return _split_phrases(entity_words().quantity_hedges)


@functools.cache
def _group_phrases() -> dict[int, set[tuple[str, ...]]]:
    return _split_phrases(
        entity_words().group_nouns_qualified | entity_words().group_nouns_standalone
    )


def _split_phrases(phrases: Iterable[str]) -> dict[int, set[tuple[str, ...]]]:
    """Phrases as token tuples. "gen." stays one token, "vice-president" is three."""
    by_length: dict[int, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(w for w in re.split(r"\s+|(?<=\w)(?=-)|(?<=-)(?=\w)", phrase) if w)
        by_length.setdefault(len(words), set()).add(words)
        if "-" in phrase:  # tokenisers that keep "secretary-general" whole
            whole = tuple(phrase.split())
            by_length.setdefault(len(whole), set()).add(whole)
    return by_length


def _is_title_case(tokens: Sequence[Any]) -> bool:
    """Every word of a title is capitalised ("Foreign Secretary", "Secretary of State")."""
    return all(t.text[0].isupper() or t.lower_ in ("of", "-", "the") for t in tokens if t.text)


def correct_entities(doc: Doc, places: Sequence[Span] = ()) -> Doc:
    """Rewrite ``doc.ents`` with equipment, titled people, descriptive organisations and
    document references; fix known places the model took for names.

    ``places`` are the gazetteer's matches in the doc (the place ruler's spans, labelled
    GPE, LOC or FAC): a name the model labelled ORG or PERSON ("Homs", "Near Kobani")
    that is exactly one of them, after a locative preposition, becomes that place.
    """
    ents = _fix_model_slips(doc, list(doc.ents))
    ents = _relabel_places(doc, ents, places)
    ents = _equipment(doc, ents)
    ents = _document_references(doc, ents)
    ents = _people(doc, ents)
    ents = _pronoun_references(doc, ents)
    ents = _organisations(doc, ents)
    ents = _governments_as_actors(doc, ents)
    ents = _place_references(doc, ents)
    ents = _place_heads(doc, ents)
    ents = _place_parts(doc, ents)
    ents = _definite_places(doc, ents)
    doc.ents = _without_overlaps(ents)
    return doc


def _fix_model_slips(doc: Doc, ents: list[Span]) -> list[Span]:
    """Small, systematic slips of the news model: a capitalised preposition inside a
    name ("Near Kobani"), a percentage read as money, "one" of "one of" as a number."""
    out = []
    for ent in ents:
        start = ent.start
        while (
            start < ent.end - 1
            and doc[start].lower_ in entity_words().locatives
            and doc[start].is_title
        ):
            start += 1
        if start > ent.start:
            ent = Span(doc, start, ent.end, label=ent.label_)
        if ent.label_ == "MONEY" and ent[-1].lower_ in ("percent", "cent", "%"):
            ent = Span(doc, ent.start, ent.end, label="PERCENT")
        next_word = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if ent.label_ == "CARDINAL" and ent.text.lower() == "one" and next_word == "of":
            continue
        if ent.label_ == "DATE" and _is_age(doc, ent):
            continue
        if ent.label_ in _NUMBER_LABELS:
            ent = _bare_amount(doc, ent)
        out.append(ent)
    return out


_NUMBER_LABELS = {"CARDINAL", "QUANTITY", "PERCENT"}
_DIGIT_GROUP = re.compile(r"\d{3}(?:\.\d+)?")


def _bare_amount(doc: Doc, ent: Span) -> Span:
    """The amount itself: a hedge before it is no part of it ("more than 300" -> "300"),
    and digit groups a tokeniser split at the comma ("1 , 000") are one number."""
    start, end = ent.start, ent.end
    hedge_end = _phrase_starting_at(doc, start, _hedge_phrases())
    if start < hedge_end < end and any(t.like_num for t in doc[hedge_end:end]):
        start = hedge_end
    while end + 1 < len(doc) and doc[end].text == "," and doc[end - 1].text[-1:].isdigit():
        if not _DIGIT_GROUP.fullmatch(doc[end + 1].text):
            break
        end += 2
    while start >= 2 and doc[start - 1].text == "," and _DIGIT_GROUP.fullmatch(doc[start].text):
        if not doc[start - 2].text[-1:].isdigit():
            break
        start -= 2
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_)


# Prepositions that take a place, never a person, as their object.
_PLACE_ONLY_LOCATIVES = {"in", "near", "outside", "inside", "around", "towards", "toward"}


def _relabel_places(doc: Doc, ents: list[Span], places: Sequence[Span]) -> list[Span]:
    known = {(p.start, p.end): p.label_ for p in places}
    out: list[Span] = []
    for ent in sorted(ents, key=lambda e: e.start):
        label = known.get((ent.start, ent.end))
        if label and ent.label_ in _SLIP_LABELS:
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            after_place = (
                bool(out) and out[-1].label_ in _PLACE_LABELS and out[-1].end + 1 == ent.start
            )
            listed = before in ("and", ",", "or") and after_place
            # A two-word person after "in" or "near" is a place the gazetteer knows ("in
            # Tal Abyad"); after "to" or "of" it may be someone ("spoke to Ali Hassan").
            named_person = ent.label_ == "PERSON" and len(ent) > 1
            if named_person and before in _PLACE_ONLY_LOCATIVES:
                named_person = False
            if (before in entity_words().locatives or listed) and not named_person:
                ent = Span(doc, ent.start, ent.end, label=label)
        out.append(ent)
    return out


def _document_references(doc: Doc, ents: list[Span]) -> list[Span]:
    """A resolution number names a document ("Resolution 2254", "UNSCR 2118"): LAW."""
    for token in doc:
        if token.lower_ not in ("resolution", "resolutions", "unscr") or token.i + 1 >= len(doc):
            continue
        if not (token.is_title or token.is_upper):
            continue
        end = token.i + 1
        while end < len(doc) and (doc[end].like_num or doc[end].lower_ in ("and", ",", "/")):
            end += 1
        while end > token.i + 1 and not doc[end - 1].like_num:
            end -= 1
        if end > token.i + 1:
            span = Span(doc, token.i, end, label="LAW")
            ents = [e for e in ents if e.end <= span.start or span.end <= e.start] + [span]
    return ents


def _overlay(ents: list[Span], new: Span) -> list[Span]:
    """Put ``new`` in place of what it overlaps; an ORG that named the equipment's owner
    ("Russian" of "Russian helicopters") keeps its head part as a NORP."""
    kept = []
    for ent in ents:
        if ent.end <= new.start or new.end <= ent.start:
            kept.append(ent)
            continue
        if ent.start < new.start and ent.label_ == "ORG":
            prefix = ent.doc[ent.start : new.start]
            if len(prefix) == 1 and prefix[0].text[:1].isupper():
                kept.append(Span(ent.doc, prefix.start, prefix.end, label="NORP"))
    kept.append(new)
    return kept


def _equipment(doc: Doc, ents: list[Span]) -> list[Span]:
    for start, end, label in find_equipment(doc.text):
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        # A weapon name inside a longer named organisation ("the Grad Brigade") stays ORG.
        inside = [
            e for e in ents if e.start <= span.start and span.end <= e.end and len(e) > len(span)
        ]
        if any(e.label_ in ("ORG", "PERSON", "FAC") and e.end > span.end for e in inside):
            continue
        ents = _overlay(ents, span)
    return ents


def _people(doc: Doc, ents: list[Span]) -> list[Span]:
    """Titles join the name after them; a title after "the" is a person on its own."""
    titles = _title_phrases()
    out: list[Span] = []
    taken = {i for e in ents for i in range(e.start, e.end)}
    for ent in sorted(ents, key=lambda e: e.start):
        if ent.label_ == "PERSON" or _is_surname_place(doc, ent):
            start = _title_start(doc, ent.start, titles)
            free = not any(i in taken for i in range(start, ent.start))
            if start < ent.start and free and _is_title_case(doc[start : ent.start]):
                ent = Span(doc, start, ent.end, label="PERSON")
                taken.update(range(start, ent.end))
        out.append(ent)
    out = _merge_split_names(doc, out)
    out = _honorific_names(doc, out)
    # "the President", "the Foreign Secretary of Britain": a definite title alone.
    definite = _definite_title_phrases()
    taken = {i for e in out for i in range(e.start, e.end)}
    for i, token in enumerate(doc):
        if token.lower_ != "the" or i + 1 in taken or i in taken:
            continue
        end = _phrase_starting_at(doc, i + 1, definite)
        if end == i + 1 or any(e.start < end < e.end for e in out):
            continue
        if (
            not _is_title_case(doc[i + 1 : end])
            and doc[i + 1 : end].text != doc[i + 1 : end].text.lower()
        ):
            continue
        if end < len(doc) and (doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN"):
            continue  # "the President Obama" is handled as title + name
        if end + 1 < len(doc) and doc[end].lower_ in ("for", "of") and doc[end + 1].is_title:
            # "the Minister for Foreign Affairs", "the Secretary of State for Defence"
            stop = end + 1
            while stop < len(doc) and (doc[stop].is_title or doc[stop].lower_ == "and"):
                if any(e.start <= stop < e.end and e.label_ in _PLACE_LABELS for e in out):
                    break
                stop += 1
            if doc[stop - 1].is_title and stop > end + 1 and doc[end].lower_ == "for":
                end = stop
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            holder = [
                e
                for e in out
                if e.start in (end + 1, end + 2) and e.label_ in _PLACE_LABELS | {"ORG", "NORP"}
            ]
            if holder and (holder[0].start == end + 1 or doc[end + 1].lower_ == "the"):
                out = [e for e in out if e is not holder[0]]
                end = holder[0].end
        out = [e for e in out if not (i < e.end and e.start < end)]
        out.append(Span(doc, i, end, label="PERSON"))
        taken.update(range(i, end))
    return out


def _honorific_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """An honorific before capitalised words the model left untagged is a person
    ("Baroness Anelay", "Sheikh Abu Muhammad")."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    for token in doc:
        if token.i in taken or token.lower_ not in entity_words().honorifics or not token.is_title:
            continue
        end = token.i + 1
        while end < len(doc) and end not in taken and doc[end].pos_ == "PROPN":
            if not (doc[end].is_title or doc[end].lower_ in entity_words().name_particles):
                break
            end += 1
        while end > token.i + 1 and doc[end - 1].lower_ in entity_words().name_particles:
            end -= 1
        if end > token.i + 1 and (end >= len(doc) or end not in taken):
            ents.append(Span(doc, token.i, end, label="PERSON"))
            taken.update(range(token.i, end))
    return ents


def _title_start(doc: Doc, start: int, titles: dict[int, set[tuple[str, ...]]]) -> int:
    """Start of the title before a name that begins at token ``start``, with up to two
    given names the model left untagged between them ("President Alejandro Toledo");
    ``start`` when no title is there."""
    for given in range(3):
        at = start - given
        if at <= 0 or (given and not (doc[at].pos_ == "PROPN" and doc[at].is_title)):
            break
        title = _phrase_ending_at(doc, at, titles)
        if title < at:
            return title
    return start


def _is_surname_place(doc: Doc, ent: Span) -> bool:
    """A one-word place right after a title and any given names ("Mr Hammond",
    "President Alejandro Toledo") names a person."""
    return (
        len(ent) == 1
        and ent.label_ in _PLACE_LABELS
        and ent.start > 0
        and doc[ent.start - 1].text[:1].isupper()
        and _title_start(doc, ent.start, _title_phrases()) < ent.start
    )


def _merge_split_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A PERSON and a one-word place side by side are one name ("Philip" + "Hammond"):
    the gazetteer ruler labels surnames that are also towns before the NER sees them."""
    ents = sorted(ents, key=lambda e: e.start)
    merged: list[Span] = []
    for ent in ents:
        if merged:
            prev = merged[-1]
            if prev.end == ent.start and _name_pair(doc, prev, ent):
                merged[-1] = Span(doc, prev.start, ent.end, label="PERSON")
                continue
        merged.append(ent)
    return merged


def _name_pair(doc: Doc, first: Span, second: Span) -> bool:
    if first.label_ == "PERSON" and second.label_ in _PLACE_LABELS and len(second) == 1:
        word = second[0]
        return word.text[:1].isupper() and not word.text.isupper() and word.pos_ == "PROPN"
    if second.label_ == "PERSON" and first.label_ in _PLACE_LABELS and len(first) == 1:
        word = first[0]
        before = doc[first.start - 1].lower_ if first.start > 0 else ""
        starts_titled = _phrase_starting_at(doc, second.start, _title_phrases()) > second.start
        return (
            word.text[:1].isupper()
            and not word.text.isupper()
            and before not in entity_words().prepositions
            and not starts_titled
        )
    return False


def _organisations(doc: Doc, ents: list[Span]) -> list[Span]:
    """Nationality + organisation noun, descriptive groups, and a leading "the"."""
    groups = _group_phrases()
    ents = sorted(ents, key=lambda e: e.start)
    taken = {i for e in ents for i in range(e.start, e.end)}
    out: list[Span] = []
    # 1. Nationality, country or named group (+ modifiers) + group noun -> ORG: "the
    # British Army", "Syrian regime forces", "US forces", "Islamic State militants".
    # A people-noun demonym ("the Kurds") is a group of people, not a description of
    # nationality: ORG.
    for ent in ents:
        if ent.label_ in ("NORP", "GPE", "ORG"):
            end = _group_end(doc, ent.end, groups, taken - set(range(ent.start, ent.end)))
            if end > ent.end:
                taken.update(range(ent.end, end))
                ent = Span(doc, ent.start, end, label="ORG")
        if ent.label_ == "NORP" and _is_people_noun(ent):
            ent = Span(doc, ent.start, ent.end, label="ORG")
        out.append(ent)
    # 2. Descriptive groups not covered by any entity: "rebels", "the regime".
    i = 0
    while i < len(doc):
        if i in taken:
            i += 1
            continue
        start = i
        while (
            i < len(doc)
            and i not in taken
            and doc[i].lower_ in entity_words().group_modifiers
            and (
                _phrase_starting_at(doc, i, groups) == i
                or _group_end(doc, i + 1, groups, taken) > i + 1
            )
        ):
            i += 1
        end = _phrase_starting_at(doc, i, groups) if i not in taken else i
        if end > i and not any(j in taken for j in range(i, end)):
            head = " ".join(t.lower_ for t in doc[i:end])
            definite = start > 0 and doc[start - 1].lower_ == "the"
            qualified = start < i or definite
            lowercase = definite or all(
                t.text == t.lower_ or t.is_sent_start for t in doc[start:end]
            )
            # "the military airport", "the group of friends": the noun is a modifier.
            followed = end < len(doc) and (
                doc[end].lower_ in entity_words().not_after_group
                or doc[end].pos_ in ("NOUN", "PROPN")
            )
            if (
                lowercase
                and not followed
                and (head in entity_words().group_nouns_standalone or qualified)
            ):
                out.append(Span(doc, start, end, label="ORG"))
                taken.update(range(start, end))
                i = end
                continue
        i = start + 1
    # 3. A leading "the" belongs to an organisation's name ("the British Army").
    final = []
    for ent in out:
        before = ent.start - 1
        free = before >= 0 and not any(e.start <= before < e.end for e in out)
        if ent.label_ == "ORG" and free and doc[before].lower_ == "the":
            ent = Span(doc, before, ent.end, label="ORG")
        final.append(ent)
    return final


def _is_people_noun(ent: Span) -> bool:
    """A plural demonym used as a noun ("the Kurds", "Syrians fled"), not as a modifier
    ("Kurdish fighters") or an adjective ("the fighters are Kurdish")."""
    root = ent.root
    return (
        root.tag_ in ("NNPS", "NNS")
        and root.dep_ not in ("amod", "compound")
        and root.lower_.endswith("s")
    )


def _group_end(
    doc: Doc, start: int, groups: dict[int, set[tuple[str, ...]]], taken: set[int]
) -> int:
    """End of "modifiers* group-noun" starting at ``start`` (lower case), or ``start``."""
    i = start
    best = start
    while i < len(doc) and i not in taken:
        end = _phrase_starting_at(doc, i, groups)
        if end > i and not any(j in taken for j in range(i, end)):
            best = end
        if doc[i].lower_ in entity_words().group_modifiers:
            i += 1
            continue
        break
    return best


def _is_age(doc: Doc, ent: Span) -> bool:
    """A number of years that is someone's age ("50 years old", "a 50-year-old", "aged
    45") is no date, time or range of time."""
    ages = entity_words().age_words
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    return before in ages or after in ages or any(t.lower_ in ages for t in ent)


def _pronoun_references(doc: Doc, ents: list[Span]) -> list[Span]:
    """A singular personal pronoun refers to one specific person (PERSON: re3d counts a
    person named "by reference to some other entity"); "we" speaks for a group of people
    (ORG: an organisation referenced "relying on context"). Possessive determiners
    ("his", "our") are left alone."""
    words = entity_words()
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = list(ents)
    for token in doc:
        # A possessive determiner ("his", "our") qualifies a noun; it names no one.
        if token.i in taken or token.pos_ != "PRON" or token.tag_ == "PRP$":
            continue
        if token.lower_ in words.person_pronouns:
            out.append(Span(doc, token.i, token.i + 1, label="PERSON"))
        elif token.lower_ in words.group_pronouns:
            out.append(Span(doc, token.i, token.i + 1, label="ORG"))
    return out


def _governments_as_actors(doc: Doc, ents: list[Span]) -> list[Span]:
    """A country that acts ("Russia launched", "Russia and Iran agreed") is its
    government: re3d's Organisation includes "a government"; a Location is a point or
    area on earth, which does not act. Only the subject of an active, non-copular verb
    (and its conjuncts) changes: "Russia's airstrikes" keeps the place, which the
    toponym recogniser also wants."""
    out = []
    for ent in ents:
        if ent.label_ == "GPE" and _is_acting_subject(ent.root):
            ent = Span(doc, ent.start, ent.end, label="ORG")
        out.append(ent)
    return out


def _is_acting_subject(token: Any) -> bool:
    """The subject of a verb that is not "be", directly or as a conjunct."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    head = token.head
    return token.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_ != "be"


_DETERMINERS = {"the", "this", "that", "these", "those"}


def _place_heads(doc: Doc, ents: list[Span]) -> list[Span]:
    """An administrative noun after a place name belongs to it: "Hama province" is the
    province, one Location."""
    heads = entity_words().place_heads
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for ent in ents:
        end = ent.end
        if (
            ent.label_ in _PLACE_LABELS
            and end < len(doc)
            and end not in taken
            and doc[end].text.islower()
            and doc[end].lower_ in heads
        ):
            ent = Span(doc, ent.start, end + 1, label=ent.label_)
        out.append(ent)
    return out


def _place_parts(doc: Doc, ents: list[Span]) -> list[Span]:
    """A direction before a place names a part of it, an area of its own ("northern
    Syria", "eastern Aleppo"): one Location."""
    modifiers = entity_words().place_modifiers
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for ent in ents:
        start = ent.start
        while (
            ent.label_ in _PLACE_LABELS
            and start > 0
            and start - 1 not in taken
            and doc[start - 1].lower_ in modifiers
            and (doc[start - 1].text.islower() or doc[start - 1].is_sent_start)
        ):
            start -= 1
        if start < ent.start:
            ent = Span(doc, start, ent.end, label=ent.label_)
        out.append(ent)
    return out


def place_name_core(text: str) -> tuple[int, int]:
    """Character offsets of the place name inside a Location entity's text, without the
    words this component adds around it ("the", "northern", "province"): "northern Hama
    province" -> the offsets of "Hama". For a geoparser that scores or looks up the bare
    toponym."""
    words = entity_words()
    # Only lower-case words are stripped: "Northern Ireland" and "Hama Province" are names.
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]
    first, last = 0, len(tokens)
    if last - first > 1 and tokens[first][2] in ("the", "The"):
        first += 1
    while last - first > 1 and tokens[first][2] in words.place_modifiers:
        first += 1
    if last - first > 1 and tokens[last - 1][2] in words.place_heads:
        last -= 1
    if not tokens:
        return 0, len(text)
    return tokens[first][0], tokens[last - 1][1]


def _definite_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """A leading "the" belongs to a place's name as it does to an organisation's ("the
    Middle East", "the UK"), unless the name only modifies a noun ("the Syria talks")."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for ent in ents:
        before = ent.start - 1
        after = doc[ent.end] if ent.end < len(doc) else None
        if (
            ent.label_ in _PLACE_LABELS
            and before >= 0
            and before not in taken
            and doc[before].lower_ == "the"
            and not (after is not None and after.pos_ in ("NOUN", "PROPN"))
        ):
            ent = Span(doc, before, ent.end, label=ent.label_)
        out.append(ent)
    return out


def _place_references(doc: Doc, ents: list[Span]) -> list[Span]:
    """A place referenced rather than named is a Location in re3d's schema ("a specific
    point, area or feature on earth. May be named ... or referenced"): "the city",
    "this border area", "the Syrian capital", "here". Only definite references count:
    "a city" is no specific place."""
    words = entity_words()
    nationality = {i: e for e in ents if e.label_ == "NORP" for i in range(e.start, e.end)}
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = list(ents)
    for token in doc:
        if token.i in taken or not token.text.islower():
            continue
        if token.lower_ in words.place_adverbs and token.pos_ == "ADV" and token.dep_ != "expl":
            out.append(Span(doc, token.i, token.i + 1, label="LOC"))
            taken.add(token.i)
            continue
        if token.lower_ not in words.place_nouns or token.pos_ != "NOUN":
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ in ("NOUN", "PROPN"):
            continue  # "the city council": the noun modifies another
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
            continue  # "the city of Hama", "the area of operations": a name or a phrase follows
        start = token.i
        while start > 0:
            before = doc[start - 1]
            if start - 1 in nationality:  # "the Syrian capital"
                start = nationality[start - 1].start
            elif (
                start - 1 not in taken
                and before.text.islower()
                and before.tag_ in ("JJ", "NN", "VBN", "NNS")
            ):
                start -= 1
            else:
                break
        if start > 0 and doc[start - 1].lower_ in _DETERMINERS and start - 1 not in taken:
            absorbed = {id(e) for i in range(start, token.i) if (e := nationality.get(i))}
            out = [e for e in out if id(e) not in absorbed]
            out.append(Span(doc, start - 1, token.i + 1, label="LOC"))
            taken.update(range(start - 1, token.i + 1))
    return out


def _without_overlaps(ents: Iterable[Span]) -> list[Span]:
    """Longest spans first, then earliest: what spaCy's ``filter_spans`` keeps."""
    from spacy.util import filter_spans

    return sorted(filter_spans(list(ents)), key=lambda e: e.start)


class EntityCorrector:
    """The ``sitroom_entities`` spaCy component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, place_ruler: str) -> None:
        self.nlp = nlp
        self.name = name
        self.place_ruler = place_ruler

    def _places(self, doc: Doc) -> list[Span]:
        """The gazetteer ruler's matches, whether or not it could set them."""
        if self.place_ruler not in self.nlp.pipe_names:
            return []
        ruler = self.nlp.get_pipe(self.place_ruler)
        return [
            Span(doc, start, end, label=label)
            for label, start, end in ((doc.vocab.strings[m], s, e) for m, s, e in ruler.match(doc))
            if label in _PLACE_LABELS
        ]

    def __call__(self, doc: Doc) -> Doc:
        return correct_entities(doc, self._places(doc))


@Language.factory(
    COMPONENT_NAME,
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"place_ruler": "place_ruler"},
)
def make_entity_corrector(nlp: Language, name: str, place_ruler: str) -> EntityCorrector:
    """spaCy factory: add after the NER and the place ruler
    (``nlp.add_pipe("sitroom_entities", after="place_ruler")``)."""
    return EntityCorrector(nlp, name, place_ruler)
