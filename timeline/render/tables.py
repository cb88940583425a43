"""Rich renderables for people: each function takes listing rows and returns a Table or a Group.

User text always enters as ``Text`` (never parsed as markup), so brackets in a document print as written.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from timeline.dates import Bound, format_bound, format_when, from_columns
from timeline.render import cells
from timeline.render.screen import Column, Notes, TableView
from timeline.vocab import Precision

Row = Mapping[str, Any]

LEGEND = "? inferred from the publication date   ~ approximate"
STATUS_STYLE = {"announced": "yellow", "held": "green", "postponed": "magenta", "cancelled": "red"}


def _value(value: Any) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def _when(row: Row) -> str:
    return format_when(
        from_columns(
            row.get("start_date"),
            row.get("start_precision"),
            row.get("end_date"),
            row.get("end_precision"),
            row.get("date_certainty"),
            row.get("date_text"),
        )
    )


def _bound(row: Row, side: str) -> str:
    day, precision = row.get(f"{side}_date"), row.get(f"{side}_precision")
    if day is None:
        return ""
    mark = {"inferred": "?", "approximate": "~"}.get(_value(row.get("date_certainty")), "")
    return format_bound(Bound(day, Precision(str(precision)))) + mark


class SourceNotes:
    """The sources a table cites, numbered in order of first citation and listed under the table."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def cite(self, source: str) -> str:
        return f"[{self._numbers.setdefault(source, len(self._numbers) + 1)}]"

    def caption(self, legend: bool = True) -> str:
        lines = [f"[{number}] {source}" for source, number in self._numbers.items()]
        return "\n".join([*lines, LEGEND] if legend else lines)


def _evidence(row: Row, notes: SourceNotes) -> Text:
    text = Text()
    for index, cited in enumerate(row.get("evidence") or []):
        if index:
            text.append("\n")
        text.append(f"“{' '.join(cited['text'].split())}”", style="italic")
        text.append(f" {notes.cite(cited['source'])}", style="dim")
    return text


def _status(value: Any) -> Text:
    status = _value(value)
    return Text(status, style=STATUS_STYLE.get(status, ""))


# Short columns that read badly when wrapped.
_NO_WRAP = {"Date", "Kind", "Status", "Since", "Until", "Role", "Relation", "Source"}


def _table(title: str, *columns: str) -> Table:
    table = Table(
        title=title, box=box.SIMPLE_HEAVY, title_justify="left", caption_justify="left", pad_edge=False
    )
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _NO_WRAP)
    return table


def _participants(actors: Sequence[Mapping[str, Any]]) -> str:
    """Actors grouped by their roles, in order: "Mali, Niger (issuer); Reuters (reporter)"."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for actor in actors:
        groups.setdefault(tuple(map(_value, actor["roles"])), []).append(actor["name"])
    return "; ".join(f"{', '.join(names)} ({', '.join(roles)})" for roles, names in groups.items())


def _timeline_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    event = Text(row["title"], style="bold")
    if row.get("place"):
        event.append(f"\nat {row['place']}")
    if row["actors"]:
        event.append("\n" + cells.participants(row["actors"]), style="dim")
    return (
        cells.when(row, notes),
        Text(cells.label(row["kind"])),
        event,
        cells.status(row["status"]),
        cells.sources(row["sources"], notes),
    )


TIMELINE = TableView(
    "Timeline",
    (Column("Date", 14), Column("Kind", 11), Column("Event", 30, grow=1), Column("Status", 9),
     Column("Sources", 7)),
    _timeline_cells,
    noun="events",
)  # fmt: skip


def memberships_table(rows: Sequence[Row]) -> RenderableType:
    notes = SourceNotes()
    table = _table("Bloc memberships", "Bloc", "Member", "Role", "Since", "Until", "Evidence")
    for row in rows:
        table.add_row(
            Text(row["bloc_name"]),
            Text(row["member_name"]),
            Text(_value(row["role"]).replace("_", " ")),
            Text(_bound(row, "start")),
            Text(_bound(row, "end")),
            _evidence(row, notes),
        )
    table.caption = notes.caption()
    return table


def posts_table(rows: Sequence[Row]) -> RenderableType:
    notes = SourceNotes()
    table = _table("Posts and holders", "Post", "Holder", "Since", "Until", "Evidence")
    for row in rows:
        holder = Text(row["holder_name"])
        if not row["holder_named"]:
            holder = Text(f"{row['holder_name']} (name unknown)", style="italic")
        table.add_row(
            Text(row["post_label"]),
            holder,
            Text(_bound(row, "start")),
            Text(_bound(row, "end")),
            _evidence(row, notes),
        )
    table.caption = notes.caption()
    return table


def participation_table(rows: Sequence[Row]) -> RenderableType:
    """Who met whom: actors down, meetings across, roles in the cells."""
    meetings: dict[str, str] = {}
    actors: dict[str, str] = {}
    cells: dict[tuple[str, str], str] = {}
    for row in rows:
        meetings.setdefault(row["meeting"], f"{row['meeting_title']}\n{row['date'] or 'undated'}")
        actors.setdefault(row["actor"], row["actor_name"])
        cells[(row["actor"], row["meeting"])] = ", ".join(_value(role) for role in row["roles"])
    table = _table("Who met whom", "Actor", *meetings.values())
    for actor, name in actors.items():
        table.add_row(Text(name), *(Text(cells.get((actor, meeting), "")) for meeting in meetings))
    return table


def statements_table(rows: Sequence[Row]) -> RenderableType:
    table = _table("Statements by issuer", "Issuer", "Date", "Statement", "With", "Reported by")
    for row in rows:
        statement = Text(row["title"])
        for quote in row["quotes"]:
            statement.append(f"\n“{' '.join(quote.split())}”", style="italic")
        table.add_row(
            Text(row["issuer_name"] or "(no issuer)"),
            Text(row["date"] or "undated"),
            statement,
            Text(", ".join(row["co_issuer_names"])),
            Text(", ".join(row["reported_by_names"])),
        )
    return table


def relations_table(rows: Sequence[Row]) -> RenderableType:
    notes = SourceNotes()
    table = _table("Relations between actors", "Subject", "Relation", "Object", "Since", "Until", "Evidence")
    for row in rows:
        table.add_row(
            Text(row["subject_name"]),
            Text(_value(row["kind"])),
            Text(row["object_name"]),
            Text(_bound(row, "start")),
            Text(_bound(row, "end")),
            _evidence(row, notes),
        )
    table.caption = notes.caption()
    return table


SECTION_TITLES = {
    "mention": "Mentions",
    "membership": "Memberships",
    "post": "Posts",
    "event": "Events",
    "statement": "Statements",
    "relation": "Relations",
}


def profile_summary(header: Mapping[str, Any]) -> RenderableType:
    """Who the actor is: name and slug, kind, aliases and identifiers."""
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold", no_wrap=True)
    summary.add_column()
    summary.add_row("Actor", Text(f"{header['display_name']} [{header['slug']}]"))
    summary.add_row("Kind", Text(header["kind"]))
    if header["name"] is None:
        summary.add_row("Name", Text("unknown: known only by post", style="italic"))
    summary.add_row("Aliases", Text(", ".join(header["aliases"])))
    identifiers = ", ".join(f"{scheme}: {value}" for scheme, value in header["identifiers"])
    if identifiers:
        summary.add_row("Identifiers", Text(identifiers))
    return summary


def _fact_cells(row: Row, notes: Notes) -> list[RenderableType]:
    fact = Text(row["summary"])
    evidence = cells.evidence(row, notes)
    if evidence.plain:
        fact.append("\n")
        fact.append_text(evidence)
    dated = row.get("start_date") is not None or row.get("end_date") is not None
    return [cells.when(row, notes) if dated else Text(""), fact, Text(cells.label(row["role"]))]


def profile_section(section: str) -> TableView:
    """One section of an actor's profile: the date, the fact with the words it rests on, the actor's
    role (all its roles in one event), and for events their status."""
    columns = [Column("Date", 14), Column("Fact", 30, grow=1), Column("Role", 16)]
    if section in ("event", "statement"):
        columns.append(Column("Status", 9))
        return TableView(
            SECTION_TITLES[section],
            tuple(columns),
            lambda row, notes: [*_fact_cells(row, notes), cells.status(row["status"])],
            noun=f"{section}s",
        )
    return TableView(SECTION_TITLES[section], tuple(columns), _fact_cells, noun=f"{section}s")


def score_table(rows: Sequence[Row]) -> RenderableType:
    """A draft's precision and recall per kind of fact, against a hand annotation."""
    table = _table(
        "Draft against the hand annotation", "Kind", "Precision", "Recall", "Matched", "Drafted", "Gold"
    )
    for row in rows:
        table.add_row(
            str(row["kind"]),
            f"{row['precision']:.2f}",
            f"{row['recall']:.2f}",
            str(row["matched"]),
            str(row["drafted"]),
            str(row["gold"]),
        )
    return table
