"""How people see each listing: its TableView (columns and cells, from the one vocabulary of cells.py),
or for a view put together from all its rows, a function returning a Rich renderable.

User text always enters as ``Text`` (never parsed as markup), so brackets in a document print as written.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from timeline.render import cells
from timeline.render.screen import Column, Notes, TableView

Row = Mapping[str, Any]

# Short columns that read badly when wrapped.
_NO_WRAP = {"Date", "Kind", "Status", "Since", "Until", "Role", "Relation", "Source"}


def _table(title: str, *columns: str) -> Table:
    table = Table(
        title=title, box=box.SIMPLE_HEAVY, title_justify="left", caption_justify="left", pad_edge=False
    )
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _NO_WRAP)
    return table


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


def _span(row: Row, notes: Notes) -> Text:
    """A fact's span: "2023 – …" (a known start, open end), "undated"."""
    return cells.when(row, notes)


def _membership_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    return (
        Text(row["bloc_name"]),
        Text(row["member_name"]),
        Text(cells.label(row["role"])),
        _span(row, notes),
        cells.evidence(row, notes),
    )


MEMBERSHIPS = TableView(
    "Bloc memberships",
    (Column("Bloc", 14, grow=1), Column("Member", 14, grow=1), Column("Role", 9), Column("Span", 14),
     Column("Evidence", 16, grow=2)),
    _membership_cells,
    noun="memberships",
)  # fmt: skip


def _post_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    holder = Text(row["holder_name"])
    if not row["holder_named"]:
        holder = Text(f"{row['holder_name']} (name unknown)", style="italic")
    return (Text(row["post_label"]), holder, _span(row, notes), cells.evidence(row, notes))


POSTS = TableView(
    "Posts and holders",
    (Column("Post", 16, grow=1), Column("Holder", 16, grow=1), Column("Span", 14),
     Column("Evidence", 20, grow=2)),
    _post_cells,
    noun="post holdings",
)  # fmt: skip


def _meeting_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    meeting = Text(row["title"], style="bold")
    if row.get("place"):
        meeting.append(f"\nat {row['place']}")
    if row.get("series"):
        session = f"session {row['session']} of " if row.get("session") else ""
        meeting.append(f"\n{session}{row['series']}", style="dim")
    return (
        cells.when(row, notes),
        meeting,
        cells.status(row["status"]),
        cells.by_role(row["participants"]),
        cells.sources(row["sources"], notes),
    )


MEETINGS = TableView(
    "Meetings",
    (Column("Date", 14), Column("Meeting", 18, grow=2), Column("Status", 9),
     Column("Participants", 18, grow=1), Column("Sources", 7)),
    _meeting_cells,
    noun="meetings",
)  # fmt: skip


def _pair_bound(row: Row, side: str, notes: Notes) -> Text:
    """The first or last day two actors met, at its precision and with its mark."""
    return cells.bound(
        {
            "start_date": row[f"{side}_date"],
            "start_precision": row[f"{side}_precision"],
            "date_certainty": row[f"{side}_certainty"],
        },
        "start",
        notes,
    )


def _pair_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    return (
        Text(row["actor_name"]),
        Text(row["other_name"]),
        Text(f"{row['meetings']:,}"),
        _pair_bound(row, "first", notes),
        _pair_bound(row, "last", notes),
    )


PAIRS = TableView(
    "Who met whom",
    (Column("Actor", 16, grow=1), Column("Met", 16, grow=1), Column("Meetings", 8), Column("First", 11),
     Column("Last", 11)),
    _pair_cells,
    noun="pairs",
)  # fmt: skip


def _statement_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    statement = cells.quotes(row["title"], row["quotes"])
    if row.get("concerns_title"):
        statement.append(f"\non: {row['concerns_title']}", style="dim")
    issued = Text(", ".join(row["issuer_names"]) or "(no issuer)")
    if row["reported_by_names"]:
        issued.append(f"\nreported by {', '.join(row['reported_by_names'])}", style="dim")
    return (
        cells.when(row, notes),
        Text(cells.label(row["statement_kind"])),
        statement,
        issued,
        cells.evidence(row, notes),
    )


STATEMENTS = TableView(
    "Statements",
    (Column("Date", 14), Column("Kind", 10), Column("Statement", 16, grow=2), Column("Issued by", 14, grow=1),
     Column("Evidence", 14, grow=2)),
    _statement_cells,
    noun="statements",
)  # fmt: skip


def _relation_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    return (
        Text(row["subject_name"]),
        Text(cells.label(row["kind"])),
        Text(row["object_name"]),
        _span(row, notes),
        cells.evidence(row, notes),
    )


RELATIONS = TableView(
    "Relations between actors",
    (Column("Subject", 14, grow=1), Column("Relation", 11), Column("Object", 14, grow=1), Column("Span", 14),
     Column("Evidence", 16, grow=2)),
    _relation_cells,
    noun="relations",
)  # fmt: skip


def _change(row: Row) -> str:
    """A change as people read it: "founding member" for a founding member's start, "joined as observer"."""
    role = cells.label(row["role"])
    if row["change"] == "joined":
        if role == "founding member":
            return role
        return "joined" if role == "member" else f"joined as {role}"
    return "left" if role in ("member", "founding member") else f"left ({role})"


def _bloc_change_cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    day = {"start_date": row["date"], "start_precision": row["date_precision"],
           "date_certainty": row["date_certainty"]}  # fmt: skip
    return (
        cells.bound(day, "start", notes) if row["date"] is not None else Text("undated"),
        Text(row["bloc_name"]),
        Text(row["member_name"]),
        Text(_change(row)),
        cells.evidence(row, notes),
    )


BLOC_CHANGES = TableView(
    "Who joined or left which bloc",
    (Column("Date", 11), Column("Bloc", 14, grow=1), Column("Member", 14, grow=1), Column("Change", 15),
     Column("Evidence", 16, grow=2)),
    _bloc_change_cells,
    noun="changes",
)  # fmt: skip


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
