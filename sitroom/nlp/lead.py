"""A report's main event, and the profile of the report that the learned fuser compares.

News leads with its news: the main event is the first one the report tells, unless the
report opens by recalling an older event or with a reaction to one. Two reports of one
event share their lead, and they share words, names and figures as well, which the
fusion model (``sitroom.fuse.learned``) reads from each record's ``ReportProfile``.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from sitroom.model import Document, Event, ReportEvent, ReportProfile
from sitroom.nlp.dates import LOOKING_BACK, MONTH_NAMES, WEEKDAY_NAMES

# A trigger in a clause opened by one of these words is background to the sentence's news.
SUBORDINATE_BEFORE = re.compile(
    r"\b(?:after|before|since|as|when|while|following|amid|because)\b[^,;]*$", re.I
)

# Arrests told beside a killing or a bombing are its aftermath ("prosecutors put the toll
# at 19 and said four suspects were held"): the report is about the violence.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
FOLLOW_UP_SUBTYPES = frozenset({"Arrests"})

# ACLED strategic developments that are a reaction or a setting, not the incident itself.
CONTEXT_SUBTYPES = frozenset(
    {"Change to group/activity", "Other", "Agreement", "Headquarters or base established"}
)


def main_event(events: list[Event]) -> Event | None:
    """The report's main event: news leads with it, so the first sentence with an event,
    and in it the most confident event, an incident before a strategic development told
    with it -- unless the sentence opens by recalling one
    ("Two days after settlers attacked Huwara, residents were clearing ..."): a follow-up
    report is about the event it follows up. A reaction or setting (CONTEXT_SUBTYPES) is
    the main event only of a report that tells no incident at all; arrests and people
    fleeing are a violent event's aftermath when the report tells one, unless the report
    opens with them and tells the violence only later or in a clause that looks back."""
    if not events:
        return None

    def key(e: Event) -> tuple[int, int, int, float]:
        if not e.evidence:
            return (0, 1, 0, -e.confidence)
        evidence = e.evidence[0]
        date = evidence.fields.get("date")
        trigger = evidence.fields.get("trigger")
        recalled = date is not None and LOOKING_BACK.match(date.text) is not None
        if recalled and date is not None and date.start == evidence.start:
            rank = 0  # the sentence opens with it: the report follows that event up
        elif recalled or (
            trigger is not None
            and SUBORDINATE_BEFORE.search(evidence.text[: max(0, trigger.start - evidence.start)])
        ):
            rank = 2  # "..., five days after the offensive forced fighters to disarm"
        else:
            rank = 1
        # "attacked a police station and seized weapons from a depot": in one sentence
        # an act of violence or a protest leads a strategic development it comes with.
        strategic = int(e.event_type == "Strategic developments")
        return (evidence.start, rank, strategic, -e.confidence)

    incidents = [e for e in events if e.sub_event_type not in CONTEXT_SUBTYPES]
    violent = [e for e in incidents if e.event_type in VIOLENT_TYPES]
    first_flight = min((key(e)[0] for e in incidents if e.kind == "displacement"), default=None)
    first_arrest = min(
        (
            k[0]
            for e in incidents
            if e.sub_event_type in FOLLOW_UP_SUBTYPES
            if (k := key(e))[1] == 1
        ),
        default=None,
    )
    if (
        # "5,000 fleeing Oromia had reached Moyale by Tuesday ... they feared more
        # operations after troops killed civilians": the flight is the news, the
        # violence only its cause, told later and in a clause that looks back.
        first_flight is not None
        and all((k := key(e))[1] == 2 and k[0] > first_flight for e in violent)
    ) or (
        # "Police detained 30 people across Quetta, hours after the market bombing": the
        # sweep is the news, told in the main clause; the bombing, told in a clause that
        # looks back or only in a later sentence, dates it.
        first_arrest is not None
        and all(
            (k := key(e))[0] > first_arrest or (k[1] == 2 and k[0] == first_arrest) for e in violent
        )
    ):
        violent = []
    if violent:
        incidents = [
            e
            for e in incidents
            if e.sub_event_type not in FOLLOW_UP_SUBTYPES and e.kind != "displacement"
        ]
    return sorted(incidents or events, key=key)[0]


def lead_of(events: list[Event]) -> Event | None:
    """The record extraction marked as the report's main event (``Event.lead``): what
    fusion treats as the lead, so evaluation and training read the same record."""
    return next((e for e in events if e.lead), None)


WORD = re.compile(r"[a-z][a-z'\-]+")
# A capitalised word that does not open a sentence: a name, mostly.
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z\-]+")
NUMBER = re.compile(r"\b\d+\b")
# Capitalised words that are not names: function words and the calendar.
NOT_NAMES = frozenset(
    (
        "The", "A", "An", "In", "On", "At", "And", "But", "Of", "For", "To", "By", "With",
        "From", "As", "It", "He", "She", "They", "We", "This", "That", "These", "Those", "Its",
        "Their", "His", "Her", "After", "Before", "During",
    )
    + WEEKDAY_NAMES
    + MONTH_NAMES
)  # fmt: skip


def _terms(text: str) -> list[str]:
    return sorted({w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS})


def report_profile(document: Document) -> ReportProfile:
    """The words, names and figures of one report, for comparing it with another."""
    title = document.title or ""
    text = document.text
    return ReportProfile(
        published=document.published,
        terms=_terms(f"{title} {text}"),
        title_terms=_terms(title),
        names=sorted({n for n in NAME.findall(text) if n not in NOT_NAMES}),
        numbers=sorted(
            {n for n in NUMBER.findall(text) if not (len(n) == 4 and 1900 <= int(n) <= 2099)}
        ),
    )


def report_others(events: list[Event], lead: Event) -> list[ReportEvent]:
    """The report's events other than its lead, in brief, for the lead's profile: the
    fusion model asks whether the other report tells this lead among its other events
    (one report leads with the funeral, another with the bombing)."""
    return [
        ReportEvent(
            kind=e.kind,
            sub_event_type=e.sub_event_type,
            event_date=e.event_date,
            date_precision=e.date_precision,
            lat=e.place.lat if e.place is not None else None,
            lon=e.place.lon if e.place is not None else None,
            sites=list(e.sites),
        )
        for e in events
        if e is not lead
    ]
