"""The actor dictionary: which conflict actors a text names, mapped to canonical entries.

Matching works on word tokens, not raw characters, so "IS" never fires inside "ISIS"
or on the English "is", hyphen/space, apostrophe and al-/el-/ash- spellings compare
equal, and one dictionary lookup per candidate n-gram keeps it fast on long documents.
Names that depend on the country being reported on ("government forces", "Kurdish
forces", "SNA") are resolved against the country the document is about.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitroom import config
from sitroom.errors import ConfigError
from sitroom.model import Actor, ActorMention

log = logging.getLogger(__name__)

__all__ = ["ACTOR_TYPES", "ActorDictionary"]

# ACLED codebook actor types and their inter codes.
ACTOR_TYPES: dict[str, int] = {
    "State forces": 1,
    "Rebel group": 2,
    "Political militia": 3,
    "Identity militia": 4,
    "Rioters": 5,
    "Protesters": 6,
    "Civilians": 7,
    "External/Other forces": 8,
}

_ENTRY_FIELDS = {
    "id", "name", "aliases", "context_aliases", "actor_type", "inter_code", "country",
    "parent", "is_person", "is_reporting_source", "demonyms", "state_names",
}  # fmt: skip
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")

_APOSTROPHES = "'\u2019\u02bc`\u00b4\u2018"
# A word: an abbreviation with dots ("U.S.", "U.N."), or letters/digits that may carry
# inner apostrophes ("Hay'at", "Da'esh").
_TOKEN_RE = re.compile(
    r"[^\W\d_](?:\.[^\W\d_])+\.?"
    rf"|[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*"
)
_POSSESSIVE_RE = re.compile(rf"[{_APOSTROPHES}][sS]$")
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014"
_HYPHEN_CLASS = "".join(re.escape(c) for c in _HYPHENS)
# What may stand between two words of one name: spaces, hyphens/dashes, "/", "&", one
# line break, and a possessive ("Assad's regime" reads as "Assad regime").
_GAP = rf"[ \t\u00a0\u202f/&{_HYPHEN_CLASS}]*"
_JOINABLE_RE = re.compile(rf"(?:[{_APOSTROPHES}][sS]?)?{_GAP}\n?{_GAP}")
# Arabic article spellings: "al-"/"el-" always, assimilated forms ("ash-Sham",
# "ad-Din") only when hyphenated, since "as"/"at"/"an" are also English words.
_ARTICLES = {"al", "el", "ul"}
_SUN_ARTICLES = {"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ud", "ut", "us"}
# A name glued to one of these prefixes is not a mention of the actor ("anti-Assad").
_NEGATING_PREFIXES = {"anti", "pro", "non", "counter", "ex"}
_ACRONYM_MAX_LETTERS = 4
# Short English words that are also acronyms ("IS", "US", "WHO"): in an all-caps line
# ("THIS IS WAR") they are words, not names.
_SHORT_ENGLISH_WORDS = {
    "a", "am", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can", "do",
    "for", "he", "her", "his", "how", "i", "if", "in", "is", "it", "its", "me", "my", "no",
    "not", "of", "on", "or", "our", "she", "so", "the", "to", "up", "us", "was", "we",
    "who", "why", "you",
}  # fmt: skip
_MAX_COORDINATED = 5  # demonyms in one list: "US, British, French and Turkish warplanes"

_ALIAS, _CONTEXT, _STATE_NAME, _DEMONYM = "alias", "context", "state_name", "demonym"


_DROP = str.maketrans("", "", _APOSTROPHES + ".")


@functools.cache
def _capitals() -> dict[str, str]:
    """ISO2 -> capital city, as the gazetteer build reads it from countryInfo.txt."""
    from sitroom.geo.build import country_capitals

    return country_capitals()


# Words after a generic force noun that make it the name of a building.
_BUILDING_AFTER = re.compile(
    r"\s+(?:command|headquarters|hq|station|stations|building|buildings|academy|compound)\b",
    re.I,
)


@functools.lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """A word's case-, accent- and apostrophe-insensitive form (variants come later)."""
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
    return word.casefold().translate(_DROP)


def _is_acronym(alias: str) -> bool:
    """Short all-caps names (IS, HTS, IRGC) are matched case-sensitively."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(letters) <= _ACRONYM_MAX_LETTERS and alias == alias.upper()


@dataclass(frozen=True)
class _Tokens:
    """The words of a text with offsets, their folded and raw forms, and joinability."""

    starts: list[int]
    ends: list[int]
    folded: list[str]
    raw: list[str]
    separators: list[str]  # the text between word i and word i + 1
    run: list[int]  # how many words starting here are joined by name-internal separators
    glued: list[bool]  # word is glued to a negating prefix ("anti-HTS")


def _tokenize(text: str, variants: Mapping[str, str]) -> _Tokens:
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        if _POSSESSIVE_RE.search(match.group()) and end - start > 2:
            end -= 2
        starts.append(start)
        ends.append(end)
    n = len(starts)
    raw = [text[s:e].replace(".", "") for s, e in zip(starts, ends, strict=True)]
    folded = [variants.get(w, w) for w in (_fold(r) for r in raw)]
    separators = [text[ends[i] : starts[i + 1]] for i in range(n - 1)]
    joinable = [_JOINABLE_RE.fullmatch(sep) is not None for sep in separators]
    hyphenated = [bool(sep) and all(c in _HYPHENS for c in sep) for sep in separators]
    for i, word in enumerate(folded):
        if word in _ARTICLES or (word in _SUN_ARTICLES and i < n - 1 and hyphenated[i]):
            folded[i] = "al"
    run = [1] * n
    for i in range(n - 2, -1, -1):
        if joinable[i]:
            run[i] = run[i + 1] + 1
    glued = [False] * n
    for i in range(1, n):
        glued[i] = hyphenated[i - 1] and folded[i - 1] in _NEGATING_PREFIXES
    return _Tokens(starts, ends, folded, raw, separators, run, glued)


@dataclass
class _Lookup:
    """Name keys to (actor id, kind): folded keys for ordinary names, raw keys for acronyms."""

    folded: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    exact: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)

    def get(self, folded: tuple[str, ...], raw: tuple[str, ...]) -> tuple[str, str, bool] | None:
        """(actor id, kind, is_exact) for the words, exact (acronym) keys first."""
        if raw in self.exact:
            return (*self.exact[raw], True)
        if folded in self.folded:
            return (*self.folded[folded], False)
        return None

    def add(self, key: tuple[str, ...], exact: bool, actor_id: str, kind: str) -> str | None:
        """Register a key; returns the id of a different actor that already holds it."""
        table = self.exact if exact else self.folded
        held = table.get(key)
        if held is not None and held[0] != actor_id:
            return held[0]
        if held is None or held[1] == _STATE_NAME:
            table[key] = (actor_id, kind)
        return None

    def names(self) -> Iterable[tuple[str, ...]]:
        yield from self.folded
        yield from self.exact


@dataclass(frozen=True)
class _Match:
    start: int  # token index
    length: int  # number of tokens
    actor_id: str
    kind: str


class ActorDictionary:
    """Canonical conflict actors and the names they go by in news text."""

    def __init__(self, raw: Mapping[str, Any], source: str = "<dict>") -> None:
        """Build from the parsed YAML mapping; raises ``ConfigError`` naming a bad entry."""
        self.source = source
        self.actors: list[Actor] = []
        self._by_id: dict[str, Actor] = {}
        self._by_name: dict[str, Actor] = {}
        self._variants: dict[str, str] = {}
        self._plain = _Lookup()
        self._context: dict[str, _Lookup] = {}
        self._own_context: dict[str, _Lookup] = {}  # actor id -> its own context names
        self._demonyms = _Lookup()
        self._heads: set[str] = set()
        self._modifiers: set[str] = set()
        self._military_words: set[str] = set()
        self._demonym_raw: dict[str, list[str]] = {}
        self._build(raw)

    # -- loading --------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> ActorDictionary:
        """Read a dictionary file (default: the bundled ``actors.yaml``, parsed once)."""
        path = Path(path) if path is not None else config.DATA_DIR / "actors.yaml"
        try:
            mtime = path.stat().st_mtime_ns
        except OSError as exc:
            raise ConfigError(
                f"cannot read actor dictionary {path}: {exc}; check the actors_path setting"
            ) from exc
        return _load_cached(str(path.resolve()), mtime)

    def _build(self, raw: Mapping[str, Any]) -> None:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("actors"), list):
            raise ConfigError(f"{self.source}: expected a mapping with an 'actors' list")
        self._read_variants(raw.get("spelling_variants") or {})
        nouns = raw.get("military_nouns") or {}
        self._heads = {k for w in nouns.get("heads", []) for k in self._key(str(w))}
        self._modifiers = {k for w in nouns.get("modifiers", []) for k in self._key(str(w))}
        self._military_words = self._heads | self._modifiers
        government_aliases = [str(a) for a in raw.get("government_aliases") or []]
        entries = raw["actors"]
        for index, entry in enumerate(entries):
            actor = self._read_entry(index, entry)
            if actor.id in self._by_id:
                raise ConfigError(f"{self.source}: duplicate actor id {actor.id!r}")
            self._by_id[actor.id] = actor
            self._by_name.setdefault(actor.name.casefold(), actor)
            self.actors.append(actor)
        for actor in self.actors:
            self._check_parent(actor)
        name_claims = Counter(_strip_parenthetical(a.name) for a in self.actors)
        for actor, entry in zip(self.actors, entries, strict=True):
            names = [actor.name, *actor.aliases]
            short_name = _strip_parenthetical(actor.name)
            own_names = [str(a) for a in entry.get("context_aliases") or []]
            if (
                short_name != actor.name
                and name_claims[short_name] == 1
                and _fold(short_name) not in {_fold(a) for a in own_names}
            ):
                # "Settlers (Israel)" -> "Settlers" only where the entry does not declare
                # that word ambiguous without its country (a context alias).
                names.append(short_name)
            for name in names:
                self._register(self._plain, name, actor, _ALIAS)
            state_names = [str(n) for n in entry.get("state_names") or []]
            capital = _capitals().get(actor.country or "") if state_names else None
            if capital and capital not in state_names:
                # "Damascus", "Amman": a capital names its state as often as its city, and
                # counts towards the country a text is about.
                state_names.append(capital)
            for name in state_names:
                self._register(self._plain, name, actor, _STATE_NAME)
            demonyms = [str(d) for d in entry.get("demonyms") or []]
            for name in demonyms:
                self._register(self._demonyms, name, actor, _DEMONYM)
            contextual = list(own_names)
            if demonyms:
                contextual += government_aliases
            if contextual and actor.country is None:
                raise ConfigError(
                    f"{self.source}: actor {actor.id!r} has context_aliases but no country"
                )
            for name in contextual:
                lookup = self._context.setdefault(actor.country or "", _Lookup())
                self._register(lookup, name, actor, _CONTEXT)
            if own_names:
                own = self._own_context[actor.id] = _Lookup()
                for name in own_names:
                    self._register(own, name, actor, _CONTEXT)
        self._first_words = {k[0] for k in self._plain.names()}
        self._first_words |= {k[0] for k in self._demonyms.names()}
        for lookup in self._context.values():
            self._first_words |= {k[0] for k in lookup.names()}
        self._max_words = max(
            (
                len(k)
                for lookup in [self._plain, self._demonyms, *self._context.values()]
                for k in lookup.names()
            ),
            default=1,
        )
        log.debug("loaded %d actors from %s", len(self.actors), self.source)

    def _read_variants(self, variants: Mapping[str, Any]) -> None:
        for canonical, spellings in variants.items():
            target = _fold(str(canonical))
            for spelling in spellings or []:
                folded = _fold(str(spelling))
                if self._variants.get(folded, target) != target:
                    raise ConfigError(
                        f"{self.source}: spelling {spelling!r} is a variant of two names"
                    )
                if folded != target:
                    self._variants[folded] = target

    def _read_entry(self, index: int, entry: Any) -> Actor:
        where = f"{self.source}: actor #{index + 1}"
        if not isinstance(entry, Mapping):
            raise ConfigError(f"{where}: expected a mapping, got {type(entry).__name__}")
        actor_id = entry.get("id")
        if isinstance(actor_id, str):
            where = f"{self.source}: actor {actor_id!r}"
        unknown = set(entry) - _ENTRY_FIELDS
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {sorted(unknown)}")
        if not isinstance(actor_id, str) or not _ID_RE.match(actor_id):
            raise ConfigError(f"{where}: 'id' must be a lowercase slug such as 'islamic-state'")
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ConfigError(f"{where}: 'name' is missing")
        actor_type = entry.get("actor_type")
        if actor_type not in ACTOR_TYPES:
            raise ConfigError(
                f"{where}: actor_type {actor_type!r} is not one of {sorted(ACTOR_TYPES)}"
            )
        inter_code = entry.get("inter_code", ACTOR_TYPES[actor_type])
        if inter_code != ACTOR_TYPES[actor_type]:
            raise ConfigError(
                f"{where}: inter_code {inter_code!r} does not match actor_type {actor_type!r}"
                f" (expected {ACTOR_TYPES[actor_type]})"
            )
        country = entry.get("country")
        if country is not None and not (isinstance(country, str) and _COUNTRY_RE.match(country)):
            raise ConfigError(f"{where}: country {country!r} must be an ISO2 code or null")
        for list_field in ("aliases", "context_aliases", "demonyms", "state_names"):
            value = entry.get(list_field) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: '{list_field}' must be a list of strings")
        if entry.get("is_person") and not entry.get("parent"):
            raise ConfigError(f"{where}: a person needs a 'parent' (the group they lead)")
        if (entry.get("demonyms") or entry.get("state_names")) and actor_type != "State forces":
            raise ConfigError(f"{where}: only State forces may have demonyms or state_names")
        return Actor(
            id=actor_id,
            name=entry["name"].strip(),
            aliases=[str(a) for a in entry.get("aliases") or []],
            actor_type=actor_type,
            inter_code=inter_code,
            country=country,
            parent=entry.get("parent"),
            is_person=bool(entry.get("is_person", False)),
            is_reporting_source=bool(entry.get("is_reporting_source", False)),
        )

    def _check_parent(self, actor: Actor) -> None:
        seen = {actor.id}
        current = actor
        while current.parent is not None:
            if current.parent not in self._by_id:
                raise ConfigError(
                    f"{self.source}: actor {current.id!r} has unknown parent {current.parent!r}"
                )
            current = self._by_id[current.parent]
            if current.id in seen:
                raise ConfigError(f"{self.source}: actor {actor.id!r} has a parent cycle")
            seen.add(current.id)

    def _key(self, name: str) -> tuple[str, ...]:
        return tuple(_tokenize(name, self._variants).folded)

    def _register(self, lookup: _Lookup, name: str, actor: Actor, kind: str) -> None:
        tokens = _tokenize(name, self._variants)
        if not tokens.folded:
            raise ConfigError(f"{self.source}: actor {actor.id!r} has an empty name {name!r}")
        exact = _is_acronym(name)
        key = tuple(tokens.raw) if exact else tuple(tokens.folded)
        held = lookup.add(key, exact, actor.id, kind)
        if held is not None:
            raise ConfigError(
                f"{self.source}: name {name!r} of actor {actor.id!r} already names actor"
                f" {held!r}; remove it from one of them (or make it a context alias)"
            )
        if kind == _DEMONYM:
            self._demonym_raw.setdefault(actor.id, []).append(name)

    # -- lookups --------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor:
        """The actor with this id; ``KeyError`` names the dictionary when there is none."""
        try:
            return self._by_id[actor_id]
        except KeyError:
            raise KeyError(
                f"no actor with id {actor_id!r} in the actor dictionary {self.source}"
            ) from None

    def group_of(self, actor_id: str) -> Actor:
        """The group an actor stands for: a person's group (through ``parent``), else itself."""
        actor = self.get(actor_id)
        while actor.is_person and actor.parent is not None:
            actor = self.get(actor.parent)
        return actor

    def reporting_sources(self) -> list[Actor]:
        """Monitors, agencies and media: they report events, they do not fight in them."""
        return [a for a in self.actors if a.is_reporting_source]

    def resolve(self, name: str, *, country: str | None = None) -> Actor | None:
        """The actor a whole name denotes ("the Assad regime", "Russian warplanes"), or None.

        Country names resolve to their state forces; context names ("government forces")
        need ``country``.
        """
        if name in self._by_id:
            return self._by_id[name]
        if name.strip().casefold() in self._by_name:
            return self._by_name[name.strip().casefold()]
        tokens = _tokenize(name, self._variants)
        first = 1 if tokens.folded[:1] == ["the"] and len(tokens.folded) > 1 else 0
        for skip in sorted({0, first}):
            context = country or ""
            matches = self._scan(tokens, self._context.get(context), start=skip)
            whole = len(tokens.folded) - skip
            if len(matches) == 1 and matches[0].start == skip and matches[0].length == whole:
                return self._by_id[matches[0].actor_id]
        return None

    def find(
        self, text: str, offset: int = 0, *, country: str | None = None, state_names: bool = False
    ) -> list[ActorMention]:
        """All actor mentions in ``text``, longest first and non-overlapping, in text order.

        Offsets are ``offset`` + the position in ``text``. Context names are resolved
        for ``country`` (ISO2), or, when it is None, for the country the text mentions
        most; pass the whole document for a good guess. Bare country names ("Russia")
        are mentions only when ``state_names`` is true.
        """
        tokens = _tokenize(text, self._variants)
        matches = self._bound_to_named(tokens, self._scan(tokens, None))
        if country is None:
            country = self._dominant_country(tokens, matches)
        if country is not None and country in self._context:
            matches = self._bound_to_named(tokens, self._scan(tokens, self._context[country]))
        mentions = []
        for m in matches:
            if m.kind == _STATE_NAME and not state_names:
                continue
            start, end = tokens.starts[m.start], tokens.ends[m.start + m.length - 1]
            if text[start:end][:1].islower() and _BUILDING_AFTER.match(text, end):
                continue  # "the police command", "army headquarters": a building, not a side
            mentions.append(
                ActorMention(
                    actor_id=m.actor_id,
                    name=self._by_id[m.actor_id].name,
                    start=start + offset,
                    end=end + offset,
                    text=text[start:end],
                )
            )
        return mentions

    def country_of(self, text: str) -> str | None:
        """The country (ISO2) the text is most about, judged by the actors and countries named."""
        tokens = _tokenize(text, self._variants)
        return self._dominant_country(
            tokens, self._bound_to_named(tokens, self._scan(tokens, None))
        )

    def _bound_to_named(self, tokens: _Tokens, matches: list[_Match]) -> list[_Match]:
        """A name that is a context alias of an actor the text names in full stands for that
        actor: "PLA" beside "the People's Liberation Army of Manipur" is not China's army."""
        named = {m.actor_id for m in matches if m.actor_id in self._own_context}
        if not named:
            return matches
        bound = []
        for m in matches:
            words = slice(m.start, m.start + m.length)
            folded, raw = tuple(tokens.folded[words]), tuple(tokens.raw[words])
            owners = {
                hit[0]
                for actor_id in named - {m.actor_id}
                if (hit := self._own_context[actor_id].get(folded, raw)) is not None
            }
            if len(owners) == 1:
                m = _Match(m.start, m.length, owners.pop(), _CONTEXT)
            bound.append(m)
        return bound

    # -- matching -------------------------------------------------------------------------
    def _scan(self, tokens: _Tokens, context: _Lookup | None, start: int = 0) -> list[_Match]:
        """Greedy left-to-right, longest-first matching of names and demonym phrases."""
        folded, raw = tokens.folded, tokens.raw
        matches: list[_Match] = []
        i = start
        n = len(folded)
        while i < n:
            if tokens.glued[i] or (
                folded[i] not in self._first_words and raw[i] not in self._first_words
            ):
                i += 1
                continue
            best = self._longest_name(tokens, i, context)
            phrase = self._demonym_phrase(tokens, i)
            if phrase is not None and (best is None or phrase.length > best.length):
                best = phrase
            if best is None:
                i += 1
                continue
            matches.append(best)
            i += best.length
        return matches

    def _longest_name(self, tokens: _Tokens, i: int, context: _Lookup | None) -> _Match | None:
        lookups = [context, self._plain] if context is not None else [self._plain]
        for length in range(min(self._max_words, tokens.run[i]), 0, -1):
            folded = tuple(tokens.folded[i : i + length])
            raw = tuple(tokens.raw[i : i + length])
            for lookup in lookups:
                hit = lookup.get(folded, raw)
                if hit is None:
                    continue
                actor_id, kind, exact = hit
                if exact and self._in_capitals(tokens, i, length):
                    continue
                return _Match(i, length, actor_id, kind)
        return None

    def _in_capitals(self, tokens: _Tokens, i: int, length: int) -> bool:
        """An acronym that is also an English word ("IS", "US") inside an all-caps line."""
        if tokens.folded[i] not in _SHORT_ENGLISH_WORDS or length > 1:
            return False
        last = i + length - 1
        neighbours = [i - 1] if i > 0 and tokens.run[i - 1] > 1 else []
        neighbours += [last + 1] if tokens.run[last] > 1 else []
        return any(
            len(tokens.raw[j]) > 1 and tokens.raw[j].isupper() and tokens.raw[j].isalpha()
            for j in neighbours
        )

    def _demonym_phrase(self, tokens: _Tokens, i: int) -> _Match | None:
        """A demonym + military noun phrase at word i, or the first demonym of a coordination
        ("Russian and Syrian warplanes" names Russia's forces too)."""
        headed = self._headed_phrase(tokens, i)
        if headed is not None:
            return headed
        found = self._demonym_at(tokens, i)
        if found is not None and self._coordinated(tokens, i + found[1]):
            return _Match(i, found[1], found[0], _DEMONYM)
        return None

    def _demonym_at(self, tokens: _Tokens, i: int) -> tuple[str, int] | None:
        """(actor id, number of words) of a demonym starting at word i."""
        for length in (2, 1):
            if i + length > len(tokens.folded) or tokens.run[i] < length:
                continue
            hit = self._demonyms.get(
                tuple(tokens.folded[i : i + length]), tuple(tokens.raw[i : i + length])
            )
            if hit is not None:
                return hit[0], length
        return None

    def _headed_phrase(self, tokens: _Tokens, i: int) -> _Match | None:
        """ "Russian airstrikes", "US troops", "Syrian regime forces": demonym + military noun."""
        found = self._demonym_at(tokens, i)
        if found is None:
            return None
        actor_id, length = found
        end = None
        j = i + length
        limit = i + tokens.run[i]
        while j < limit and tokens.folded[j] in self._military_words:
            if tokens.folded[j] in self._heads:
                end = j + 1
            j += 1
        return _Match(i, end - i, actor_id, _DEMONYM) if end is not None else None

    def _coordinated(self, tokens: _Tokens, j: int) -> bool:
        """Whether word j continues a list of demonyms that ends in a headed phrase."""
        n = len(tokens.folded)
        for _ in range(_MAX_COORDINATED):
            if j >= n or tokens.separators[j - 1].strip() not in ("", ","):
                return False
            if tokens.folded[j] in ("and", "or"):
                j += 1
                if j >= n or tokens.separators[j - 1].strip():
                    return False
            if self._headed_phrase(tokens, j) is not None:
                return True
            found = self._demonym_at(tokens, j)
            if found is None:
                return False
            j += found[1]
        return False

    def _dominant_country(self, tokens: _Tokens, matches: list[_Match]) -> str | None:
        """The country named most often, counting actors, country names and bare demonyms."""
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for m in matches:
            country = self._by_id[m.actor_id].country
            if country:
                counts[country] += 1
                first_seen.setdefault(country, m.start)
        covered = {j for m in matches for j in range(m.start, m.start + m.length)}
        for i in range(len(tokens.folded)):
            found = None if i in covered else self._demonym_at(tokens, i)
            country = self._by_id[found[0]].country if found is not None else None
            if country:
                counts[country] += 1
                first_seen.setdefault(country, i)
        if not counts:
            return None
        return max(counts, key=lambda c: (counts[c], -first_seen[c]))

    # -- spaCy ----------------------------------------------------------------------------
    def patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns: ORG for groups and sources, PERSON for people.

        Context-only names are left out (they are ambiguous without a country).
        """
        import spacy

        tokenizer = spacy.blank("en").tokenizer
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for actor in self.actors:
            label = "PERSON" if actor.is_person else "ORG"
            for name in [actor.name, *actor.aliases]:
                for variant in {name, name.replace("-", " ")}:
                    attr = "TEXT" if _is_acronym(variant) else "LOWER"
                    words = [t.text if attr == "TEXT" else t.lower_ for t in tokenizer(variant)]
                    if not words or (actor.id, attr + "|".join(words)) in seen:
                        continue
                    seen.add((actor.id, attr + "|".join(words)))
                    patterns.append(
                        {"label": label, "pattern": [{attr: w} for w in words], "id": actor.id}
                    )
            demonyms = self._demonym_raw.get(actor.id, [])
            if demonyms:
                patterns.append(
                    {
                        "label": "ORG",
                        "id": actor.id,
                        "pattern": [
                            {"LOWER": {"IN": sorted({d.lower() for d in demonyms})}},
                            {"LOWER": {"IN": sorted(self._modifiers)}, "OP": "*"},
                            {"LOWER": {"IN": sorted(self._heads)}},
                        ],
                    }
                )
        return patterns


def _strip_parenthetical(name: str) -> str:
    """ "Military Forces of Russia (2000-)" -> "Military Forces of Russia"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name).strip() or name


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> ActorDictionary:
    """Parse once per file version; the dictionary is read-only after construction."""
    del mtime_ns  # part of the cache key only
    try:
        raw = yaml.load(Path(path).read_text("utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read actor dictionary {path}: {exc}; fix the file") from exc
    return ActorDictionary(raw, source=path)
