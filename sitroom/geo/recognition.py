"""Toponym recognition: which spans of a text name places.

spaCy's GPE/LOC/FAC entities are trusted (less one unknown word, or a given name next
to a surname); well-known places a small model mislabels are rescued ("Homs" as ORG);
curated infrastructure phrases are matched directly ("the Rustan bridge"); adjectival
forms used as modifiers count ("Russian officials"), as do place names inside
organisations', titles' and actors' names ("New York" in "New York Times") and
well-known names the model missed altogether.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Iterable, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from sitroom.geo.build import CURATED_ID_BASE
from sitroom.geo.gazetteer import Gazetteer, is_generic_name
from sitroom.geo.precision import haversine_km
from sitroom.model import Entity, Place, PlaceMention
from sitroom.nlp.entities import place_name_core

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
_NEXT_WORD = re.compile(r"(?:[ \t]+|-)([A-Za-z][\w'’-]*)")
_COORDINATED = re.compile(r"\s*(?:,|,? and|,? or)\s+[A-Z]")
# Labels a small model gives to places it does not know ("Homs" ORG, "Rustan" EVENT).
# NORP stays out: "Syrian" is a nationality, not a place. "in eastern Abidjan" may come
# out as a LANGUAGE; a language's name in a place's position is rarely a city of 20,000.
RESCUE_LABELS = frozenset({"ORG", "PERSON", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})
# Bodies the model rightly calls organisations that share a name with places ("White
# House" is also a name of Casablanca).
INSTITUTIONS = frozenset(
    {
        "congress", "parliament", "senate", "kremlin", "pentagon", "knesset", "duma", "cabinet",
        "white house",
    }
)  # fmt: skip
# "the Ahmadi community", "the Hazara minority": a people, not the town of that name.
PEOPLE_AFTER = re.compile(r"\s+(?:communit(?:y|ies)|minorit(?:y|ies)|sects?|faithful|tribes?)\b")
# Of those, the labels a small model gives a city it does not know ("Kramatorsk held
# funerals" PRODUCT) far more often than to a real product or law sharing a city's name:
# one such word naming a city of SEAT_MIN_POPULATION or more is taken for the city.
ODD_PLACE_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LAW"})
# A mislabelled span counts as a place only if it names somewhere this big (or curated,
# a country or an admin-1 area): small villages share names with people and groups.
RESCUE_MIN_POPULATION = 20_000
# One capitalised word the model calls an organisation is a place only if it names a big
# city ("Moscow said ...") or a notable admin seat; towns share names with companies.
BIG_CITY_POPULATION = 1_000_000
SEAT_MIN_POPULATION = 100_000
RESCUE_NEAR_KM = 100.0
# Entities whose names may embed a place name ("New York Times", "Iraq War").
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"})
EMBEDDED_MAX_WORDS = 4
RESCUE_MIN_SIMILARITY = 0.9
# "Galle Face in Colombo", "the GT Road at Muridke": a preposition inside a (misread)
# organisation's name that says where the name after it lies.
IN_NAME_LOCATIVE = re.compile(r"\s(?:in|at|near|outside)\s+$")
PLACE_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|into|across|around|from|at|out of|(?:north|south|east|west)(?:-?"
    r"(?:east|west))?(?:ern)? of|taken|took|take|captured?|seized?|entered|enter|overran|"
    r"stormed|shelled|struck|bombed|hit|shook|rocked|jolted|fled|lost|loses|losing|retook|retaken|recaptured?|"
    r"regained|besieged|encircled|liberated|abandoned|evacuated|defending|attacked|raided|"
    r"torched|through|swept|engulfed|gripped|leaving|left|"
    r"(?:control|outskirts|edge|siege|fall|capture|"
    r"battle) (?:of|for)|residents of|inhabitants of|mayor of|"
    r"(?:entrance|approach|gates?|road|highway) to)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west)(?:-?(?:east|west))?ern\s+|"
    r"central\s+|downtown\s+)?|\b(?:city|town|village|port|district|suburb|camp|area|"
    r"region|province|county|neighbourhood|neighborhood) of\s+|"
    r"\b(?:town|village|island|district|camp),\s+)$",
    re.I,
)
# Who holds a place, between the word that says it is a place and its name, with the
# part of it meant: "in rebel-held eastern Aleppo", "the district of opposition-controlled
# Douma".
HELD_BEFORE = re.compile(
    r"\b[A-Za-z]+-(?:held|controlled|run|occupied|besieged|administered)\s+"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?ern\s+|central\s+)?$",
    re.I,
)
HELD_MAX = 40
# Words after a mislabelled name that show it is a place: "Tal Rifaat fell", "Tal Rifaat,
# held by the SDF since 2016, fell", "a Kramatorsk restaurant", "Daraa province",
# "Rafah's eastern neighbourhoods".
PLACE_CUE_AFTER = re.compile(
    r"(?:,[^,.;]{1,60},)?\s+(?:fell|falls|has fallen|had fallen|was (?:captured|taken|seized|"
    r"overrun|shelled|bombed|struck|besieged|encircled|liberated|retaken|recaptured)|"
    r"(?:city|town|village|province|governorate|district|region|countryside|outskirts|suburbs?|"
    r"airport|restaurant|market|hospital|residents?)\b)|['’]s\s+(?:(?:north|south|east|west)"
    r"(?:-?(?:east|west))?ern\s+|central\s+)?(?:neighbourhoods?|neighborhoods?|districts?|"
    r"outskirts|suburbs?|port|airport|centre|center|old city|streets|refugee camp)\b",
    re.I,
)
PERSON_MIN_SIMILARITY = 0.95
# "Kramatorsk spoke to reporters": a lone name that speaks is a person.
SPEECH_AFTER = re.compile(
    r"\s+(?:said|says|spoke|speaks|told|tells|added|wrote|asked|replied|argued|insisted|"
    r"denied|stated|explained|recalled)\b"
)
# Entities whose span the model often stretches over a neighbouring name, and the words
# that are really theirs ("March" the month, not the town).
TEMPORAL_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"})
_CALENDAR = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight"
)
CALENDAR_WORDS = frozenset(_CALENDAR.split())
# Feast and holy days that share a name with a town ("the mourning day of Ashura" is no
# village in Iran): news names them as days, not places.
FEAST_DAYS = frozenset(
    {
        "ashura", "arbaeen", "muharram", "ramadan", "eid", "eid al-fitr",
        "eid al-adha", "nowruz", "easter", "christmas", "diwali", "holi", "passover",
        "yom kippur", "hanukkah", "mawlid", "shab-e-barat", "good friday", "pentecost",
    }
)  # fmt: skip

# Town names that are also the adjective of a telephone service: "Mobile internet
# remains suspended" is no news from Mobile, Alabama.
SERVICE_WORDS_AFTER = re.compile(
    r"\s+(?:internet|phones?|networks?|data|services?|signals?|coverage|connections?|"
    r"communications|operators?|money|telephony|lines?)\b",
    re.I,
)
SERVICE_ADJECTIVES = frozenset({"mobile", "cellular", "satellite"})

_DOTTED_ABBREVIATION = re.compile(r"(?:^|[\s.])[A-Z]\.[A-Z]\.$")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;\"“”]\s*|\n\s*)\Z")
_LEADING_THE = re.compile(r"^(the|The|THE)\s+")
_TRAILING_POSSESSIVE = re.compile(r"(['’]s|['’])$")
_HYPHENATED_REST = re.compile(r"(?:-[\w'’]+)+")
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
    if _DOTTED_ABBREVIATION.search(text[: len(stripped) + text.find(stripped) + 1]):
        stripped += "."  # "U.S.", "D.C.": the final period belongs to the name
    lead = text.find(stripped) if stripped else 0
    start += lead
    # "northern Hama province" (as the entity component labels it) -> "Hama".
    core_start, core_end = place_name_core(stripped)
    return stripped[core_start:core_end], start + core_start, start + core_end


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
    in_names: bool = False,
    countries: Iterable[str] = (),
) -> list[PlaceMention]:
    """Spans of ``text`` that name places, in text order, none overlapping ``exclude``
    (actor mentions such as "Islamic State") or each other.

    Place names inside organisations' and events' names count ("New York" in "New York
    Times"), as GeoWebNews counts them (associative toponyms). ``in_names`` also finds
    them inside actor mentions and a person's title ("Syrian" in "Syrian army", "U.S." in
    "U.S. President Obama"); ``countries`` (ISO codes of the armed groups the text names)
    count like the countries of its well-labelled places. ``in_names`` is off by default
    because a ``PlaceMention`` cannot yet say that it is only part of a name, and event
    assembly would take such a place for where the actor's event happened."""
    excluded = [(int(s), int(e)) for s, e in exclude]
    found: list[tuple[int, int, int, str]] = []  # (priority, start, end, text)

    pattern = _curated_regex(gazetteer)
    if pattern is not None:
        # "Mir Ali Shah, a tribal elder": a curated town's name inside a longer person's
        # name is part of the name.
        people = [(e.start, e.end) for e in entities if e.label == "PERSON"]
        for m in pattern.finditer(text):
            if m.group(0)[0].islower():  # "zamzam water" is not the camp
                continue
            if any(s <= m.start() and m.end() <= e and (s, e) != m.span() for s, e in people):
                continue
            found.append((3, m.start(), m.end(), m.group(0)))

    spans = [(ent.label, span) for ent in entities for span in _entity_spans(text, ent, gazetteer)]
    # Where the well-labelled places lie: a mislabelled small town near them counts, and
    # so does one in their countries when it is an item of a list ("Qamishli and Kobani").
    tops = [
        top.place
        for label, (span_text, _, _) in spans
        if label in PLACE_LABELS
        for top in gazetteer.candidates(span_text, limit=1)
        if top.similarity >= RESCUE_MIN_SIMILARITY
    ]
    anchors = [p for p in tops if p.feature_class in ("P", "S")]
    # ... and the countries of the armed groups it names ("SPLM-IO fighters captured
    # Bentiu": a South Sudanese town in a place's position).
    doc_countries = {p.country_code for p in tops if p.country_code} | set(countries)
    # ... and the countries its nationality adjectives name ("Ecuadorian prosecutors ... a
    # farmer shot in Cotacachi", where the model took the town for an organisation).
    doc_countries |= {
        d.country_code
        for label, (span_text, _, _) in spans
        if label == "NORP"
        and (d := gazetteer.demonym(span_text)) is not None
        and d.feature_code == "PCLI"
        and d.country_code
    }
    listed = {
        (start, end)
        for ent in entities
        for _, start, end in _entity_spans(text, ent, gazetteer)
        if (start, end) != _trim(text[ent.start : ent.end], ent.start, ent.end)[1:]
    }
    persons = [(e.start, e.end) for e in entities if e.label == "PERSON"]
    person_words = {
        w for e in entities if e.label == "PERSON" and " " in e.text for w in e.text.split()
    }
    # Every capitalised phrase of the text, checked against the gazetteer in one query.
    known = gazetteer.known_names(_capitalised_phrases(text))
    for label, (span_text, start, end) in spans:
        single = " " not in span_text
        # "in central Kramatorsk", "had taken Goma": the words before say it is a place.
        located = _in_place_position(text, start, end, window=30) or (
            label == "PERSON"
            and single
            and span_text not in person_words
            and not SPEECH_AFTER.match(text, end)
            and _lone_city_name(span_text, gazetteer, doc_countries)
        )
        if label in DEMONYM_LABELS and _is_place_modifier(text, span_text, end, gazetteer):
            found.append((2, start, end, span_text))
        elif label in PLACE_LABELS:
            if single and _next_to_person(text, start, end, persons):
                continue  # "David" in "David Smith": a given name that is also a town
            candidates = gazetteer.candidates(span_text) if single else []
            if single and not candidates:
                continue  # one unknown word the model guessed is a place: mostly not one
            if label == "FAC" and single and not any(c.similarity >= 1.0 for c in candidates):
                continue  # "the Capitol": a building, not a near spelling of Capitola
            found.append((2, start, end, span_text))
        elif (
            (
                label in RESCUE_LABELS
                # "after Kidal fell": a name the model calls a nationality, in a place's
                # position, that is no nationality's adjective; one word alone only if
                # it names a national capital ("roamed central Bishkek")
                or (
                    label == "NORP"
                    and (located or (single and _is_capital_name(span_text, gazetteer)))
                    and gazetteer.demonym(span_text) is None
                )
            )
            and span_text.lower() not in STOP_WORDS  # "we" ~ Huế, "us" ~ the US
            # "read in Arabic" (~ Ārabī, Ethiopia) is a language, "in eastern Abidjan" not
            and not (label == "LANGUAGE" and span_text.lower() in _language_names())
            and span_text.lower() not in INSTITUTIONS  # "stuck in Congress"
            and not PEOPLE_AFTER.match(text, end)
            and _is_known_place(
                span_text,
                gazetteer,
                anchors,
                doc_countries if (start, end) in listed or located else set(),
                person=label == "PERSON" and not located,
                located=located,
                odd_label=label in ODD_PLACE_LABELS,
            )
        ):
            found.append((1, start, end, span_text))
        elif label in EMBEDDING_LABELS:
            found += [
                (1, s, e, t)
                for s, e, t in _embedded_toponyms(
                    text, start, end, gazetteer, anchors=anchors, known=known
                )
            ]
        elif label == "PERSON" and in_names:
            found += [
                (1, s, e, t) for s, e, t in _title_toponyms(text, start, end, gazetteer, known)
            ]

    # Well-known names the model missed altogether ("Mixed" toponyms in headlines, lists).
    covered = [(e.start, e.end) for e in entities]
    for s, e, t in _embedded_toponyms(text, 0, len(text), gazetteer, strict=True, known=known):
        if any(_overlaps((s, e), c) for c in covered):
            continue
        if " " not in t and _SENTENCE_START.search(text, 0, s) is not None:
            continue  # a capital that may only mark a new sentence
        if gazetteer.demonym(t) is not None and not _is_place_modifier(text, t, e, gazetteer):
            continue
        found.append((0, s, e, t))

    # Known names the model gave no entity at all, in a place's position ("the Borno town
    # of Gwoza", "leaving eastern Rafah"), held to the standard of a mislabelled span. A
    # date or number span the model stretched over a name ("in Owo three days ago" as one
    # DATE) does not hide it, unless the name is itself a month or weekday.
    taken = [(e.start, e.end) for e in entities if e.label not in TEMPORAL_LABELS]
    taken += [(f[1], f[2]) for f in found]
    names = {(e.start, e.end) for e in entities if e.label in EMBEDDING_LABELS}
    runs, grams = _phrase_grams(text, 0, len(text))
    for (i, j, n), (name, s, e) in grams.items():
        if not name or name not in known or name.lower() in CALENDAR_WORDS:
            continue
        if _part_of_unknown_name(text, runs[j], i, n, known):
            continue
        inside = [c for c in taken if _overlaps((s, e), c)]
        # "the GT Road at Muridke" read as one organisation: "at" says where Muridke is.
        in_name = bool(inside) and all(
            c in names and c[0] < s and e <= c[1] and IN_NAME_LOCATIVE.search(text, c[0], s)
            for c in inside
        )
        if (
            inside
            and not in_name
            and (" " not in name or any(c[0] < s or c[1] > e or c == (s, e) for c in inside))
        ):
            continue
        # A longer known name the model split into pieces ("Dera" GPE + "Ismail Khan"
        # PERSON) outranks the pieces when its position says it is a place.
        priority = 2 if inside else 0
        located = _in_place_position(text, s, e, window=40)
        if (
            located
            and name.lower() not in STOP_WORDS
            and name.lower() not in INSTITUTIONS
            and gazetteer.demonym(name) is None
            and _is_known_place(name, gazetteer, anchors, doc_countries, located=True)
        ):
            found.append((priority, s, e, name))

    # Inside an actor's name only a country or its adjective counts ("Syrian" in "Syrian
    # army", "U.S." in "U.S. forces"); event assembly ignores places inside actors.
    exempt = set()
    for a_start, a_end in excluded if in_names else []:
        for s, e, t in _embedded_toponyms(text, a_start, a_end, gazetteer, known=known):
            if _is_country_name(t, gazetteer):
                exempt.add((s, e))
                found.append((1, s, e, t))

    # Curated phrases first, then NER places, then rescued spans; longer spans first.
    found.sort(key=lambda f: (-f[0], -(f[2] - f[1]), f[1]))
    kept: list[tuple[int, int, int, str]] = []
    for item in found:
        span = (item[1], item[2])
        if span not in exempt and any(_overlaps(span, x) for x in excluded):
            continue
        # "East" of "East and West Gojjam" is half a name; "the East region" is a place.
        if is_generic_name(item[3]) and not _GENERIC_AREA_AFTER.match(text, item[2]):
            continue
        if item[0] < 3 and item[3].lower() in FEAST_DAYS:
            continue
        if item[3].lower() in SERVICE_ADJECTIVES and SERVICE_WORDS_AFTER.match(text, item[2]):
            continue
        if any(_overlaps(span, (k[1], k[2])) for k in kept):
            continue
        kept.append(item)
    kept.sort(key=lambda k: k[1])
    return [PlaceMention(text=t, start=s, end=e) for _, s, e, t in kept]


@functools.cache
def _language_names() -> frozenset[str]:
    """Lower-case names of the world's languages (ISO 639-3, from pycountry)."""
    import pycountry

    names: set[str] = set()
    for language in pycountry.languages:
        for attr in ("name", "common_name", "inverted_name"):
            value = getattr(language, attr, None)
            if value:
                names.update(part.strip().lower() for part in value.replace(",", ";").split(";"))
    return frozenset(names)


_GENERIC_AREA_AFTER = re.compile(r"\s+(?:region|province|state|governorate|district)\b", re.I)


def _in_place_position(text: str, start: int, end: int, *, window: int) -> bool:
    """Whether the words around ``text[start:end]`` say it names a place ("fled Tal
    Rifaat", "Tal Rifaat fell"); ``window`` characters before it are read, not counting
    a word that says who holds the place ("in rebel-held eastern Aleppo")."""
    before = text[max(0, start - window - HELD_MAX) : start]
    held = HELD_BEFORE.search(before)
    if held is not None:
        before = before[: held.start()]
    return bool(PLACE_CUE_BEFORE.search(before[-window:])) or bool(PLACE_CUE_AFTER.match(text, end))


def _is_place_modifier(text: str, span_text: str, end: int, gazetteer: Gazetteer) -> bool:
    """An adjectival form of a place name directly followed by the word it modifies."""
    if gazetteer.demonym(span_text) is None:
        return False
    if _COORDINATED.match(text, end):  # "Chinese and Russian officials"
        return True
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


_LOWER_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|az|at|an|ed|es|ez|en)-[A-Z]")


def _entity_spans(text: str, ent: Entity, gazetteer: Gazetteer) -> list[tuple[str, int, int]]:
    """The entity's trimmed span; or, for a list the model read as one entity ("Qamishli
    and Kobani"), each item when the whole is no place but the items are."""
    if not 0 <= ent.start < ent.end <= len(text):
        return []
    span_text, start, end = _trim(text[ent.start : ent.end], ent.start, ent.end)
    # "abandoned al-Qusair": a name may open with the Arabic article in lower case.
    if not span_text or not (span_text[0].isupper() or _LOWER_ARTICLE.match(span_text)):
        return []
    # "outside Mazar-i-Sharif": the model may stop at a hyphen inside a known name.
    joined = _HYPHENATED_REST.match(text, end)
    if joined and any(
        c.similarity >= 1.0 for c in gazetteer.candidates(span_text + joined.group(0), limit=3)
    ):
        return [(span_text + joined.group(0), start, joined.end())]
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
    name: str,
    gazetteer: Gazetteer,
    anchors: Sequence[Place],
    countries: set[str],
    *,
    person: bool = False,
    located: bool = False,
    odd_label: bool = False,
) -> bool:
    """Whether a mislabelled span names a place: a notable one (curated, a country, a
    capital; for names of two words or more also an admin-1 area or a town of 20,000+,
    for one word a city of a million or an admin seat of 100,000+) or a place within
    RESCUE_NEAR_KM of the places the document names, or, for an item of a list, in one
    of their ``countries``. People's names sit close to place
    names ("Golani" ~ Golan) and organisations are named after towns, so PERSON spans
    must match almost exactly, and a one-word PERSON needs more than size."""
    floor = PERSON_MIN_SIMILARITY if person else RESCUE_MIN_SIMILARITY
    # A name in a place's position is held to the standard of a two-word name.
    single = " " not in name and not located
    for cand in gazetteer.candidates(name, limit=5):
        if cand.similarity < floor:
            continue
        place = cand.place
        if is_curated(place) or place.feature_code in ("PCLI", "CONT", "PPLC"):
            return True
        if not single and (
            place.feature_code == "ADM1" or place.population >= RESCUE_MIN_POPULATION
        ):
            return True
        if single and not person and _notable_city(place):
            return True
        if (
            single
            and odd_label
            and place.feature_class == "P"
            and place.population >= SEAT_MIN_POPULATION
        ):
            return True
        if person and single:
            continue  # "Jackson" near Jackson: a surname far more often than the town
        if cand.similarity >= PERSON_MIN_SIMILARITY and (
            place.country_code in countries
            or any(
                haversine_km(place.lat, place.lon, a.lat, a.lon) <= RESCUE_NEAR_KM for a in anchors
            )
        ):
            return True
    return False


def _lone_city_name(name: str, gazetteer: Gazetteer, countries: set[str]) -> bool:
    """Whether a one-word PERSON is rather a city ("Kremenchuk held a day of mourning"):
    news names a person in full before it uses a surname alone, so a lone name that no
    full name of the text contains and that is a city of SEAT_MIN_POPULATION (or an admin
    seat of RESCUE_MIN_POPULATION) in the text's countries (or any, when it names none)
    is taken for the city."""
    top = gazetteer.candidates(name, limit=1)
    if not top or top[0].similarity < 1.0 or not top[0].primary:
        return False
    place = top[0].place
    seat = place.feature_code in ("PPLA", "PPLC") and place.population >= RESCUE_MIN_POPULATION
    return (
        place.feature_class == "P"
        and (place.population >= SEAT_MIN_POPULATION or seat)
        and (not countries or place.country_code in countries)
    )


def _is_capital_name(name: str, gazetteer: Gazetteer) -> bool:
    """Whether ``name`` is exactly the name of a national capital."""
    top = gazetteer.candidates(name, limit=1)
    return bool(top) and top[0].similarity >= 1.0 and top[0].place.feature_code == "PPLC"


def _notable_city(place: Place) -> bool:
    return place.population >= BIG_CITY_POPULATION or (
        place.feature_code == "PPLA" and place.population >= SEAT_MIN_POPULATION
    )


_CAPITALISED = re.compile(r"(?<![\w.'’-])[A-Z][A-Za-z.'’-]*(?![\w-])")


def _embedded_toponyms(
    text: str,
    start: int,
    end: int,
    gazetteer: Gazetteer,
    *,
    strict: bool = False,
    anchors: Sequence[Place] = (),
    known: set[str] | None = None,
) -> list[tuple[int, int, str]]:
    """Well-known place names inside an organisation's or event's name ("New York" in
    "New York Times", "California" in "University of California", "Russian" in "Russian
    Foreign Ministry"): runs of capitalised words, longest n-grams first, kept when they
    name a country, admin-1 area, continent, curated region or big city exactly, or a
    town near the document's ``anchors`` ("Oakland" in "Oakland Police Department").
    ``known`` is ``Gazetteer.known_names`` of the text's phrases, when already asked."""
    runs, grams = _phrase_grams(text, start, end)
    # One query for all the phrases: only names the gazetteer holds are looked at further.
    if known is None:
        known = gazetteer.known_names(g[0] for g in grams.values() if g[0])
    found = []
    for j, run in enumerate(runs):
        i = 0
        while i < len(run):
            for n in range(min(EMBEDDED_MAX_WORDS, len(run) - i), 0, -1):
                name, s, e = grams[(i, j, n)]
                if (
                    name in known
                    and name.lower() not in INSTITUTIONS
                    and not PEOPLE_AFTER.match(text, e)
                ) and (
                    _is_notable_name(name, gazetteer, strict=strict and n == 1)
                    or _is_near(name, gazetteer, anchors)
                ):
                    found.append((s, e, name))
                    i += n
                    break
            else:
                i += 1
    return found


_Grams = dict[tuple[int, int, int], tuple[str, int, int]]


def _phrase_grams(text: str, start: int, end: int) -> tuple[list[list[tuple[int, int]]], _Grams]:
    """Runs of capitalised words in ``text[start:end]`` (separated by single spaces) and
    their n-grams of up to EMBEDDED_MAX_WORDS words, trimmed, keyed (word, run, n)."""
    words = [(m.start() + start, m.end() + start) for m in _CAPITALISED.finditer(text[start:end])]
    runs: list[list[tuple[int, int]]] = []
    for w in words:
        if runs and text[runs[-1][-1][1] : w[0]] == " ":
            runs[-1].append(w)
        else:
            runs.append([w])
    grams = {
        (i, j, n): _trim(text[run[i][0] : run[i + n - 1][1]], run[i][0], run[i + n - 1][1])
        for j, run in enumerate(runs)
        for i in range(len(run))
        for n in range(1, min(EMBEDDED_MAX_WORDS, len(run) - i) + 1)
    }
    return runs, grams


# Words after a place's name that make a longer name of the same place ("Kabul Airport",
# "Aleppo Province"), not another place.
_NAME_HEADS_WORDS = (
    "province district city region state governorate county town village camp valley "
    "square street road highway market airport airbase base bridge prison hospital "
    "university mosque church stadium port river lake mountains"
)
_NAME_HEADS = frozenset(_NAME_HEADS_WORDS.split())


def _part_of_unknown_name(
    text: str, run: list[tuple[int, int]], i: int, n: int, known: set[str]
) -> bool:
    """Whether the words ``run[i:i+n]`` begin a longer capitalised name the gazetteer lacks
    ("Khair" of "the Khair Khana area of Kabul" is not the Indian town of Khair)."""
    if i + n >= len(run) or text[run[i + n - 1][1] - 1] in ".,;:!?":
        return False
    following = text[run[i + n][0] : run[i + n][1]]
    if following.lower() in _NAME_HEADS:
        return False
    return text[run[i][0] : run[i + n][1]] not in known


def _capitalised_phrases(text: str) -> set[str]:
    return {g[0] for g in _phrase_grams(text, 0, len(text))[1].values() if g[0]}


def _title_toponyms(
    text: str, start: int, end: int, gazetteer: Gazetteer, known: set[str]
) -> list[tuple[int, int, str]]:
    """Place names in a title before a person's name ("U.S. President Barack Obama",
    "Syria's Foreign Minister Walid Muallem"): only a country, admin-1 area, capital or
    adjectival form, and only with at least two more words after it, so that a person
    called "Georgia Smith" keeps her name."""
    found = []
    for s, e, name in _embedded_toponyms(text, start, end, gazetteer, strict=True, known=known):
        if len(_CAPITALISED.findall(text[e:end])) >= 2:
            found.append((s, e, name))
    return found


def _is_near(name: str, gazetteer: Gazetteer, anchors: Sequence[Place]) -> bool:
    """Whether a place of exactly this name lies within RESCUE_NEAR_KM of an anchor."""
    if not anchors or is_generic_name(name):
        return False
    return any(
        cand.similarity >= 1.0
        and any(
            haversine_km(cand.place.lat, cand.place.lon, a.lat, a.lon) <= RESCUE_NEAR_KM
            for a in anchors
        )
        for cand in gazetteer.candidates(name, limit=5)
    )


def _is_country_name(name: str, gazetteer: Gazetteer) -> bool:
    """A country's name or adjectival form ("Syria", "Syrian", "U.S.")."""
    adjectival = gazetteer.demonym(name)
    if adjectival is not None:
        return adjectival.feature_code == "PCLI"
    top = gazetteer.candidates(name, limit=1)
    return bool(top) and top[0].similarity >= 1.0 and top[0].place.feature_code == "PCLI"


def _is_notable_name(name: str, gazetteer: Gazetteer, *, strict: bool = False) -> bool:
    """A country, admin-1 area, continent, curated place, capital or big city by its exact
    name, or an adjectival form of one; ``strict`` (one word outside any entity, where
    a capital letter may only start a sentence) leaves out admin seats."""
    if gazetteer.demonym(name) is not None:
        return True
    if is_generic_name(name):
        return False
    for cand in gazetteer.candidates(name, limit=1):
        place = cand.place
        return cand.similarity >= 1.0 and (
            is_curated(place)
            or place.feature_code in ("PCLI", "ADM1", "CONT", "PPLC")
            or (place.population >= BIG_CITY_POPULATION if strict else _notable_city(place))
        )
    return False
