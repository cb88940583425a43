"""One ``--format`` choice, dispatched through a registry of writers.

A command builds a ``Listing`` (stable field names in a fixed order, rows as mappings, and a function that
draws the rows as a Rich renderable for people); ``write`` hands it to the writer for the chosen format.
Machine formats stream row by row, with no colour and no progress noise.
"""

import csv
import datetime as dt
import errno
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import IO, Any

from rich.console import Console, RenderableType

from timeline.render.pager import screen
from timeline.render.screen import PAGE, Notes, Page, TableView, draw, footnotes

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Output:
    """How a listing command was asked to write: the format, a limit on rows (every format), ``--all`` (a
    table for people shows every row, not a page) and whether a terminal may page."""

    fmt: str = "table"
    limit: int | None = None
    everything: bool = False
    pager: bool = True

    @property
    def page_size(self) -> int | None:
        """The rows a table shows people before saying how many more: none with --limit or --all."""
        return None if self.everything or self.limit is not None or self.fmt != "table" else PAGE


@dataclass(frozen=True)
class Listing:
    """Rows with stable field names, how people see them (a streamed ``view``, or ``draw`` for a view put
    together from all the rows), and how CSV flattens nested fields."""

    fields: tuple[str, ...]
    rows: Iterable[Any]
    draw: Callable[[list[Any]], RenderableType] | None = None
    cells: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    view: TableView | None = None
    page: Page = field(default_factory=Page)
    # Rows are sequences in field order of values as a database driver returns them (`timeline sql`):
    # CSV writes them as they are, at the csv module's own speed.
    positional: bool = False

    def mappings(self) -> Iterable[Row]:
        return (
            (dict(zip(self.fields, row, strict=True)) for row in self.rows) if self.positional else self.rows
        )


def evidence_cell(evidence: Any) -> str:
    """Evidence in one CSV cell: “words” source@start-end, separated by "; "."""
    return "; ".join(
        f"“{item['text']}” {item['source']}@{item['char_start']}-{item['char_end']}"
        for item in evidence or []
    )


def participants_cell(participants: Any) -> str:
    """Participants in one CSV cell: slug (role, role), separated by "; "."""
    return "; ".join(
        f"{item['actor']} ({', '.join(str(getattr(role, 'value', role)) for role in item['roles'])})"
        for item in participants or []
    )


def plain(value: Any) -> Any:
    """A value as JSON knows it: dates as ISO text, vocabularies as their words, nested lists and maps."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _cell(value: Any) -> str:
    """A value in one CSV cell: lists of words joined by "; ", lists of records as JSON."""
    if isinstance(value, Enum):  # the most common cells first: vocabularies and days
        return str(value.value)
    if type(value) is dt.date:
        return value.isoformat()
    if type(value) is list and all(type(item) is str for item in value):
        return "; ".join(value)
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(item, dict | list) for item in value):
        return "; ".join("" if item is None else str(item) for item in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=False)
    return str(value)


# Values the csv and json modules already write as they should: most cells, passed through untouched.
_SCALAR = (str, int, float)


def _record(listing: Listing, row: Row) -> dict[str, Any]:
    return {field: row.get(field) for field in listing.fields}


def _json_default(value: Any) -> Any:
    """What the json module cannot write itself (days, mappings, vocabularies that are not words), as
    ``plain`` has it; lists, tuples and vocabulary words (str) it writes at its own speed."""
    converted = plain(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return converted


def write_csv(listing: Listing, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(listing.fields)
    if listing.positional:
        writer.writerows(listing.rows)
        return
    # Every listing's "evidence" field flattens the same way unless the listing says otherwise.
    cells = [
        listing.cells.get(name) or (evidence_cell if name == "evidence" else _cell) for name in listing.fields
    ]
    fields = listing.fields
    for row in listing.rows:
        values = [row.get(name) for name in fields]
        # A vocabulary word (a str subclass) is written as its value by the csv module itself.
        writer.writerow(
            [
                v if v is None or isinstance(v, _SCALAR) else cell(v)
                for v, cell in zip(values, cells, strict=True)
            ]
        )


def write_jsonl(listing: Listing, out: IO[str]) -> None:
    for row in listing.mappings():
        out.write(json.dumps(_record(listing, row), ensure_ascii=False, default=_json_default) + "\n")


def write_json(listing: Listing, out: IO[str]) -> None:
    """A JSON array, written one element at a time so long listings stream."""
    out.write("[")
    count = 0
    for row in listing.mappings():
        out.write(",\n " if count else "\n ")
        out.write(json.dumps(_record(listing, row), ensure_ascii=False, default=_json_default))
        count += 1
    out.write("\n]\n" if count else "]\n")


def write_table(listing: Listing, out: IO[str]) -> None:
    console = Console(file=out, soft_wrap=False, highlight=False)
    _draw(console, listing, Notes())


def _draw(console: Console, listing: Listing, notes: Notes) -> None:
    if listing.view is not None:
        draw(console, listing.view, listing.mappings(), listing.page, notes)
    else:
        assert listing.draw is not None, "a listing for people has a view or a draw"
        console.print(listing.draw(list(listing.rows)))


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich would exit with status 1 here; a reader who stops reading early (quits the pager, or
        ``| head``) is no failure: see pager.screen."""
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def show(
    listings: Sequence[Listing], output: Output, titles: Callable[[list[str]], dict[str, str]] | None = None
) -> None:
    """Write listings as ``output`` asks: machine formats stream to stdout; tables for people go through
    the pager on a terminal, each a page long unless asked for more, the sources they cite listed last
    (with their ``titles``: slugs to "Title (2025-04-01)")."""
    if output.fmt != "table":
        for listing in listings:
            write(listing, output.fmt)
        return
    with screen(output.pager) as where:
        console = _Console(
            file=where.out,
            width=where.width,
            force_terminal=True if where.width else None,
            soft_wrap=False,
            highlight=False,
        )
        notes = Notes()
        for index, listing in enumerate(listings):
            if index:
                console.print()
            _draw(console, listing, notes)
        footnotes(console, notes, titles)


WRITERS: dict[str, Callable[[Listing, IO[str]], None]] = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
    "jsonl": write_jsonl,
}
FORMATS = tuple(WRITERS)


def write(listing: Listing, fmt: str, out: IO[str] | None = None) -> None:
    WRITERS[fmt](listing, out or sys.stdout)
