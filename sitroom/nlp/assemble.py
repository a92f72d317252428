"""Turn event cues in sentences into full events: roles, place, date, counts, source.

The classifier says *what* happened in a sentence (a trigger and an ACLED sub-type);
this stage decides *who* did it to *whom*, *where* and *when*, from the mentions the
earlier stages found, using the parse of the sentence. Mentions of one event spread
over several sentences of a document are merged, keeping every evidence sentence.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitroom.geo.normalize import name_key
from sitroom.geo.precision import (
    admin1_contains,
    geo_precision,
    haversine_km,
    is_approximate,
    is_country,
)
from sitroom.geo.recognition import IN_NAME_LOCATIVE
from sitroom.geo.toponyms import LOCAL_FEATURE_WORDS, title_capital, title_countries
from sitroom.model import (
    Actor,
    ActorMention,
    DateMention,
    Event,
    Evidence,
    Extraction,
    Place,
    PlaceMention,
    Quantity,
    Sentence,
    Span,
)
from sitroom.nlp.dates import LOOKING_BACK, best_event_date
from sitroom.nlp.lead import main_event, report_others, report_profile
from sitroom.nlp.quantities import parse_number, total_fatalities

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as DocSpan

    from sitroom.geo.gazetteer import Gazetteer
    from sitroom.nlp.actors import ActorDictionary
    from sitroom.nlp.event_types import EventClassifier, EventCue

log = logging.getLogger(__name__)

DISPLACEMENT = "Displacement"
CLAIM = "Attribution"
# Marks an event read from a claim of responsibility (CASE 2021 labels such text ATTRIB).
CLAIMED_NOTE = "claimed"
# What a claim of responsibility is about.
CLAIMABLE_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Diplomacy, crime and disasters: recognised by the classifier, not conflict events.
NON_ACLED = "Non-ACLED"
CRIME = "Organized crime"
# Marks an event whose perpetrators the text calls a gang or cartel.
CRIMINAL_NOTE = "criminal group"
# Verbs that introduce reported speech: their subject is a source, not a participant.
REPORTING_VERBS = {
    "report", "say", "state", "claim", "announce", "confirm", "tell", "add", "allege",
    "indicate", "note", "warn", "accuse", "document", "describe", "estimate",
}  # fmt: skip
# Nominal triggers whose "of X" names the one who acts ("movement of the group"),
# as opposed to the one acted upon ("destruction of the bridge").
AGENTIVE_NOUNS = {
    "movement", "advance", "emergence", "re-emergence", "resurgence", "presence",
    "deployment", "offensive", "attack", "assault", "arrival", "withdrawal", "retreat",
}  # fmt: skip
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|on|near|around|outside|inside|into|to|toward|towards|from|of|across|"
    r"over|within|through|throughout|city of|town of|village of|province of|outskirts of)"
    r"\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
FROM_BEFORE = re.compile(r"\b(?:from|fled|fleeing|left|leaving|out of)\s+(?:[\w-]+\s+){0,4}$", re.I)
TO_BEFORE = re.compile(
    r"\b(?:to|toward|towards|into|for|reaching|reached)\s+(?:[\w-]+\s+){0,3}$", re.I
)
NEARBY_BEFORE = re.compile(
    r"\b(?:outskirts|edge|environs)\s+of\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.I
)
DIRECTION = re.compile(
    r"\b(north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western)\s+$",
    re.IGNORECASE,
)
ANAPHORIC_GROUP = re.compile(
    r"\bof\s+the\s+(?:[\w-]+\s+)?(?:group|organi[sz]ation|militants|jihadists|"
    r"insurgents|rebels|fighters|movement)\b",
    re.IGNORECASE,
)
CIVILIAN_INTER = 7
CAPTURED_BEFORE = re.compile(
    r"\b(?:took|take|takes|taken|taking|seized?|seizing|captured?|capturing|overran|overrun|"
    r"entered|enters?|entering|control\s+of|controls?|held|holds?|stormed|storm)\s+"
    r"(?:(?:full|total|complete)\s+)?(?:control\s+of\s+)?(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:(?:towns?|city|cities|villages?|capital|province|district)\s+of\s+)?$",
    re.I,
)
DESTINATION_BEFORE = re.compile(
    r"\b(?:to|toward|towards|into|regroup\w*|redeploy\w*|reposition\w*|fell back|"
    r"retreat\w*|(?:leav\w*|left|head\w*|bound)\s+for)\b[^.;:]{0,40}$",
    re.I,
)
EDGE_OF_BEFORE = re.compile(
    r"\b(?:to|toward|towards)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:edges?|outskirts)\s+of\s+$", re.I
)
REFERENCE_POINT = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|outskirts|edges?|"
    r"kilometres|kilometers|km|miles)\s+(?:of|from)\s+(?:the\s+)?$",
    re.I,
)
TERRITORIAL = {
    "Armed clash", "Non-state actor overtakes territory", "Government regains territory",
    "Non-violent transfer of territory",
}  # fmt: skip
# "the road between Hama and Homs", "the route south to Damascus": the ends of a route
# describe the route, they are not where the event happened.
ROUTE_BEFORE = re.compile(
    r"\b(?:between|linking|connecting|links|link)\b[^.;:]{0,40}$|"
    r"\b(?:road|roads|route|routes|highway|motorway)\s+(?:[\w-]+\s+){0,2}"
    r"(?:to|from|towards?|into)\s+(?:the\s+)?(?:[\w-]+\s+and\s+)?$",
    re.I,
)
# "the Jammu-Srinagar highway", "the Parachinar-Peshawar road": a road named after the
# towns it links runs far from both.
# "Jerusalem Boulevard" in Jaffa, "Beirut Street" in Cairo: a street named after a city.
ROAD_NAME_AFTER = re.compile(
    r"(?:-[A-Z][\w'-]*)?\s+(?i:highway|road|motorway|expressway|boulevard|avenue|street)\b"
)
# "a missile launched from a bomber over the Caspian Sea", "rockets fired from Gaza": where
# the weapon came from, not where it struck ("welcomed him home from the United States":
# where he came from).
LAUNCH_BEFORE = re.compile(
    r"\b(?:fired|launched|flown|took\s+off|taking\s+off|crossed\s+into\s+[\w-]+|"
    r"travell?ed|drove|arrived|returning|returned|home)\s+from\s+"
    r"(?:(?!(?:hit|hits|struck|strikes|killed|kills|landed|slammed|exploded|fell|crashed|"
    r"damaged|destroyed|at|on|into|in|of|near)\b)[\w-]+\s+){0,4}?"
    r"(?:(?:over|off)\s+(?:the\s+)?)?$",
    re.I,
)
AGENT_GAP = re.compile(r"\bby\s+(?:[\w-]+\s+){0,3}$", re.I)
# Events dated this long before the report are background, not what it reports.
BACKGROUND_DAYS = 365
COORDINATION = re.compile(
    r"\s*(?:,\s*)?(?:and|together with|alongside|along with|backed by)?\s*(?:the\s+)?"
    r"(?:allied\s+)?",
    re.I,
)
# "Ankara-backed forces", "Tehran-aligned militias": a place used as an adjective.
AFFILIATION_AFTER = re.compile(
    r"-(?:backed|based|led|allied|aligned|sponsored|made|born|flagged|registered|owned|"
    r"supplied|provided|donated|funded|trained|built)\b",
    re.I,
)
# "Pro-Moscow protesters", "anti-Kyiv rebels": a side taken, not a place.
ALLEGIANCE_BEFORE = re.compile(r"\b(?:pro|anti)-$", re.I)
# A place that speaks is a government ("Moscow blamed Ukrainian shelling", "The United
# States and the European Union urged restraint"), not where the event happened.
SPEAKER_AFTER = re.compile(
    r"(?:\s+and\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)?"
    # "Kyiv has publicly claimed", "Moscow officially denied": an adverb may stand between
    # (listed: "the Aleppo family said" and "the Tbilisi assembly said" are no such case).
    r"\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:(?:publicly|officially|formally|openly|immediately|quickly|swiftly|repeatedly|"
    r"previously|initially|reportedly|separately|jointly|recently|strongly|flatly|"
    r"categorically|firmly|angrily|only)\s+)?"
    r"(?:said|says|blamed|blames|accused|accuses|denied|denies|"
    r"warned|warns|claimed|claims|insisted|insists|maintains|maintained|argues|argued|contends|"
    r"announced|condemned|condemns|rejected|rejects|urged|"
    r"demanded|responded|replied|stated|vowed|threatened|dismissed|alleged)\b",
    re.I,
)
IN_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.I)
# "Gunmen from the town of Tarhuna drove onto the runway of Tripoli airport": where the
# attackers come from, not where they struck ("troops from Kherson" may be withdrawn from
# it, so armies are not listed).
ATTACKERS_FROM_BEFORE = re.compile(
    r"\b(?:gunmen|fighters|militiamen|tribesmen|youths|assailants|attackers|raiders)\s+from\s+"
    r"(?:the\s+(?:[\w-]+\s+)?(?:town|city|village|region|area)\s+of\s+)?$",
    re.I,
)
# "outside Ras Baalbek, on the north-eastern border with Syria": the neighbour a border is
# shared with, not the side it happened on ("across the border with" is not matched).
BORDER_WITH_BEFORE = re.compile(
    r"\b(?:on|along|near|at)\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?border\s+with\s+(?:the\s+)?$",
    re.I,
)
# "the mayor of Bria said", "residents of Ataye said": the people of a town speak from it.
LOCAL_PEOPLE_OF_BEFORE = re.compile(
    r"\b(?:mayor|residents|inhabitants|villagers|people)\s+of\s+(?:the\s+)?$", re.I
)
# "Washington called on Tigrayan forces to withdraw", "Moscow had chosen its targets": a
# capital or country that calls, asks, pledges or decides is its government ("doctors in
# Owo appealed" are in Owo).
GOVERNMENT_ACTS_AFTER = re.compile(
    r"\s+(?:has\s+|had\s+|have\s+|would\s+|will\s+)?(?:called|calls|asked|asks|appealed|"
    r"appeals|welcomed|welcomes|pledged|pledges|promised|promises|chose|chosen|chooses|"
    r"provided|provides|supplied|supplies|funded|funds|"
    r"summoned|summons|recalled|expelled|imposed|ordered|decided|agreed|refused|approved|"
    r"sanctioned|wants|hopes|fears|believes|retaliated|retaliate|"
    # "since Kyiv launched its operation in the east", "after Baghdad declared the start of
    # the battle", "Pristina sent police to the border": the government's act.
    r"launched|launches|declared|declares|sent|sends|deployed|deploys|dispatched)\b"
    # "Washington's involvement in the attack": a capital's or country's doing, not where.
    r"|['’]s\s+(?:involvement|role|backing|decision|policy|position|response|stance|"
    r"demands?|refusal|approval|threats?|sanctions|envoy|ambassador|allies|"
    # "a drone attack organised by Kyiv's intelligence services": whose agency.
    r"intelligence|(?:security|special|secret)\s+services?|spy\s+agency)\b",
    re.I,
)
# "supporters of closer ties with Moscow": a capital or country one has relations with is
# its government, not a place.
RELATIONS_WITH_BEFORE = re.compile(
    r"\b(?:ties|relations|links|talks|alliance|integration|rapprochement|union)\s+(?:with|to)\s+$",
    re.I,
)
# "the government in Cotonou acknowledged heavy losses": the seat of a government, not
# where the event happened ("authorities in Goma" may well be local, and "a bomb at the
# ministry in Mogadishu" or "the seats of government in Brasília" are places, so they stay).
GOVERNMENT_IN_BEFORE = re.compile(
    r"\bthe\s+(?:[a-z-]+\s+)?(?:government|junta|regime|administration|leadership)\s+in\s+$",
    re.I,
)
# "a constable wounded in Kailali died at a Kathmandu hospital", "were flown to a Kyiv
# hospital": the hospital's town is where the wounded went, not where they were hurt.
TREATED_BEFORE = re.compile(
    r"\b(?:died|dies|succumbed|treated|taken|rushed|flown|airlifted|evacuated|admitted|"
    r"transferred|recovering|hospitali[sz]ed|ferried|carried)\b[^.;]{0,40}?\b(?:at|in|to)\s+"
    r"(?:a|an|the)\s+$",
    re.I,
)
HOSPITAL_AFTER = re.compile(r"\s+(?:military\s+)?(?:hospitals?|morgue|clinic)\b", re.I)
# An adjective of a place that names who, not where: "its Russian allies", "Israeli
# settlers", "a Russian missile" (a name as written, "Kidal fell", is never skipped).
# "Russian cruise missile", "Russian Kh-22 missiles": up to two words may stand between.
WHO_AFTER = re.compile(
    r"(?:\s+and\s+[\w-]+)?"  # "dual US and Mexican citizenship"
    r"(?:\s+(?!(?:to|of|in|at|from|by|for|and|or|with|the|a|an|on|near)\b)[\w-]+){0,2}?"
    r"\s+(?:allies|ally|troops|forces|army|soldiers|mercenaries|officials|government|"
    r"authorities|militants|fighters|rebels|settlers|police|military|jets|warplanes|"
    r"drones?|missiles?|strikes?|airstrikes?|officers|diplomats|leaders?|ministers?|"
    r"president|embassy|envoy|backing|support|aid|partners?|service\s+members|servicemen|"
    r"marines|personnel|citizens?|citizenship|passports?|nationals?|nationality)\b",
    re.I,
)
# "Putin accused Kyiv of a provocation": a capital addressed or blamed is a government.
ADDRESSEE_BEFORE = re.compile(
    r"\b(?:accused|accuses|accusing|blamed|blames|blaming|urged|urges|warned|warns|told|"
    r"called\s+on|critici[sz]ed|condemned|condemns|pressed|pressured|lashed\s+out\s+at)\s+"
    # "accused Hezbollah and Damascus of being behind the attack": both are blamed.
    r"(?:(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}\s+and\s+)?$",
    re.I,
)
POSSESSOR_AFTER = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,3}?[A-Z]")
# "Fotokol, the Cameroonian town": the adjective says where, not who.
PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:(?:border|frontier|northern|southern|eastern|western|central)\s+)?"
    r"(?:town|city|village|region|province|state|district|port|island|hamlet)\b",
    re.I,
)
STATE_OWNER_AFTER = re.compile(
    r"['’]s\s+(?:own\s+)?(?:army|military|armed\s+forces|troops|soldiers|forces|air\s+force|"
    r"navy|(?:defen[cs]e|interior|foreign|home)\s+minist(?:ry|er)|ministry\s+of\s+defen[cs]e|"
    r"government|president|prime\s+minister)\b",
    re.I,
)
RIVER_AFTER = re.compile(r"\s+(?i:river|valley|basin|delta)\b")
# "on the Patuca river": the river, not the town at its mouth that shares its name.
RIVER_NAME_AFTER = re.compile(r"\s+(?i:river)\b")
# "killed eight in the Black Sea port": which coast, not where; the port is named elsewhere.
COAST_NOUN_AFTER = re.compile(r"\s+(?:port|coast|coastline|resort|city|town|island)s?\b", re.I)
# "the Byblos hotel in Sévaré", "the parish of La Asunción": a building's name. A town of
# that name abroad, in a country the story names nowhere else, is not where it stands.
_NAMED_BUILDINGS = (
    r"church|parish|chapel|cathedral|mosque|shrine|temple|basilica|monastery|school|"
    r"college|university|hospital|prison|jail|penitentiary"
)
_NAMED_VENUES = r"hotel|restaurant|nightclub|cinema|stadium|mall"
BUILDING_AFTER = re.compile(
    rf"\s+(?:{_NAMED_BUILDINGS}|{_NAMED_VENUES}|caf[eé]|club|market)\b",
    re.I,
)
BUILDING_OF_BEFORE = re.compile(rf"\b(?:{_NAMED_BUILDINGS}|convent)\s+of\s+(?:the\s+)?$", re.I)
# "the capital's Santa Barbara neighbourhood", "the Serena, a hotel favoured by diplomats":
# a part of a town, or a building named in an apposition.
PART_OR_APPOSED_BUILDING_AFTER = re.compile(
    r"\s+(?i:neighbou?rhoods?|quarter|suburb|township)\b|"
    rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?(?i:{_NAMED_BUILDINGS}|{_NAMED_VENUES})\b"
)
# "Kaduna Governor Uba Sani", "Kharkiv mayor Ihor Terekhov": a title, not where it happened.
TITLE_AFTER = re.compile(
    r"\s+(?i:governor|mayor|deputy\s+governor|police\s+chief|police\s+commissioner|"
    r"commissioner|prefect|senator|lawmaker|mp)\s+[A-Z]"
)
# "Ibrahim Abiriga, the member of parliament for Arua Municipality, was shot at Kawanda":
# the seat a lawmaker holds, not where the event was.
CONSTITUENCY_BEFORE = re.compile(
    r"\b(?:member\s+of\s+(?:parliament|the\s+national\s+assembly|congress)|MP|lawmaker|"
    r"legislator|deputy|senator|congressman|congresswoman|assemblyman|assemblywoman|"
    r"representative)\s+for\s+(?:the\s+)?$",
    re.I,
)
# "the driver, a 45-year-old from the Arab town of Kafr Qasim, was shot dead", "a
# 29-year-old former Marine from Kansas City": where a person comes from, not where the
# event happened.
HOMETOWN_BEFORE = re.compile(
    r"\b(?:\d+-year-old(?:\s+[\w-]+){0,2}|native|hails|originally)\s+(?:of|from)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
# "a march protesting against the burning of a church in Aswan province was attacked in
# Cairo", "marched in Raleigh to protest against the police killing of a man in
# Charlotte": where the deed protested against happened, not where the protest was.
PROTESTED_BEFORE = re.compile(
    r"\bprotest(?:ing|ed|s)?\s+(?:against|over)\s+(?:the\s+)?(?:[\w-]+\s+)?[\w-]+\s+of\s+"
    r"(?:[\w'’-]+\s+){0,4}(?:in|at)\s+$",
    re.I,
)
# "a march in Aarhus in support of evicted Copenhagen squatters": whom the marchers back,
# not where they marched.
SOLIDARITY_BEFORE = re.compile(
    r"\bin\s+(?:support|solidarity|sympathy)\s+(?:of|with)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
# "protesters chanted slogans against the United States": a government chanted against,
# not where they marched.
SLOGANS_AGAINST_BEFORE = re.compile(
    r"\b(?:slogans|chants|chanting|chanted)\s+(?:[\w-]+\s+){0,2}?against\s+(?:the\s+)?$", re.I
)
REGION_AFTER = re.compile(r"\s+(?:province|governorate|region|district|countryside|state)\b", re.I)
OBJECT_GAP = re.compile(
    r"\s*(?:the\s+)?(?:(?:[\w-]+\s+)?(?:towns?|city|cities|villages?|districts?|area|"
    r"neighbou?rhoods?|airport|base|camp|region|province)\s+of\s+)?(?:[\w-]+\s+and\s+)?",
    re.I,
)
TRANSFER = "Non-violent transfer of territory"
LEAVING = re.compile(
    r"withdr|pull|abandon|leav|left|retreat|evacuat|hand|cede|surrender|pull-out|pullout", re.I
)
# Sub-types with one side only: a second actor is named only as an explicit target.
MONADIC = {
    "Other", "Change to group/activity", "Headquarters or base established",
    "Peaceful protest", "Displacement", "Non-violent transfer of territory",
}  # fmt: skip
# How far after a place-object trigger (event_lexicon.yaml) its place may start.
PLACE_OBJECT_GAP = len(" the army garrison in ")
# How far after a trigger a counted-back day ("two days earlier") may stand and still date it:
# "an air strike had killed 40 civilians in a fishing village on Ramree island, Rakhine, two
# days earlier".
BACK_DATE_REACH = 160
# "used his prayers in Rome to denounce a massacre in Nigeria's Benue state": a place in
# the trigger's own phrase is where it happened, whatever the sentence's other places.
CUE_LOCATIVE_GAP = re.compile(
    r"\s+(?:in|at|near|outside|on)\s+(?:the\s+)?(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*['’]s\s+)?"
    r"(?:(?:north|south|east|west|central)[\w-]*\s+)?"
    r"(?:(?:[A-Z][\w-]*\s+)?(?:town|city|village|district)\s+of\s+)?"
)
# "in the Borno town of Gwoza": the first name only says which Gwoza.
PLACE_MODIFIER_AFTER = re.compile(r"\s+(?:town|city|village|district|province|state|region)\s+of\b")
CUE_LOCATIVE_BONUS = 0.8
# A date in the trigger's noun phrase: "the 27 June Russian strike", "the strike of 3 May".
DATE_BEFORE_TRIGGER = re.compile(
    r"['’]s\s+(?:[\w'’-]+\s+){0,2}|\s+(?:[A-Z][\w'’-]*\s+){0,2}"
)  # "yesterday's double bombing"
DATE_AFTER_TRIGGER = re.compile(r"\s+(?:of\s+)?")
# "the twin bombings that tore through Reyhanli yesterday": a date in a defining relative
# clause on the trigger dates it (not "that had hit the town in 2015", its history).
DATE_IN_RELATIVE = re.compile(r"\s+(?:that|which)\s+(?!had\b)(?:[\w'’-]+\s+){1,6}")
TARGET_GAP = re.compile(r"\b(?:against|targeting|on|with)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
CLAUSE_BREAK = re.compile(r"[;:]|,\s*(?:while|as|but|and|whereas|yet)\b|\bwhile\b", re.I)
ACCORDING_TO = re.compile(r"\baccording to (?:the )?((?:[A-Z][\w'’-]+\s?){1,6})")
OF_GAP = r"\s*of\s+(?:the\s+)?"
NON_STATE_INTERS = {2, 3, 4}
# State forces (1), rebels (2) and external forces such as peace missions (8): whom an
# attack by an armed group makes a battle.
ARMED_TARGET_INTERS = {1, 2, 8}


@dataclass
class _Roles:
    actor1: ActorMention | None
    actor2: ActorMention | None
    source: str | None
    source_span: Span | None = None
    assoc1: ActorMention | None = None
    assoc2: ActorMention | None = None


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _specificity(place: Place) -> float:
    """Prefer the most precise place: infrastructure and towns over regions and countries."""
    code = (place.feature_code or "").upper()
    if place.feature_class == "A" and code.startswith("PCL"):
        return 0.0
    if place.feature_class in {"R", "L", "H", "T"} or code == "CONT":
        # Roads, rivers, mountains and regions stretch for hundreds of km: a town or a
        # bridge on them is the better location.
        return 0.3
    if place.feature_class == "A" and code.startswith("ADM1"):
        return 0.4
    if place.feature_class == "A":
        return 0.6
    return 1.0


class EventAssembler:
    """Builds ``Event`` records from an ``Extraction`` whose mentions are filled in."""

    def __init__(
        self,
        classifier: EventClassifier,
        actors: ActorDictionary,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.classifier = classifier
        self.actors = actors
        self.gazetteer = gazetteer

    def _capital_mentions(
        self, ex: Extraction, locatable: list[PlaceMention]
    ) -> list[PlaceMention]:
        """ "the capital" as a place: the national capital named last before it as a
        place ("its embassy in Niamey ... the rally in the capital"; not "Moscow had
        chosen its targets ... missiles hit the capital"), or else the capital of the
        country the report's places lie in most often, when one clearly leads. Kept out
        of the geocoder's mentions: a reading for locating events, not a toponym."""
        gazetteer = self.gazetteer
        if gazetteer is None:
            return []
        text = ex.document.text
        # "in Uganda's capital": that country's capital.
        named = []
        for p in ex.places:
            m = COUNTRY_CAPITAL_AFTER.match(text, p.end)
            if m is None or p.place is None or not is_country(p.place):
                continue
            capital = gazetteer.capital(p.place.country_code or "")
            if capital is not None:
                start, end = m.start(1), m.end(1)
                named.append(PlaceMention(text=text[start:end], start=start, end=end,
                                          place=capital, score=0.5))  # fmt: skip
        found = [m for m in BARE_CAPITAL.finditer(text) if not _covered(ex.places, m)]
        if not found:
            return named
        capitals = sorted(
            (p for p in locatable if p.place is not None and p.place.feature_code == "PPLC"),
            key=lambda p: p.start,
        )

        def commonest_capital(codes: list[str]) -> Place | None:
            """The capital of the country most codes name, when one clearly leads."""
            countries = Counter(codes).most_common(2)
            if countries and not (len(countries) == 2 and countries[0][1] == countries[1][1]):
                return gazetteer.capital(countries[0][0])
            return None

        codes = [p.place.country_code for p in ex.places if p.place and p.place.country_code]
        # Places named as nouns say where; a people's adjective often says who ("attacks
        # on Ugandans of Indian descent during a march in the capital" is in Kampala).
        nouns = [
            p.place.country_code
            for p in ex.places
            if p.place and p.place.country_code and gazetteer.demonym(p.text) is None
        ]
        default = commonest_capital(nouns or codes)
        mentions = named
        for m in found:
            before = [p.place for p in capitals if p.end <= m.start()]
            if before:
                place = before[-1]
            elif codes:
                place = default
            else:
                # No place named at all ("Somali forces ended a siege at a hotel in the
                # capital"): the countries of the actors named in the same sentence (not
                # "a statue of a fist crushing a US warplane" two sentences on).
                sentence = next((s for s in ex.sentences if s.start <= m.start() < s.end), None)
                actors = _in(ex.actors, sentence) if sentence is not None else []
                place = commonest_capital(
                    [
                        country.country_code
                        for a in actors
                        if (name := self.actors.get(a.actor_id).country)
                        and (country := gazetteer.country(name)) is not None
                        and country.country_code
                    ]
                )
                # "Delhi violence ...", or the capital of the headline's country ("Jordan
                # premier blames Islamists ...": "the capital" is Amman).
                title = ex.document.title
                place = (
                    place
                    or title_capital(title, gazetteer)
                    or commonest_capital(title_countries(title, gazetteer))
                )
            if place is not None:
                mentions.append(
                    PlaceMention(
                        text=m.group(1), start=m.start(1), end=m.end(1), place=place, score=0.5
                    )  # fmt: skip
                )
        return mentions

    # -- public ---------------------------------------------------------------------------
    def assemble(self, extraction: Extraction, doc: Doc | None = None) -> list[Event]:
        events: list[Event] = []
        locatable = _locatable_places(extraction)
        focus = _focus_place(locatable)
        area = _area_place(locatable, extraction.document.text) if focus is None else None
        capital = self._capital_mentions(extraction, locatable)
        if focus is None and area is None:
            # "violence in the north-eastern part of the capital ... struck in Chand Bagh":
            # with no town or area named anywhere, the capital is what the report is about.
            focus = _focus_place(capital)
        for sentence in extraction.sentences:
            span = doc.char_span(sentence.start, sentence.end) if doc is not None else None
            cues, marks = self._sentence_cues(sentence, span)
            sentence_events: list[Event] = []
            for cue in cues:
                if cue.event_type == NON_ACLED:
                    continue
                event = self._event_for_cue(
                    extraction, locatable + _in(capital, sentence), sentence, cue, doc, focus, area
                )
                if event is not None:
                    event.notes = " ".join([event.notes, *marks]).strip()
                    sentence_events.append(event)
            events += _collapse_sentence(sentence_events)
        kept = [e for e in _merge_within_document(events) if not _background(e, extraction)]
        report_sites = _report_sites(extraction)
        profile = report_profile(extraction.document)
        for event in kept:
            event.report_sites = report_sites
            event.report = profile
        lead = main_event(kept)
        if lead is not None:
            lead.lead = True
            lead.report = profile.model_copy(update={"others": report_others(kept, lead)})
        return kept

    def _sentence_cues(
        self, sentence: Sentence, span: DocSpan | None
    ) -> tuple[list[EventCue], list[str]]:
        """The sentence's event cues, read again without the words that hide the event
        the sentence reports, and the notes that say so (``claimed``, ``criminal group``)."""

        def read(exclude: tuple[str, ...] = ()) -> list[EventCue]:
            return self.classifier.cues(
                sentence.text, offset=sentence.start, doc=span, exclude=exclude
            )

        cues, marks = read(), []
        if any(c.sub_event_type == CLAIM for c in cues):
            # "IS claimed Tuesday's attack on a convoy": ACLED codes the attack that
            # was claimed, so read the sentence again without the claim's words; the
            # claimed violence wins over a bystander cue ("the attack on a rally").
            reread = read((CLAIM,))
            if not any(c.event_type != NON_ACLED for c in cues) or any(
                c.event_type in CLAIMABLE_TYPES for c in reread
            ):
                cues, marks = reread, [CLAIMED_NOTE]
        if any(c.sub_event_type == CRIME for c in cues) and all(
            c.event_type == NON_ACLED for c in cues
        ):
            # "gang members stormed Pont-Sonde, killing 70": the classifier labels the
            # sentence crime (CASE 2021's ORG_CRIME), but ACLED codes gang and cartel
            # violence where it shapes a conflict (Haiti, Mexico, Brazil), so the
            # violence the crime words hid is recorded, marked as a criminal group's.
            allowed = self.classifier.lexicon.criminal_violence
            violent = [c for c in read((CRIME,)) if c.sub_event_type in allowed]
            if violent:
                cues, marks = violent, [*marks, CRIMINAL_NOTE]
        return cues, marks

    # -- one cue --------------------------------------------------------------------------
    def _event_for_cue(
        self,
        ex: Extraction,
        locatable: list[PlaceMention],
        sentence: Sentence,
        cue: EventCue,
        doc: Doc | None,
        focus: PlaceMention | None,
        area: PlaceMention | None = None,
    ) -> Event | None:
        text = ex.document.text
        fields: dict[str, Span] = {
            "trigger": Span(start=cue.start, end=cue.end, text=text[cue.start : cue.end])
        }
        mentions = _in(ex.actors, sentence)
        roles = self._roles(ex, sentence, cue, mentions, doc)
        is_displacement = cue.sub_event_type == DISPLACEMENT

        origin, destination = self._places(ex, locatable, sentence, cue, is_displacement)
        if cue.trigger.lower() in self.classifier.lexicon.place_object_triggers and not any(
            0 <= p.start - cue.end <= PLACE_OBJECT_GAP for p in locatable
        ):
            # "took Goma" is a capture; "took Reuters reporters on a tour" is not: the
            # bare verb counts only when a place is what was taken ("the fall of Nyala",
            # not "the fall of Assad").
            return None
        geo_bump = 0
        # A change of territory needs its own place: inheriting the report's main place
        # would hand that place to someone on the control map.
        territory_change = cue.sub_event_type in TERRITORIAL - {"Armed clash"}
        if origin is None and focus is not None and not is_displacement and not territory_change:
            # "the police headquarters in South Jakarta ... after a bombing in Makassar": a
            # name the gazetteer lacks that its own town pins ("South Jakarta", "Kano
            # Central Mosque") says where, better than the report's main town elsewhere.
            own = _approximate_in(ex, sentence, cue)
            if own is not None and _pinned_elsewhere(own, focus):
                origin = own
        if (
            (origin is None or _says_who(origin, text))
            and focus is not None
            and not is_displacement
            and not territory_change
        ):
            # No place in the sentence, or only a country's adjective ("Tuesday's Israeli
            # attack on the capital", which says who, not where): the place the report is
            # about, less precisely.
            origin, geo_bump = focus, 1
        if (
            (origin is None or (origin.place is not None and _specificity(origin.place) < 0.5))
            and not is_displacement
            and not territory_change
        ):
            # A village the gazetteer lacks, named in the sentence ("a school in Kuriga,
            # in Kaduna state"): its name at the report's main town, precision 2, as ACLED
            # codes a place it cannot find at the nearest known town; better than the
            # whole state or country. Never for a change of hands.
            origin = _approximate_in(ex, sentence, cue) or origin
        if (
            origin is not None
            and origin.place is not None
            and focus is not None
            and focus.place is not None
            and _specificity(origin.place) < 0.5
            and (
                admin1_contains(origin.place, focus.place)
                or (
                    is_country(origin.place)
                    and bool(origin.place.country_code)
                    and origin.place.country_code == focus.place.country_code
                )
            )
            and not is_displacement
            and not territory_change
        ):
            # "a bus was blown apart in north-central Sri Lanka ... yesterday's attack at
            # Kebithigollewa": the town the report is about, inside the country or area
            # the sentence names, is the better guess (less precisely).
            origin, geo_bump = focus, 1
        if (
            area is not None
            and not territory_change
            and (origin is None or (_says_who(origin, text) and not is_displacement))
        ):
            # No town anywhere in the report ("a village the gazetteer lacks"): ACLED's
            # last resort, the admin area or country the report names (precision 3),
            # rather than a country's adjective ("fired on Burundian asylum seekers" in
            # a report from Congo says who, not where).
            origin = area
        if origin is not None:
            fields["location"] = Span(start=origin.start, end=origin.end, text=origin.text)
        if destination is not None:
            fields["destination"] = Span(
                start=destination.start, end=destination.end, text=destination.text
            )

        date = _looking_back(sentence, cue, ex.dates, ex.document.published) or self._date(
            _in(ex.dates, sentence), ex.document.published, cue, text, sentence
        )
        if date is None and _past_year_before(text, sentence, cue, ex.document.published):
            # "survivors of the 2014 Islamic State attacks on Sinjar": history recalled.
            return None
        event_date, precision = (date.value, date.precision) if date else (None, None)
        if date is not None:
            fields["date"] = Span(start=date.start, end=date.end, text=date.text)
        elif ex.document.published is not None:
            # No date in the sentence: ACLED needs one, so take the report's own date and
            # say it is approximate (a week), rather than pretend to know the day.
            event_date, precision = ex.document.published, "week"

        actor1 = self._actor(roles.actor1)
        actor2 = self._actor(roles.actor2)
        assoc1, assoc2 = self._actor(roles.assoc1), self._actor(roles.assoc2)
        if assoc1 is not None and actor1 is not None and assoc1.id == actor1.id:
            assoc1 = None
        if assoc2 is not None and actor2 is not None and assoc2.id == actor2.id:
            assoc2 = None
        if roles.actor1 is not None:
            fields["actor1"] = _span_of(roles.actor1)
        if roles.actor2 is not None:
            fields["actor2"] = _span_of(roles.actor2)
        place = origin.place if origin is not None else None
        country = place.country if place is not None else None
        event_type, sub_event_type = cue.event_type, cue.sub_event_type
        if (
            sub_event_type == "Attack"
            and actor1 is not None
            and actor1.inter_code in NON_STATE_INTERS
            and actor2 is not None
            and actor2.inter_code in ARMED_TARGET_INTERS
        ):
            # "Al-Shabaab launched an attack on Tuesday on a base of the African Union
            # mission": an armed group's attack on a state's or a mission's forces is a
            # battle in ACLED, not violence against civilians.
            event_type, sub_event_type = "Battles", "Armed clash"
        if is_displacement:
            actor2, actor1 = None, self._civilians(country)
        elif event_type == "Violence against civilians" and actor2 is None:
            actor2 = self._civilians(country)

        quantities = _in(ex.quantities, sentence)
        # ACLED's peaceful protests have no fatalities by definition: deaths in the
        # sentence ("rallied ... two days after police killed three men") are another
        # event's ("_recalled" keeps that killing apart from the rally).
        deathless = is_displacement or sub_event_type == "Peaceful protest"
        counted = [] if deathless else quantities
        fatalities = _sum_kind(counted, "fatalities")
        deaths = total_fatalities(counted, sentence.text, offset=sentence.start)
        displaced = _sum_kind(quantities, "displaced")
        for kind, found in (("fatalities", fatalities), ("displaced", displaced)):
            if found is not None:
                fields[kind] = Span(start=found.start, end=found.end, text=found.text)
        if roles.source_span is not None:
            fields["source"] = roles.source_span

        inter1 = actor1.inter_code if actor1 else None
        inter2 = actor2.inter_code if actor2 else None
        precision_geo = None
        if place is not None:
            precision_geo = min(3, geo_precision(place) + geo_bump + _direction_bump(text, origin))
        event = Event(
            kind="displacement" if is_displacement else "event",
            document_id=ex.document.id,
            event_type=event_type,
            sub_event_type=sub_event_type,
            plover_type=cue.plover_type,
            actor1=actor1.name if actor1 else None,
            actor2=actor2.name if actor2 else None,
            assoc_actor_1=assoc1.name if assoc1 and not is_displacement else None,
            assoc_actor_2=assoc2.name if assoc2 and not is_displacement else None,
            inter1=inter1,
            inter2=inter2,
            interaction=_interaction(inter1, inter2),
            civilian_targeting=inter2 == CIVILIAN_INTER,
            event_date=event_date,
            date_precision=precision,
            place=place,
            location_text=origin.text if origin is not None else None,
            geo_precision=precision_geo,
            fatalities=deaths[0],
            fatalities_low=deaths[1],
            fatalities_high=deaths[2],
            destination=destination.place if destination is not None else None,
            destination_text=destination.text if destination is not None else None,
            displaced=displaced.value if displaced and is_displacement else None,
            displaced_magnitude=displaced.magnitude if displaced and is_displacement else None,
            reporting_source=roles.source,
            sites=_sites(ex, sentence, origin),
            confidence=round(float(cue.score), 3),
            evidence=[
                Evidence(
                    document_id=ex.document.id,
                    start=sentence.start,
                    end=sentence.end,
                    text=sentence.text,
                    fields=fields,
                )
            ],
        )
        return event

    # -- roles ----------------------------------------------------------------------------
    def _roles(
        self,
        ex: Extraction,
        sentence: Sentence,
        cue: EventCue,
        mentions: list[ActorMention],
        doc: Doc | None,
    ) -> _Roles:
        text = ex.document.text
        source: str | None = None
        source_span: Span | None = None
        participants: list[ActorMention] = []
        speakers: set[int] = set()
        speaking_combatants: list[ActorMention] = []
        for m in mentions:
            actor = self.actors.get(m.actor_id)
            if actor.is_person and cue.sub_event_type in TERRITORIAL:
                # Forces take and lose ground; a leader named beside it is doing
                # something else ("... and President Assad fled the country").
                continue
            if actor.is_reporting_source or self._is_speaker(m, doc, cue):
                if source is None:
                    source, source_span = self.actors.group_of(m.actor_id).name, _span_of(m)
                if actor.is_reporting_source:
                    continue
                if self._is_speaker(m, doc, cue):
                    speakers.add(m.start)
                    speaking_combatants.append(m)
                    continue
            participants.append(m)
        if source is None:
            source_span = _according_to(sentence)
            source = source_span.text if source_span else None

        actor1 = next(
            # The actor names the trigger's own words: "Russian airstrikes".
            (m for m in participants if m.start <= cue.start < m.end or m.start < cue.end <= m.end),
            None,
        )
        # Mentions inside a discontinuous trigger ("struck ... Islamic State targets") are
        # what it acted on, so they count as following it.
        after = [
            m
            for m in participants
            if m.start >= cue.end or (cue.start < m.start and m.end < cue.end)
        ]
        after.sort(key=lambda m: m.start)
        before = [m for m in participants if m.end <= cue.start]
        if actor1 is None:
            tail = text[cue.end : after[0].start] if after else ""
            for m in after:
                gap = text[cue.end : m.start]
                if AGENT_GAP.search(gap) and not _has_verb(doc, cue.end, m.start):
                    actor1 = m
                    break
            agentive = cue.trigger.lower() in AGENTIVE_NOUNS
            if actor1 is None and after and agentive and re.fullmatch(OF_GAP, tail, re.I):
                actor1 = after[0]
        if actor1 is None and doc is not None:
            actor1 = self._subject_actor(doc, cue, participants)
        if actor1 is None and ANAPHORIC_GROUP.search(text[cue.start : cue.end + 60]):
            earlier = [
                m
                for m in ex.actors
                if m.end <= cue.start
                and m.start not in speakers
                and self.actors.group_of(m.actor_id).inter_code in NON_STATE_INTERS
            ]
            if earlier:
                actor1 = earlier[-1]
        if actor1 is None and before:
            # "Gunmen riding a motorcycle shot dead an MP ..., police said": a side named
            # before the trigger did it, even where the parse lost the subject.
            actor1 = before[-1]
        if actor1 is None and speaking_combatants:
            # "The army said its forces had recaptured the hill": a fighting side that
            # reports its own action is its actor.
            actor1 = speaking_combatants[0]
        actor2 = None
        monadic = cue.sub_event_type in MONADIC
        for m in after:
            if actor1 is not None and self._same_actor(m, actor1):
                continue
            gap = text[cue.end : m.start]
            if AGENT_GAP.search(gap) or CLAUSE_BREAK.search(gap):
                continue
            if monadic and not TARGET_GAP.search(gap):
                continue
            actor2 = m
            break
        if actor2 is None and not monadic:
            for m in reversed(before):
                if actor1 is None or not self._same_actor(m, actor1):
                    if text[m.end : cue.start].strip().lower().startswith(("'s", "’s")):
                        continue
                    if actor1 is not None and m.start < actor1.start:
                        continue
                    actor2 = m
                    break
        if cue.sub_event_type == TRANSFER and LEAVING.search(cue.trigger):
            # ACLED's actor1 in a transfer is the side that gains the place; a trigger
            # such as "withdrew" has the side that leaves as its subject ("entered
            # without a fight" has the gainer).
            gainer = next(
                (
                    m
                    for m in participants
                    if (actor1 is None or not self._same_actor(m, actor1))
                    # "as Hezbollah's fighters had left": that side is leaving too.
                    and not LEAVING.search(text[m.end : m.end + 40])
                ),
                None,
            )
            actor1, actor2 = gainer, actor1
        elif cue.sub_event_type == TRANSFER and actor1 is None and actor2 is not None:
            actor1, actor2 = actor2, None  # the one side named came in
        actor1, assoc1 = _coordinated(text, actor1, participants)
        actor2, assoc2 = _coordinated(text, actor2, participants)
        if assoc1 is not None and actor2 is not None and assoc1.start == actor2.start:
            assoc1 = None
        return _Roles(actor1, actor2, source, source_span, assoc1, assoc2)

    def _same_actor(self, a: ActorMention, b: ActorMention) -> bool:
        return self.actors.group_of(a.actor_id).id == self.actors.group_of(b.actor_id).id

    @staticmethod
    def _is_speaker(m: ActorMention, doc: Doc | None, cue: EventCue) -> bool:
        """True when the mention is the subject of a reporting verb ("SOHR said", ...)."""
        if doc is None:
            return False
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        head = span.root.head
        return (
            span.root.dep_ in {"nsubj", "nsubjpass"}
            and head.lemma_.lower() in REPORTING_VERBS
            and not (head.idx <= cue.start < head.idx + len(head.text))
        )

    @staticmethod
    def _subject_actor(
        doc: Doc, cue: EventCue, participants: list[ActorMention]
    ) -> ActorMention | None:
        """The actor in the subject of the verb that governs the trigger, if any."""
        trigger = doc.char_span(cue.start, cue.end, alignment_mode="expand")
        if trigger is None:
            return None
        token = trigger.root
        for _ in range(4):
            verb = token if token.pos_ in {"VERB", "AUX"} else token.head
            if verb.lemma_.lower() in REPORTING_VERBS:
                return None
            for child in verb.children:
                if child.dep_ in {"nsubj", "agent"}:
                    start = child.left_edge.idx
                    end = child.right_edge.idx + len(child.right_edge.text)
                    inside = [m for m in participants if start <= m.start and m.end <= end]
                    if inside:
                        return inside[0]
            if token.head is token:
                break
            token = verb.head if verb is not token else token.head
        return None

    def _actor(self, mention: ActorMention | None) -> Actor | None:
        if mention is None:
            return None
        return self.actors.group_of(mention.actor_id)

    def _civilians(self, country: str | None) -> Actor:
        base = self.actors.get("civilians")
        name = f"Civilians ({country})" if country else base.name
        return base.model_copy(update={"name": name})

    # -- place and date -------------------------------------------------------------------
    def _places(
        self,
        ex: Extraction,
        locatable: list[PlaceMention],
        sentence: Sentence,
        cue: EventCue,
        displacement: bool,
    ) -> tuple[PlaceMention | None, PlaceMention | None]:
        text = ex.document.text
        places = [
            p
            for p in _in(locatable, sentence)
            if not ROUTE_BEFORE.search(text[max(sentence.start, p.start - 60) : p.start])
            and not ROAD_NAME_AFTER.match(text, p.end)
        ]
        if cue.sub_event_type == TRANSFER:
            # "left the city ... regrouping in Hama": where the leaving side went is not
            # the place that changed hands.
            places = [
                p
                for p in places
                if not (
                    p.start > cue.end
                    and DESTINATION_BEFORE.search(text[cue.end : p.start])
                    # "pulled back to the northern edges of Marinka": they left the town.
                    and not EDGE_OF_BEFORE.search(text[cue.end : p.start])
                )
            ]
        if not places:
            return None, None
        if displacement:
            origin = destination = None
            for p in places:
                before = text[max(sentence.start, p.start - 40) : p.start]
                if TO_BEFORE.search(before) and destination is None:
                    destination = p
                elif FROM_BEFORE.search(before) and origin is None:
                    origin = p
            if origin is None:
                rest = [p for p in places if p is not destination]
                # "the Moria camp on the Greek island of Lesbos ... forcing thousands to
                # flee": the town named, not the people's adjective nearer the verb.
                rest = [p for p in rest if not _adjectival_country(p)] or rest
                origin = min(rest, key=lambda p: abs(p.start - cue.start)) if rest else None
            return origin, destination

        territorial = cue.sub_event_type in TERRITORIAL - {"Armed clash"}

        def score(p: PlaceMention) -> float:
            assert p.place is not None
            distance = min(abs(p.start - cue.end), abs(cue.start - p.end))
            before = text[max(sentence.start, p.start - 40) : p.start]
            # "seized Saraqib", "took the town of Saraqib": the place is the object.
            direct = p.start >= cue.end and OBJECT_GAP.fullmatch(text[cue.end : p.start])
            locative = 0.6 if direct or LOCATIVE_BEFORE.search(before) else 0.0
            if (
                p.start >= cue.end
                and CUE_LOCATIVE_GAP.fullmatch(text[cue.end : p.start])
                and not PLACE_MODIFIER_AFTER.match(text, p.end)
            ):
                locative += CUE_LOCATIVE_BONUS
            if POSSESSOR_AFTER.match(text, p.end):
                # "into Russia's Kursk region": the place named next is where.
                locative -= 0.6
            if _state_owner(p, text):
                # "Chad's army said ... stormed Fotokol, the Cameroonian town": whose
                # army, not where; another place in the sentence is the better guess.
                locative -= 0.5
            if (
                HOMETOWN_BEFORE.search(before)
                or PROTESTED_BEFORE.search(text, max(sentence.start, p.start - 80), p.start)
                or SOLIDARITY_BEFORE.search(before)
            ):
                locative -= 0.8
            if REFERENCE_POINT.search(before):
                # "north of Homs" places the event by Homs, not in it.
                locative = -0.3
            if territorial and CAPTURED_BEFORE.search(before):
                # "took control of the southern city of Daraa": the place taken.
                locative += 1.0
            specificity = _specificity(p.place)
            if REGION_AFTER.match(text, p.end):
                specificity = min(specificity, 0.4)
            return specificity + locative - distance / 150.0

        return max(places, key=score), None

    @staticmethod
    def _date(
        dates: list[DateMention],
        published: dt.date | None,
        cue: EventCue,
        text: str,
        sentence: Sentence | None = None,
    ) -> DateMention | None:
        """The sentence's event date (background spans such as "since 2011" never win).

        A date inside the trigger's own phrase wins: in "funerals on Friday for victims
        of the 27 June strike" the strike happened on 27 June, not on Friday. Next comes a
        date in the trigger's own subordinate clause ("mourned on Monday the 12 who died
        when a drone hit a building on Saturday")."""
        toll_update = (
            # "The number of people killed ... rose to 64": the trigger may end the phrase.
            sentence is not None and TOLL_UPDATE.search(text, sentence.start, cue.end) is not None
        )
        # "The death toll from the strike rose to 32 on Friday": the day of the new toll,
        # not of the strike.
        risen = [
            d
            for d in dates
            if toll_update and TOLL_RISE_BEFORE_DATE.search(text[max(0, d.start - 40) : d.start])
        ]
        # The day of a funeral, a vigil or a call for an inquiry dates the aftermath.
        aftermath = [
            d
            for d in dates
            if sentence is not None
            and not (d.start >= cue.start and d.end <= cue.end)
            and (
                AFTERMATH_BEFORE_DATE.search(text[max(sentence.start, d.start - 50) : d.start])
                or AFTERMATH_AFTER_DATE.match(text, d.end)
            )
        ]
        # Days of what came after the event: never its date, at most a bound on it.
        later_days = risen + aftermath
        # "had taken Bara, a town the army had won back six weeks earlier": a date in a
        # relative clause after the trigger dates the place's past.
        history = [
            d
            for d in dates
            if d.start >= cue.end
            and (
                RELATIVE_AFTER_COMMA.search(text, cue.end, d.start)
                # "recaptured Bor, the state capital it lost a week earlier"
                or (
                    APPOSITION_AFTER_COMMA.search(text, cue.end, d.start)
                    and COUNTED_BACK.search(d.text)
                )
                # "the deadliest strike since the army removed Morsi in July"
                or SINCE_CLAUSE_BEFORE_DATE.search(text, cue.end, d.start)
            )
        ]
        datable = [d for d in dates if d not in later_days and d not in history]
        attached = [
            d
            for d in datable
            if (d.end <= cue.start and DATE_BEFORE_TRIGGER.fullmatch(text[d.end : cue.start]))
            or (
                d.start >= cue.end
                and any(
                    p.fullmatch(text[cue.end : d.start])
                    for p in (DATE_AFTER_TRIGGER, DATE_IN_RELATIVE)
                )
            )
        ]
        if not attached:
            # "claimed on Monday the attack on a rally a day earlier": a counted-back day
            # soon after the trigger dates it, not the day of the claim or report.
            attached = [
                d
                for d in datable
                if BACK_DATE.search(d.text)
                and 0 <= d.start - cue.end <= BACK_DATE_REACH
                and not re.search(r"[;.]", text[cue.end : d.start])
                # "marched on Friday evening to mourn the men killed two days earlier":
                # the trigger's own day stands between, so the count dates another event.
                and not any(cue.end <= o.start and o.end <= d.start for o in datable)
            ]
        value, precision = best_event_date(attached, published)
        if value is None and sentence is not None:
            value, precision = best_event_date(
                _clause_dates(datable, cue, text, sentence), published
            )
        if value is not None:
            return _mention_of(dates, value, precision)
        # "The toll from an attack on Egbekaw has climbed to 25, an official said on
        # Wednesday": the day of the statement, not of the attack (toll updates only).
        # "Officials said on Thursday that 80 were killed": the same for reported speech.

        def after_speech(d: DateMention) -> bool:
            """ "said on Tuesday": the day follows a verb of saying."""
            return SPEECH_BEFORE_DATE.search(text[max(0, d.start - 60) : d.start]) is not None

        told = [
            d
            for d in dates
            if sentence is not None
            and (
                after_speech(d)
                and (toll_update or (d.end <= cue.start and THAT_AFTER.match(text, d.end)))
                or d.end <= cue.start
                and (
                    STATEMENT_BEFORE_DATE.search(text[max(sentence.start, d.start - 40) : d.start])
                    or STATEMENT_AFTER_DATE.match(text, d.end)
                )
            )
        ]
        told += later_days + history
        untold = [d for d in dates if d not in told]
        if sentence is not None:
            # "MSF said on Tuesday it was pulling out after gunmen killed 16 at a clinic in
            # Boguila, Ouham prefecture, on Saturday": the day after "said" is the day it
            # was said when the sentence gives the event a day of its own after the trigger.
            spoken = [d for d in untold if d.end <= cue.start and after_speech(d)]
            if spoken and any(cue.end <= d.start and d.end <= sentence.end for d in untold):
                untold = [d for d in untold if d not in spoken]
        # "mourning for the worshippers shot dead at the mosque last Friday": a date in
        # the trigger's own stretch between commas.
        stop = _CLAUSE_END.search(text, cue.end)
        start = max(text.rfind(",", 0, cue.start), text.rfind(";", 0, cue.start)) + 1
        near = [d for d in untold if start <= d.start and (stop is None or d.end <= stop.start())]
        value, precision = best_event_date(near, published)
        if value is None:
            value, precision = best_event_date(untold, published)
        if value is not None:
            return _mention_of(dates, value, precision)
        stated = [d for d in told if d not in history]
        if stated:
            # Only the statement is dated: the event happened on or shortly before it.
            first = min(stated, key=lambda d: d.start)
            return first.model_copy(update={"precision": "week"})
        return None


def _mention_of(dates: list[DateMention], value: dt.date, precision: str | None) -> DateMention:
    """The mention ``best_event_date`` chose."""
    return next(d for d in dates if d.value == value and d.precision == precision)


# -- helpers --------------------------------------------------------------------------------
def _looking_back(
    sentence: Sentence, cue: EventCue, dates: list[DateMention], published: dt.date | None
) -> DateMention | None:
    """The date of an event told in an "N days after ..." clause: N days before the day
    the rest of the sentence is dated ("said on Thursday, two days after youths seized
    the barracks"), or before publication (unless the clause dates the event itself,
    "after the 4 November raid")."""
    if published is None:
        return None
    m = next(
        (
            m
            for m in LOOKING_BACK.finditer(sentence.text)
            if m.start() == 0 or sentence.text[: m.start()].rstrip().endswith(",")
        ),
        None,
    )
    if m is None:
        return None
    start, end = sentence.start + m.start(), sentence.start + m.end()
    if not start <= cue.start < end:
        return None
    if m.start() > 0:
        # The reference day is the main clause's own date, when it has one.
        outside = [d for d in dates if sentence.start <= d.start < start and d.value is not None]
        ref, _ = best_event_date(outside, published)
        # A deadline the clause names ("wiped out by March 2026") is no reference day.
        published = ref if ref is not None and ref <= published else published
    n_text = m.group("n").lower()
    # as dates.py reads "N days ago": "a"/"an" is one, other words are number words
    n = 1 if n_text in {"a", "an"} else int(n_text) if n_text.isdigit() else parse_number(n_text)
    if n is None:
        return None
    weeks = m.group("unit").lower().startswith("week")
    own = [
        d
        for d in dates
        if start <= d.start
        and d.end <= end
        and d.value is not None
        and not start <= d.start < start + len(m.group("n")) + 1
    ]
    if own:
        return None
    return DateMention(
        text=m.group(0)[: m.end("after") - m.start()],
        start=start,
        end=sentence.start + m.end("after"),
        value=published - dt.timedelta(days=7 * n if weeks else n),
        precision="week" if weeks else "day",
    )


# A sentence that updates a toll ("the toll from the attack has climbed to 25") is dated
# by its statement, which comes after the event.
TOLL_UPDATE = re.compile(
    # "the number of civilians killed" (not "a number of soldiers were killed")
    r"\btoll\b|\bthe\s+number of (?:[\w-]+\s+){0,2}?(?:dead|deaths|killed|victims)\b",
    re.I,
)
TOLL_RISE_BEFORE_DATE = re.compile(
    r"\b(?:rose|risen|rises|climbed|climbs|reached|passed|jumped|increased)\s+to\s+"
    r"(?:at\s+least\s+|more\s+than\s+|about\s+|around\s+)?[\d,]+(?:\s+[\w-]+){0,3}?\s+$",
    re.I,
)
THAT_AFTER = re.compile(r"\s*,?\s*that\b", re.I)
RELATIVE_AFTER_COMMA = re.compile(r",[^,;]*\b(?:that|which|whom|whose)\b[^;]*$")
APPOSITION_AFTER_COMMA = re.compile(r",\s+(?:the|a|an)\s+[^,;]*$")
COUNTED_BACK = re.compile(r"\b(?:earlier|ago|before)\b", re.I)
# A clause of "since" that runs up to a date: the date of what a spell is counted from.
SINCE_CLAUSE_BEFORE_DATE = re.compile(r"\bsince\s+(?:[^\s;.]+\s+){2,}$", re.I)
# "in a statement", "in a post on X": the channel of what was said, between the verb
# and its day.
_STATEMENT = (
    r"(?:in|via)\s+an?\s+(?:[\w-]+\s+){0,2}?(?:statement|post|briefing|interview|"
    r"communiqu[eé]|video|message|press\s+conference)(?:\s+on\s+(?:X|Telegram|Facebook))?"
)
SPEECH_BEFORE_DATE = re.compile(
    r"\b(?:said|says|told\s+[\w-]+(?:\s+[\w-]+)?|reported|announced|confirmed|added|stated|"
    r"acknowledged|admitted|conceded|insisted|alleged|disclosed|revealed)"
    rf"(?:\s+{_STATEMENT})?\s+(?:late\s+|early\s+)?$",
    re.I,
)
# "In a statement on Saturday, the army said ...": the day of the statement opens it.
STATEMENT_BEFORE_DATE = re.compile(rf"\b{_STATEMENT}\s+(?:late\s+|early\s+)?$", re.I)
# "Officials on Saturday blamed the FARC for Friday night's attack": a day between the
# speakers and their verb is the day they spoke.
STATEMENT_AFTER_DATE = re.compile(
    r"\s*,?\s*(?:said|says|blamed|accused|announced|confirmed|acknowledged|admitted|"
    r"denied|claimed|condemned|insisted|reported|told|"
    # "the army on Tuesday promised to track down militants who slaughtered 40 farmers"
    r"promised|vowed|pledged|warned|urged|threatened)\b",
    re.I,
)
BACK_DATE = re.compile(r"\b(?:ago|earlier)$", re.I)
# The day of what followed an event, not of the event: "funerals began on Tuesday for
# victims of the attack", "families laid victims to rest on Monday", "lawmakers on
# Sunday called for an inquiry into Friday's clearing".
AFTERMATH_BEFORE_DATE = re.compile(
    r"\b(?:funerals?\s+(?:began|begin|were\s+held|was\s+held|took\s+place)|buried|"
    r"laid\s+(?:[\w-]+\s+){0,3}to\s+rest|mourned|vigils?\s+(?:were|was)\s+held|"
    r"held\s+(?:a\s+)?vigils?|"
    # "a man wounded when a bomber struck ... died in hospital on Wednesday": a later
    # death raises the toll of the attack, which has its own day.
    r"died\s+(?:of\s+(?:his|her|their)\s+(?:wounds|injuries)\s+)?in\s+(?:a\s+|the\s+)?hospital|"
    r"died\s+of\s+(?:his|her|their)\s+(?:wounds|injuries)|"
    r"succumbed\s+to\s+(?:his|her|their)\s+(?:wounds|injuries))\s+(?:late\s+|early\s+)?$",
    re.I,
)
AFTERMATH_AFTER_DATE = re.compile(
    r"\s*,?\s*(?:called|demanded|urged|pressed)\s+(?:for\s+)?(?:an?\s+|the\s+)?"
    r"(?:investigation|inquiry|probe|answers)\b",
    re.I,
)
# "on Friday, when ...", "on Friday evening, when ...": the day a "when" clause hangs on.
CLAUSE_HANGS_ON = re.compile(r"\s*(?:(?:morning|afternoon|evening|night)\b)?\s*,?\s*", re.I)
# Words that open a clause telling an event inside a sentence about something else.
SUBCLAUSE_OPEN = re.compile(
    r"\b(?:when|after|as|where|while|before|once|during\s+which|in\s+which)\b", re.I
)
_CLAUSE_END = re.compile(r"[,;.]")


def _clause_dates(
    dates: list[DateMention], cue: EventCue, text: str, sentence: Sentence
) -> list[DateMention]:
    """Dates of the subordinate clause that holds the trigger ("who died when a drone hit
    a building on Saturday"), or the day that clause hangs on ("since Thursday, when
    security forces cracked down"); none when the trigger is in the main clause."""
    openers = list(SUBCLAUSE_OPEN.finditer(text, sentence.start, cue.start))
    if not openers:
        return []
    opener = openers[-1]
    if "," in text[opener.end() : cue.start]:
        return []  # "after clashes on Monday, the army took the town": a clause ended
    stop = _CLAUSE_END.search(text, cue.end, sentence.end)
    end = stop.start() if stop else sentence.end
    inside = [d for d in dates if opener.start() <= d.start and d.end <= end]
    if inside and best_event_date(inside, None)[0] is not None:
        return inside
    # "on Friday evening, when demonstrators tried to stop a parade marking internment in
    # 1971": a year of the past inside the clause dates no event; the day it hangs on does.
    if opener.group(0).lower() == "when":
        return [
            d
            for d in dates
            if d.end <= opener.start() and CLAUSE_HANGS_ON.fullmatch(text[d.end : opener.start()])
        ]
    return []


def _in(items: list, sentence: Sentence) -> list:
    return [i for i in items if sentence.start <= i.start and i.end <= sentence.end]


def _span_of(m: ActorMention) -> Span:
    return Span(start=m.start, end=m.end, text=m.text)


def _sum_kind(quantities: list[Quantity], kind: str) -> Quantity | None:
    """The figure of one kind in a sentence: the largest, since tolls are often restated."""
    found = [q for q in quantities if q.kind == kind and q.value is not None]
    return max(found, key=lambda q: q.value or 0) if found else None


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, smaller first; a lone actor pairs with 0."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _direction_bump(text: str, mention: PlaceMention | None) -> int:
    """'eastern Syria' names part of a region, 'the outskirts of Guadalajara' somewhere
    near the city: less precise than the named place's point (ACLED's precision 2)."""
    if mention is None:
        return 0
    before = text[max(0, mention.start - 40) : mention.start]
    return 1 if DIRECTION.search(before[-20:]) or NEARBY_BEFORE.search(before) else 0


def _according_to(sentence: Sentence) -> Span | None:
    """The named source in "according to X" when X is not in the actor dictionary."""
    match = ACCORDING_TO.search(sentence.text)
    if not match:
        return None
    name = match.group(1).rstrip()
    start = sentence.start + match.start(1)
    return Span(start=start, end=start + len(name), text=name)


def _has_verb(doc: Doc | None, start: int, end: int) -> bool:
    """Whether a verb stands between two offsets: then a "by X" belongs to that verb
    ("sent forces to prevent advances by militants"), not to the trigger."""
    if doc is None:
        return end - start > 40
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is not None and any(t.pos_ == "VERB" for t in span)


# "the 2014 Islamic State attacks", "its 2019 offensive": a year that names the event.
YEAR_BEFORE_TRIGGER = re.compile(
    r"\b(?:the|its|their|his|her)\s+((?:19|20)\d\d)\s+(?:[\w'’-]+\s+){0,3}$", re.I
)


def _past_year_before(
    text: str, sentence: Sentence, cue: EventCue, published: dt.date | None
) -> bool:
    """Whether the event's noun is named by a year that ended more than BACKGROUND_DAYS
    before the report ("the 2014 attacks"): a bare year gives no date mention of its own,
    so the event would otherwise take the report's date."""
    m = YEAR_BEFORE_TRIGGER.search(text, max(sentence.start, cue.start - 60), cue.start)
    if m is None or published is None:
        return False
    return (published - dt.date(int(m.group(1)), 12, 31)).days > BACKGROUND_DAYS


def _background(event: Event, ex: Extraction) -> bool:
    """A past event recalled for context ("for the first time since 2016"): not news."""
    published = ex.document.published
    return (
        published is not None
        and event.event_date is not None
        and (published - event.event_date).days > BACKGROUND_DAYS
    )


def _coordinated(
    text: str, mention: ActorMention | None, participants: list[ActorMention]
) -> tuple[ActorMention | None, ActorMention | None]:
    """ "Russian and Syrian warplanes": the first of coordinated actors leads, the next is
    its associate (ACLED's assoc_actor)."""
    if mention is None:
        return None, None
    chain = [mention]
    while True:
        left = [m for m in participants if m.end <= chain[0].start]
        if left and COORDINATION.fullmatch(text[left[-1].end : chain[0].start]):
            chain.insert(0, left[-1])
            continue
        right = [m for m in participants if m.start >= chain[-1].end]
        if right and COORDINATION.fullmatch(text[chain[-1].end : right[0].start]):
            chain.append(right[0])
            continue
        break
    return chain[0], (chain[1] if len(chain) > 1 else None)


def _locatable_places(ex: Extraction) -> list[PlaceMention]:
    """The place mentions an event may be located at, filtered once per document.

    Approximate places (a name the gazetteer lacks, pinned to the story's main town),
    places inside actor names and places used as adjectives ("Ankara-backed") are not.
    """
    text = ex.document.text
    return [
        p
        for p in ex.places
        if p.place is not None
        and p.place.geonameid
        and not _in_actor(p, ex)
        and not _building_name(p, ex)
        and not AFFILIATION_AFTER.match(text, p.end)
        and not ALLEGIANCE_BEFORE.search(text, max(0, p.start - 5), p.start)
        # "Moscow blamed ..." speaks; "hospitals in Kharkiv said ..." are in Kharkiv, but
        # "officials in Freetown said" and "the ministry in London said" are a government.
        and not (
            SPEAKER_AFTER.match(text, p.end)
            and not (
                (
                    IN_BEFORE.search(text, max(0, p.start - 12), p.start)
                    or LOCAL_PEOPLE_OF_BEFORE.search(text, max(0, p.start - 20), p.start)
                )
                and not _government_seat(p.place)
            )
        )
        and not (_government_seat(p.place) and GOVERNMENT_ACTS_AFTER.match(text, p.end))
        and not GOVERNMENT_IN_BEFORE.search(text, max(0, p.start - 30), p.start)
        and not ATTACKERS_FROM_BEFORE.search(text, max(0, p.start - 50), p.start)
        and not (
            _government_seat(p.place)
            and SLOGANS_AGAINST_BEFORE.search(text, max(0, p.start - 60), p.start)
        )
        and not (
            is_country(p.place) and BORDER_WITH_BEFORE.search(text, max(0, p.start - 60), p.start)
        )
        and not (
            _government_seat(p.place)
            and RELATIONS_WITH_BEFORE.search(text, max(0, p.start - 40), p.start)
        )
        # "died overnight at a Kathmandu hospital": where the wounded were taken.
        and not (
            TREATED_BEFORE.search(text, max(0, p.start - 60), p.start)
            and HOSPITAL_AFTER.match(text, p.end)
        )
        and not TITLE_AFTER.match(text, p.end)
        and not CONSTITUENCY_BEFORE.search(text, max(0, p.start - 40), p.start)
        and not ADDRESSEE_BEFORE.search(text, max(0, p.start - 30), p.start)
        and not LAUNCH_BEFORE.search(text, max(0, p.start - 60), p.start)
        # "the Nairobi-bound coach": where the bus was going, not where it was stopped.
        and not text.startswith("-bound", p.end)
        # "European Union membership", "across Africa": a continent or bloc with no
        # country is no event's location (a sea or gulf is: "in the Gulf of Aden").
        and (p.place.country_code or p.place.feature_class == "H")
        # "a boat on the Niger river": the river, not the country.
        and not (p.place.feature_code == "PCLI" and RIVER_AFTER.match(text, p.end))
        and not (p.place.feature_class == "P" and RIVER_NAME_AFTER.match(text, p.end))
        and not (p.place.feature_class == "H" and COAST_NOUN_AFTER.match(text, p.end))
        and not (p.text != p.place.name and WHO_AFTER.match(text, p.end))
    ]


def _government_seat(place: Place) -> bool:
    """A national capital or a country: names that often stand for a government
    ("Moscow blamed ...", "ties with Washington")."""
    return place.feature_code == "PPLC" or is_country(place)


def _building_name(mention: PlaceMention, ex: Extraction) -> bool:
    """Whether a town's name names a building or a town's part instead ("the Byblos
    hotel in Sévaré", "the capital's Santa Barbara neighbourhood"): it stands in such a
    name and lies in a country no other place of the story does."""
    place = mention.place
    text = ex.document.text
    if place is None or place.feature_class != "P" or not place.country_code:
        return False
    if not (
        BUILDING_AFTER.match(text, mention.end)
        or PART_OR_APPOSED_BUILDING_AFTER.match(text, mention.end)
        or BUILDING_OF_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    ):
        return False
    return all(
        p.place is None or p.place.country_code != place.country_code
        for p in ex.places
        if p.text != mention.text
    )


def _in_actor(mention: PlaceMention, ex: Extraction) -> bool:
    """Whether the place name lies inside an actor's name ("Syrian" in "Syrian army"), or
    inside an organisation's name that is no venue ("a branch of New Kabul Bank in
    Jalalabad", "the Tehran Times"): a name, not where."""
    if any(_overlaps(mention.start, mention.end, a.start, a.end) for a in ex.actors):
        return True
    return any(
        e.label == "ORG"
        and e.start <= mention.start
        and mention.end <= e.end
        and len(words := _name_words(e.text)) > len(_name_words(mention.text))
        and not set(words) & LOCAL_FEATURE_WORDS
        # "Galle Face in Colombo" read as one organisation: "in" says where, not a name.
        and not IN_NAME_LOCATIVE.search(ex.document.text, e.start, mention.start)
        for e in ex.entities
    )


LEADING_THE = re.compile(r"^\s*the\s+", re.I)


def _name_words(text: str) -> list[str]:
    # "the" goes first, so that name_key also drops an article after it: "the al-Anad"
    # is the one word of "al-Anad", not a longer name around it.
    return name_key(LEADING_THE.sub("", text)).split()


def _approximate_in(ex: Extraction, sentence: Sentence, cue: EventCue) -> PlaceMention | None:
    """The approximated place (a name the gazetteer lacks, pinned to the report's town)
    nearest the trigger in its sentence, unless it lies inside an actor's name."""
    near = [
        p
        for p in _in(ex.places, sentence)
        if p.place is not None and is_approximate(p.place) and not _in_actor(p, ex)
    ]
    return min(near, key=lambda p: abs(p.start - cue.start), default=None)


def _pinned_elsewhere(mention: PlaceMention, focus: PlaceMention) -> bool:
    """Whether an approximate place lies away from the report's main town: its own name
    pinned it to another town ("South Jakarta" to Jakarta), not the report's town."""
    a, b = mention.place, focus.place
    return a is not None and b is not None and haversine_km(a.lat, a.lon, b.lat, b.lon) > 1.0


# A city this big hosts many events a day, so naming it says little about which one.
SITE_MAX_POPULATION = 1_000_000
POSSESSIVE_END = re.compile(r"['’]s?$")
# A place named as a reference point ("near Laiza", "north of Homs") is not the spot.
NEAR_BEFORE = re.compile(
    r"\b(?:near|outside|towards?)\s+(?:the\s+)?(?:(?:town|city)\s+of\s+)?$", re.I
)


def _sites(ex: Extraction, sentence: Sentence, origin: PlaceMention | None) -> list[str]:
    """Keys of the specific places that say where the event was: its own location when
    that is a town or site, and the villages the gazetteer lacks that the sentence names
    (not as a reference point: "near El Fasher"). Countries, admin areas, regions and
    cities of a million people are left out: many different events share them."""
    text = ex.document.text
    mentions = [origin] if origin is not None and origin.place is not None else []
    mentions += [
        m
        for m in _in(ex.places, sentence)
        if m.place is not None
        and is_approximate(m.place)
        and not _in_actor(m, ex)
        and not NEAR_BEFORE.search(text[max(sentence.start, m.start - 40) : m.start])
    ]
    return _site_keys(mentions)


def _report_sites(ex: Extraction) -> list[str]:
    """Keys of the specific places the whole report names as places of its own (not a
    reference point, not inside an actor's name): villages the gazetteer lacks, towns and
    sites below SITE_MAX_POPULATION."""
    text = ex.document.text
    return _site_keys(
        m
        for m in ex.places
        if m.place is not None
        and not _in_actor(m, ex)
        and not NEAR_BEFORE.search(text[max(0, m.start - 40) : m.start])
    )


def _site_keys(mentions: Iterable[PlaceMention]) -> list[str]:
    """Folded names, in order and once each, of the mentions whose place is specific: a
    name the gazetteer lacks, or a town or site below SITE_MAX_POPULATION."""
    keys: list[str] = []
    for m in mentions:
        place = m.place
        assert place is not None
        if not is_approximate(place) and (
            _specificity(place) < 1.0 or place.population >= SITE_MAX_POPULATION
        ):
            continue
        key = name_key(POSSESSIVE_END.sub("", m.text))
        if key and key not in keys:
            keys.append(key)
    return keys


# "attack on the capital", "the capital's main square"; not "the capital of Chad" (a
# toponym follows) nor "the Libyan capital" (the geocoder reads that one when the model
# tags the two words as one place; "the Kyrgyz capital", where it tags the adjective
# alone, is read here).
COUNTRY_CAPITAL_AFTER = re.compile(r"(?:['’]s)?\s+(capital)\b(?!\s+(?:city\s+)?of\b)")
BARE_CAPITAL = re.compile(r"\b[Tt]he\s+(capital)\b(?!\s+of\b)")


def _covered(places: list[PlaceMention], match: re.Match[str]) -> bool:
    return any(p.start < match.end() and match.start() < p.end for p in places)


def _written_as_name(mention: PlaceMention) -> bool:
    """The mention is the place's name ("Nigeria", "DRC"), not an adjective ("Nigerian")."""
    place = mention.place
    return place is not None and (
        mention.text.lower() == place.name.lower() or mention.text.isupper()
    )


def _adjectival_country(mention: PlaceMention) -> bool:
    """A country named only by its adjective ("Israeli", "Armenian families")."""
    return mention.place is not None and is_country(mention.place) and not _written_as_name(mention)


def _says_who(mention: PlaceMention, text: str) -> bool:
    """A country's adjective that says who ("Tuesday's Israeli attack"), not a place noun
    it qualifies ("the Syrian town of ..."); or a country that owns the speaker or the
    force ("Ukraine's defence ministry said ...")."""
    if _state_owner(mention, text):
        return True
    return _adjectival_country(mention) and not PLACE_NOUN_AFTER.match(text, mention.end)


def _state_owner(mention: PlaceMention, text: str) -> bool:
    """A country named as the owner of a state body ("Chad's government", "Ukraine's
    defence ministry"): whose, not where."""
    return (
        mention.place is not None
        and is_country(mention.place)
        and STATE_OWNER_AFTER.match(text, mention.end) is not None
    )


def _focus_place(places: list[PlaceMention]) -> PlaceMention | None:
    """The place a report is about: its most mentioned town or site (first on a tie)."""
    return _most_mentioned(
        m for m in places if m.place is not None and _specificity(m.place) >= 0.5
    )


def _area_place(places: list[PlaceMention], text: str) -> PlaceMention | None:
    """The admin-1 area or country a report names most, written as its name ("Nigeria",
    "DRC"; not an adjective such as "Nigerian", nor a name used as one, "a senior US
    diplomat", which say who rather than where)."""
    return _most_mentioned(
        m
        for m in places
        if m.place is not None
        and _specificity(m.place) < 0.5
        and (_written_as_name(m) or m.text.lower() in m.place.name.lower().split())  # "Congo"
        # "Nangarhar officials" are the province's own, so they still say where.
        and not (is_country(m.place) and WHO_NOUN_AFTER.match(text, m.end))
        and not _state_owner(m, text)
    )


# A country's name before a word for people or an office is who, not where.
WHO_NOUN_AFTER = re.compile(
    r"\s+(?:(?:special|senior|top|former|deputy|acting)\s+)?(?:diplomats?|envoys?|officials?|"
    r"ambassadors?|troops|soldiers|forces|army|military|president|government|embassy|"
    r"secretary|ministers?|delegations?|citizens|nationals|lawmakers|senators?|officers|"
    r"contractors|aid|drones?|jets|warplanes|navy|authorities|intelligence|spokes(?:man|woman))\b",
    re.I,
)


def _most_mentioned(mentions: Iterable[PlaceMention]) -> PlaceMention | None:
    """The first mention of the gazetteer place mentioned most often (first on a tie)."""
    counts: dict[int, list[PlaceMention]] = {}
    for mention in mentions:
        if mention.place is not None and mention.place.geonameid:
            counts.setdefault(mention.place.geonameid, []).append(mention)
    if not counts:
        return None
    return max(counts.values(), key=lambda ms: (len(ms), -ms[0].start))[0]


def _collapse_sentence(events: list[Event]) -> list[Event]:
    """One event per (type, actor) in a sentence: two cues for one strike are one event.

    A change of territory told with the fighting or the withdrawal around it ("took
    Hama after days of fighting as the army withdrew") is one territorial event too.
    """
    kept: list[Event] = []
    for event in events:
        twin = next((k for k in kept if _same_in_sentence(k, event)), None)
        if twin is None:
            kept.append(event)
            continue
        winner, other = (event, twin) if _more_specific(event, twin) else (twin, event)
        kept[kept.index(twin)] = _fill_roles(winner, other)
    return kept


def _same_in_sentence(a: Event, b: Event) -> bool:
    if a.kind != b.kind:
        return False
    if a.sub_event_type == b.sub_event_type and a.event_type != "Strategic developments":
        # "US forces struck 75 targets ... jets took part in the raids": one strike.
        # Deployments are the exception: two sides can deploy in one sentence.
        return True
    if a.sub_event_type in TERRITORIAL and b.sub_event_type in TERRITORIAL:
        return a.place is None or b.place is None or a.place.geonameid == b.place.geonameid
    return a.event_type == b.event_type and a.actor1 == b.actor1


def _fill_roles(winner: Event, other: Event) -> Event:
    """Keep the winner's reading, with the actors only the other cue found."""
    if winner.actor1 is not None:
        return winner
    names = {other.actor1, other.actor2}
    update: dict[str, object] = {"actor1": other.actor1, "inter1": other.inter1}
    if winner.actor2 is None and other.actor2 is not None and other.actor2 != update["actor1"]:
        update |= {"actor2": other.actor2, "inter2": other.inter2}
    if not names - {None}:
        return winner
    merged = winner.model_copy(update=update)
    return merged.model_copy(update={"interaction": _interaction(merged.inter1, merged.inter2)})


def _more_specific(a: Event, b: Event) -> bool:
    if a.sub_event_type == b.sub_event_type:
        # The first mention is the main clause's; later ones restate it.
        return _trigger_start(a) < _trigger_start(b)
    rank = {"Armed clash": 0, TRANSFER: 1}
    if a.sub_event_type in TERRITORIAL and b.sub_event_type in TERRITORIAL:
        ra, rb = rank.get(a.sub_event_type, 2), rank.get(b.sub_event_type, 2)
        if ra != rb:
            return ra > rb
    generic = {"Armed clash", "Other", "Attack", "Shelling/artillery/missile attack"}
    if (a.sub_event_type in generic) != (b.sub_event_type in generic):
        return b.sub_event_type in generic
    return a.confidence > b.confidence


def _trigger_start(event: Event) -> int:
    trigger = event.evidence[0].fields.get("trigger") if event.evidence else None
    return trigger.start if trigger is not None else 0


def _compatible(a: Event, b: Event) -> bool:
    if (a.kind, a.sub_event_type) != (b.kind, b.sub_event_type):
        return False
    # Displaced people are civilians whichever country their record names.
    if a.kind == "event" and a.actor1 and b.actor1 and a.actor1 != b.actor1:
        return False
    if a.actor2 and b.actor2 and a.actor2 != b.actor2:
        return False
    if (
        a.place
        and b.place
        and a.place.geonameid != b.place.geonameid
        and haversine_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) > 50
    ):
        return False
    exact = {"day"}
    return not (
        a.event_date
        and b.event_date
        and a.date_precision in exact
        and b.date_precision in exact
        and a.event_date != b.event_date
    )


def _merge_within_document(events: list[Event]) -> list[Event]:
    """Merge the mentions of one event that a document spreads over several sentences."""
    merged: list[Event] = []
    for event in events:
        target = next((m for m in merged if _compatible(m, event)), None)
        if target is None:
            merged.append(event)
            continue
        merged[merged.index(target)] = _combine(target, event)
    return merged


def _combine(a: Event, b: Event) -> Event:
    update: dict[str, object] = {}
    for name in Event.model_fields:
        if name in {"id", "evidence", "confidence", "notes"}:
            continue
        if getattr(a, name) in (None, "") and getattr(b, name) not in (None, ""):
            update[name] = getattr(b, name)
    if a.date_precision != "day" and b.date_precision == "day":
        update["event_date"], update["date_precision"] = b.event_date, "day"
    for name in ("fatalities", "displaced"):
        values = [v for v in (getattr(a, name), getattr(b, name)) if v is not None]
        if values:
            update[name] = max(values)
    if a.place is None and b.place is not None:
        update["geo_precision"] = b.geo_precision
    update["confidence"] = max(a.confidence, b.confidence)
    update["sites"] = list(dict.fromkeys(a.sites + b.sites))
    update["evidence"] = a.evidence + b.evidence
    return a.model_copy(update=update)
