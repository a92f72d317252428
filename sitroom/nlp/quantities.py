"""Counts of people in news text: how many were killed, injured or displaced.

A number is only returned when it counts people: a cue word binds it to a kind
("killing 6", "thousands fled") or a people noun follows it ("2,000 troops" -> kind
"other"). Years, dates, times, distances and percentages are not counts. Vague words
get ACLED's conservative point value ("dozens" -> 12) with the range they allow kept in
``low``/``high``; the lexicons live in ``sitroom/data/number_words.yaml`` and
``sitroom/data/quantity_cues.yaml``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from sitroom.config import DATA_DIR
from sitroom.model import Quantity

__all__ = ["find_quantities", "total_fatalities", "parse_number"]

logger = logging.getLogger(__name__)

_NUMBER_WORDS_PATH = DATA_DIR / "number_words.yaml"
_CUES_PATH = DATA_DIR / "quantity_cues.yaml"

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# A four-digit number after one of these is a year, not a count ("in 2011").
_YEAR_PREPOSITIONS = {
    "in", "since", "of", "during", "until", "till", "by", "from", "the", "early", "late",
    "mid", "before", "after", "between", "through", "year", "and", "to", "summer",
    "spring", "autumn", "fall", "winter",
}  # fmt: skip
# After an active verb these start its object ("killed the", "killed 3").
_DETERMINERS = {
    "a", "an", "the", "at", "some", "his", "her", "their", "its", "dozens", "hundreds",
    "thousands", "several", "many", "more", "over", "nearly", "about", "around", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "one", "scores",
    "up", "civilians",
}  # fmt: skip
_SENTENCE_END = {".", ";", "!", "?", ":"}
_LEFT_WINDOW = 5
_RIGHT_WINDOW = 8

_TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z]+(?:['’][A-Za-z]+)?|[^\sA-Za-z\d]")


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, dict[str, Any]]
    vague_multipliers: dict[str, int]
    modifiers: dict[str, str]
    before: dict[str, list[tuple[str, ...]]]
    after: dict[str, list[tuple[str, ...]]]
    transitive_after: frozenset[str]
    people_nouns: frozenset[str]
    non_people_units: frozenset[str]
    subset_markers: tuple[tuple[str, ...], ...]
    tally_verbs: tuple[tuple[str, ...], ...]
    tally_nouns: dict[str, list[tuple[str, ...]]]
    cumulative_markers: tuple[tuple[str, ...], ...]
    candidate_re: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    """Longest first, so that "tens of thousands" wins over "tens"."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    numbers = yaml.safe_load(_NUMBER_WORDS_PATH.read_text("utf-8"))
    cues = yaml.safe_load(_CUES_PATH.read_text("utf-8"))
    units = {k.lower(): int(v) for k, v in numbers["units"].items()}
    scales = {k.lower(): int(v) for k, v in numbers["scales"].items()}
    vague = {k.lower(): v for k, v in numbers["vague"].items()}
    multipliers = {k.lower(): int(v) for k, v in numbers["vague_multipliers"].items()}
    modifiers = {k.lower(): v for k, v in numbers["modifiers"].items()}

    unit_alt = _alternation(list(units))
    scale_alt = _alternation(list(scales))
    any_word = f"(?:{unit_alt}|{scale_alt})"
    word_number = (
        rf"(?:(?:half\s+)?a\s+(?:{scale_alt})|(?:{unit_alt}))"
        rf"(?:(?:\s+|-){any_word}|(?:(?<=hundred)|(?<=thousand))\s+and\s+(?:{unit_alt}))*"
    )
    digits = (
        r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:million|billion|thousand|hundred|dozen))?"
    )
    vague_mult = rf"(?:{_alternation(list(multipliers))})\s+(?:{scale_alt})"
    number = rf"(?:{vague_mult}|{_alternation(list(vague))}|{digits}|{word_number})"
    # A number must not be glued to a letter, currency, slash or colon ("M5", "$5",
    # "10:30", "5/12") and must not run on into one ("5th", "5%", "12-year-old").
    candidate = (
        r"(?<![\w$£€#/:.,\-])"
        rf"(?:(?P<mod>{_alternation(list(modifiers))})\s+)?"
        r"(?:(?P<between>between)\s+)?"
        rf"(?P<n1>{number})"
        rf"(?:\s*(?P<sep>-|–|\bto\b|\bor\b|\band\b)\s*(?P<n2>{number}))?"
        r"(?![\w%]|[.,/:]\d|-\w)"
    )

    def phrases(items: list[str]) -> list[tuple[str, ...]]:
        return sorted((tuple(i.lower().split()) for i in items), key=len, reverse=True)

    return _Lexicon(
        units=units,
        scales=scales,
        vague=vague,
        vague_multipliers=multipliers,
        modifiers=modifiers,
        before={k: phrases(v["before"]) for k, v in cues["kinds"].items()},
        after={k: phrases(v["after"]) for k, v in cues["kinds"].items()},
        transitive_after=frozenset(w.lower() for w in cues["transitive_after"]),
        people_nouns=frozenset(w.lower() for w in cues["people_nouns"]),
        non_people_units=frozenset(w.lower() for w in cues["non_people_units"]),
        subset_markers=tuple(phrases(cues["subset_markers"])),
        tally_verbs=tuple(phrases(cues["tally_verbs"])),
        tally_nouns={k: phrases(v) for k, v in cues["tally_nouns"].items()},
        cumulative_markers=tuple(phrases(cues["cumulative_markers"])),
        candidate_re=re.compile(candidate, re.IGNORECASE),
    )


@dataclass
class _Figure:
    value: int
    low: int | None
    high: int | None
    magnitude: str | None = None


def _parse_words(words: list[str], lex: _Lexicon) -> int | None:
    """Cardinal words to an int: "two hundred and twenty-one" -> 221."""
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in ("and", "a"):
            continue
        if word == "half":
            current = -1  # "half a dozen": resolved by the scale that follows
            continue
        if word in lex.units:
            current += lex.units[word]
            seen = True
        elif word in lex.scales:
            scale = lex.scales[word]
            if current == -1:
                current = scale // 2
            elif scale >= 1000:
                total += max(current, 1) * scale
                current = 0
            else:
                current = max(current, 1) * scale
            seen = True
        else:
            return None
    return total + current if seen else None


def _parse_figure(phrase: str, lex: _Lexicon) -> _Figure | None:
    norm = " ".join(phrase.lower().replace("-", " ").split())
    if norm in lex.vague:
        entry = lex.vague[norm]
        return _Figure(
            int(entry["value"]), int(entry["low"]), int(entry["high"]), entry["magnitude"]
        )
    for mult_word, mult in lex.vague_multipliers.items():
        if norm.startswith(mult_word + " "):
            scale_word = norm[len(mult_word) + 1 :]
            scale = lex.scales.get(scale_word)
            if scale is None:
                return None
            magnitude = {12: "dozens", 100: "hundreds", 1000: "thousands"}.get(scale, "millions")
            return _Figure(mult * scale, mult * scale, 10 * scale - 1, magnitude)
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?:\s+(\w+))?", norm)
    if match:
        number = float(match.group(1).replace(",", ""))
        if match.group(2):
            number *= lex.scales.get(match.group(2), 1)
        elif "." in match.group(1):
            return None  # "5.6" alone is a magnitude or a score, never a head count
        value = int(round(number))
        return _Figure(value, value, value)
    value = _parse_words(norm.split(), lex)
    return None if value is None else _Figure(value, value, value)


def parse_number(phrase: str) -> int | None:
    """The point value of a number phrase ("twenty-one", "1,200", "dozens"), or None."""
    figure = _parse_figure(phrase.strip(), _lexicon())
    return None if figure is None else figure.value


@dataclass
class _Token:
    start: int
    end: int
    low: str


def _tokenize(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(text)]


def _phrase_at(tokens: list[_Token], i: int, phrase: tuple[str, ...]) -> bool:
    if i < 0 or i + len(phrase) > len(tokens):
        return False
    return all(tokens[i + k].low == phrase[k] for k in range(len(phrase)))


def _first_token_at_or_after(tokens: list[_Token], pos: int) -> int:
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _left_cue(
    tokens: list[_Token], i0: int, blocked: set[int], lex: _Lexicon
) -> tuple[str, int] | None:
    """Nearest cue ending before token i0: (kind, gap in tokens)."""
    for gap in range(_LEFT_WINDOW + 1):
        j = i0 - 1 - gap
        if j < 0 or tokens[j].low in _SENTENCE_END or j in blocked:
            return None
        for kind, phrases in lex.before.items():
            for phrase in phrases:
                if _phrase_at(tokens, j - len(phrase) + 1, phrase):
                    return kind, gap
    return None


def _tally_cue(tokens: list[_Token], i0: int, lex: _Lexicon) -> str | None:
    """ "the death toll from Monday's bomb rose to 21": the tally noun names the kind."""
    for verb in lex.tally_verbs:
        first = i0 - len(verb)
        if not _phrase_at(tokens, first, verb):
            continue
        for j in range(first - 1, max(first - 13, -1), -1):
            if tokens[j].low in _SENTENCE_END:
                return None
            for kind, nouns in lex.tally_nouns.items():
                if any(_phrase_at(tokens, j - len(n) + 1, n) for n in nouns):
                    return kind
        return None
    return None


def _after_subset_marker(tokens: list[_Token], i0: int, lex: _Lexicon) -> bool:
    """ "..., including four children": the count is part of the one before it."""
    return any(_phrase_at(tokens, i0 - len(m), m) for m in lex.subset_markers)


def _is_active_use(tokens: list[_Token], k: int, starts: set[int], lex: _Lexicon) -> bool:
    """A transitive cue at k followed by its object ("killed 3", "killed the ...")."""
    if k >= len(tokens):
        return False
    nxt = tokens[k]
    return nxt.low in _DETERMINERS or nxt.low in lex.people_nouns or k in starts


def _right_cue(
    tokens: list[_Token], i1: int, starts: set[int], lex: _Lexicon
) -> tuple[str, int] | None:
    """Nearest cue after the number (possibly past its noun and verb): (kind, gap)."""
    j = i1
    gap = 0
    while gap <= _RIGHT_WINDOW and j < len(tokens):
        tok = tokens[j]
        if tok.low in _SENTENCE_END or j in starts:
            return None
        if any(_phrase_at(tokens, j, m) for m in lex.subset_markers):
            # "12 civilians, including three children, were killed": skip the aside.
            k = j + 1
            while k < len(tokens) and k - j <= 10 and tokens[k].low not in {",", ")"}:
                k += 1
            j = k + 1
            gap += 1
            continue
        for kind, phrases in lex.after.items():
            for phrase in phrases:
                if _phrase_at(tokens, j, phrase):
                    transitive = len(phrase) == 1 and phrase[0] in lex.transitive_after
                    if transitive and _is_active_use(tokens, j + 1, starts, lex):
                        return None
                    return kind, gap
        j += 1
        gap += 1
    return None


def _counts_people(tokens: list[_Token], i1: int, lex: _Lexicon) -> bool:
    """A people noun within three words after the number ("2,000 Turkish troops")."""
    for j in range(i1, min(i1 + 4, len(tokens))):
        word = tokens[j].low
        if word in lex.people_nouns:
            return True
        if not word.isalpha():
            return False
    return False


def _next_word(tokens: list[_Token], i1: int) -> str:
    """The word after the number, past an "of" ("hundreds of rockets" -> "rockets")."""
    if i1 < len(tokens) and tokens[i1].low == "of" and i1 + 1 < len(tokens):
        return tokens[i1 + 1].low
    return tokens[i1].low if i1 < len(tokens) else ""


def _is_date_or_year(
    match: re.Match[str], tokens: list[_Token], i0: int, i1: int, lex: _Lexicon
) -> bool:
    n1 = match.group("n1")
    prev = tokens[i0 - 1].low if i0 > 0 else ""
    prev2 = tokens[i0 - 2].low if i0 > 1 else ""
    nxt = tokens[i1].low if i1 < len(tokens) else ""
    is_digits = n1[:1].isdigit()
    if is_digits and (nxt in _MONTHS or prev in _MONTHS or (prev == "." and prev2 in _MONTHS)):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", n1) and not match.group("mod"):
        if prev in _YEAR_PREPOSITIONS:
            return True
        after_cue = any(_phrase_at(tokens, i1, p) for ps in lex.after.values() for p in ps)
        return not (nxt in lex.people_nouns or after_cue)
    return False


# "Maximiliano Kosteki, 22, and Dario Santillan, 21, died", "a soldier, 19, was killed":
# a number set off by commas after a name or a person is an age.
_AGE_BEFORE = re.compile(r"(?:\b[^\W\d_]*[A-Z][^\W\d_]*|\b(?P<noun>[a-z]+))\s*,\s*$")
_AGE_AFTER = re.compile(r"\s*,")


def _is_age(text: str, match: re.Match[str], lex: _Lexicon) -> bool:
    n1 = match.group("n1")
    if match.group("mod") or match.group("n2") or not n1.isdigit() or int(n1) > 110:
        return False
    before = _AGE_BEFORE.search(text, max(0, match.start() - 40), match.start())
    if before is None or not _AGE_AFTER.match(text, match.end()):
        return False
    noun = before.group("noun")
    return noun is None or noun in lex.people_nouns or noun.rstrip("s") in lex.people_nouns


_NEGATION_RE = re.compile(
    r"\b(?:no|zero)\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:reported\s+)?"
    r"(?P<noun>casualties|deaths|fatalities|dead|injuries)\b"
    r"|\b(?:no\s+one|nobody|none)\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+"
    r"(?:reported\s+)?(?P<verb>killed|hurt|injured|wounded|harmed)\b"
    r"|\b(?:no\s+one|nobody|none)\s+(?P<died>died)\b"
    r"|\bwithout\s+(?:any\s+)?(?P<without>casualties)\b",
    re.IGNORECASE,
)


def _negations(text: str, offset: int) -> list[Quantity]:
    """ "no casualties", "no one was killed": a reported zero (ACLED codes 0)."""
    found = []
    for m in _NEGATION_RE.finditer(text):
        word = (m.group("noun") or m.group("verb") or m.group("died") or "casualties").lower()
        kind = "injured" if word in {"injuries", "hurt", "injured", "wounded", "harmed"} else None
        found.append(
            Quantity(
                kind=kind or "fatalities",
                value=0,
                low=0,
                high=0,
                start=m.start() + offset,
                end=m.end() + offset,
                text=m.group(),
            )
        )
    return found


def _bounded(figure: _Figure, modifier: str | None, lex: _Lexicon) -> _Figure:
    """Apply a hedge ("at least", "nearly", "some") to the figure's bounds."""
    bound = lex.modifiers.get(" ".join(modifier.lower().split())) if modifier else None
    if bound == "lower":
        return _Figure(figure.value, figure.low, None, figure.magnitude)
    if bound == "upper":
        return _Figure(figure.value, None, figure.value, figure.magnitude)
    if bound == "approx":
        if figure.magnitude:
            return figure
        return _Figure(figure.value, None, None, figure.magnitude)
    return figure


def _kind_of(
    tokens: list[_Token], i0: int, i1: int, others: set[int], lex: _Lexicon
) -> tuple[str | None, str]:
    """(kind, where the cue was): the nearest cue wins, the one before on a tie."""
    tally = _tally_cue(tokens, i0, lex)
    if tally:
        return tally, "tally"
    left = _left_cue(tokens, i0, others, lex)
    right = _right_cue(tokens, i1, others, lex)
    if left and (not right or left[1] <= right[1]):
        return left[0], "left"
    if right:
        return right[0], "right"
    return ("other" if _counts_people(tokens, i1, lex) else None), "none"


def _share_coordinated_kinds(
    counts: list[Quantity],
    where: list[str],
    bounds: list[tuple[int, int]],
    tokens: list[_Token],
    lex: _Lexicon,
) -> None:
    """ "3 children and 2 women were killed": the verb after the last count binds all.

    Only parallel noun phrases share ("deployed 2,000 troops and 6 were killed" does not).
    """
    for k in range(len(counts) - 2, -1, -1):
        if counts[k].kind != "other" or where[k + 1] not in {"right", "shared"}:
            continue
        if not _counts_people(tokens, bounds[k + 1][1], lex):
            continue
        between = tokens[bounds[k][1] : bounds[k + 1][0]]
        words = [t.low for t in between]
        if (
            len(words) <= 4
            and ("and" in words or "," in words)
            and all(w.isalpha() or w == "," for w in words)
        ):
            counts[k].kind = counts[k + 1].kind
            where[k] = "shared"


def find_quantities(text: str, *, offset: int = 0) -> list[Quantity]:
    """Counts of people in ``text``, each bound to a kind; offsets are shifted by ``offset``.

    ``value`` is the conservative point figure, ``low``/``high`` the bounds the wording
    allows (None = open), ``magnitude`` names a vague word ("dozens").
    """
    if not text:
        return []
    lex = _lexicon()
    tokens = _tokenize(text)
    spans: list[tuple[re.Match[str], int, int, int, int]] = []
    pos = 0
    while (m := lex.candidate_re.search(text, pos)) is not None:
        start, end = m.start(), m.end()
        if m.group("sep") and (m.group("sep").lower() == "and") != bool(m.group("between")):
            end = m.end("n1")  # "6 and 12" is two counts: the second is matched next
        pos = max(end, start + 1)
        i0 = _first_token_at_or_after(tokens, start)
        i1 = _first_token_at_or_after(tokens, end)
        spans.append((m, start, end, i0, i1))
    starts = {i0 for _, _, _, i0, _ in spans}

    found = _negations(text, offset)
    negated = [(q.start - offset, q.end - offset) for q in found]
    counts: list[Quantity] = []
    where: list[str] = []
    bounds: list[tuple[int, int]] = []
    for m, start, end, i0, i1 in spans:
        if any(a < end and start < b for a, b in negated):
            continue
        if i0 > 0 and tokens[i0 - 1].low == "no" and m.group("n1").lower() == "one":
            continue  # "no one" is not a count of one
        if _is_date_or_year(m, tokens, i0, i1, lex) or _is_age(text, m, lex):
            continue
        if _next_word(tokens, i1) in lex.non_people_units:
            continue
        if i1 < len(tokens) and tokens[i1].low == "of" and m.group("n1").lower() == "one":
            continue  # "one of the ..." is not a count
        figure = _parse_figure(m.group("n1"), lex)
        if figure is None:
            continue
        if end == m.end() and m.group("n2"):
            second = _parse_figure(m.group("n2"), lex)
            if second is None or second.value <= figure.value:
                continue
            # ACLED keeps the lowest figure of a range as the point value.
            figure = _Figure(figure.value, figure.low, second.high, figure.magnitude)
        figure = _bounded(figure, m.group("mod"), lex)

        kind, side = _kind_of(tokens, i0, i1, starts - {i0}, lex)
        if kind in (None, "other") and counts and _after_subset_marker(tokens, i0, lex):
            kind = counts[-1].kind
        if kind is None:
            continue
        where.append(side)
        bounds.append((i0, i1))
        counts.append(
            Quantity(
                kind=kind,  # type: ignore[arg-type]
                value=figure.value,
                low=figure.low,
                high=figure.high,
                magnitude=figure.magnitude,
                start=start + offset,
                end=end + offset,
                text=text[start:end],
            )
        )
    _share_coordinated_kinds(counts, where, bounds, tokens, lex)
    found.extend(counts)
    found.sort(key=lambda q: q.start)
    return found


def _preceded_by(text: str, pos: int, markers: tuple[tuple[str, ...], ...], span: int) -> bool:
    window = text[max(0, pos - span) : pos].lower()
    words = re.findall(r"[a-z]+", window)
    joined = " " + " ".join(words) + " "
    return any(" " + " ".join(marker) + " " in joined for marker in markers)


def total_fatalities(
    quantities: list[Quantity], text: str | None = None, *, offset: int = 0
) -> tuple[int | None, int | None, int | None]:
    """(value, low, high) of the people killed, over one sentence's quantities.

    Without ``text`` the largest single mention is taken (never double counts: "12
    civilians, including three children" is 12). With the sentence ``text`` (and the
    ``offset`` its quantities were found with), subsets ("including three children")
    are dropped, a running total ("the toll rose to 30") wins, and other distinct
    mentions are summed ("6 killed in Homs and 4 in Hama" -> 10).
    """
    seen: set[tuple[int, int]] = set()
    deaths = []
    for q in quantities:
        if q.kind == "fatalities" and q.value is not None and (q.start, q.end) not in seen:
            seen.add((q.start, q.end))
            deaths.append(q)
    if not deaths:
        return None, None, None
    lex = _lexicon()
    if text is not None:
        kept = [
            q for q in deaths if not _preceded_by(text, q.start - offset, lex.subset_markers, 30)
        ]
        deaths = kept or deaths
        if any(_preceded_by(text, q.start - offset, lex.cumulative_markers, 40) for q in deaths):
            best = max(deaths, key=lambda q: q.value or 0)
            return best.value, best.low, best.high
        value = sum(q.value or 0 for q in deaths)
        low = sum(q.low if q.low is not None else (q.value or 0) for q in deaths)
        highs = [q.high for q in deaths]
        high = None if any(h is None for h in highs) else sum(h or 0 for h in highs)
        return value, low, high
    best = max(deaths, key=lambda q: q.value or 0)
    return best.value, best.low, best.high
