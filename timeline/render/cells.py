"""One vocabulary in every view: how a date, a word of the vocabularies, a status, the actors of a fact and
its evidence look to people. Every table builds its cells from these, so the same fact reads the same
everywhere.

User text always enters as ``Text`` (never parsed as markup), so brackets in a document print as written.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from timeline.dates import Bound, format_bound, format_when, from_columns
from timeline.render.screen import Notes
from timeline.vocab import Certainty, Precision

Row = Mapping[str, Any]

STATUS_STYLE = {"announced": "yellow", "held": "green", "postponed": "magenta", "cancelled": "red"}
_MARK = {Certainty.inferred.value: "?", Certainty.approximate.value: "~"}


def label(value: Any) -> str:
    """A word of a vocabulary as people read it: ``founding_member`` is "founding member"."""
    if value is None:
        return ""
    return str(getattr(value, "value", value)).replace("_", " ")


def when(row: Row, notes: Notes, prefix: str = "") -> Text:
    """A row's span (its six date fields) at its precision, e.g. ``2025-04-03–04?``; "undated" if none.
    ``prefix`` names the fields of another span in the row (``membership_start_date``: "membership_")."""
    notes.dated = True
    return Text(
        format_when(
            from_columns(
                row.get(f"{prefix}start_date"),
                row.get(f"{prefix}start_precision"),
                row.get(f"{prefix}end_date"),
                row.get(f"{prefix}end_precision"),
                row.get(f"{prefix}date_certainty"),
                row.get(f"{prefix}date_text"),
            )
        )
    )


def bound(row: Row, side: str, notes: Notes) -> Text:
    """One bound of a row's span (``start`` or ``end``), with the span's mark; "…" when unknown."""
    notes.dated = True
    day, precision = row.get(f"{side}_date"), row.get(f"{side}_precision")
    if day is None:
        return Text("…")
    mark = _MARK.get(label(row.get("date_certainty")), "")
    return Text(format_bound(Bound(day, Precision(str(getattr(precision, "value", precision))))) + mark)


def status(value: Any) -> Text:
    word = label(value)
    return Text(word, style=STATUS_STYLE.get(word, ""))


def plain(value: Any) -> Text:
    """A word or name as it is; nothing for None."""
    return Text(label(value) if value is not None and not isinstance(value, str) else value or "")


def names(items: Sequence[Any]) -> Text:
    """Names joined by commas."""
    return Text(", ".join(str(item) for item in items))


def participants(actors: Sequence[Mapping[str, Any]]) -> str:
    """Actors grouped by their roles, in order: "Mali, Niger (visitor); Russia (host)"."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for actor in actors:
        groups.setdefault(tuple(map(label, actor["roles"])), []).append(actor["name"])
    return "; ".join(f"{', '.join(names)} ({', '.join(roles)})" for roles, names in groups.items())


def by_role(actors: Sequence[Mapping[str, Any]]) -> Text:
    """Actors one line per role: "visitor: Mali, Niger" then "host: Russia"."""
    groups: dict[str, list[str]] = {}
    for actor in actors:
        for role in actor["roles"]:
            groups.setdefault(label(role), []).append(actor["name"])
    return Text("\n".join(f"{role}: {', '.join(names)}" for role, names in groups.items()))


def sources(slugs: Sequence[str], notes: Notes) -> Text:
    """Sources as their note numbers: "[1] [2]"."""
    return Text(" ".join(notes.cite(slug) for slug in slugs), style="dim")


def evidence(row: Row, notes: Notes) -> Text:
    """The quoted words a fact rests on, each followed by its source's note number."""
    text = Text()
    for index, cited in enumerate(row.get("evidence") or []):
        if index:
            text.append("\n")
        text.append(f"“{' '.join(cited['text'].split())}”", style="italic")
        text.append(f" {notes.cite(cited['source'])}", style="dim")
    return text


def quotes(title: str, said: Sequence[str]) -> Text:
    """A statement's title, then each quote on its own line."""
    text = Text(title)
    for quote in said:
        text.append(f"\n“{' '.join(quote.split())}”", style="italic")
    return text
