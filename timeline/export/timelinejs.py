"""TimelineJS3 JSON: a title slide and one slide per dated event, for https://timeline.knightlab.com.

Follows the JSON format documented at https://timeline.knightlab.com/docs/json-format.html: every event
slide needs a ``start_date`` whose ``year`` is required and whose ``month`` and ``day`` are optional numbers;
``headline`` and ``text`` are read as HTML.
"""

import html
import json
from collections.abc import Iterable

from timeline.dates import Bound, format_when, window
from timeline.queries.timeline import TimelineEntry
from timeline.vocab import Precision

DateObject = dict[str, int]
Slide = dict[str, object]


def _date(bound: Bound) -> DateObject:
    """A TimelineJS date object with keys only down to the bound's precision."""
    first = window(bound.date, bound.precision)[0]  # a decade shows as its first year
    date: DateObject = {"year": first.year}
    if bound.precision in (Precision.month, Precision.day):
        date["month"] = first.month
    if bound.precision is Precision.day:
        date["day"] = first.day
    return date


def _text(entry: TimelineEntry) -> str:
    """The slide body as HTML; every piece of user text escaped, since TimelineJS renders it as markup."""
    paragraphs = []
    if entry.description:
        paragraphs.append(html.escape(entry.description))
    if entry.place:
        paragraphs.append("Place: " + html.escape(entry.place))
    if entry.participants:
        paragraphs.append("Participants: " + html.escape("; ".join(p.label() for p in entry.participants)))
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _slide(entry: TimelineEntry) -> Slide | None:
    when = entry.when
    if when is None:
        return None
    # An open start ("more than a decade ago") still needs a start_date: the end stands in for it, and
    # display_date ("… – 2015~") tells the reader the start is unknown.
    first = when.start or when.end
    if first is None:
        return None
    slide: Slide = {"start_date": _date(first)}
    if when.start is not None and when.end is not None:
        end = _date(when.end)
        if end != slide["start_date"]:  # an end in the same unit as the start adds nothing
            slide["end_date"] = end
    slide["display_date"] = format_when(when)
    slide["text"] = {"headline": html.escape(entry.title), "text": _text(entry)}
    slide["group"] = entry.kind.value
    slide["unique_id"] = entry.slug
    return slide


def timelinejs(entries: Iterable[TimelineEntry], title: str) -> bytes:
    """The events as a TimelineJS3 JSON document, in the order given; undated events are left out."""
    slides = [slide for slide in map(_slide, entries) if slide is not None]
    document = {"title": {"text": {"headline": html.escape(title), "text": ""}}, "events": slides}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
