"""Toponym recognition (which spans name places) and resolution (which place each is).

Recognition trusts spaCy's GPE/LOC/FAC entities, rescues well-known places that a small
model mislabels ("Homs" as ORG), and matches curated infrastructure phrases directly
("the Rustan bridge"). Resolution scores each candidate place by how likely the name
alone makes it (match, feature type, population), then in a second pass by the
document's country context and closeness to the places already pinned down.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitroom.geo.build import CURATED_ID_BASE
from sitroom.geo.gazetteer import Candidate, Gazetteer, candidate_prior
from sitroom.geo.normalize import name_key
from sitroom.geo.precision import haversine_km
from sitroom.model import Entity, Place, PlaceMention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Nationality spans: an adjectival form of a place name used as a modifier ("Russian
# officials", "European leaders") refers to the place (an associative toponym, Gritta et
# al. 2019); a people-noun ("the Russians", "an American who ...") does not.
DEMONYM_LABELS = frozenset({"NORP", "GPE"})
# Words after an adjective that show it is used as a noun (a person or a language).
_NOT_MODIFIED_WORDS = (
    "who whom whose which that and or but nor is are was were has have had will would "
    "said says say told in on at of for from to with by as than"
)
_NOT_MODIFIED = frozenset(_NOT_MODIFIED_WORDS.split())
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")
# A street, building or venue is not in a city gazetteer, but it lies in the town the
# story is about: such a name resolves to the document's focus place, with low confidence.
_LOCAL_FEATURE_WORDS = (
    "street st avenue ave road rd boulevard blvd drive lane way highway freeway expressway "
    "interstate park hall center centre university college school academy hospital "
    "clinic airport bridge square building tower church cathedral mosque synagogue temple "
    "station stadium arena mall market plaza court courthouse library museum theater "
    "theatre hotel prison jail base campus beach pier harbor harbour neighborhood "
    "neighbourhood"
)
LOCAL_FEATURE_WORDS = frozenset(_LOCAL_FEATURE_WORDS.split())
LOCAL_FALLBACK_SCORE = 0.3
# Other multi-word names no gazetteer holds ("Jackson Heights") are usually local too.
UNKNOWN_FALLBACK_SCORE = 0.15
DEMONYM_BONUS = 2.0
# Labels a small model gives to places it does not know ("Homs" ORG, "Rustan" EVENT).
# NORP stays out: "Syrian" is a nationality, not a place.
RESCUE_LABELS = frozenset({"ORG", "PERSON", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
# A mislabelled span counts as a place only if it names somewhere this big (or curated,
# a country or an admin-1 area): small villages share names with people and groups.
RESCUE_MIN_POPULATION = 20_000
RESCUE_MIN_SIMILARITY = 0.9
PERSON_MIN_SIMILARITY = 0.95

# Scoring weights (see resolve_toponyms).
CONTEXT_WEIGHT = 2.5
HINT_WEIGHT = 3.0
PROXIMITY_WEIGHT = 2.5
PROXIMITY_SCALE_KM = 75.0
AREA_WEIGHT = 1.5
CURATED_BONUS = 2.0
# How much an ambiguous name's best guess counts towards the context (times its confidence).
UNSETTLED_WEIGHT = 0.5
SAME_PLACE_KM = 10.0
FUZZY_ACCEPT_SIMILARITY = 0.95
# Pass one calls a resolution settled when the best candidate leads by this much.
SETTLED_MARGIN = 2.0

_LEADING_THE = re.compile(r"^(the|The|THE)\s+")
_TRAILING_POSSESSIVE = re.compile(r"(['’]s|['’])$")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def is_curated(place: Place) -> bool:
    return place.geonameid is not None and place.geonameid >= CURATED_ID_BASE


def _trim(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a leading "the", a trailing possessive and surrounding whitespace/punctuation."""
    m = _LEADING_THE.match(text)
    if m:
        text, start = text[m.end() :], start + m.end()
    m = _TRAILING_POSSESSIVE.search(text)
    if m and len(text) > m.end() - m.start() + 1:
        text, end = text[: m.start()], end - (m.end() - m.start())
    stripped = text.strip(' \t\n,.;:"“”()[]')
    lead = text.find(stripped) if stripped else 0
    start += lead
    return stripped, start, start + len(stripped)


_CURATED_PATTERNS: weakref.WeakKeyDictionary[Gazetteer, re.Pattern[str] | None] = (
    weakref.WeakKeyDictionary()
)


def _curated_regex(gazetteer: Gazetteer) -> re.Pattern[str] | None:
    """One case-insensitive alternation of every curated name and alias (4+ characters),
    spaces and hyphens interchangeable, longest first; built once per gazetteer."""
    if gazetteer in _CURATED_PATTERNS:
        return _CURATED_PATTERNS[gazetteer]
    names = sorted({n for n, _ in gazetteer.curated_names() if len(n) >= 4}, key=len, reverse=True)
    pattern = None
    if names:
        parts = [r"[\s\-–]+".join(map(re.escape, re.split(r"[\s\-–]+", n))) for n in names]
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)
    _CURATED_PATTERNS[gazetteer] = pattern
    return pattern


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_toponyms(
    text: str,
    entities: Sequence[Entity],
    gazetteer: Gazetteer,
    *,
    exclude: Iterable[tuple[int, int]] = (),
) -> list[PlaceMention]:
    """Spans of ``text`` that name places, in text order, none overlapping ``exclude``
    (actor mentions such as "Islamic State") or each other."""
    excluded = [(int(s), int(e)) for s, e in exclude]
    found: list[tuple[int, int, int, str]] = []  # (priority, start, end, text)

    pattern = _curated_regex(gazetteer)
    if pattern is not None:
        for m in pattern.finditer(text):
            if m.group(0)[0].islower():  # "zamzam water" is not the camp
                continue
            found.append((3, m.start(), m.end(), m.group(0)))

    spans = [(ent.label, span) for ent in entities for span in _entity_spans(text, ent, gazetteer)]
    # Countries where the well-labelled places lie: a mislabelled small town there counts.
    doc_countries = {
        top.place.country_code
        for label, (span_text, _, _) in spans
        if label in PLACE_LABELS
        for top in gazetteer.candidates(span_text, limit=1)
        if top.similarity >= RESCUE_MIN_SIMILARITY and top.place.country_code
    }
    persons = [(e.start, e.end) for e in entities if e.label == "PERSON"]
    for label, (span_text, start, end) in spans:
        if label in DEMONYM_LABELS and _is_place_modifier(text, span_text, end, gazetteer):
            found.append((2, start, end, span_text))
        elif label in PLACE_LABELS:
            if " " not in span_text and _next_to_person(text, start, end, persons):
                continue  # "David" in "David Smith": a given name that is also a town
            found.append((2, start, end, span_text))
        elif label in RESCUE_LABELS and _is_known_place(
            span_text, gazetteer, doc_countries, person=label == "PERSON"
        ):
            found.append((1, start, end, span_text))

    # Curated phrases first, then NER places, then rescued spans; longer spans first.
    found.sort(key=lambda f: (-f[0], -(f[2] - f[1]), f[1]))
    kept: list[tuple[int, int, int, str]] = []
    for item in found:
        span = (item[1], item[2])
        if any(_overlaps(span, x) for x in excluded):
            continue
        if any(_overlaps(span, (k[1], k[2])) for k in kept):
            continue
        kept.append(item)
    kept.sort(key=lambda k: k[1])
    return [PlaceMention(text=t, start=s, end=e) for _, s, e, t in kept]


def _is_place_modifier(text: str, span_text: str, end: int, gazetteer: Gazetteer) -> bool:
    """An adjectival form of a place name directly followed by the word it modifies."""
    if gazetteer.demonym(span_text) is None:
        return False
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).lower() not in _NOT_MODIFIED


def _next_to_person(text: str, start: int, end: int, persons: list[tuple[int, int]]) -> bool:
    """Whether only spaces separate the span from a PERSON entity on either side."""
    for p_start, p_end in persons:
        if p_start >= end and not text[end:p_start].strip(" "):
            return True
        if p_end <= start and not text[p_end:start].strip(" "):
            return True
    return False


def _entity_spans(text: str, ent: Entity, gazetteer: Gazetteer) -> list[tuple[str, int, int]]:
    """The entity's trimmed span; or, for a list the model read as one entity ("Qamishli
    and Kobani"), each item when the whole is no place but the items are."""
    if not 0 <= ent.start < ent.end <= len(text):
        return []
    span_text, start, end = _trim(text[ent.start : ent.end], ent.start, ent.end)
    if not span_text or not span_text[0].isupper():
        return []
    bounds, pos = [], 0
    for sep in _LIST_SEPARATOR.finditer(span_text):
        bounds.append((pos, sep.start()))
        pos = sep.end()
    bounds.append((pos, len(span_text)))
    if len(bounds) < 2 or gazetteer.candidates(span_text, limit=1):
        return [(span_text, start, end)]
    items = []
    for a, b in bounds:
        item, s, e = _trim(span_text[a:b], start + a, start + b)
        if item and item[0].isupper():
            items.append((item, s, e))
    return items


def _is_known_place(
    name: str, gazetteer: Gazetteer, doc_countries: set[str], *, person: bool = False
) -> bool:
    """Whether a mislabelled span names a place: a notable one (curated, a country, an
    admin-1 area, a town of 20,000+) or any place in a country the document is about.
    People's names sit close to place names ("Golani" ~ Golan), so PERSON spans must
    match almost exactly, and only names of two words or more may be small places."""
    floor = PERSON_MIN_SIMILARITY if person else RESCUE_MIN_SIMILARITY
    for cand in gazetteer.candidates(name, limit=5):
        if cand.similarity < floor:
            continue
        place = cand.place
        if (
            is_curated(place)
            or place.feature_code in ("PCLI", "ADM1")
            or place.population >= RESCUE_MIN_POPULATION
        ):
            return True
        if (
            place.country_code in doc_countries
            and cand.similarity >= PERSON_MIN_SIMILARITY
            and (not person or len(name.split()) >= 2)
        ):
            return True
    return False


@dataclass
class _Group:
    """All mentions of one name in a document: one name, one place (one sense per discourse)."""

    key: str
    mentions: list[int]
    candidates: list[Candidate]
    scores: list[float]
    settled: bool = False


def _base_score(cand: Candidate) -> float:
    score = candidate_prior(cand)
    if is_curated(cand.place) and cand.similarity >= 1.0:
        score += CURATED_BONUS
    return score


def _confidence(
    scores: list[float], best: int, similarity: float, candidates: Sequence[Candidate] = ()
) -> float:
    """Softmax share of the chosen candidate, counting rivals within SAME_PLACE_KM of it as
    agreeing (Homs the city and Homs the governorate share a point), discounted for an
    inexact name match."""
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    chosen = weights[best]
    if candidates:
        b = candidates[best].place
        chosen = sum(
            w
            for w, c in zip(weights, candidates, strict=True)
            if haversine_km(b.lat, b.lon, c.place.lat, c.place.lon) <= SAME_PLACE_KM
        )
    return round(min(chosen / sum(weights), 1.0) * min(similarity, 1.0), 4)


def resolve_toponyms(
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    *,
    country_hint: str | None = None,
) -> list[PlaceMention]:
    """Choose a place for each mention, in two passes: names that are unambiguous on
    their own set the document's context (its countries, its anchor points), then the
    rest are scored with that context. Returns new mentions with ``place``, ``score``
    and ``n_candidates`` set; a name with no candidate keeps ``place=None``."""
    hint = _country_code(country_hint, gazetteer)
    groups: dict[str, _Group] = {}
    for i, mention in enumerate(mentions):
        key = name_key(mention.text)
        if key not in groups:
            cands = gazetteer.candidates(mention.text) if key else []
            scores = [_base_score(c) for c in cands]
            adjectival = gazetteer.demonym(mention.text) if key else None
            if adjectival is not None:
                named = Candidate(adjectival, 1.0, True)
                cands, scores = [named, *cands], [_base_score(named) + DEMONYM_BONUS, *scores]
            groups[key] = _Group(key, [], cands, scores)
        groups[key].mentions.append(i)

    # Pass 1: the name alone (plus an explicit hint).
    context: list[tuple[str, Place, float]] = []  # (name key, best place, weight)
    for group in groups.values():
        if not group.candidates:
            continue
        if hint:
            group.scores = [
                s + (HINT_WEIGHT if c.place.country_code == hint else 0.0)
                for s, c in zip(group.scores, group.candidates, strict=True)
            ]
        ranked = sorted(group.scores, reverse=True)
        best = group.scores.index(ranked[0])
        group.settled = (
            len(ranked) == 1
            or ranked[0] - ranked[1] >= SETTLED_MARGIN
            or group.candidates[best].place.feature_code == "PCLI"
        )
        # Settled names set the context; the others lend it only a share of their weight.
        weight = 1.0 if group.settled else UNSETTLED_WEIGHT * _confidence(group.scores, best, 1.0)
        context.append((group.key, group.candidates[best].place, weight * len(group.mentions)))

    # Pass 2: every name, with the context the *other* names give (a name does not vote
    # for itself), so a settled "Damascus" can still flip in a story about Maryland.
    for group in groups.values():
        if len(group.candidates) < 2:
            continue
        countries: Counter[str] = Counter()
        areas: set[tuple[str | None, str | None]] = set()
        anchors: list[Place] = []
        for key, place, weight in context:
            if key == group.key:
                continue
            if place.country_code:
                countries[place.country_code] += weight
            if place.feature_code == "ADM1":
                areas.add((place.country_code, place.admin1_code))
            elif place.feature_code not in ("PCLI", "CONT") and weight >= 0.5:
                anchors.append(place)
        group.scores = [
            s + _context_score(c.place, countries, areas, anchors)
            for s, c in zip(group.scores, group.candidates, strict=True)
        ]

    resolved = [m.model_copy() for m in mentions]
    for group in groups.values():
        for i in group.mentions:
            resolved[i].n_candidates = len(group.candidates)
            if not group.candidates:
                resolved[i].place, resolved[i].score = None, 0.0
                continue
            best = group.scores.index(max(group.scores))
            others = {p.country_code for k, p, w in context if k != group.key and w >= 0.5}
            if not _acceptable(group.candidates[best], others):
                resolved[i].place, resolved[i].score = None, 0.0
                continue
            resolved[i].place = group.candidates[best].place
            resolved[i].score = _confidence(
                group.scores, best, group.candidates[best].similarity, group.candidates
            )
    _locate_local_features(resolved)
    return resolved


def _locate_local_features(resolved: list[PlaceMention]) -> None:
    """Give unresolved streets, buildings and venues ("Main Street", "Union Station") and
    other multi-word local names the town the document mentions most, when there is one:
    they lie in it more often than not, and a town-level point is what ACLED codes for
    them too. The low score says the point is the town's, not the feature's."""
    towns: Counter[int] = Counter()
    by_id: dict[int, Place] = {}
    for m in resolved:
        p = m.place
        if p is not None and p.geonameid is not None and p.feature_class in ("P", "S"):
            towns[p.geonameid] += 1
            by_id[p.geonameid] = p
    if not towns:
        return
    focus = by_id[towns.most_common(1)[0][0]]
    for m in resolved:
        words = name_key(m.text).split()
        if m.place is None and len(words) > 1:
            local = bool(set(words) & LOCAL_FEATURE_WORDS)
            m.place = focus
            m.score = LOCAL_FALLBACK_SCORE if local else UNKNOWN_FALLBACK_SCORE


def _acceptable(cand: Candidate, doc_countries: set[str | None]) -> bool:
    """A near spelling ("Rustan" for Rastan) is trusted only inside the document's
    countries; elsewhere it is more likely a name the gazetteer lacks ("Shebaa" in
    Lebanon ~ Chebba in Tunisia)."""
    if cand.similarity >= FUZZY_ACCEPT_SIMILARITY:
        return True
    return not doc_countries or cand.place.country_code in doc_countries


def _context_score(
    place: Place,
    countries: Counter[str],
    areas: set[tuple[str | None, str | None]],
    anchors: list[Place],
) -> float:
    """The candidate's country's share of the document's other places, a bonus when it
    lies in an admin-1 area the document names, and closeness to the nearest other place
    (exp decay: about 40% of the bonus at 75 km)."""
    score = 0.0
    total = sum(countries.values())
    if total and place.country_code:
        score += CONTEXT_WEIGHT * countries.get(place.country_code, 0) / total
    if place.feature_code != "ADM1" and (place.country_code, place.admin1_code) in areas:
        score += AREA_WEIGHT
    if anchors:
        nearest = min(haversine_km(place.lat, place.lon, a.lat, a.lon) for a in anchors)
        score += PROXIMITY_WEIGHT * math.exp(-nearest / PROXIMITY_SCALE_KM)
    return score


def _country_code(hint: str | None, gazetteer: Gazetteer) -> str | None:
    if not hint:
        return None
    country = gazetteer.country(hint)
    return country.country_code if country else None
