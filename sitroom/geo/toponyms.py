"""Toponym resolution: which place each recognised name is (recognition lives in
``sitroom.geo.recognition``; ``find_toponyms`` is re-exported here).

Each candidate place is scored by how likely the name alone makes it (match, feature
type, population; an adjectival form names its country), then in a second pass by the
document's country context and closeness to the places already pinned down; a name no
gazetteer holds (a street, a venue) gets the story's main town at low confidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sitroom.geo.gazetteer import Candidate, Gazetteer, candidate_prior
from sitroom.geo.normalize import name_key
from sitroom.geo.precision import haversine_km
from sitroom.geo.recognition import SEAT_MIN_POPULATION, find_toponyms, is_curated
from sitroom.model import Place, PlaceMention

__all__ = [
    "find_toponyms",
    "is_curated",
    "place_within",
    "prefer_admin_areas",
    "resolve_toponyms",
]

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
# Venues that take the name of the town they serve ("Baghdad International Airport");
# hospitals, schools, halls and stations are as often named after people or streets.
HUB_WORDS = frozenset({"airport", "airbase", "airfield", "mosque"})
LOCAL_FALLBACK_SCORE = 0.3
# Other names no gazetteer holds ("Jackson Heights") are usually local too.
UNKNOWN_FALLBACK_SCORE = 0.15
POPULATION_TIEBREAK = 0.3
DEMONYM_BONUS = 2.0

# Scoring weights (see resolve_toponyms).
CONTEXT_WEIGHT = 2.5
HINT_WEIGHT = 3.0
PROXIMITY_WEIGHT = 2.5
PROXIMITY_SCALE_KM = 75.0
AREA_WEIGHT = 1.0
CURATED_BONUS = 2.0
# A national capital of a million people or more outweighs the pull of one foreign
# country in the story towards a small homonym (the area bonus can still overturn it:
# "Damascus, Maryland").
CAPITAL_BONUS = 1.0
CAPITAL_MIN_POPULATION = 1_000_000
# How much an ambiguous name's best guess counts towards the context (times its confidence).
UNSETTLED_WEIGHT = 0.5
SAME_PLACE_KM = 10.0
FUZZY_ACCEPT_SIMILARITY = 0.95
# A near spelling with no other place of the story to anchor it must be this close.
LONE_FUZZY_SIMILARITY = 0.9
# The armed groups a text names vote for their countries, at this weight (a settled
# place name has 1.0): "CODECO fighters" puts the story in Congo. So do the countries its
# headline names.
ACTOR_COUNTRY_WEIGHT = 0.5
# A town of at most this size, matched only by an alternate name, outside every country
# the document's other names point to, is taken for a village the gazetteer lacks. Big
# cities have such names too ("Turi" is Turin; in a story about Cuenca it is the prison),
# but many are English spellings ("Raqqa" for Ar Raqqah): a city up to the larger size is
# dropped only when the story names towns, and all of them lie elsewhere.
FOREIGN_ALIAS_MAX_POPULATION = 100_000
FOREIGN_ALIAS_MAX_CITY = 1_000_000
# A village matched by its own main name is dropped on stronger evidence: it is at most
# this size, its country is named nowhere in the story (not even by an adjective), and
# the story names another country or a province of one ("Kain" in the Nord region of
# Burkina Faso is not Kain in Wallonia). Another town alone is no such evidence: in "the
# Byblos hotel in Sévaré" either could be the foreign name.
FOREIGN_VILLAGE_MAX_POPULATION = 20_000
# Pass one calls a resolution settled when the best candidate leads by this much.
SETTLED_MARGIN = 2.0


@dataclass
class _Group:
    """All mentions of one name in a document: one name, one place (one sense per discourse)."""

    key: str
    mentions: list[int]
    candidates: list[Candidate]
    scores: list[float]
    settled: bool = False
    # The name is a people's adjective ("Russian"): it says who, not where.
    adjectival: bool = False


def _base_score(cand: Candidate) -> float:
    score = candidate_prior(cand)
    if is_curated(cand.place) and cand.similarity >= 1.0:
        score += CURATED_BONUS
    if cand.place.feature_code == "PPLC" and cand.place.population >= CAPITAL_MIN_POPULATION:
        # "Dhaka" in a story that also names India is still Bangladesh's capital.
        score += CAPITAL_BONUS
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
    actor_countries: Sequence[str] = (),
) -> list[PlaceMention]:
    """Choose a place for each mention, in two passes: names that are unambiguous on
    their own set the document's context (its countries, its anchor points), then the
    rest are scored with that context. ``actor_countries`` (ISO codes of the armed
    groups and police the text names: CODECO is Congolese; the geocoder stage leaves out
    armies, which fight abroad, and adds the countries its headline names) add a weaker
    vote to the context. Returns new mentions with ``place``, ``score`` and
    ``n_candidates`` set; a name with no candidate keeps ``place=None``."""
    hint = _country_code(country_hint, gazetteer)
    groups: dict[str, _Group] = {}
    for i, mention in enumerate(mentions):
        key = name_key(mention.text)
        if key not in groups:
            cands = gazetteer.candidates(mention.text) if key else []
            scores = [_base_score(c) for c in cands]
            adjectival = gazetteer.demonym(mention.text) if key else None
            if adjectival is None and not cands:
                adjectival = _demonym_area(mention.text, gazetteer)
            if adjectival is not None:
                named = Candidate(adjectival, 1.0, True)
                cands, scores = [named, *cands], [_base_score(named) + DEMONYM_BONUS, *scores]
            groups[key] = _Group(key, [], cands, scores, adjectival=adjectival is not None)
        groups[key].mentions.append(i)

    # Pass 1: the name alone (plus an explicit hint).
    context: list[tuple[str, Place, float]] = []  # (name key, best place, weight)
    for code in sorted(set(actor_countries)):
        country = gazetteer.country(code)
        if country is not None:
            context.append((f"actor:{code}", country, ACTOR_COUNTRY_WEIGHT))
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
        # One name, one resolution: the context a group is judged in does not depend on
        # which of its mentions is being filled.
        place, score = _resolve_group(group, groups, context)
        for i in group.mentions:
            resolved[i].n_candidates = len(group.candidates)
            resolved[i].place, resolved[i].score = place, score
    doc_countries = {p.country_code for _, p, _ in context if p.country_code}
    for m in resolved:
        if m.place is None and (town := _named_after_town(m.text, gazetteer, doc_countries)):
            m.place, m.score = approximate_place(m.text, town), LOCAL_FALLBACK_SCORE
    _locate_local_features(resolved)
    return resolved


# "North Jakarta": a side of a city, named by it.
SIDE_WORDS = frozenset(
    ["north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"]
)


def _is_city(place: Place) -> bool:
    """A seat of government, or a town of SEAT_MIN_POPULATION."""
    return place.feature_code in ("PPLC", "PPLA") or place.population >= SEAT_MIN_POPULATION


def _named_after_town(name: str, gazetteer: Gazetteer, countries: set[str]) -> Place | None:
    """The town an airport is named after ("Baghdad International Airport"): the longest
    run of its leading words that is a town's own name, in a country the document's
    other places lie in, when it names any ("Reagan National Airport" is not in
    Reagan, Texas). Mosques too ("Kano Central Mosque"). Only main names count: "Hamid"
    (of Hamid Karzai airport) is an old name of a Turkish town. Other venues ("Belfast
    City Hall", "the Lahore religious school") and a part of a city named by its side
    ("North Jakarta") count only for a city (a seat of government or 100,000 people):
    halls and schools are as often named after people."""
    words = name.split()
    if len(words) < 2:
        return None
    keys = set(name_key(name).split())
    if keys & (HUB_WORDS | LOCAL_FEATURE_WORDS):
        runs = [words[:n] for n in range(len(words) - 1, 0, -1)]
    elif words[0].lower() in SIDE_WORDS:
        runs = [words[1:]]
    else:
        return None
    notable = not keys & HUB_WORDS
    for run in runs:
        for cand in gazetteer.candidates(" ".join(run), limit=5):
            place = cand.place
            if (
                cand.similarity >= 1.0
                and cand.primary
                and place.feature_class == "P"
                and (not countries or place.country_code in countries)
                and (not notable or _is_city(place))
            ):
                return place
    return None


# "the Yemeni coast", "Syrian territory": a country's adjective with a word for part of
# it names somewhere in that country.
_AREA_NOUNS = frozenset(
    [
        "coast",
        "coastline",
        "shore",
        "shores",
        "waters",
        "border",
        "borders",
        "frontier",
        "territory",
        "soil",
        "side",
        "airspace",
        "countryside",
        "desert",
        "mainland",
        "interior",
        "hinterland",
    ]
)


def _demonym_area(text: str, gazetteer: Gazetteer) -> Place | None:
    """ "the Yemeni coast" -> Yemen; "the Libyan capital" -> Tripoli; "the Chechen
    capital" -> Grozny, the seat of the region."""
    words = text.split()
    if len(words) < 2:
        return None
    last = words[-1].lower()
    if last not in _AREA_NOUNS and last != "capital":
        return None
    # "the Central African capital": the adjective may be more than one word.
    country = gazetteer.demonym(" ".join(words[:-1])) or gazetteer.demonym(words[-2])
    if country is None or last != "capital":
        return country
    if not country.country_code:
        return None
    if country.feature_code == "ADM1" and country.admin1_code:
        return gazetteer.admin_seat(country.country_code, country.admin1_code)
    if country.feature_code != "PCLI":
        return None
    return gazetteer.capital(country.country_code)


# "Kaduna state", "Sagaing region": the word after a name says it is the admin area.
_ADMIN_AFTER = re.compile(r"\s+(state|province|governorate|region|oblast|prefecture)\b", re.I)


def prefer_admin_areas(
    mentions: list[PlaceMention], text: str, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Mentions followed by an admin word ("a village in Kaduna state") resolved to a town
    of that name are moved to the first-level area of the same name and country: the
    event lies somewhere in the area, not in its capital."""
    out = []
    for m in mentions:
        after = _ADMIN_AFTER.match(text, m.end)
        place = m.place
        if after is not None and place is not None and place.feature_code != "ADM1":
            for cand in gazetteer.candidates(f"{m.text} {after.group(1)}", limit=5):
                area = cand.place
                if (
                    area.feature_code == "ADM1"
                    and area.country_code == place.country_code
                    and cand.similarity >= FUZZY_ACCEPT_SIMILARITY
                ):
                    m = m.model_copy(update={"place": area})
                    break
        out.append(m)
    return out


# "Lido beach in Mogadishu", "the Solhan village in Burkina Faso", "St Mary's church in
# Owo": the first name lies inside the second.
_KIND_WORDS = (
    r"(?i:village|town|city|district|area|camp|island|neighbou?rhood|"
    + "|".join(sorted(LOCAL_FEATURE_WORDS))
    + r")"
)
_WITHIN_GAP = re.compile(
    # "the Sacred Heart of Jesus Cathedral in Makassar"
    rf"(?:(?:\s+of(?:\s+[A-Z][\w'’-]*){{1,3}})?\s+{_KIND_WORDS})?\s*,?\s+(?:in|near|outside)\s+"
    r"(?:the\s+)?"
    r"(?:(?:[a-z]+\s+)?(?:city|town|capital|province|region|district|state|country)\s+of\s+)?$"
    # "Shangla district of Khyber Pakhtunkhwa", "the Tekstilshchik neighbourhood of Donetsk"
    r"|\s+(?:district|county|province|region|governorate|neighbou?rhood|quarter|suburb)\s+"
    r"of\s+(?:the\s+)?$"
)
# "pushing into the districts of New Aleppo and Hamdaniya": listed parts of one place.
_PARTS_BEFORE = re.compile(
    r"\b(?:districts|neighbou?rhoods|suburbs|quarters)\s+of\s+(?:the\s+)?$", re.I
)
_AND_GAP = re.compile(r"\s*,?\s+and\s+")
# "Baghdad's Karrada neighbourhood": the second name lies inside the first.
_POSSESSED_GAP = re.compile(r"['’]s?\s+$")
# "the northern Lebanese city of Tripoli", "the Nigerian village of Kuriga": a country's
# adjective with a kind of place says which country the name is in.
_COUNTRY_KIND_GAP = re.compile(
    r"\s+(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west|coastal|border|front-?line)(?:ern)?\s+)*"
    r"(?:city|town|village|port|capital|region|province|district|state|enclave|hamlet|"
    r"suburb|island|county|municipality|governorate)\s+of\s+$",
    re.I,
)
# "Beni, eastern Congo", "Ramree island, Rakhine": an apposition names the area a place
# lies in, but a comma also separates list items ("Aleppo, Idlib and Hama"), so it is
# trusted only to move a name out of a country the area is not in.
_APPOSITION_GAP = re.compile(
    rf"(?:\s+{_KIND_WORDS})?\s*,\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?\s+)?$",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s?\b")
# "the Old City of Damascus", "the old town of Hebron": a part every town has, named by
# the town it is part of (and not the Old City of Jerusalem, which the gazetteer holds).
_TOWN_PART_NAMES = frozenset({"old city", "old town", "old quarter", "city centre", "medina"})
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?")
# How far a place may lie from the place it is said to be in (a province or a big city's
# outskirts) before the reading is taken as a homonym elsewhere; a part a town is said to
# have ("Baghdad's Karrada district") lies within the town itself.
WITHIN_MAX_KM = 250.0
TOWN_PART_MAX_KM = 30.0


def _containments(
    mentions: list[PlaceMention], text: str
) -> list[tuple[PlaceMention, PlaceMention, float]]:
    """(inner, container, how far apart they may be) for adjacent mentions that the text
    says lie one in the other."""
    pairs = []
    for first, second in zip(mentions, mentions[1:], strict=False):
        gap = text[first.end : second.start]
        if _WITHIN_GAP.fullmatch(gap) and (
            not _POSSESSIVE.match(text, second.end)
            # "of Donetsk's Kirovskyi district" still lies in Donetsk; "in Congo's Ituri
            # province" leaves the choice to Ituri
            or (second.place is not None and second.place.feature_code not in ("PCLI", "CONT"))
        ):
            pairs.append((first, second, WITHIN_MAX_KM))
        elif (
            _AND_GAP.fullmatch(gap)
            and _PARTS_BEFORE.search(text[max(0, first.start - 40) : first.start])
            and first.place is not None
            and second.place is not None
            and first.place.country_code != second.place.country_code
        ):
            # "the districts of New Aleppo and Hamdaniya": parts of one city, not a
            # namesake in another country.
            pairs.append((second, first, TOWN_PART_MAX_KM))
        elif (
            _COUNTRY_KIND_GAP.fullmatch(gap)
            and first.place is not None
            and first.place.feature_code == "PCLI"
        ):
            pairs.append((second, first, WITHIN_MAX_KM))
        elif _OF_GAP.fullmatch(gap) and name_key(first.text) in _TOWN_PART_NAMES:
            pairs.append((first, second, TOWN_PART_MAX_KM))
        elif _POSSESSED_GAP.fullmatch(gap):
            town = first.place is not None and first.place.feature_class == "P"
            pairs.append((second, first, TOWN_PART_MAX_KM if town else WITHIN_MAX_KM))
        elif (
            _APPOSITION_GAP.fullmatch(gap)
            and second.place is not None
            and second.place.feature_code in ("ADM1", "PCLI")
            and (
                first.place is None
                or (
                    first.place.feature_code not in ("PCLI", "CONT")
                    and first.place.country_code != second.place.country_code
                )
            )
        ):
            pairs.append((first, second, WITHIN_MAX_KM))
    return pairs


def place_within(
    mentions: list[PlaceMention], text: str, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """A name said to lie in another place ("on Lido beach in Mogadishu", "Mogadishu's
    Lido beach") but resolved to a homonym far from it (Lido Beach, New York) takes its
    best candidate inside that place's country and within WITHIN_MAX_KM of it; with none,
    it is read as a local name in that place (no GeoNames id, the container's point), as
    an unknown venue is. A whole country as container only picks among candidates: its
    point is too coarse."""
    out = [m.model_copy() for m in mentions]
    for inner, outer, max_km in _containments(out, text):
        container = outer.place
        if container is None:
            continue
        if inner.place is None:
            # A name no gazetteer holds, said to lie in a town or region, is somewhere there.
            if container.feature_code not in ("PCLI", "CONT"):
                inner.place = approximate_place(inner.text, container)
                inner.score = UNKNOWN_FALLBACK_SCORE
            continue
        if _inside(inner.place, container, max_km):
            continue
        best = next(
            (
                c.place
                for c in gazetteer.candidates(inner.text, limit=10)
                if c.similarity >= FUZZY_ACCEPT_SIMILARITY and _inside(c.place, container, max_km)
            ),
            None,
        )
        if best is not None:
            inner.place = best
        elif container.feature_code not in ("PCLI", "CONT"):
            inner.place, inner.score = (
                approximate_place(inner.text, container),
                LOCAL_FALLBACK_SCORE,
            )
    return out


def _inside(place: Place, container: Place, max_km: float = WITHIN_MAX_KM) -> bool:
    """Whether ``place`` can lie in ``container``: same country, and near it unless the
    container is a whole country."""
    if (
        place.country_code
        and container.country_code
        and place.country_code != container.country_code
    ):
        return False
    if container.feature_code in ("PCLI", "CONT"):
        return place.country_code == container.country_code
    if container.feature_code == "ADM1":
        return (place.country_code, place.admin1_code) == (
            container.country_code,
            container.admin1_code,
        )
    return haversine_km(place.lat, place.lon, container.lat, container.lon) <= max_km


def _locate_local_features(resolved: list[PlaceMention]) -> None:
    """Place unresolved streets, buildings and venues ("Main Street", "Union Station") and
    other names no gazetteer holds at the town the document mentions most, when there is
    one: they lie in or near it more often than not, and ACLED too codes a location it
    cannot find at the nearest known town, with geo-precision 2. The place keeps the
    mention's own name, no GeoNames id and the feature type of an area (L.AREA), so that
    it is never mistaken for the town itself (a village's capture is not the city's);
    the low score says the point is only approximate."""
    towns: Counter[int] = Counter()
    by_id: dict[int, Place] = {}
    for m in resolved:
        p = m.place
        if p is not None and p.geonameid is not None and p.feature_class in ("P", "S"):
            towns[p.geonameid] += 1
            by_id[p.geonameid] = p
    if not towns:
        return
    # The most mentioned town, a bigger one winning a near tie (a city's streets are
    # reported more often than a village's).
    focus = by_id[
        max(
            towns,
            key=lambda g: towns[g] + POPULATION_TIEBREAK * math.log10(by_id[g].population + 1),
        )
    ]
    for m in resolved:
        words = name_key(m.text).split()
        if m.place is None and words:
            local = bool(set(words) & LOCAL_FEATURE_WORDS)
            m.place = approximate_place(m.text, focus)
            m.score = LOCAL_FALLBACK_SCORE if local else UNKNOWN_FALLBACK_SCORE


def approximate_place(name: str, town: Place) -> Place:
    """A place called ``name`` that lies somewhere around ``town``: the town's point,
    country and admin-1 area, no GeoNames id, feature type L.AREA (geo-precision 2)."""
    return Place(
        geonameid=None,
        name=name,
        lat=town.lat,
        lon=town.lon,
        feature_class="L",
        feature_code="AREA",
        country_code=town.country_code,
        country=town.country,
        admin1_code=town.admin1_code,
        admin1=town.admin1,
        population=0,
    )


def _resolve_group(
    group: _Group, groups: dict[str, _Group], context: list[tuple[str, Place, float]]
) -> tuple[Place | None, float]:
    """A name's place and confidence, judged against the other names of the story (its
    best candidate, unless that is a near spelling, a foreign alias or a foreign village
    the story gives no ground for)."""
    if not group.candidates:
        return None, 0.0
    best = group.scores.index(max(group.scores))
    others = {p.country_code for k, p, w in context if k != group.key}
    # "a Russian missile slammed into a store in Kostiantynivka": a people's
    # adjective names who acted, so it is no sign that a name lies elsewhere.
    where = {
        p.country_code
        for k, p, w in context
        if k != group.key and not (k in groups and groups[k].adjectival)
    }
    names_towns = any(
        k != group.key and p.feature_class == "P" and p.country_code for k, p, w in context
    )
    local = {
        p.country_code
        for k, p, w in context
        if k != group.key and p.country_code in where and p.feature_code in ("PCLI", "ADM1", "ADM2")
    }
    if (
        not _acceptable(group.candidates[best], others)
        or _foreign_alias(group.key, group.candidates, best, where, names_towns)
        or _foreign_village(group.candidates, best, others, local)
    ):
        return None, 0.0
    cand = group.candidates[best]
    return cand.place, _confidence(group.scores, best, cand.similarity, group.candidates)


def _acceptable(cand: Candidate, doc_countries: set[str | None]) -> bool:
    """A near spelling ("Rustan" for Rastan) is trusted only inside the document's
    countries; elsewhere it is more likely a name the gazetteer lacks ("Shebaa" in
    Lebanon ~ Chebba in Tunisia). With no other place to anchor it, only a close one is:
    "Lango" (a region of Uganda the gazetteer lacks) is not Lanzhou."""
    if cand.similarity >= FUZZY_ACCEPT_SIMILARITY:
        return True
    if not doc_countries:
        return cand.similarity >= LONE_FUZZY_SIMILARITY
    return cand.place.country_code in doc_countries


def _foreign_alias(
    key: str,
    candidates: Sequence[Candidate],
    best: int,
    doc_countries: set[str | None],
    names_towns: bool,
) -> bool:
    """A village the gazetteer lacks often shares a spelling with another country's
    alternate name ("Bule" in Ituri is an old name of Bulle, Switzerland; "Masala" in
    North Kivu one of Masally, Azerbaijan). When the document's other places and armed
    groups all lie elsewhere and no candidate of this name is in their countries, a
    small town known by another main name is taken to be unknown; a city, only when the
    document ``names_towns`` of its own (all elsewhere, then)."""
    cand = candidates[best]
    place = cand.place
    countries = {c for c in doc_countries if c}
    small = place.population < FOREIGN_ALIAS_MAX_POPULATION
    return (
        bool(countries)
        and name_key(place.name) != key
        and place.feature_class == "P"
        and (small or (place.population < FOREIGN_ALIAS_MAX_CITY and names_towns))
        and not any(c.place.country_code in countries for c in candidates)
    )


def _foreign_village(
    candidates: Sequence[Candidate],
    best: int,
    named_countries: set[str | None],
    local_countries: set[str | None],
) -> bool:
    """A village abroad that the story does not name the country of, while it names
    another country or a province of one: more likely a village there the gazetteer
    lacks (see ``FOREIGN_VILLAGE_MAX_POPULATION``)."""
    place = candidates[best].place
    return (
        bool({c for c in local_countries if c})
        and place.feature_class == "P"
        and place.feature_code != "PPLC"
        and place.population < FOREIGN_VILLAGE_MAX_POPULATION
        and not any(c.place.country_code in named_countries for c in candidates)
    )


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


# A run of capitalised words in a headline ("Paraguay's Interior Minister Quits").
_TITLE_RUN = re.compile(r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*")
_POSSESSIVE = re.compile(r"['’]s?$")
TITLE_MAX_WORDS = 3


def title_countries(title: str | None, gazetteer: Gazetteer) -> list[str]:
    """ISO codes of the countries a headline names ("Paraguay's interior minister
    quits"): the body may name only a town ("Curuguaty"), and the headline says which
    country's. Only names count, not adjectives ("Russian missile hits ..." says who) or
    codes of two or three letters ("IS", the group, is no vote for Iceland)."""
    found: list[str] = []
    for words in _title_runs(title):
        used: set[int] = set()  # "South Sudan" holds no second country, "Sudan"
        for i, n, name in _ngrams(words):
            if used & set(range(i, i + n)) or len(name) <= 3 or gazetteer.demonym(name):
                continue
            country = gazetteer.country(name)
            if country is None:
                continue
            used |= set(range(i, i + n))
            if country.country_code not in found:
                found.append(country.country_code)
    return found


def title_capital(title: str | None, gazetteer: Gazetteer) -> Place | None:
    """The national capital a headline names by its exact name ("Delhi violence toll
    rises"): which capital "the capital" of a body that names no country means."""
    for words in _title_runs(title):
        for _, _, name in _ngrams(words):
            found = gazetteer.candidates(name, limit=1)
            if found and found[0].similarity == 1.0 and found[0].place.feature_code == "PPLC":
                return found[0].place
    return None


def _title_runs(title: str | None) -> Iterator[list[str]]:
    """The words of each run of capitalised words in a headline, possessives cut off."""
    for run in _TITLE_RUN.findall(title or ""):
        yield [_POSSESSIVE.sub("", w) for w in run.split()]


def _ngrams(words: list[str]) -> Iterator[tuple[int, int, str]]:
    """(start, length, name) of every run of up to TITLE_MAX_WORDS words, longest first."""
    for n in range(TITLE_MAX_WORDS, 0, -1):
        for i in range(len(words) - n + 1):
            yield i, n, " ".join(words[i : i + n])
