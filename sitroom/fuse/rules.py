"""When two event records can describe the same real-world event.

Four tests, each explainable on its own: the types are compatible, the places lie
within a distance that grows with geo precision, the dates overlap once their
precision is taken into account, and the actors do not contradict each other.
The thresholds are module constants so a reviewer can read and change them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sitroom.geo.precision import admin1_contains, haversine_km, is_approximate, is_country
from sitroom.model import Event, Place, ReportEvent

# ACLED geo precision: 1 = the town itself, 2 = a nearby place or part of a region,
# 3 = only the admin area is known. Two reports of one event may each name a nearby
# place, so the allowed distance is the larger of the two radii. The radii stay below
# 30 km for town-level records: towns 30 km apart on the same day are different events.
RADIUS_KM_BY_GEO_PRECISION: dict[int, float] = {1: 15.0, 2: 30.0, 3: 60.0}
RADIUS_KM_UNKNOWN_PRECISION = 30.0

# How far an event date may really lie from the reported date, by date precision.
HALF_WIDTH_DAYS_BY_DATE_PRECISION: dict[str, int] = {"day": 0, "week": 3, "month": 15}

# Reports disagree by a day (an overnight attack, "yesterday" read against a late
# publication date, a claim dated to the day it was made), whether or not they agree on
# the sub-type, so records of the same or of related sub-types may be one day apart.
# Clashes on the eve of a capture stay their own event: fighting and changes of hands are
# not related sub-types. Nor do different changes of hands a day apart fuse: a regain
# and the next day's loss are two entries on the control map.
DAY_SLACK_SAME_SUBTYPE = 1
DAY_SLACK_RELATED_SUBTYPE = 1
DAY_SLACK_RELATED_TERRITORY = 0
# Displacement is a movement over days ("thousands fled on Sunday", "100,000 have reached
# Tabqa" on Tuesday): records of it from one origin may be two days apart.
DAY_SLACK_DISPLACEMENT = 2

# Sub-event types that reports of one event are often coded as interchangeably. These
# are ACLED taxonomy labels (the codebook's own categories), not places or actors.
TERRITORY_SUBTYPES = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)
RELATED_SUBTYPES: list[frozenset[str]] = [
    # Fighting is not a change of hands: the extractor already folds "took the town
    # after clashes" into one territorial event, and letting clashes bridge captures
    # chained a week of fighting around Hama into its capture.
    TERRITORY_SUBTYPES,
    frozenset(
        {
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
            "Grenade",
            "Chemical weapon",
        }
    ),
    frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"}),
    # A strike or bombing that kills civilians is often told as an attack on civilians.
    frozenset(
        {
            "Attack",
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
        }
    ),
    frozenset(
        {
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
            "Violent demonstration",
            "Mob violence",
        }
    ),
    # Whether the victims fought back decides Attack against Armed clash, and early
    # reports of a raid on a village often disagree on it.
    frozenset({"Attack", "Armed clash"}),
    # Security forces shooting into a crowd: an attack on civilians to one report,
    # excessive force against protesters to the next.
    frozenset({"Attack", "Excessive force against protesters"}),
    # Arrests at a protest are how it was broken up (ACLED codes the protest with
    # intervention); the same day and place are required as for any related types.
    frozenset({"Arrests", "Protest with intervention", "Excessive force against protesters"}),
]

# Reports of one deadly incident at one site disagree more widely than the related
# sub-types above: gunmen storming a school are a clash to one outlet and an abduction to
# the next, a bombing on a beach an assault. Any two sub-types of these event types (the
# ACLED taxonomy's violent ones) may match, but only at the very same site on the same or
# the next day. Changes of territory are excluded: a town's capture and a strike on it
# the same day are two events.
KIN_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
SAME_SITE_KM = 2.0

# Actor names so generic that they never contradict a specific name ("rebels" vs "HTS").
GENERIC_ACTOR_WORDS = frozenset(
    {"unidentified", "unknown", "civilians", "rebels", "militants", "gunmen", "protesters"}
)


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two records: compatible or not, why, and a score in 0..1."""

    compatible: bool
    score: float
    reasons: dict[str, object] = field(default_factory=dict)


def radius_km(event: Event) -> float:
    """The distance within which another report of this event may be placed."""
    if event.geo_precision is None:
        return RADIUS_KM_UNKNOWN_PRECISION
    return RADIUS_KM_BY_GEO_PRECISION.get(event.geo_precision, RADIUS_KM_UNKNOWN_PRECISION)


def country_contains(a: Event, b: Event) -> bool:
    """One record is placed only at a whole country and the other lies in it."""
    pa, pb = a.place, b.place
    if pa is None or pb is None or not pa.country_code or pa.country_code != pb.country_code:
        return False
    return is_country(pa) != is_country(pb)


def same_unlisted_place(a: Place, b: Place) -> bool:
    """Two approximated places (no GeoNames id) of the same name in the same country."""
    return (
        a.geonameid is None
        and b.geonameid is None
        and a.country_code == b.country_code
        and _place_name_key(a.name) == _place_name_key(b.name)
    )


def _place_name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def date_window(event: Event | ReportEvent) -> tuple[dt.date, dt.date] | None:
    """The days the event may have happened on, given its date precision."""
    if event.event_date is None:
        return None
    half = HALF_WIDTH_DAYS_BY_DATE_PRECISION.get(event.date_precision or "day", 0)
    delta = dt.timedelta(days=half)
    return event.event_date - delta, event.event_date + delta


def date_gap_days(a: Event | ReportEvent, b: Event | ReportEvent) -> int | None:
    """Days between the two date windows (0 when they overlap); None when a date is missing."""
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None:
        return None
    if wa[1] < wb[0]:
        return (wb[0] - wa[1]).days
    if wb[1] < wa[0]:
        return (wa[0] - wb[1]).days
    return 0


def type_relation(a: Event | ReportEvent, b: Event | ReportEvent) -> str:
    """'same', 'related' or 'different' sub-event types (displacement only matches itself)."""
    if a.kind != b.kind:
        return "different"
    if a.sub_event_type == b.sub_event_type:
        return "same"
    if any(a.sub_event_type in g and b.sub_event_type in g for g in RELATED_SUBTYPES):
        return "related"
    return "different"


def _coarse(event: Event) -> bool:
    """The record's own place says little: none, a country or admin area, or a name the
    gazetteer lacks pinned to some town."""
    place = event.place
    return (
        place is None
        or is_approximate(place)
        or is_country(place)
        or (place.feature_code or "").startswith("ADM")
    )


def shared_site(a: Event, b: Event) -> str | None:
    """A specific place (not a country, region or big city) both records' sentences name;
    or that one record's sentence names and the other's report names elsewhere, when that
    other record's own place is coarse (a report leading with a funeral or a statement,
    placed only at the country). Two records that each have a town of their own are not
    joined by a town one report mentions in passing."""
    found = next((key for key in a.sites if key in b.sites), None)
    if found is None and _coarse(b):
        found = next((key for key in a.sites if key in b.report_sites), None)
    if found is None and _coarse(a):
        found = next((key for key in b.sites if key in a.report_sites), None)
    return found


def _kin(a: Event, b: Event) -> bool:
    """Both records are of the violent event types, neither a change of territory."""
    return (
        a.kind == b.kind == "event"
        and a.event_type in KIN_EVENT_TYPES
        and b.event_type in KIN_EVENT_TYPES
        and a.sub_event_type not in TERRITORY_SUBTYPES
        and b.sub_event_type not in TERRITORY_SUBTYPES
    )


def _actor_key(name: str) -> str:
    """A comparable form of an actor name: lower case, no dates or parentheses."""
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    return " ".join(re.findall(r"[a-z0-9]+", name))


def _actor_keys(event: Event) -> set[str]:
    names = [event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2]
    keys = set()
    for name in names:
        if not name:
            continue
        for part in name.split(";"):
            key = _actor_key(part)
            if key and not (set(key.split()) & GENERIC_ACTOR_WORDS):
                keys.add(key)
    return keys


def _names_match(x: str, y: str) -> bool:
    """One name contains the other ("hts" / "hts hayat tahrir al sham")."""
    return x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} "


def _names_both_sides(event: Event) -> bool:
    """Both actor slots hold a specific name ("Civilians (Burkina Faso)" is no side)."""
    return all(
        name and (k := _actor_key(name)) and not (set(k.split()) & GENERIC_ACTOR_WORDS)
        for name in (event.actor1, event.actor2)
    )


def _same_taker(a: Event, b: Event) -> bool:
    """A walkover and a change of hands that name the same first actor: one side's taking
    of a town told two ways. A regain and a loss always have different takers."""
    if "Non-violent transfer of territory" not in (a.sub_event_type, b.sub_event_type):
        return False
    if not a.actor1 or not b.actor1:
        return False
    x, y = _actor_key(a.actor1), _actor_key(b.actor1)
    return bool(x and y) and _names_match(x, y)


def actor_relation(a: Event, b: Event) -> str:
    """'shared' (a named actor in common), 'unknown' (one side names none), 'differ'
    (different names, but a side is missing: reports often name only one party, or the
    wrong one) or 'disjoint' (both records name both sides and share none)."""
    ka, kb = _actor_keys(a), _actor_keys(b)
    if not ka or not kb:
        return "unknown"
    if any(_names_match(x, y) for x in ka for y in kb):
        return "shared"
    if len(ka) >= 2 and len(kb) >= 2 and _names_both_sides(a) and _names_both_sides(b):
        return "disjoint"
    return "differ"


def compare(a: Event, b: Event) -> Comparison:
    """Decide whether ``a`` and ``b`` may be reports of one event, and say why."""
    reasons: dict[str, object] = {}
    relation = type_relation(a, b)
    if relation == "different" and _kin(a, b):
        relation = "kin"
    reasons["type"] = f"{relation}: {a.sub_event_type!r} / {b.sub_event_type!r}"
    if relation == "different":
        return Comparison(False, 0.0, reasons)

    site = shared_site(a, b)
    if site is not None:
        # Both sentences name the same village or town: the spot is the same even when
        # one report's resolver chose a namesake abroad, or placed it only at the country.
        reasons["shared_site"] = site
        return _compare_when(a, b, relation, 0.0, max(radius_km(a), radius_km(b)), reasons)
    if a.place is None or b.place is None:
        reasons["place"] = "a record has no place"
        return Comparison(False, 0.0, reasons)
    distance = haversine_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon)
    limit = max(radius_km(a), radius_km(b))
    if is_approximate(a.place) != is_approximate(b.place) and relation != "same":
        # A name the gazetteer lacks sits at its report's main town, so its point says
        # little: only a record of the very same sub-type may match it there.
        reasons["place"] = "approximate place: same sub-type needed"
        return Comparison(False, 0.0, reasons)
    if same_unlisted_place(a.place, b.place):
        # Two reports name the same village the gazetteer lacks; each pinned it to its
        # own main town, so the points differ but the place does not.
        reasons["same_unlisted_name"] = a.place.name
        distance = 0.0
    reasons["distance_km"] = round(distance, 1)
    reasons["distance_limit_km"] = limit
    if relation == "kin" and (distance > SAME_SITE_KM or _coarse(a) or _coarse(b)):
        # Two records at one province's or country's point are not at one site.
        reasons["kin_needs_same_site"] = True
        return Comparison(False, 0.0, reasons)
    if distance > limit and admin1_contains(a.place, b.place):
        # "a warehouse in the Ituri provincial capital" (the province) and "in Bunia":
        # a record placed only at a province is compatible with any town inside it.
        reasons["admin1_contains"] = True
        distance = limit
    country_level = distance > limit and country_contains(a, b)
    if distance > limit and not country_level:
        return Comparison(False, 0.0, reasons)

    gap = date_gap_days(a, b)
    if country_level:
        # "car bombs near Somalia's education ministry" (the country) and "in Mogadishu":
        # a record placed only at a country matches a town in it on the very same day,
        # for the very same sub-type, and with no actor against it.
        if relation != "same" or gap != 0 or actor_relation(a, b) not in ("shared", "unknown"):
            reasons["country_contains"] = False
            return Comparison(False, 0.0, reasons)
        reasons["country_contains"] = True
        distance = limit
    return _compare_when(a, b, relation, distance, limit, reasons, gap)


def _compare_when(
    a: Event,
    b: Event,
    relation: str,
    distance: float,
    limit: float,
    reasons: dict[str, object],
    gap: int | None = None,
) -> Comparison:
    """The date and actor tests, once the places agree; the score."""
    if gap is None:
        gap = date_gap_days(a, b)
    slack = DAY_SLACK_SAME_SUBTYPE if relation == "same" else DAY_SLACK_RELATED_SUBTYPE
    if (
        relation != "same"
        and {a.sub_event_type, b.sub_event_type} <= TERRITORY_SUBTYPES
        and not _same_taker(a, b)
    ):
        # The same side taking the same town, told as a fight and as a walkover, may be
        # a day apart; a regain and the next day's loss (other takers) may not.
        slack = DAY_SLACK_RELATED_TERRITORY
    if a.kind == "displacement" and b.kind == "displacement":
        slack = DAY_SLACK_DISPLACEMENT
    reasons["date_gap_days"] = gap
    reasons["date_slack_days"] = slack
    if gap is None or gap > slack:
        return Comparison(False, 0.0, reasons)

    actors = actor_relation(a, b)
    reasons["actors"] = actors
    if actors == "disjoint":
        return Comparison(False, 0.0, reasons)

    score = 1.0
    score -= {"same": 0.0, "related": 0.2}.get(relation, 0.35)
    score -= 0.3 * distance / limit if limit else 0.0
    score -= 0.15 * (gap or 0)
    score -= {"shared": 0.0, "unknown": 0.1}.get(actors, 0.2)
    return Comparison(True, round(max(score, 0.01), 4), reasons)
