"""Partial and relative dates: resolving a document's words against its publication date, and showing them.

A date is a span of two bounds, each a day at a precision: "in 2023" is 2023-01-01 to 2023-12-31 at year
precision; "April 3 and 4" (in a document published 2025-04-02) is 2025-04-03 to 2025-04-04 at day
precision, inferred; "more than a decade ago" has no start and ends in 2015, approximate. The words
themselves are kept beside the dates. The grammar is documented in seeds/README.md.
"""

import calendar
import datetime as dt
import re
from typing import NamedTuple

from timeline.vocab import Certainty, Precision

_RANK = {Precision.day: 0, Precision.month: 1, Precision.year: 2, Precision.decade: 3}


class DateError(ValueError):
    """Words that do not name a date, or name an impossible one."""


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
    parts = [format_bound(bound, edtf=True) + (mark if bound else "") for bound in (when.start, when.end)]
    return "/".join(parts)


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
    return {
        "date": to_edtf(when),
        "start_date": when.start.date if when and when.start else None,
        "start_precision": when.start.precision if when and when.start else None,
        "end_date": when.end.date if when and when.end else None,
        "end_precision": when.end.precision if when and when.end else None,
        "date_certainty": when.certainty if when else None,
        "date_text": when.text if when else None,
    }


# ---------------------------------------------------------------------------------------------------------
# Reading explicit dates: ISO 8601 and a subset of EDTF


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(?:the\s+)?(\d{3})(?:0s|0's|X)$", re.IGNORECASE)


def _make_date(year: int, month: int, day: int, words: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise DateError(f"impossible date {words!r}: {error}") from None


def _explicit_bound(value: str) -> tuple[dt.date, Precision] | None:
    """``2025-04-03``, ``2025-04``, ``2025`` or ``2010s``/``201X``: the first day and the precision."""
    if match := _ISO_DAY.match(value):
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, value), Precision.day
    if match := _ISO_MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        return _make_date(year, month, 1, value), Precision.month
    if match := _ISO_YEAR.match(value):
        return dt.date(int(match.group(1)), 1, 1), Precision.year
    if match := _DECADE.match(value):
        return dt.date(int(match.group(1)) * 10, 1, 1), Precision.decade
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


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_NUMBERS = {
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
    "fifteen": 15,
    "twenty": 20,
}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAYS = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|—|and|to|&)\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+{_DAYS}{_YEAR}$")
_DAY_MONTH = re.compile(rf"^{_DAYS}\s+(?:of\s+)?{_MONTH}{_YEAR}$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}(?:\s+(?:of\s+)?(?P<year>\d{{4}}))?$")
_WEEKDAY = re.compile(r"^(?:(?P<which>last|next|this past|this coming|this)\s+)?(?P<weekday>[a-z]+day)$")
_AGO = re.compile(
    r"^(?P<qualifier>more than|over|nearly|almost|about|around|some|roughly|less than|under|within)?\s*"
    r"(?P<amount>\d+|[a-z]+)\s+(?P<unit>years?|decades?)(?P<ago>\s+ago)?$"
)
_LEADING = re.compile(r"^(?:on|in|since|from|by|during|until|till|as of|around|the|of)\s+")
_RECENT = {
    "recently",
    "recent",
    "recent years",
    "in recent years",
    "the past few years",
    "the last few years",
}


def _clean(words: str) -> str:
    text = " ".join(words.lower().replace("’", "'").split()).strip(" .,;:")
    previous = None
    while previous != text:
        previous, text = text, _LEADING.sub("", text)
    return text


def _nearest_year(month: int, day: int, published: dt.date, words: str) -> int:
    """The year that puts month/day within six months of the publication date."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise DateError(f"impossible date {words!r}: {calendar.month_name[month]} has no day {day}")
    return min(candidates, key=lambda candidate: abs((candidate - published).days)).year


def _years_before(published: dt.date, years: int) -> dt.date:
    try:
        return published.replace(year=published.year - years)
    except ValueError:  # 29 February
        return published.replace(year=published.year - years, day=28)


def resolve(words: str, published: dt.date) -> When:
    """Resolve a document's words for a date against the document's publication date.

    Raises DateError for words it cannot read or an impossible date; the annotation can then give the
    date explicitly (``{text: ..., date: 2012}``).
    """
    original = words.strip()
    text = _clean(original)
    if not text:
        raise DateError("empty date")

    # ISO and decades written out in the text: stated.
    explicit = _explicit_bound(text.upper() if text.endswith("x") else text)
    if explicit is not None:
        day, precision = explicit
        return span(day, day, precision, Certainty.stated, original)

    if match := _MONTH_DAY.match(text) or _DAY_MONTH.match(text):
        month = _MONTHS[match.group("month")]
        first_day = int(match.group("day"))
        last_day = int(match.group("day2") or first_day)
        if match.group("year"):
            year, certainty = int(match.group("year")), Certainty.stated
        else:
            year, certainty = _nearest_year(month, first_day, published, original), Certainty.inferred
        first = _make_date(year, month, first_day, original)
        last = _make_date(year, month, last_day, original)
        if last < first:
            raise DateError(f"impossible date {original!r}: it ends before it starts")
        return span(first, last, Precision.day, certainty, original)

    if match := _MONTH_YEAR.match(text):
        month = _MONTHS[match.group("month")]
        if match.group("year"):
            year, certainty = int(match.group("year")), Certainty.stated
        else:
            year, certainty = _nearest_year(month, 1, published, original), Certainty.inferred
        first = dt.date(year, month, 1)
        return span(first, first, Precision.month, certainty, original)

    if (match := _WEEKDAY.match(text)) and match.group("weekday") in _WEEKDAYS:
        weekday = _WEEKDAYS[match.group("weekday")]
        which = match.group("which") or "last"
        if which in ("next", "this coming"):
            offset = (weekday - published.weekday()) % 7 or 7
            day = published + dt.timedelta(days=offset)
        else:  # a bare weekday in a report is the most recent one: "released Tuesday"
            day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        return span(day, day, Precision.day, Certainty.inferred, original)

    relative = {
        "today": (published, Precision.day),
        "yesterday": (published - dt.timedelta(days=1), Precision.day),
        "tomorrow": (published + dt.timedelta(days=1), Precision.day),
        "this month": (published, Precision.month),
        "last month": ((published.replace(day=1) - dt.timedelta(days=1)), Precision.month),
        "this year": (published, Precision.year),
        "last year": (published.replace(year=published.year - 1, day=1), Precision.year),
    }
    if text in relative:
        day, precision = relative[text]
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

    if match := _AGO.match(text):
        amount_words = match.group("amount")
        amount = int(amount_words) if amount_words.isdigit() else _NUMBERS.get(amount_words)
        if amount is None or (not match.group("ago") and match.group("qualifier") not in ("within",)):
            raise DateError(f"cannot resolve the date {original!r}")
        years = amount * (10 if match.group("unit").startswith("decade") else 1)
        precision = Precision.decade if years >= 10 else Precision.year
        anchor = _years_before(published, years)
        qualifier = match.group("qualifier")
        if qualifier in ("more than", "over"):  # before the anchor, start unknown
            return When(
                None,
                Bound(window(anchor, Precision.year)[1], Precision.year),
                Certainty.approximate,
                original,
            )
        if qualifier in ("less than", "under", "within"):  # after the anchor, up to publication
            return When(
                Bound(window(anchor, Precision.year)[0], Precision.year),
                Bound(published, Precision.day),
                Certainty.approximate,
                original,
            )
        return span(anchor, anchor, precision, Certainty.approximate, original)

    raise DateError(
        f"cannot resolve the date {original!r}; give it explicitly, e.g. {{text: {original!r}, date: 2012}}"
    )
