"""Partial and relative dates: resolving a document's words against its publication date, and showing them.

A date is a span of two bounds, each a day at a precision: "in 2023" is 2023-01-01 to 2023-12-31 at year
precision; "April 3 and 4" (in a document published 2025-04-02) is 2025-04-03 to 2025-04-04 at day
precision, inferred; "more than a decade ago" has no start and ends in 2015, approximate. The words
themselves are kept beside the dates. The grammar is documented in seeds/README.md.
"""

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from timeline.vocab import Certainty, Precision

_RANK = {Precision.day: 0, Precision.month: 1, Precision.year: 2, Precision.decade: 3}


class DateError(ValueError):
    """Words that do not name a date, or name an impossible one."""


class ImpossibleDate(DateError):
    """Words that name a date that cannot be: February 30, April 5 to 3, a Wednesday that is a Tuesday."""


# Bounds and spans are built for every row a query returns: named tuples, which cost least to make.
class Bound(NamedTuple):
    """A day standing for a whole unit: the first day of it (a start) or the last (an end)."""

    date: dt.date
    precision: Precision


class When(NamedTuple):
    """When a fact holds: two bounds (None when open or unknown), how they were read, and the words."""

    start: Bound | None
    end: Bound | None
    certainty: Certainty
    text: str | None = None

    def is_coarser_than(self, other: "When") -> bool:
        """True if this span knows less than ``other``: an unknown bound, or a coarser one."""
        for mine, theirs in ((self.start, other.start), (self.end, other.end)):
            if theirs is None:
                continue
            if mine is None or _RANK[mine.precision] > _RANK[theirs.precision]:
                return True
        return False


def from_columns(
    start_date: dt.date | None,
    start_precision: Precision | str | None,
    end_date: dt.date | None,
    end_precision: Precision | str | None,
    certainty: Certainty | str | None,
    text: str | None,
) -> When | None:
    """A span from the six date columns every dated table has; None if the row is undated."""
    if start_date is None and end_date is None:
        return None
    # Called for every row a query returns: the columns usually arrive as members already.
    return When(
        Bound(start_date, _PRECISIONS[start_precision]) if start_date and start_precision else None,
        Bound(end_date, _PRECISIONS[end_precision]) if end_date and end_precision else None,
        _CERTAINTIES[certainty or Certainty.stated],
        text,
    )


_PRECISIONS: dict[Precision | str, Precision] = {
    **{p: p for p in Precision},
    **{p.value: p for p in Precision},
}
_CERTAINTIES: dict[Certainty | str, Certainty] = {
    **{c: c for c in Certainty},
    **{c.value: c for c in Certainty},
}


def window(day: dt.date, precision: Precision) -> tuple[dt.date, dt.date]:
    """The first and last day of the unit of ``precision`` that contains ``day``."""
    if precision is Precision.day:
        return day, day
    if precision is Precision.month:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision is Precision.year:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    first_year = day.year - day.year % 10
    return dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31)


def span(first: dt.date, last: dt.date, precision: Precision, certainty: Certainty, text: str | None) -> When:
    """A span from the unit containing ``first`` to the unit containing ``last``."""
    return When(
        Bound(window(first, precision)[0], precision),
        Bound(window(last, precision)[1], precision),
        certainty,
        text,
    )


def when_of(dated: Any) -> When | None:
    """The span of anything with the six date attributes: a model row, or a result row that selected them."""
    return from_columns(
        dated.start_date,
        dated.start_precision,
        dated.end_date,
        dated.end_precision,
        dated.date_certainty,
        dated.date_text,
    )


# ---------------------------------------------------------------------------------------------------------
# Showing dates


def format_bound(bound: Bound | None, *, edtf: bool = False) -> str:
    """A bound at its precision: 2025-04-03, 2025-04, 2025, 2010s (``201X`` in EDTF)."""
    if bound is None:
        return ".." if edtf else "…"
    day = bound.date
    if bound.precision is Precision.day:
        return day.isoformat()
    if bound.precision is Precision.month:
        return f"{day.year:04d}-{day.month:02d}"
    if bound.precision is Precision.year:
        return f"{day.year:04d}"
    return f"{day.year // 10:03d}X" if edtf else f"{day.year - day.year % 10}s"


_MARK = {Certainty.stated: "", Certainty.inferred: "?", Certainty.approximate: "~"}


def _single_unit(when: When) -> bool:
    return (
        when.start is not None
        and when.end is not None
        and when.start.precision == when.end.precision
        and window(when.start.date, when.start.precision) == window(when.end.date, when.end.precision)
    )


def format_when(when: When | None) -> str:
    """For people: ``2023``, ``2025-04-03–04?``, ``2023 – 2025-04``, ``… – 2015~``.

    ``?`` marks an inferred date, ``~`` an approximate one.
    """
    if when is None or (when.start is None and when.end is None):
        return "undated"
    mark = _MARK[when.certainty]
    if _single_unit(when):
        return format_bound(when.start) + mark
    start, end = when.start, when.end
    if (
        start is not None
        and end is not None
        and start.precision is end.precision is Precision.day
        and start.date.replace(day=1) == end.date.replace(day=1)
    ):
        return f"{format_bound(start)}–{end.date.day:02d}{mark}"  # days of one month: 2025-04-03–04
    return f"{format_bound(start)} – {format_bound(end)}{mark}"


def to_edtf(when: When | None) -> str | None:
    """Extended Date/Time Format (ISO 8601-2 level 1): ``2025-04-03?/2025-04-04?``, ``../2015~``."""
    if when is None or (when.start is None and when.end is None):
        return None
    mark = _MARK[when.certainty]
    if _single_unit(when):
        return format_bound(when.start, edtf=True) + mark
    start = format_bound(when.start, edtf=True) + mark if when.start else ".."
    end = format_bound(when.end, edtf=True) + mark if when.end else ".."
    return f"{start}/{end}"


def format_explicit(when: When) -> str:
    """The span as an annotation's explicit ``date`` (what ``parse_explicit`` reads): ``2013``, ``2010s``,
    ``2025-04-05``, ``2012/2013-05``, ``../2015``. The certainty is not part of it."""
    if when.start is None and when.end is None:
        raise DateError("an undated span has no explicit date")
    if _single_unit(when):
        return format_bound(when.start)
    return "/".join(format_bound(bound) if bound else ".." for bound in (when.start, when.end))


SPAN_FIELDS = (
    "date",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "date_certainty",
    "date_text",
)


def span_fields(when: When | None) -> dict[str, object]:
    """The span as the flat fields of machine output: EDTF first, then the six columns."""
    if when is None:
        return dict.fromkeys(SPAN_FIELDS)
    start, end = when.start, when.end
    return {
        "date": to_edtf(when),
        "start_date": start.date if start else None,
        "start_precision": start.precision if start else None,
        "end_date": end.date if end else None,
        "end_precision": end.precision if end else None,
        "date_certainty": when.certainty,
        "date_text": when.text,
    }


# ---------------------------------------------------------------------------------------------------------
# Reading explicit dates: ISO 8601 and a subset of EDTF


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(?:the\s+)?(\d{3})(?:0s|0's|X)$", re.IGNORECASE)


def _make_date(year: int, month: int, day: int, words: str) -> dt.date:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ImpossibleDate(f"impossible date {words!r}: {OUTSIDE}")
    if not 1 <= month <= 12:
        raise ImpossibleDate(f"impossible date {words!r}: there is no month {month}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        named = f"{calendar.month_name[month]} {year:04d}"
        raise ImpossibleDate(f"impossible date {words!r}: {named} has no day {day}")
    return dt.date(year, month, day)


# Dates are days of the proleptic Gregorian calendar from 0001-01-01 to 9999-12-31, as Python's and the
# databases' date types hold them.
OUTSIDE = f"years run from {dt.MINYEAR:04d} to {dt.MAXYEAR}"


@contextmanager
def _calendar(words: str, reference: str) -> Iterator[None]:
    """Words that count from a date near the ends of the calendar can land outside it ("yesterday" in a
    document of 0001-01-01, a decade around the year 5): one DateError naming them, whichever step of the
    arithmetic overflowed."""
    try:
        yield
    except DateError:
        raise
    except (ValueError, OverflowError):
        raise ImpossibleDate(f"{words!r} from {reference} falls outside the calendar: {OUTSIDE}") from None


def _explicit_bound(value: str) -> tuple[dt.date, Precision] | None:
    """``2025-04-03``, ``2025-04``, ``2025`` or ``2010s``/``201X``: the first day and the precision."""
    if match := _ISO_DAY.match(value):
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, value), Precision.day
    if match := _ISO_MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        return _make_date(year, month, 1, value), Precision.month
    if match := _ISO_YEAR.match(value):
        return _make_date(int(match.group(1)), 1, 1, value), Precision.year
    if match := _DECADE.match(value):
        return _make_date(int(match.group(1)) * 10, 1, 1, value), Precision.decade
    return None


def parse_explicit(value: str, certainty: Certainty, text: str | None = None) -> When:
    """An ISO date, a decade, or an interval ``A/B`` (either side may be ``..``, open)."""
    value = value.strip()
    if "/" in value:
        first, _, last = value.partition("/")
        bounds: list[Bound | None] = []
        for part, is_end in ((first.strip(), False), (last.strip(), True)):
            if part in ("", ".."):
                bounds.append(None)
                continue
            parsed = _explicit_bound(part)
            if parsed is None:
                raise DateError(
                    f"cannot read {part!r} in {value!r} as a date (YYYY, YYYY-MM, YYYY-MM-DD, YYYYs)"
                )
            day, precision = parsed
            bounds.append(Bound(window(day, precision)[1 if is_end else 0], precision))
        start, end = bounds
        if start is None and end is None:
            raise DateError(f"the interval {value!r} has no bounds")
        if start and end and start.date > end.date:
            raise DateError(f"impossible interval {value!r}: it ends before it starts")
        return When(start, end, certainty, text)
    parsed = _explicit_bound(value)
    if parsed is None:
        raise DateError(f"cannot read {value!r} as a date (YYYY, YYYY-MM, YYYY-MM-DD, YYYYs, or A/B)")
    day, precision = parsed
    return span(day, day, precision, certainty, text)


# ---------------------------------------------------------------------------------------------------------
# Resolving a document's words against its publication date


# The words the resolver reads; the drafter builds its patterns from them too.
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Amounts that name a range of units: "a few years ago" is two to four years back.
VAGUE_AMOUNTS = {"a few": (2, 4), "few": (2, 4), "several": (3, 9)}
_PLURAL = (2, 9)  # "days later", "years ago": no amount given
UNITS = ("day", "week", "month", "year", "decade")
_UNIT_PRECISION = {
    "day": Precision.day,
    "week": Precision.day,
    "month": Precision.month,
    "year": Precision.year,
    "decade": Precision.decade,
}
# How far "in recent months" and "in the coming weeks" reach, in units, when no amount is given.
_REACH = {"day": 7, "week": 4, "month": 6, "year": 5, "decade": 2}
_CERTAINTY_RANK = {Certainty.stated: 0, Certainty.inferred: 1, Certainty.approximate: 2}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAYS = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|—|and|to|&)\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_AMOUNT = r"(?P<amount>\d+|a few|[a-z]+)"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+{_DAYS}{_YEAR}$")
_DAY_MONTH = re.compile(rf"^{_DAYS}\s+(?:of\s+)?{_MONTH}{_YEAR}$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}(?:\s+(?:of\s+)?(?P<year>\d{{4}}))?$")
_WEEKDAY = re.compile(r"^(?:(?P<which>last|next|this past|this coming|this)\s+)?(?P<weekday>[a-z]+day)$")
_AGO = re.compile(
    r"^(?P<qualifier>more than|over|nearly|almost|about|around|some|roughly|less than|under|within)?\s*"
    rf"(?:{_AMOUNT}\s+)?{_UNIT}(?P<ago>\s+ago)?$"
)
_LEADING = re.compile(r"^(?:on|in|since|from|by|during|until|till|through|throughout|as of|around|the|of)\s+")
_RECENT = {
    "recently",
    "recent",
    "recent years",
    "in recent years",
    "the past few years",
    "the last few years",
    "past few years",
    "last few years",
}
_RELATIVE_MONTH = re.compile(rf"^(?P<which>last|this past|next|this coming|this)\s+{_MONTH}$")
_EARLIER_LATER = re.compile(r"^(?P<side>earlier|later)\s+(?:this\s+(?P<unit>week|month|year)|today|tonight)$")
_WEEKEND = re.compile(r"^(?:(?:over|at)\s+)?(?:the\s+)?(?:(?P<which>this|last|past|next)\s+)?weekend$")
_PERIOD = re.compile(
    r"^(?:(?P<over>over|for)\s+)?(?:the\s+)?(?P<which>past|last|coming|next)\s+"
    rf"(?:{_AMOUNT}\s+)?{_UNIT}$"
)
_RECENT_PERIODS = {"recent months": "month", "recent weeks": "week", "recent days": "day"}


# Words naming the unit of a day near the publication, computed only for the words read: "yesterday" is
# outside the calendar for a document of 0001-01-01, "today" is not.
_RELATIVE: dict[str, Callable[[dt.date], tuple[dt.date, Precision]]] = {
    "today": lambda published: (published, Precision.day),
    "tonight": lambda published: (published, Precision.day),
    "yesterday": lambda published: (published - dt.timedelta(days=1), Precision.day),
    "tomorrow": lambda published: (published + dt.timedelta(days=1), Precision.day),
    "this month": lambda published: (published, Precision.month),
    "last month": lambda published: (published.replace(day=1) - dt.timedelta(days=1), Precision.month),
    "next month": lambda published: (_add_months(published.replace(day=1), 1), Precision.month),
    "this year": lambda published: (published, Precision.year),
    "last year": lambda published: (dt.date(published.year - 1, 1, 1), Precision.year),
    "next year": lambda published: (dt.date(published.year + 1, 1, 1), Precision.year),
}


class _Part(NamedTuple):
    """The part of a year (months), of a month (days) or of a decade (years) a word names (None: none)."""

    year: tuple[int, int] | None
    month: tuple[int, int] | None
    decade: tuple[int, int] | None
    approximate: bool  # "early 2024" has fuzzy edges; "the first half of 2024" does not


_EARLY = _Part((1, 4), (1, 10), (0, 3), True)
_MID = _Part((5, 8), (11, 20), (4, 6), True)
_LATE = _Part((9, 12), (21, 31), (7, 9), True)
_PARTS = {
    "early": _EARLY,
    "beginning of": _Part((1, 3), (1, 10), (0, 3), True),
    "start of": _Part((1, 3), (1, 10), (0, 3), True),
    "mid": _MID,
    "middle of": _MID,
    "late": _LATE,
    "end of": _Part((10, 12), (21, 31), (7, 9), True),
    "end": _Part((10, 12), (21, 31), (7, 9), True),  # "end-March", Reuters' style
    "first half of": _Part((1, 6), (1, 15), (0, 4), False),
    "second half of": _Part((7, 12), (16, 31), (5, 9), False),
    "first quarter of": _Part((1, 3), None, None, False),
    "second quarter of": _Part((4, 6), None, None, False),
    "third quarter of": _Part((7, 9), None, None, False),
    "fourth quarter of": _Part((10, 12), None, None, False),
}
_PART = re.compile(
    r"^(?P<part>" + "|".join(sorted(_PARTS, key=len, reverse=True)) + r")(?:\s*-\s*|\s+)(?P<rest>.+)$"
)
_THE_UNIT = {"year": "this year", "month": "this month"}  # "by the end of the year"
_WEEKDAY_DATE = re.compile(r"^(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+(?P<rest>.+)$")
_BEFORE_AFTER = re.compile(r"^(?P<side>before|after)\s+(?P<rest>.+)$")
_BETWEEN = re.compile(r"^between\s+(?P<rest>.+)$")
_AND = re.compile(r"\s+and\s+")
_RANGE_SEPARATOR = re.compile(r"\s*(?:–|—|-|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*")

# Words that count from another date of the document, not from its publication.
_LATER = re.compile(rf"^(?:{_AMOUNT}\s+)?{_UNIT}\s+(?P<direction>later|earlier|after|before)$")
_NEXT = re.compile(
    r"^(?P<which>following|next|subsequent|previous|preceding|prior)\s+(?P<unit>day|week|month|year|decade)$"
)
_SAME = re.compile(r"^(?:that|same|that same|this same)\s+(?P<unit>day|week|month|year|decade)$")
_REST = re.compile(
    r"^(?P<side>later|earlier)\s+(?:that|in that|that same|the same|in the same)\s+"
    r"(?P<unit>day|week|month|year|decade)$"
)


def _clean(words: str) -> str:
    text = " ".join(words.lower().replace("’", "'").split()).strip(" .,;:")
    previous = None
    while previous != text:
        previous, text = text, _LEADING.sub("", text)
    return text


def _weaker(*certainties: Certainty) -> Certainty:
    return max(certainties, key=_CERTAINTY_RANK.__getitem__)


def _nearest_year(month: int, day: int, published: dt.date, words: str) -> int:
    """The year that puts month/day within six months of the publication date."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ImpossibleDate(f"impossible date {words!r}: {calendar.month_name[month]} has no day {day}")
    return min(candidates, key=lambda candidate: abs((candidate - published).days)).year


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier if negative); the 31st becomes a shorter month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: dt.date, unit: str, amount: int) -> dt.date:
    """``day`` moved ``amount`` units (days, weeks, months, years or decades) on, or back if negative."""
    try:
        if unit in ("day", "week"):
            return day + dt.timedelta(days=amount * (7 if unit == "week" else 1))
        return _add_months(day, amount * {"month": 1, "year": 12, "decade": 120}[unit])
    except (OverflowError, ValueError):
        side = "before" if amount < 0 else "after"
        raise ImpossibleDate(
            f"{abs(amount)} {unit}(s) {side} {day} falls outside the calendar: {OUTSIDE}"
        ) from None


def _unit_window(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the unit containing ``day``; a week runs Monday to Sunday."""
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    return window(day, _UNIT_PRECISION[unit])


def _amount(words: str | None, unit_words: str) -> tuple[int, int] | None:
    """The range of units an amount names: "two" is (2, 2), "a few" (2, 4), none before a plural (2, 9)."""
    if words is None:
        return _PLURAL if unit_words.endswith("s") else (1, 1)
    if words in VAGUE_AMOUNTS:
        return VAGUE_AMOUNTS[words]
    amount = int(words) if words.isdigit() else NUMBER_WORDS.get(words)
    return None if amount is None else (amount, amount)


def resolve(words: str, published: dt.date) -> When:
    """Resolve a document's words for a date against the document's publication date.

    The forms, each documented in seeds/README.md: ISO dates and decades; days, day ranges and months with
    or without a year ("April 3 and 4", "3 April 2025", "March 2023"), the year nearest publication when
    none is given; weekdays; "today", "this week", "last year", "next month"; "last January", "next March";
    "earlier this month", "later this year"; the weekend; "five years ago", "more than a decade ago",
    "two months ago", "a few years ago"; "recently", "in recent years", "in recent months"; "the past two
    years", "in the coming months"; parts of a year, month or decade ("early 2024", "mid-April", "late
    2023", "the end of the year", "the first half of 2025", "the early 1990s"); "Tuesday, April 1";
    "before 2019", "after March 2020"; and ranges ("from 2012 to 2014", "between 2019 and 2021",
    "March 30 to April 2", "2019–20"). Leading prepositions that do not change a date ("in", "on",
    "since", "until", "by"...) are skipped.

    Raises DateError for words it cannot read or an impossible date; the annotation can then give the
    date explicitly (``{text: ..., date: 2012}``). Words that count from another date of the document
    ("a year later", "the following month") are such words: see ``resolve_anchored``.
    """
    original = words.strip()
    text = _clean(original)
    if not text:
        raise DateError("empty date")
    with _calendar(original, published.isoformat()):
        when = _read(text, published, original)
    if when is not None:
        return when
    if _anchored_step(text) is not None:
        raise DateError(
            f"{original!r} counts from another date of the document, not from its publication; give it "
            f"explicitly, e.g. {{text: {original!r}, date: 2013, certainty: inferred}}"
        )
    raise DateError(
        f"cannot resolve the date {original!r}; give it explicitly, e.g. {{text: {original!r}, date: 2012}}"
    )


def _read(text: str, published: dt.date, original: str) -> When | None:
    """The span the cleaned words ``text`` name, None if no form reads them; DateError if impossible."""
    # ISO and decades written out in the text: stated.
    explicit = _explicit_bound(text.upper() if text.endswith("x") else text)
    if explicit is not None:
        day, precision = explicit
        return span(day, day, precision, Certainty.stated, original)

    if match := _MONTH_DAY.match(text) or _DAY_MONTH.match(text):
        month = MONTHS[match.group("month")]
        first_day = int(match.group("day"))
        last_day = int(match.group("day2") or first_day)
        if match.group("year"):
            year, certainty = int(match.group("year")), Certainty.stated
        else:
            year, certainty = _nearest_year(month, first_day, published, original), Certainty.inferred
        first = _make_date(year, month, first_day, original)
        last = _make_date(year, month, last_day, original)
        if last < first:
            raise ImpossibleDate(f"impossible date {original!r}: it ends before it starts")
        return span(first, last, Precision.day, certainty, original)

    if match := _MONTH_YEAR.match(text):
        month = MONTHS[match.group("month")]
        if match.group("year"):
            year, certainty = int(match.group("year")), Certainty.stated
        else:
            year, certainty = _nearest_year(month, 1, published, original), Certainty.inferred
        first = dt.date(year, month, 1)
        return span(first, first, Precision.month, certainty, original)

    if (match := _WEEKDAY.match(text)) and match.group("weekday") in WEEKDAYS:
        weekday = WEEKDAYS[match.group("weekday")]
        which = match.group("which") or "last"
        if which in ("next", "this coming"):
            offset = (weekday - published.weekday()) % 7 or 7
            day = published + dt.timedelta(days=offset)
        else:  # a bare weekday in a report is the most recent one: "released Tuesday"
            day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        return span(day, day, Precision.day, Certainty.inferred, original)

    if text in _RELATIVE:
        day, precision = _RELATIVE[text](published)
        return span(day, day, precision, Certainty.inferred, original)
    if text in ("this week", "last week", "next week"):
        monday = published - dt.timedelta(days=published.weekday())
        monday += dt.timedelta(weeks={"this week": 0, "last week": -1, "next week": 1}[text])
        return span(monday, monday + dt.timedelta(days=6), Precision.day, Certainty.inferred, original)

    if text in _RECENT:
        first = dt.date(published.year - 5, 1, 1)
        return When(
            Bound(first, Precision.year), Bound(published, Precision.day), Certainty.approximate, original
        )

    if (match := _AGO.match(text)) and (when := _ago(match, published, original)):
        return when

    for reader in _READERS:
        if when := reader(text, published, original):
            return when
    return None


def _ago(match: re.Match[str], published: dt.date, original: str) -> When | None:
    """ "five years ago", "more than a decade ago", "within two years", "a few months ago", "weeks ago"."""
    qualifier, unit_words = match.group("qualifier"), match.group("unit")
    unit = unit_words.rstrip("s")
    if not match.group("ago") and qualifier != "within":
        return None
    amounts = _amount(match.group("amount"), unit_words)
    if amounts is None or (amounts[0] != amounts[1] and qualifier):
        return None
    precision = _UNIT_PRECISION[unit]
    if amounts[0] != amounts[1]:  # "a few years ago": a range of units back; "years ago": at least two
        end = Bound(_unit_window(_shift(published, unit, -amounts[0]), unit)[1], precision)
        if match.group("amount") is None:
            return When(None, end, Certainty.approximate, original)
        start = Bound(_unit_window(_shift(published, unit, -amounts[1]), unit)[0], precision)
        return When(start, end, Certainty.approximate, original)
    anchor = _shift(published, unit, -amounts[0])
    if unit in ("year", "decade"):  # ten years or more back is a decade; the edges are years
        precision = Precision.decade if unit == "decade" or amounts[0] >= 10 else Precision.year
        unit = "year"
    first, last = _unit_window(anchor, unit)
    if qualifier in ("more than", "over"):  # before the anchor, start unknown
        return When(None, Bound(last, _UNIT_PRECISION[unit]), Certainty.approximate, original)
    if qualifier in ("less than", "under", "within"):  # after the anchor, up to publication
        return When(
            Bound(first, _UNIT_PRECISION[unit]),
            Bound(published, Precision.day),
            Certainty.approximate,
            original,
        )
    if unit == "week":
        return When(Bound(first, precision), Bound(last, precision), Certainty.approximate, original)
    return span(anchor, anchor, precision, Certainty.approximate, original)


def _relative_month(text: str, published: dt.date, original: str) -> When | None:
    """ "last January" (the latest January before the publication's month), "next March", "this June"."""
    if not (match := _RELATIVE_MONTH.match(text)):
        return None
    month, which, year = MONTHS[match.group("month")], match.group("which"), published.year
    if which in ("last", "this past"):
        year -= month >= published.month
    elif which in ("next", "this coming"):
        year += month <= published.month
    first = dt.date(year, month, 1)
    return span(first, first, Precision.month, Certainty.inferred, original)


def _earlier_or_later(text: str, published: dt.date, original: str) -> When | None:
    """ "earlier this month": from the month's start to publication; "later this year": from it to the end."""
    if not (match := _EARLIER_LATER.match(text)):
        return None
    unit = match.group("unit") or "day"
    first, last = _unit_window(published, unit)
    precision = _UNIT_PRECISION[unit]
    if match.group("side") == "earlier":
        return When(Bound(first, precision), Bound(published, Precision.day), Certainty.inferred, original)
    return When(Bound(published, Precision.day), Bound(last, precision), Certainty.inferred, original)


def _weekend(text: str, published: dt.date, original: str) -> When | None:
    """ "this weekend" (the publication's week's), "last weekend", "next weekend", "over the weekend" (the
    latest: this one if published on it, else the one before)."""
    if not (match := _WEEKEND.match(text)):
        return None
    weeks = {"this": 0, "last": -1, "past": -1, "next": 1}.get(
        match.group("which") or "", 0 if published.weekday() >= 5 else -1
    )
    saturday = published + dt.timedelta(days=5 - published.weekday(), weeks=weeks)
    return span(saturday, saturday + dt.timedelta(days=1), Precision.day, Certainty.inferred, original)


def _period(text: str, published: dt.date, original: str) -> When | None:
    """ "the past two years", "over the last decade", "in recent months": back from publication to it;
    "in the coming weeks", "the next few months": from publication on. Approximate."""
    if text in _RECENT_PERIODS:
        unit, units, backwards = _RECENT_PERIODS[text], _REACH[_RECENT_PERIODS[text]], True
    elif match := _PERIOD.match(text):
        unit_words, which, amount_words = match.group("unit"), match.group("which"), match.group("amount")
        unit, backwards = unit_words.rstrip("s"), which in ("past", "last")
        if amount_words is None and not unit_words.endswith("s"):
            # "the past year", "over the next year"; but "next day" counts from another date, and "last
            # day" is a final day, not a period
            if which in ("last", "next") and not match.group("over") and unit != "decade":
                return None
            units = 1
        elif amount_words is None:
            units = _REACH[unit]
        else:
            amounts = _amount(amount_words, unit_words)
            if amounts is None:
                return None
            units = amounts[1]
    else:
        return None
    precision = {"day": Precision.day, "week": Precision.day, "month": Precision.month}.get(
        unit, Precision.year
    )
    if backwards:
        first = window(_shift(published, unit, -units), precision)[0]
        return When(Bound(first, precision), Bound(published, Precision.day), Certainty.approximate, original)
    last = window(_shift(published, unit, units), precision)[1]
    return When(Bound(published, Precision.day), Bound(last, precision), Certainty.approximate, original)


def _part(text: str, published: dt.date, original: str) -> When | None:
    """Part of a year, month or decade: "early 2024", "mid-April", "late 2023", "the end of the year"."""
    if not (match := _PART.match(text)):
        return None
    rest = _clean(match.group("rest"))
    try:
        base = resolve(_THE_UNIT.get(rest, rest), published)
    except DateError:
        return None
    if base.start is None or not _single_unit(base):
        return None
    part = _PARTS[match.group("part")]
    first = base.start.date
    certainty = _weaker(base.certainty, Certainty.approximate if part.approximate else base.certainty)
    if base.start.precision is Precision.year and part.year:
        start, end = (first.replace(month=month) for month in part.year)
        return span(start, end, Precision.month, certainty, original)
    if base.start.precision is Precision.month and part.month:
        last_day = calendar.monthrange(first.year, first.month)[1]
        start, end = (first.replace(day=min(day, last_day)) for day in part.month)
        return span(start, end, Precision.day, certainty, original)
    if base.start.precision is Precision.decade and part.decade:
        start, end = (first.replace(year=first.year + years) for years in part.decade)
        return span(start, end, Precision.year, certainty, original)
    return None


def _weekday_date(text: str, published: dt.date, original: str) -> When | None:
    """ "Tuesday, April 1": the date, which must fall on that weekday."""
    if not (match := _WEEKDAY_DATE.match(text)):
        return None
    try:
        when = resolve(match.group("rest"), published)
    except DateError:
        return None
    if when.start is None or when.start != when.end or when.start.precision is not Precision.day:
        return None
    weekday = WEEKDAYS[match.group("weekday")]
    if when.start.date.weekday() != weekday:
        named = calendar.day_name[when.start.date.weekday()]
        raise ImpossibleDate(f"impossible date {original!r}: {when.start.date} is a {named}")
    return when._replace(text=original)


def _before_or_after(text: str, published: dt.date, original: str) -> When | None:
    """ "before 2019": no start, ending with 2018; "after March 2020": from April 2020, no end."""
    if not (match := _BEFORE_AFTER.match(text)):
        return None
    try:
        base = resolve(match.group("rest"), published)
    except DateError:
        return None
    if match.group("side") == "before":
        if base.start is None:
            return None
        end = Bound(_shift(base.start.date, "day", -1), base.start.precision)
        return When(None, end, base.certainty, original)
    if base.end is None:
        return None
    return When(Bound(_shift(base.end.date, "day", 1), base.end.precision), None, base.certainty, original)


def _range(text: str, published: dt.date, original: str) -> When | None:
    """ "from 2012 to 2014", "between 2019 and 2021", "March 30 to April 2", "30 March – 2 April 2025",
    "2019–20": from the start of the first to the end of the last. A first date without a year takes the
    last's ("March to May 2024")."""
    between = _BETWEEN.match(text)
    body = between.group("rest") if between else text
    for separator in (_AND if between else _RANGE_SEPARATOR).finditer(body):
        left, right = body[: separator.start()], body[separator.end() :]
        if left and right and (when := _join(left, right, published, original)):
            return when
    return None


def _join(left: str, right: str, published: dt.date, original: str) -> When | None:
    if re.fullmatch(r"\d{4}", left) and re.fullmatch(r"\d{2}", right):  # 2019–20
        year = int(left[:2] + right)
        if year <= int(left):
            return None
        right = str(year)
    try:
        last = resolve(right, published)
        first = resolve(left, published)
    except DateError:
        return None
    if last.end is None:
        return None
    if last.certainty is Certainty.stated and first.certainty is not Certainty.stated:
        for year in (last.end.date.year, last.end.date.year - 1):
            try:
                dated = resolve(f"{left} {year}", published)
            except DateError:
                continue
            if dated.start is not None and dated.start.date <= last.end.date:
                first = dated
                break
    if first.start is None or first.start.date > last.end.date:
        return None
    return When(first.start, last.end, _weaker(first.certainty, last.certainty), original)


_READERS = (
    _relative_month,
    _earlier_or_later,
    _weekend,
    _period,
    _part,
    _weekday_date,
    _before_or_after,
    _range,
)


# ---------------------------------------------------------------------------------------------------------
# Resolving words that count from another date of the document


class _Step(NamedTuple):
    """How anchored words move from their anchor, in units."""

    unit: str
    first: int  # the span runs from ``first`` to ``last`` units after the anchor (before it if negative)
    last: int
    mode: str  # "shift" (a year later), "unit" (the following week), "same" (that year), "later", "earlier"


def _anchored_step(text: str) -> _Step | None:
    if match := _LATER.match(text):
        amounts = _amount(match.group("amount"), match.group("unit"))
        if amounts is None:
            return None
        sign = 1 if match.group("direction") in ("later", "after") else -1
        first, last = (amounts[0], amounts[1]) if sign > 0 else (-amounts[1], -amounts[0])
        return _Step(match.group("unit").rstrip("s"), first, last, "shift")
    if match := _NEXT.match(text):
        sign = 1 if match.group("which") in ("following", "next", "subsequent") else -1
        return _Step(match.group("unit"), sign, sign, "unit")
    if match := _SAME.match(text):
        return _Step(match.group("unit"), 0, 0, "same")
    if match := _REST.match(text):
        return _Step(match.group("unit"), 0, 0, match.group("side"))
    return None


def resolve_anchored(words: str, anchor: When) -> When:
    """Resolve words that count from another date of the document, ``anchor``: "a year later", "two days
    earlier", "days later", "the following month", "the previous year", "the next day", "that year", "the
    same day", "later that month", "earlier that year". Inferred.

    The span is as precise as the coarser of the anchor and the unit: a year later than April 3, 2012 is
    2013. Forward, it counts from the anchor's end ("the next day" after April 3 and 4 is April 5); back,
    from its start; from an anchor coarser than the unit, from both ("two days later" than 2012 is 2012 or
    2013). The annotation writes the result explicitly: ``{text: ..., date: 2013, certainty: inferred}``.
    """
    original = words.strip()
    step = _anchored_step(_clean(original))
    if step is None:
        raise DateError(f"cannot read {original!r} as counting from another date")
    if anchor.start is None or anchor.end is None or anchor.start.precision is not anchor.end.precision:
        raise DateError(f"{original!r} cannot count from {format_when(anchor)}: it has no single precision")
    with _calendar(original, format_when(anchor)):
        anchor_precision, unit_precision = anchor.start.precision, _UNIT_PRECISION[step.unit]
        finer = _RANK[anchor_precision] < _RANK[unit_precision]
        precision = unit_precision if finer else anchor_precision
        certainty = Certainty.inferred
        if step.mode == "same" or (step.mode in ("later", "earlier") and not finer):
            return span(anchor.start.date, anchor.end.date, precision, certainty, original)
        if step.mode in ("later", "earlier"):
            if step.mode == "later":  # from the anchor's next day (month...) to the unit's end
                start = Bound(_shift(anchor.end.date, "day", 1), anchor_precision)
                end = Bound(_unit_window(anchor.end.date, step.unit)[1], unit_precision)
            else:
                start = Bound(_unit_window(anchor.start.date, step.unit)[0], unit_precision)
                end = Bound(_shift(anchor.start.date, "day", -1), anchor_precision)
            if start.date > end.date:
                raise DateError(f"no part of the {step.unit} of {format_when(anchor)} is {step.mode} than it")
            return When(start, end, certainty, original)
        if _RANK[anchor_precision] <= _RANK[unit_precision]:
            base = anchor.end.date if step.first > 0 else anchor.start.date
            first, last = _shift(base, step.unit, step.first), _shift(base, step.unit, step.last)
        else:  # somewhere in a coarser anchor: from its start to its end
            first, last = (
                _shift(anchor.start.date, step.unit, step.first),
                _shift(anchor.end.date, step.unit, step.last),
            )
        if step.mode == "unit":
            first, last = _unit_window(first, step.unit)[0], _unit_window(last, step.unit)[1]
        return span(first, last, precision, certainty, original)
