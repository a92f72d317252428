"""Date expressions in news text, resolved against the article's publication date.

Candidates are found with our own patterns (month-day, weekday, "yesterday", "last
week", "13 years ago", ranges, ISO and unambiguous numeric dates) and resolved by
rules rather than by ``dateparser.search_dates``: on news text that is slow and noisy
("M5" -> 5 May, "in November" -> 6 November, "Friday" on a Friday -> a week earlier).
A past reference never resolves after the publication date unless the sentence talks
about the future ("next", "will"); without a publication date only expressions that
carry their own year resolve.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitroom.model import DateMention, DatePrecision
from sitroom.nlp.quantities import parse_number

# "Two days after settlers attacked Huwara, residents were clearing ...": later reports
# open with the event they follow up, counted back from the day of writing.
LOOKING_BACK = re.compile(
    r"(?P<n>an?|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<unit>days?|weeks?)\s+(?P<after>after)\b"
    r"[^,;]*",
    re.I,
)

__all__ = ["find_dates", "best_event_date", "date_precision_of"]

logger = logging.getLogger(__name__)

_MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = [d.lower() for d in WEEKDAY_NAMES]

# Month and weekday names must be capitalised: "may" is a verb, "Mar" needs a day.
_FULL_MONTH = "|".join(MONTH_NAMES)
_MONTH = rf"(?:{_FULL_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = "|".join(WEEKDAY_NAMES)
_WD_PREFIX = rf"(?:(?:{_WEEKDAY}),?\s+)?"
_RANGE_SEP = r"(?P<sep>-|–|—|\bto\b|\buntil\b|\btill\b|\band\b)"
_NO_DIGIT_BEFORE = r"(?<![\w,.:/])"

_FUTURE_RE = re.compile(
    r"\b(?:will|shall|next|upcoming|scheduled|planned|plans?\s+to|due\s+to|expected\s+to|"
    r"set\s+to|to\s+be\s+held|going\s+to|coming)\b|'ll\b",
    re.IGNORECASE,
)

# "the Sunday night bombing": a day naming a violent event ("strike" may be a labour one).
_PAST_EVENT_AFTER = re.compile(
    r"\s+(?:bombings?|attacks?|blasts?|explosions?|raids?|shootings?|massacres?|"
    r"killings?|ambush(?:es)?|assaults?|clashes|riots?|violence)\b",
    re.I,
)
# How far before a date a "will"/"next" still governs it, in characters.
_FUTURE_WINDOW = 50
# The longest-lasting span a precision label can cover (model.DatePrecision).
_WEEK_MAX_DAYS = 14


@dataclass
class _Resolved:
    start: int
    end: int
    value: dt.date
    end_value: dt.date | None
    precision: DatePrecision
    past: bool  # a past reference: must not land after the publication date


def date_precision_of(value: dt.date, end_value: dt.date | None) -> DatePrecision:
    """day for one day, week for a range up to two weeks, month for anything vaguer."""
    if end_value is None or end_value == value:
        return "day"
    return "week" if (end_value - value).days <= _WEEK_MAX_DAYS else "month"


def _month_num(name: str) -> int:
    return _MONTH_NUMBERS[name.rstrip(".").lower()]


def _day_num(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _yearless(pub: dt.date, month: int, day: int, future: bool) -> dt.date | None:
    """A month-day without a year: the latest one on or before ``pub`` (nearest if future)."""
    if future:
        options = [
            d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))
        ]
        return min(options, key=lambda d: abs((d - pub).days)) if options else None
    this_year = _safe_date(pub.year, month, day)
    if this_year is not None and this_year <= pub:
        return this_year
    return _safe_date(pub.year - 1, month, day)


def _is_future(text: str, start: int, phrase: str) -> bool:
    """Whether the expression, or the words just before it, talk about the future.

    A possessive ("vowed it will avenge Friday's attack") names a past day.
    """
    if _FUTURE_RE.search(phrase):
        return True
    if text[start + len(phrase) : start + len(phrase) + 2] in {"'s", "’s"}:
        return False
    if _PAST_EVENT_AFTER.match(text, start + len(phrase)):
        # "talks planned ... despite the Sunday night bombing": a day that names a
        # violent event is that event's, which has happened.
        return False
    window = text[max(0, start - _FUTURE_WINDOW) : start]
    cut = max(window.rfind("."), window.rfind("!"), window.rfind("?"))
    return bool(_FUTURE_RE.search(window[cut + 1 :]))


_Handler = Callable[[re.Match[str], str, "dt.date | None"], "_Resolved | None"]
_RULES: list[tuple[re.Pattern[str], _Handler]] = []


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        _RULES.append((re.compile(pattern), handler))
        return handler

    return register


def _span(
    m: re.Match[str],
    value: dt.date,
    end_value: dt.date | None,
    past: bool,
    precision: DatePrecision | None = None,
) -> _Resolved:
    if end_value == value:
        end_value = None
    precision = precision or date_precision_of(value, end_value)
    return _Resolved(m.start(), m.end(), value, end_value, precision, past)


@_rule(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w-])")
def _iso(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _span(m, day, None, past=False) if day else None


@_rule(rf"(?<![\w/.])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})(?![\w/])")
def _numeric(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """5/12/2024 is ambiguous (May or December) and skipped; 25/12/2024 is not."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a == b or a > 12:
        day = _safe_date(year, b, a)
    elif b > 12:
        day = _safe_date(year, a, b)
    else:
        return None
    return _span(m, day, None, past=False) if day else None


def _absolute(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    month, day = _month_num(m["m"]), _day_num(m["d"])
    if m["y"]:
        value = _safe_date(int(m["y"]), month, day)
        return _span(m, value, None, past=False) if value else None
    if pub is None:
        return None
    future = _is_future(text, m.start(), m.group())
    value = _yearless(pub, month, day, future)
    return _span(m, value, None, past=not future) if value else None


_rule(
    rf"{_NO_DIGIT_BEFORE}\b{_WD_PREFIX}(?:the\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"
)(_absolute)
_rule(rf"\b{_WD_PREFIX}(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?(?![\w:]|[.,]\d)")(
    _absolute
)


def _range(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "between 27 November and 8 December", "27-29 November", "Nov 27 to Dec 2"."""
    if (m["sep"] == "and") != bool(m["lead"] and m["lead"].lower() == "between"):
        return None
    m2 = _month_num(m["m2"]) if m["m2"] else _month_num(m["m1"])
    m1 = _month_num(m["m1"]) if m["m1"] else m2
    d1, d2 = _day_num(m["d1"]), _day_num(m["d2"])
    y2 = int(m["y2"]) if m["y2"] else (int(m["y1"]) if m["y1"] else None)
    if y2 is not None:
        end = _safe_date(y2, m2, d2)
        y1 = int(m["y1"]) if m["y1"] else (end.year if end else y2) - (1 if m1 > m2 else 0)
        start = _safe_date(y1, m1, d1)
        past = False
    else:
        if pub is None:
            return None
        future = _is_future(text, m.start(), m.group())
        start = _yearless(pub, m1, d1, future)
        end = None
        if start is not None:
            end = _safe_date(start.year + (1 if m1 > m2 else 0), m2, d2)
        past = not future
        if past and end is not None and start is not None and start <= pub < end:
            end = pub  # a period still running when the article was written
    if start is None or end is None or not start <= end or (end - start).days > 366:
        return None
    return _span(m, start, end, past=past)


_rule(
    rf"{_NO_DIGIT_BEFORE}\b(?:(?P<lead>between|from|Between|From)\s+)?(?:the\s+)?(?P<d1>{_DAY})"
    rf"(?:\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?)?\s*{_RANGE_SEP}\s*(?:the\s+)?"
    rf"(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?(?![\w])"
)(_range)
_rule(
    rf"\b(?:(?P<lead>between|from|Between|From)\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})"
    rf"(?:,?\s+(?P<y1>{_YEAR}))?\s*{_RANGE_SEP}\s*(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY})"
    rf"(?:,?\s+(?P<y2>{_YEAR}))?(?![\w:]|[.,]\d)"
)(_range)


_PART_DAYS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
              "middle": (11, 20), "late": (21, 31), "end": (21, 31)}  # fmt: skip


def _month_range(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = 1, last
    if part:
        key = part.lower().split()[-1] if " " in part else part.lower()
        for word, (a, b) in _PART_DAYS.items():
            if word in key:
                first_day, last_day = a, min(b, last)
    return dt.date(year, month, first_day), dt.date(year, month, last_day)


def _clip(resolved: _Resolved, pub: dt.date | None) -> _Resolved:
    """A past period still running at publication ends at the publication date."""
    end = resolved.end_value
    if pub is not None and resolved.past and end is not None and resolved.value <= pub < end:
        resolved.end_value = pub if pub > resolved.value else None
    return resolved


_PART = (
    r"(?P<part>(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    r"the\s+middle\s+of))"
)


@_rule(rf"\b(?:{_PART}[\s-]+)?(?P<m>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR})(?![\w])")
def _month_year(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    first, last = _month_range(int(m["y"]), _month_num(m["m"]), m["part"])
    precision: DatePrecision = "month" if not m["part"] else date_precision_of(first, last)
    return _clip(_span(m, first, last, past=True, precision=precision), pub)


@_rule(
    r"\b(?P<lead>(?i:in|during|since|by|until|till|through|throughout|earlier\s+in|later\s+in|"
    r"last|this|next|early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    rf"the\s+middle\s+of))[\s-]+(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<m>{_FULL_MONTH})"
    r"(?![\w]|\s+\d|,\s+\d)"
)
def _month_only(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "in November": the most recent November (this one if already begun)."""
    if pub is None:
        return None
    month = _month_num(m["m"])
    lead = m["lead"].lower()
    future = lead == "next" or _is_future(text, m.start(), m.group())
    if future:
        year = (
            pub.year
            if month > pub.month or (month == pub.month and lead != "next")
            else pub.year + 1
        )
    else:
        strict = lead == "last"
        year = (
            pub.year if month < pub.month or (month == pub.month and not strict) else pub.year - 1
        )
    part = m["part"] or (lead if any(w in lead for w in _PART_DAYS) else None)
    first, last = _month_range(year, month, part)
    if not future and first > pub:  # "late December" written on 6 December
        first, last = _month_range(year - 1, month, part)
    precision: DatePrecision = "month" if not part else date_precision_of(first, last)
    return _clip(_span(m, first, last, past=not future, precision=precision), pub)


@_rule(
    r"\b(?i:in|since|during|until|till|by|through|throughout|before|after|early|late|mid|"
    rf"summer|spring|autumn|winter)[\s-]+(?P<y>{_YEAR})(?![\w-]|[,.]\d)"
)
def _year_only(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    year = int(m["y"])
    return _clip(_span(m, dt.date(year, 1, 1), dt.date(year, 12, 31), past=True), pub)


_REL_DAYS = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0,
             "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "earlier today": 0, "tomorrow": 1, "the previous day": -1,
             "the previous morning": -1, "the previous afternoon": -1,
             "the previous evening": -1, "the previous night": -1, "the day before": -1,
             "the night before": -1}  # fmt: skip


@_rule(
    r"\b(?P<w>(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|"
    r"the\s+previous\s+(?:day|morning|afternoon|evening|night)|the\s+(?:day|night)\s+before"
    r"(?!\s+(?:the|a|an|his|her|its|their)\b)|"
    r"this\s+(?:morning|afternoon|evening)|earlier\s+today|tomorrow))"
    r"(?:\s+(?i:morning|afternoon|evening|night))?\b"
)
def _relative_day(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    if pub is None:
        return None
    shift = _REL_DAYS[" ".join(m["w"].lower().split())]
    return _span(m, pub + dt.timedelta(days=shift), None, past=shift <= 0)


@_rule(
    r"\b(?:(?P<q>(?i:last|this\s+past|past|this|next|on|late\s+on|early\s+on|since|by|until|"
    rf"coming|the\s+coming))\s+)?(?P<wd>{_WEEKDAY})(?!\w|,?\s+(?:{_MONTH})\s+\d|,?\s+\d)"
    # "the Sunday Times", "Sunday Mirror": a newspaper, not a day.
    r"(?!\s+(?:Times|Telegraph|Post|Mail|Express|Mirror|Herald|Independent|Observer|Star|"
    r"Tribune|World|Sport|People|Nation|Standard|Guardian)\b)"
    r"(?:\s+(?i:morning|afternoon|evening|night))?\b"
)
def _weekday(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "on Wednesday": the most recent Wednesday on or before publication."""
    if pub is None:
        return None
    target = _WEEKDAYS.index(m["wd"].lower())
    q = " ".join((m["q"] or "").lower().split())
    future = q in {"next", "coming", "the coming"} or (
        q not in {"last", "past", "this past", "since"} and _is_future(text, m.start(), m.group())
    )
    if future:
        ahead = (target - pub.weekday()) % 7
        if ahead == 0 and q == "next":
            ahead = 7
        return _span(m, pub + dt.timedelta(days=ahead), None, past=False)
    back = (pub.weekday() - target) % 7
    if back == 0 and q in {"last", "past", "this past"}:
        back = 7
    return _span(m, pub - dt.timedelta(days=back), None, past=True)


@_rule(
    r"\b(?P<q>(?i:last|past|this|previous|earlier\s+this|later\s+this|late\s+last|early\s+last|"
    r"earlier\s+last|next|the\s+past|the\s+previous|the\s+last|over\s+the\s+past|"
    r"over\s+the\s+last|in\s+the\s+past|within\s+the\s+past|the\s+coming))\s+"
    r"(?:(?P<few>(?i:few|several|couple\s+of))\s+)?(?P<unit>(?i:weekend|week|month|year|days|weeks))\b"
)
def _relative_period(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "last week" (its Monday to Sunday), "earlier this month", "the past few days"."""
    if pub is None:
        return None
    q = " ".join(m["q"].lower().split())
    unit = m["unit"].lower()
    if unit in {"days", "weeks"} and not m["few"]:
        return None
    if m["few"]:
        span_days = 7 if unit == "days" else 30
        return _span(m, pub - dt.timedelta(days=span_days), pub, past=True)
    rolling = q.startswith(("past", "the past", "the last", "over the", "in the", "within"))
    if q in {"next", "the coming", "later this"}:
        return _future_period(m, pub, unit, q)
    monday = pub - dt.timedelta(days=pub.weekday())
    if unit == "weekend":
        saturday = monday - dt.timedelta(days=2)
        if q == "this" and pub.weekday() >= 5:
            saturday = monday + dt.timedelta(days=5)
        return _span(m, saturday, min(saturday + dt.timedelta(days=1), pub), past=True)
    if rolling:
        days = {"week": 7, "month": 30, "year": 365}[unit]
        precision: DatePrecision = "week" if unit == "week" else "month"
        return _span(m, pub - dt.timedelta(days=days), pub, past=True, precision=precision)
    this = q in {"this", "earlier this"}
    if unit == "week":
        start = monday if this else monday - dt.timedelta(days=7)
        end = pub if this else start + dt.timedelta(days=6)
        return _span(m, start, end, past=True, precision="week")
    if unit == "month":
        first = pub.replace(day=1) if this else _shift_months(pub.replace(day=1), 1)
        end = pub if this else _month_end(first.year, first.month)
        return _span(m, first, end, past=True, precision="month")
    year = pub.year if this else pub.year - 1
    end = pub if this else dt.date(year, 12, 31)
    return _span(m, dt.date(year, 1, 1), end, past=True, precision="month")


def _future_period(m: re.Match[str], pub: dt.date, unit: str, q: str) -> _Resolved:
    monday = pub - dt.timedelta(days=pub.weekday())
    if unit in {"week", "weekend"}:
        start = monday + dt.timedelta(days=7 if q != "later this" else 0)
        if unit == "weekend":
            start += dt.timedelta(days=5)
            return _span(m, start, start + dt.timedelta(days=1), past=False)
        if q == "later this":
            start = pub
        return _span(m, start, monday + dt.timedelta(days=13 if q != "later this" else 6),
                     past=False, precision="week")  # fmt: skip
    if unit == "month":
        first = _shift_months(pub.replace(day=1), -1) if q != "later this" else pub
        return _span(m, first, _month_end(first.year, first.month), past=False, precision="month")
    year = pub.year + (1 if q != "later this" else 0)
    start = dt.date(year, 1, 1) if q != "later this" else pub
    return _span(m, start, dt.date(year, 12, 31), past=False, precision="month")


@_rule(
    r"\b(?i:the\s+(?:past|last|previous))\s+(?P<n>\d{1,3}|[A-Za-z]+(?:-[A-Za-z]+)?)\s+"
    r"(?P<unit>(?i:hours|days|weeks|months))\b"
)
def _rolling_window(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "the past 24 hours", "the last three weeks": a window ending at publication."""
    if pub is None:
        return None
    n_text = m["n"].lower()
    n = int(n_text) if n_text.isdigit() else parse_number(n_text)
    if n is None or n <= 0 or n > 3000:
        return None
    unit = m["unit"].lower()
    if unit == "hours":
        start = pub - dt.timedelta(days=max(1, -(-n // 24)))
    elif unit == "days":
        start = pub - dt.timedelta(days=n)
    elif unit == "weeks":
        start = pub - dt.timedelta(weeks=n)
    else:
        start = _shift_months(pub, n)
    if start.year < 1:
        return None
    return _span(m, start, pub, past=True)


@_rule(r"\b(?i:earlier\s+(?:this|in\s+the)\s+week)\b")
def _earlier_this_week(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "earlier this week": from the Monday of the publication's week up to it."""
    if pub is None:
        return None
    monday = pub - dt.timedelta(days=pub.weekday())
    return _span(m, monday, pub, past=True)


@_rule(
    r"\b(?:(?i:over|at|during|on)\s+the\s+weekend\b"
    r"|(?i:the|last)\s+weekend(?:['’]s)?(?=\s+[a-z]))"
)
def _the_weekend(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "over the weekend", "the weekend bombing": the latest Saturday-Sunday that had
    begun by publication."""
    if pub is None:
        return None
    saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
    return _span(m, saturday, min(saturday + dt.timedelta(days=1), pub), past=True)


# Fixed-date holidays that news dates events by ("the Christmas Day bombing").
_HOLIDAYS = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
}


@_rule(r"\b(?i:christmas\s+day|christmas\s+eve|boxing\s+day|new\s+year['’]s\s+(?:day|eve))\b")
def _holiday(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "on Christmas Day": the latest such day on or before publication (a report of
    the 27th looks back two days, one of 2 January back to the year before)."""
    if pub is None:
        return None
    month, day = _HOLIDAYS[" ".join(m.group(0).lower().replace("’", "'").split())]
    value = dt.date(pub.year, month, day)
    if value > pub:
        value = dt.date(pub.year - 1, month, day)
    return _span(m, value, None, past=True)


@_rule(
    r"(?<![\w,.])(?P<n>\d{1,4}|(?i:a\s+few|several|a\s+couple\s+of|a|an)|[A-Za-z]+(?:-[A-Za-z]+)?)"
    r"\s+(?P<unit>(?i:days?|weeks?|months?|years?|decades?))\s+(?i:ago|earlier)\b"
)
def _ago(m: re.Match[str], text: str, pub: dt.date | None) -> _Resolved | None:
    """ "13 years ago", "a day earlier": a computed date whose precision reflects how
    vague the unit is ("earlier" is counted from publication, as news dates its story)."""
    if pub is None:
        return None
    n_text = " ".join(m["n"].lower().split())
    vague = n_text in {"a few", "several", "a couple of"}
    if n_text in {"a", "an"}:
        n: int | None = 1
    elif vague:
        n = 2 if n_text == "a couple of" else 3
    else:
        n = int(n_text) if n_text.isdigit() else parse_number(n_text)
    if n is None or n <= 0 or n > 3000:
        return None
    unit = m["unit"].lower().rstrip("s")
    precision: DatePrecision
    if unit == "day":
        value = pub - dt.timedelta(days=n)
        precision = "week" if vague else "day"
    elif unit == "week":
        value = pub - dt.timedelta(weeks=n)
        precision = "month" if vague else "week"
    elif unit == "month":
        value = _shift_months(pub, n)
        precision = "month"
    else:
        years = n * (10 if unit == "decade" else 1)
        if years >= pub.year:
            return None
        value = _shift_months(pub, 12 * years)
        precision = "month"
    return _span(m, value, None, past=True, precision=precision)


def _as_date(published: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def find_dates(text: str, published: dt.date | None, *, offset: int = 0) -> list[DateMention]:
    """Date expressions in ``text``, resolved against ``published``; offsets shifted by ``offset``.

    Overlapping candidates are settled longest first, so "Wednesday, November 27" is one
    day-precision date, not a weekday and a month-day.
    """
    if not text:
        return []
    pub = _as_date(published)
    candidates: list[_Resolved] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(text):
            try:
                resolved = handler(m, text, pub)
            except (ValueError, OverflowError):
                # Arithmetic past year 1 or 9999 ("800 years ago" in a year-500 test).
                logger.debug("date out of range: %r against %s", m.group(), pub)
                continue
            if resolved is not None:
                candidates.append(resolved)
    candidates.sort(key=lambda r: (-(r.end - r.start), r.start))
    chosen: list[_Resolved] = []
    for cand in candidates:
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda r: r.start)
    return [
        DateMention(
            text=text[r.start : r.end],
            start=r.start + offset,
            end=r.end + offset,
            value=r.value,
            end_value=r.end_value,
            precision=r.precision,
        )
        for r in chosen
    ]


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2}
# A mention vaguer than this ("in 2011", "since 2011") is background, not an event date.
_EVENT_DATE_MAX_SPAN_DAYS = 62
# "activists seized since March": when a spell of months began, not the day of the news
# the sentence tells. "Held since Monday" keeps its day: the arrest was on Monday.
_SINCE = re.compile(r"(?i)since\b")


def best_event_date(
    dates: list[DateMention], published: dt.date | None
) -> tuple[dt.date | None, DatePrecision | None]:
    """The date of an event told in one sentence: the most precise mention, first wins.

    Returns (None, None) when nothing fits; falling back to the publication date is
    the caller's decision. Mentions after ``published`` are used only if nothing else is.
    """
    pub = _as_date(published)
    usable = [
        d
        for d in dates
        if (d.end_value is None or (d.end_value - d.value).days <= _EVENT_DATE_MAX_SPAN_DAYS)
        and not (d.precision != "day" and _SINCE.match(d.text))
    ]
    if pub is not None:
        past = [d for d in usable if d.value <= pub]
        usable = past or usable
    if not usable:
        return None, None
    best = min(usable, key=lambda d: (_PRECISION_RANK[d.precision], d.start))
    return best.value, best.precision
