"""Territorial control: who holds each place and first-level admin area on each day.

Changes of hands come from fused territory events (ACLED's "Non-state actor overtakes
territory", "Government regains territory", "Non-violent transfer of territory": the
actor gaining the place is actor 1, the one losing it actor 2) and from explicit
statements such as "HTS controls Aleppo" found in stored documents. A place's
controller on a day is the latest change on or before it; before its first change the
losing side is assumed to have held it, at half the confidence; with neither, the
answer is "unknown". An admin area goes to the side holding most of its known
population (GeoNames population of the places whose control is known).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from pydantic import BaseModel, Field

from sitroom.analysis.common import (
    ID_LIST,
    SourceRef,
    cluster_summaries,
    id_list,
    load_members_where,
    member_of,
    place_key,
    refs_from,
    single_record_rows,
    source_index,
    summarize,
)
from sitroom.fuse.cluster import FusedEvent, fuse_members, most_common
from sitroom.model import Actor, Event, Place
from sitroom.store import EventFilter, Store

log = logging.getLogger(__name__)

TERRITORY_SUBTYPES = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)
UNKNOWN = "unknown"
# Reports of a change of hands that make it stand in a cluster whose records are mostly
# another kind of event.
MIN_REPORTS_AMID_OTHER_NEWS = 2

# Confidence of a state inferred backwards from the loser of the first known change.
PRIOR_STATE_DISCOUNT = 0.5
# Confidence given to a control statement ("X controls Y") in a report: a claim, not an event.
STATEMENT_CONFIDENCE = 0.4

# Verb phrases of explicit control statements. Active: ACTOR <cue> PLACE.
# Passive: PLACE <cue> ACTOR. A negation or loss word just before the cue voids it.
ACTIVE_CUES = re.compile(
    r"\b(?:controls?|is in control of|are in control of|in full control of|holds?|"
    r"now holds?|retains?)\b",
    re.IGNORECASE,
)
PASSIVE_CUES = re.compile(
    r"\b(?:under the control of|in the hands of|held by|controlled by)\b", re.IGNORECASE
)
# A word part every cue above contains (ASCII, so case-folding agrees in SQL and Python):
# documents without any of them cannot hold a control statement.
CUE_WORDS = ("control", "hold", "reta", "hand", "held")
_CUE_FILTER = " OR ".join(f"contains(lower(text), '{w}')" for w in CUE_WORDS)
NEGATION = re.compile(r"\b(?:no longer|not|never|lost|lose|losing|loses|without)\s+\w*\s*$", re.I)
# A holder in the past ("that had been held by", "formerly controlled by") says who held
# the place before, not who holds it now: such a statement is left out.
PAST_HOLDER = re.compile(
    r"\b(?:had been|had|was|were|previously|formerly|once|until recently)\s+$", re.I
)
# A place named as a bearing ("the province east of the Euphrates", "villages west of
# Hama") is where the controlled ground lies, not the ground itself.
BEARING_OF = re.compile(r"\b(?:north|south|east|west)\w*\s+of\s+(?:the\s+)?$", re.I)
# Trigger words by which actor 1 of a transfer record gives a place up rather than takes it.
LOSS_TRIGGER = re.compile(
    r"\b(?:withdr\w*|pull\w*|retreat\w*|abandon\w*|left|leav\w*|lost|los[ei]\w*|fled|"
    r"flee\w*|surrender\w*|hand\w*|evacuat\w*|collaps\w*|fell|fall\w*|cede\w*|"
    r"relinquish\w*)\b",
    re.IGNORECASE,
)
# Words before a toponym that make it a landmark for somewhere else, not the place itself.
VICINITY = re.compile(
    r"\b(?:countryside|outskirts|suburbs?|edges?|(?:north|south|east|west)(?:-?\w+)?\s+of|"
    r"near|around|towards?|outside|approach(?:es)?\s+to|road\s+to)\s+(?:the\s+)?"
    r"(?:(?:city|town|province)\s+of\s+)?$",
    re.IGNORECASE,
)
# ACLED inter codes of rioters, protesters and civilians: they do not hold territory.
NON_HOLDER_INTER = frozenset({5, 6, 7})
# How much more a fight in the same admin area counts when guessing the side taking a place.
LOCAL_WEIGHT = 2
# Event types whose two actors are on opposite sides.
HOSTILE_TYPES = frozenset({"Battles", "Explosions/Remote violence"})
# Confidence kept when the side taking a place is inferred from co-mentioned actors.
INFERRED_GAINER_DISCOUNT = 0.7
# SQL (over a cluster's records): one of them has a territory sub-event type.
_ANY_TERRITORY = "bool_or(list_contains(?, coalesce(sub_event_type, '')))"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


class ControlChange(BaseModel):
    """A place changing hands (or a statement of who holds it) on a day, with its sources."""

    place_key: str
    place: Place
    date: dt.date
    controller: str
    previous: str | None = None
    basis: str  # the sub-event type, or "control statement"
    confidence: float
    cluster_id: str | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class PlaceControl(BaseModel):
    """Who holds a place (or admin area) on a given day, and why we think so."""

    key: str
    name: str
    level: str  # "place" or "admin1"
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    population: int = 0
    controller: str = UNKNOWN
    since: dt.date | None = None
    confidence: float = 0.0
    basis: str = ""
    sources: list[SourceRef] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


def _loss_trigger(event: Event) -> bool:
    """The record's trigger says someone gave the place up ("withdrew", "abandoned")."""
    for ev in event.evidence:
        trigger = ev.fields.get("trigger")
        if trigger is not None and LOSS_TRIGGER.search(trigger.text):
            return True
    return False


def _actor1_gives_up(event: Event) -> bool:
    """Actor 1 is the subject of a loss trigger: its span ends nearest before the trigger.
    When no actor span precedes the trigger, a lone actor 1 is taken as the side leaving,
    unless another sentence of the record names it as the side that came in ("they
    entered without a fight" beside "the army abandoned the city")."""
    gain_named = any(
        "actor1" in ev.fields
        and (t := ev.fields.get("trigger")) is not None
        and not LOSS_TRIGGER.search(t.text)
        for ev in event.evidence
    )
    for ev in event.evidence:
        trigger = ev.fields.get("trigger")
        if trigger is None or not LOSS_TRIGGER.search(trigger.text):
            continue
        before = {
            role: trigger.start - span.end
            for role in ("actor1", "actor2")
            if (span := ev.fields.get(role)) is not None and 0 <= trigger.start - span.end <= 40
        }
        if before:
            return min(before, key=lambda r: before[r]) == "actor1"
        if event.actor2 is None and not gain_named:
            return True
    return False


def member_roles(event: Event) -> tuple[str | None, str | None]:
    """(gainer, loser) of one territory record.

    ACLED codes the side taking the place as actor 1, and the sub-event type says which
    kind of side that is; records whose actors contradict it (state forces as actor 1 of
    "Non-state actor overtakes territory", a withdrawal trigger on a transfer) are read
    the other way round.
    """
    a1, a2 = event.actor1, event.actor2
    state1, state2 = event.inter1 == 1, event.inter2 == 1
    sub = event.sub_event_type
    if sub == "Non-state actor overtakes territory" and a1 and state1 and not state2:
        return a2, a1
    if sub == "Government regains territory" and a1 and not state1 and event.inter1 is not None:
        return (a2 if state2 else None), a1
    if sub == "Non-violent transfer of territory" and a1 and _actor1_gives_up(event):
        return a2, a1
    return a1, a2


def _in_vicinity(event: Event) -> bool:
    """The record's place is only a landmark ("the countryside west of Aleppo"), so the
    record says nothing about who holds the place itself."""
    spans = [(ev, ev.fields["location"]) for ev in event.evidence if "location" in ev.fields]
    if not spans:
        return False
    return all(VICINITY.search(ev.text[: max(0, loc.start - ev.start)]) for ev, loc in spans)


@functools.lru_cache(maxsize=1)
def _actor_dictionary() -> object | None:
    """The shipped actor dictionary (to map people to their group), if it loads."""
    try:
        from sitroom.nlp.actors import ActorDictionary

        return ActorDictionary.load()
    except Exception as exc:  # a broken dictionary must not stop the control map
        log.warning("actor dictionary unavailable for control inference: %s", exc)
        return None


def _group(actor_id: str | None, name: str) -> Actor | None:
    """The dictionary group an actor stands for (a person's group), if known."""
    actors = _actor_dictionary()
    if actors is None:
        return None
    try:
        if actor_id:
            return actors.group_of(actor_id)  # type: ignore[attr-defined, no-any-return]
        found = actors.resolve(name)  # type: ignore[attr-defined]
        return actors.group_of(found.id) if found else None  # type: ignore[attr-defined, no-any-return]
    except KeyError:
        return None


def _holds_territory(name: str | None, inter: int | None = None) -> bool:
    """Civilians, protesters and rioters take part in events but do not hold places."""
    if not name or inter in NON_HOLDER_INTER:
        return False
    group = _group(None, name)
    return group is None or group.inter_code not in NON_HOLDER_INTER


def _candidate_group(actor_id: str, name: str, place: Place) -> Actor | str | None:
    group = _group(actor_id, name)
    if group is None:
        return name
    if group.is_reporting_source or group.inter_code in NON_HOLDER_INTER:
        return None
    foreign_state = group.actor_type == "State forces" and group.country != place.country_code
    return None if foreign_state else group


class _Mentions:
    """Actor mentions per document, each document read once per inference run (the
    co-mention fallback asks for the same documents again and again)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.by_document: dict[str, list[tuple[str, str, int, int]]] = {}

    def within(self, document_id: str, lo: int, hi: int) -> list[tuple[str, str]]:
        """(actor id, name) of the mentions lying inside ``lo`` .. ``hi``."""
        if document_id not in self.by_document:
            self.by_document[document_id] = self.store.con.execute(
                "SELECT actor_id, name, start_char, end_char FROM actor_mentions "
                "WHERE document_id = ? AND start_char IS NOT NULL AND end_char IS NOT NULL",
                [document_id],
            ).fetchall()
        return [(a, n) for a, n, s, e in self.by_document[document_id] if s >= lo and e <= hi]


def _co_mentioned(
    mentions: _Mentions, members: list[Event], excluded: set[str], place: Place
) -> Actor | str | None:
    """The group most often named in the records' sentences, else in their documents,
    other than ``excluded`` and the monitors."""
    for scope in ("sentence", "document"):
        names: Counter[str] = Counter()
        found: dict[str, Actor | str] = {}
        for e in members:
            for ev in e.evidence:
                lo, hi = (ev.start, ev.end) if scope == "sentence" else (0, 1 << 30)
                for actor_id, name in mentions.within(ev.document_id, lo, hi):
                    group = _candidate_group(actor_id, name, place)
                    key = group.name if isinstance(group, Actor) else group
                    if group is not None and key and key not in excluded:
                        names[key] += 1
                        found[key] = group
        if names:
            best = max(names.values())
            return found[sorted(n for n, c in names.items() if c == best)[0]]
    return None


class _Opponents:
    """Who fought whom before a day: the side taking a place from X is most likely the
    side X has been fighting there (same admin area first, then anywhere).

    Built on first use (most changes name both sides and never ask), from the loaded
    territory clusters and the other clusters' columns (a cluster's fused day and admin
    area date and place each fight in it); indexed by side, so that each question reads
    only that side's fights.
    """

    def __init__(self, store: Store, flt: EventFilter, clusters: dict[str, list[Event]]) -> None:
        self.store, self.flt, self.clusters = store, flt, clusters
        self.by_side: dict[str, list[tuple[dt.date, str | None, str]]] | None = None
        self.holders: dict[str | None, bool] = {}

    def _pairs(self) -> Iterator[tuple[dt.date, str | None, str | None, str | None]]:
        for key, members in self.clusters.items():  # every cluster with a territory record
            fused = summarize(key, [member_of(e) for e in members])
            if fused.event_date is None:
                continue
            for e in members:
                if e.event_type in HOSTILE_TYPES:
                    yield fused.event_date, fused.admin1, e.actor1, e.actor2
                elif e.sub_event_type in TERRITORY_SUBTYPES:
                    yield fused.event_date, fused.admin1, *member_roles(e)
        territory = sorted(TERRITORY_SUBTYPES)
        others = f"count(*) > 1 AND NOT {_ANY_TERRITORY}"
        for summary in cluster_summaries(self.store, self.flt, others, [territory]):
            if summary.event_date is not None:
                for m in summary.members:
                    if m.event_type in HOSTILE_TYPES:
                        yield summary.event_date, summary.admin1, m.actor1, m.actor2
        yield from single_record_rows(
            self.store, self.flt, "event_date, admin1, actor1, actor2",
            "event_date IS NOT NULL AND list_contains(?, event_type) "
            "AND NOT list_contains(?, coalesce(sub_event_type, ''))",
            [sorted(HOSTILE_TYPES), territory],
        )  # fmt: skip

    def holds(self, name: str | None) -> bool:
        """``_holds_territory(name)``, each name looked up once per run."""
        if name not in self.holders:
            self.holders[name] = _holds_territory(name)
        return self.holders[name]

    def _index(self) -> dict[str, list[tuple[dt.date, str | None, str]]]:
        if self.by_side is None:
            by_side: dict[str, list[tuple[dt.date, str | None, str]]] = defaultdict(list)
            for day, admin1, a, b in self._pairs():
                if not a or not b or a == b:
                    continue
                if self.holds(a) and self.holds(b):
                    by_side[a].append((day, admin1, b))
                    by_side[b].append((day, admin1, a))
            self.by_side = by_side
        return self.by_side

    def of(self, loser: str, day: dt.date, admin1: str | None) -> str | None:
        """The loser's most frequent opponent up to ``day``; fights in the same admin
        area count ``LOCAL_WEIGHT`` times."""
        counts: Counter[str] = Counter()
        for d, adm, other in self._index().get(loser, ()):
            if d <= day:
                counts[other] += LOCAL_WEIGHT if admin1 and adm == admin1 else 1
        if not counts:
            return None
        best = max(counts.values())
        return sorted(n for n, c in counts.items() if c == best)[0]


def _resolve_roles(
    mentions: _Mentions, fused: FusedEvent, members: list[Event], opponents: _Opponents
) -> tuple[str | None, str | None, bool]:
    """(gainer, loser, inferred) for a fused territory event."""
    roles = [member_roles(e) for e in members]
    gainers = Counter(g for g, _ in roles if opponents.holds(g))
    losers = Counter(x for _, x in roles if opponents.holds(x))
    loser = sorted(losers, key=lambda k: (-losers[k], k))[0] if losers else None
    gainer = next((g for g in sorted(gainers, key=lambda k: (-gainers[k], k)) if g != loser), None)
    if gainer is not None:
        return gainer, loser, False
    assert fused.place is not None and fused.event_date is not None
    if loser is None:
        # No record names either side: the place may have changed hands, but to whom is
        # not said, so no change is recorded ("unknown" is a valid answer).
        return None, None, True
    gainer = opponents.of(loser, fused.event_date, fused.place.admin1)
    if gainer is None:
        named = _co_mentioned(mentions, members, set(losers) | {loser}, fused.place)
        gainer = named.name if isinstance(named, Actor) else named
    return gainer, loser, True


def _event_changes(store: Store, country: str | None, until: dt.date | None) -> list[ControlChange]:
    """Changes from fused territory events. Only the clusters with a territory record are
    parsed, and only those with a record that can change hands are fused; the others
    matter only to ``_Opponents``, which reads the fused day and place by the same rules
    from columns."""
    flt = EventFilter(country=country, until=until)
    clusters = load_members_where(store, flt, _ANY_TERRITORY, [sorted(TERRITORY_SUBTYPES)])
    opponents = _Opponents(store, flt, clusters)
    mentions = _Mentions(store)
    found = []
    for key, records in clusters.items():  # changes are sorted by the caller
        members = [
            e for e in records if e.sub_event_type in TERRITORY_SUBTYPES and not _in_vicinity(e)
        ]
        if not members:  # checked first: it needs no fusing
            continue
        if records[0].kind != "event":
            continue
        # The cluster's sub-type, as fusing all its records would give it. A change of
        # hands told by one report inside a cluster of fighting may be a misread clash;
        # told by two or more reports it stands, however much fighting the fuser joined
        # to it (the battle for a city on the days around its fall).
        majority = most_common(e.sub_event_type for e in records)
        reports = len({e.document_id for e in members})
        if majority not in TERRITORY_SUBTYPES and reports < MIN_REPORTS_AMID_OTHER_NEWS:
            continue
        # Who took the place, where and when, is what its territory records say: the
        # learned fuser may join a change of hands with another kind of event another
        # report tells (an air strike elsewhere that day), whose actors and place are
        # not the change's.
        fused = fuse_members(key, members)
        if fused.place is None or fused.event_date is None:
            continue
        gainer, loser, inferred = _resolve_roles(mentions, fused, members, opponents)
        if gainer is None:
            continue
        found.append((fused, gainer, loser, inferred))
    index = source_index(store, (d for fused, *_ in found for d in fused.documents))
    changes = []
    for fused, gainer, loser, inferred in found:
        assert fused.place is not None and fused.event_date is not None
        confidence = fused.confidence * (INFERRED_GAINER_DISCOUNT if inferred else 1.0)
        basis = fused.sub_event_type + (" (side taking it inferred)" if inferred else "")
        changes.append(
            ControlChange(
                place_key=place_key(fused.place),
                place=fused.place,
                date=fused.event_date,
                controller=gainer,
                previous=loser,
                basis=basis,
                confidence=round(confidence, 3),
                cluster_id=fused.cluster_id,
                sources=refs_from(index, fused.documents),
                evidence=[ev.text for ev in fused.evidence[:3]],
            )
        )
    return changes


def _statement_changes(
    store: Store, country: str | None, until: dt.date | None
) -> list[ControlChange]:
    """Explicit 'X controls Y' / 'Y is held by X' sentences in stored documents.

    Only documents with a control cue anywhere in their text can hold such a sentence:
    the database picks them by ``CUE_WORDS``, the cues confirm, and the mentions of those
    documents alone are read, in one query per mention table.
    """
    docs = [
        (doc_id, text, published)
        for doc_id, text, published in store.con.execute(
            "SELECT id, text, published FROM documents WHERE published IS NOT NULL "
            "AND (? IS NULL OR published <= ?) "
            f"AND ({_CUE_FILTER}) "
            "ORDER BY published, id",
            [until, until],
        ).fetchall()
        if PASSIVE_CUES.search(text) or ACTIVE_CUES.search(text)
    ]
    if not docs:
        return []
    ids = [d[0] for d in docs]
    actors_of: dict[str, list[tuple]] = defaultdict(list)
    for row in store.con.execute(
        "SELECT document_id, start_char, end_char, name FROM actor_mentions "
        f"WHERE document_id IN ({ID_LIST}) ORDER BY document_id, start_char",
        [id_list(ids)],
    ).fetchall():
        actors_of[row[0]].append(row[1:])
    places_of: dict[str, list[tuple]] = defaultdict(list)
    for row in store.con.execute(
        "SELECT document_id, start_char, end_char, geonameid, name, latitude, longitude, "
        "country_code, country, admin1 FROM place_mentions "
        f"WHERE document_id IN ({ID_LIST}) ORDER BY document_id, start_char",
        [id_list(ids)],
    ).fetchall():
        places_of[row[0]].append(row[1:])
    found: list[tuple[str, dt.date, str, Place, str]] = []
    for doc_id, text, published in docs:
        actors, places = actors_of.get(doc_id), places_of.get(doc_id)
        if not actors or not places:
            continue
        pos = 0
        for sentence in SENTENCE_END.split(text):
            start = text.find(sentence, pos)
            end = start + len(sentence)
            pos = end
            statement = _control_statement(sentence, start, actors, places)
            if statement is None:
                continue
            actor, prow = statement
            place = Place(geonameid=prow[2], name=prow[3], lat=prow[4], lon=prow[5],
                          country_code=prow[6], country=prow[7], admin1=prow[8])  # fmt: skip
            if country and country.lower() not in {
                (place.country or "").lower(),
                (place.country_code or "").lower(),
            }:
                continue
            found.append((doc_id, published, actor, place, sentence.strip()))
    index = source_index(store, (f[0] for f in found))
    return [
        ControlChange(
            place_key=place_key(place),
            place=place,
            date=published,
            controller=actor,
            basis="control statement",
            confidence=STATEMENT_CONFIDENCE,
            sources=refs_from(index, [doc_id]),
            evidence=[sentence],
        )
        for doc_id, published, actor, place, sentence in found
    ]


def _control_statement(
    sentence: str, offset: int, actors: list[tuple], places: list[tuple]
) -> tuple[str, tuple] | None:
    """(controller name, place row) when the sentence states who holds a place."""
    inside_a = [a for a in actors if offset <= a[0] and a[1] <= offset + len(sentence)]
    inside_p = [p for p in places if offset <= p[0] and p[1] <= offset + len(sentence)]
    if not inside_a or not inside_p:
        return None
    inside_p = [p for p in inside_p if not BEARING_OF.search(sentence[: p[0] - offset])]
    for match in PASSIVE_CUES.finditer(sentence):
        cue_start, cue_end = offset + match.start(), offset + match.end()
        before = [p for p in inside_p if p[1] <= cue_start]
        after = [a for a in inside_a if a[0] >= cue_end and a[0] - cue_end <= 40]
        lead = sentence[: match.start()]
        if before and after and not NEGATION.search(lead) and not PAST_HOLDER.search(lead):
            return after[0][2], before[-1]
    for match in ACTIVE_CUES.finditer(sentence):
        cue_start, cue_end = offset + match.start(), offset + match.end()
        before = [a for a in inside_a if a[1] <= cue_start and cue_start - a[1] <= 40]
        after = [p for p in inside_p if p[0] >= cue_end and p[0] - cue_end <= 40]
        if before and after and not NEGATION.search(sentence[: match.start()]):
            return before[-1][2], after[0]
    return None


def control_changes(
    store: Store,
    country: str | None = None,
    until: dt.date | None = None,
    *,
    statements: bool = True,
) -> list[ControlChange]:
    """Every change of hands (and control statement), ordered by date then place.

    A record located only at a whole country ("as Assad leaves Syria") says nothing about
    which place changed hands, so it is left out."""
    changes = _event_changes(store, country, until)
    if statements:
        changes += _statement_changes(store, country, until)
    changes = [c for c in changes if not _is_country(c.place)]
    changes.sort(key=lambda c: (c.date, c.place_key, -c.confidence, c.cluster_id or ""))
    return changes


def _is_country(place: Place) -> bool:
    code = (place.feature_code or "").upper()
    return code.startswith("PCL") or code == "CONT"


def _latest(changes: list[ControlChange], day: dt.date) -> ControlChange | None:
    """The change in force on ``day``: latest date; same day, events before statements,
    then the most confident."""
    valid = [c for c in changes if c.date <= day]
    if not valid:
        return None
    latest_day = max(c.date for c in valid)
    same = [c for c in valid if c.date == latest_day]
    same.sort(key=lambda c: (c.basis == "control statement", -c.confidence, c.cluster_id or ""))
    return same[0]


def place_control_on(changes: list[ControlChange], day: dt.date) -> list[PlaceControl]:
    """The controller of every place with any control evidence, on ``day``."""
    by_place: dict[str, list[ControlChange]] = defaultdict(list)
    for change in changes:
        by_place[change.place_key].append(change)
    result = []
    for key in sorted(by_place):
        history = by_place[key]
        place = history[0].place
        state = PlaceControl(
            key=key,
            name=place.name,
            level="place",
            lat=place.lat,
            lon=place.lon,
            admin1=place.admin1,
            country=place.country,
            population=max(c.place.population for c in history),
        )
        current = _latest(history, day)
        if current is not None:
            state.controller = current.controller
            state.since = current.date
            state.confidence = round(current.confidence, 3)
            state.basis = current.basis
            state.sources = current.sources
            state.evidence = current.evidence
        else:
            first = min(history, key=lambda c: (c.date, -c.confidence))
            if first.previous:
                state.controller = first.previous
                state.confidence = round(first.confidence * PRIOR_STATE_DISCOUNT, 3)
                state.basis = f"held before the {first.date} change"
                state.sources = first.sources
                state.evidence = first.evidence
        result.append(state)
    return result


def admin1_control_on(places: list[PlaceControl]) -> list[PlaceControl]:
    """Each admin area goes to the side holding most of its known places' population."""
    groups: dict[tuple[str, str], list[PlaceControl]] = defaultdict(list)
    for p in places:
        if p.admin1:
            groups[(p.country or "", p.admin1)].append(p)
    result = []
    for (country, admin1), members in sorted(groups.items()):
        weights: dict[str, float] = defaultdict(float)
        for m in members:
            weights[m.controller] += _weight(m)
        known = {k: v for k, v in weights.items() if k != UNKNOWN}
        total = sum(weights.values()) or 1.0
        state = PlaceControl(
            key=f"admin1:{country}:{admin1}",
            name=admin1,
            level="admin1",
            lat=sum(m.lat or 0 for m in members) / len(members),
            lon=sum(m.lon or 0 for m in members) / len(members),
            admin1=admin1,
            country=country or None,
        )
        if known:
            controller = max(sorted(known), key=lambda k: known[k])
            holders = [m for m in members if m.controller == controller]
            state.controller = controller
            state.since = max((m.since for m in holders if m.since), default=None)
            state.population = sum(m.population for m in members)
            share = known[controller] / total
            state.confidence = round(share * max(m.confidence for m in holders), 3)
            state.basis = f"holds {share:.0%} of the known population of {len(members)} places"
            state.sources = [s for m in holders for s in m.sources][:5]
        result.append(state)
    return result


def _weight(p: PlaceControl) -> float:
    """Places count by their GeoNames population, at least 1 (so unpopulated sites count)."""
    return float(max(1, p.population))


def control_on(
    store: Store, day: dt.date, country: str | None = None
) -> tuple[list[PlaceControl], list[PlaceControl]]:
    """(places, admin areas) with their controller on ``day``."""
    changes = control_changes(store, country, until=None)
    places = place_control_on(changes, day)
    return places, admin1_control_on(places)


def control_timeseries(changes: list[ControlChange]) -> dict[str, list[dict[str, object]]]:
    """Per place name, the days it changed hands: [{date, controller, previous, basis}]."""
    series: dict[str, list[dict[str, object]]] = defaultdict(list)
    by_place: dict[str, list[ControlChange]] = defaultdict(list)
    for c in changes:
        by_place[c.place_key].append(c)
    for history in by_place.values():
        name = history[0].place.name
        current: str | None = None
        for day in sorted({c.date for c in history}):
            change = _latest(history, day)
            if change is None or change.controller == current:
                continue
            series[name].append(
                {
                    "date": day.isoformat(),
                    "controller": change.controller,
                    "previous": current or change.previous,
                    "basis": change.basis,
                    "confidence": round(change.confidence, 3),
                    "sources": [s.cite() for s in change.sources],
                }
            )
            current = change.controller
    return dict(sorted(series.items()))


def control_geojson(places: list[PlaceControl], admin1: list[PlaceControl], day: dt.date) -> str:
    """A FeatureCollection of points (places and admin-area centroids) for GIS tools."""
    features = []
    for state in [*places, *admin1]:
        geometry = (
            {"type": "Point", "coordinates": [round(state.lon, 5), round(state.lat, 5)]}
            if state.lat is not None and state.lon is not None
            else None
        )
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "name": state.name,
                    "level": state.level,
                    "admin1": state.admin1,
                    "country": state.country,
                    "controller": state.controller,
                    "since": state.since.isoformat() if state.since else None,
                    "confidence": state.confidence,
                    "basis": state.basis,
                    "sources": [s.cite() for s in state.sources],
                    "evidence": state.evidence,
                },
            }
        )
    collection = {"type": "FeatureCollection", "date": day.isoformat(), "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1)
