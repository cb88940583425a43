"""``timeline actors`` for people: one row per actor, with its names and how much is known about it."""

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from timeline.render import cells
from timeline.render.screen import Column, Notes, Row, TableView


def _actor(row: Row) -> Text:
    """The name, and the slug below it; an official known only by post is shown by the post, in italics."""
    if row["named"]:
        text = Text(row["name"])
    else:
        text = Text(row["name"], style="italic")
        text.append(" (name unknown)", style="italic")
    text.append(f"\n{row['actor']}", style="dim")
    return text


def _events(row: Row) -> Text:
    """Events, and below them the participations when an actor played several roles in one event."""
    text = Text(f"{row['events']:,}")
    if row["participations"] != row["events"]:
        text.append(f"\n{row['participations']:,} roles", style="dim")
    return text


def _memberships(row: Row) -> Text:
    """Memberships of others in the actor (a bloc's), then its own of blocs."""
    lines = []
    if row["memberships_as_bloc"]:
        lines.append(f"{row['memberships_as_bloc']:,} as bloc")
    if row["memberships_as_member"]:
        lines.append(f"{row['memberships_as_member']:,} as member")
    return Text("\n".join(lines))


def _cells(row: Row, notes: Notes) -> Sequence[RenderableType]:
    return (
        _actor(row),
        Text(cells.label(row["kind"])),
        cells.names(row["aliases"]),
        _events(row),
        _memberships(row),
    )


ACTORS = TableView(
    "Actors",
    (Column("Actor", 24, grow=3), Column("Kind", 12), Column("Aliases", 10, grow=1), Column("Events", 8),
     Column("Memberships", 11)),
    _cells,
    noun="actors",
)  # fmt: skip
