"""iCalendar (RFC 5545): one all-day VEVENT per dated meeting, written by hand so the bytes are stable."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from timeline.dates import When, format_when, window
from timeline.queries.timeline import TimelineEntry
from timeline.vocab import EventStatus

PRODID = "-//timeline//timeline export//EN"
LINE_OCTETS = 75  # RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break

_STATUS = {
    EventStatus.announced: "TENTATIVE",
    EventStatus.held: "CONFIRMED",
    EventStatus.postponed: "TENTATIVE",  # iCalendar has no "postponed": it may still happen
    EventStatus.cancelled: "CANCELLED",
}
# TEXT may not hold control characters other than tab (RFC 5545 3.3.11); newlines are escaped instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _escape(value: str) -> str:
    """A TEXT value with backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11)."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """A content line folded at 75 octets of UTF-8, never inside a character, with CRLF line breaks."""
    pieces: list[str] = []
    current, size = "", 0
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            pieces.append(current)
            current, size = " ", 1  # a continuation line starts with one space, which counts
        current += character
        size += octets
    pieces.append(current)
    return "\r\n".join(pieces) + "\r\n"


def _stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"DTSTAMP must be timezone-aware, got {moment.isoformat()}")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _days(when: When | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the span, or None when it has no bound at all."""
    if when is None:
        return None
    # With one bound unknown the span is the known bound's unit: "more than a decade ago" ends in 2015,
    # so it shows across 2015 rather than nowhere.
    first, last = when.start or when.end, when.end or when.start
    if first is None or last is None:
        return None
    return window(first.date, first.precision)[0], window(last.date, last.precision)[1]


def _description(entry: TimelineEntry, when: When) -> str:
    lines = [entry.description] if entry.description else []
    if entry.participants:
        lines.append("Participants:")
        lines.extend(f"- {participant.label()}" for participant in entry.participants)
    lines.append(f"Date: {when.text or format_when(when)} ({when.certainty.value})")
    if entry.sources:
        lines.append("Sources: " + ", ".join(entry.sources))
    return "\n".join(lines)


def _event(entry: TimelineEntry, when: When, days: tuple[dt.date, dt.date], stamp: dt.datetime) -> list[str]:
    first, last = days
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_escape(entry.slug)}@timeline",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
        f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",  # DTEND is exclusive
        f"SUMMARY:{_escape(entry.title)}",
    ]
    if entry.place:
        lines.append(f"LOCATION:{_escape(entry.place)}")
    lines.append(f"DESCRIPTION:{_escape(_description(entry, when))}")
    lines.append(f"STATUS:{_STATUS[entry.status]}")
    if entry.category:
        lines.append(f"CATEGORIES:{_escape(entry.category)}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[TimelineEntry], stamps: Mapping[str, dt.datetime]) -> bytes:
    """An iCalendar file of the dated entries, in the order given; ``stamps`` gives each slug's DTSTAMP."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for entry in meetings:
        days = _days(entry.when)
        if entry.when is not None and days is not None:
            lines.extend(_event(entry, entry.when, days, stamps[entry.slug]))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) for line in lines).encode("utf-8")
