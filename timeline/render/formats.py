"""One ``--format`` choice, dispatched through a registry of writers.

A command builds a ``Listing`` (stable field names in a fixed order, rows as mappings, and a function that
draws the rows as a Rich renderable for people); ``write`` hands it to the writer for the chosen format.
Machine formats stream row by row, with no colour and no progress noise.
"""

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import IO, Any

from rich.console import Console, RenderableType

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Listing:
    """Rows with stable field names, how to draw them for people, and how CSV flattens nested fields."""

    fields: tuple[str, ...]
    rows: Iterable[Any]
    draw: Callable[[list[Any]], RenderableType]
    cells: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
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
        f"{item['actor']} ({', '.join(map(str, plain(item['roles'])))})" for item in participants or []
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
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(item, dict | list) for item in value):
        return "; ".join("" if item is None else str(item) for item in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=False)
    return str(value)


# Values the csv and json modules already write as they should: most cells, passed through untouched.
_AS_IS = frozenset({str, int, float, type(None)})


def _record(listing: Listing, row: Row) -> dict[str, Any]:
    return {
        field: value if type(value) in _AS_IS else plain(value)
        for field, value in ((field, row.get(field)) for field in listing.fields)
    }


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
        writer.writerow([v if type(v) in _AS_IS else cell(v) for v, cell in zip(values, cells, strict=True)])


def write_jsonl(listing: Listing, out: IO[str]) -> None:
    for row in listing.mappings():
        out.write(json.dumps(_record(listing, row), ensure_ascii=False) + "\n")


def write_json(listing: Listing, out: IO[str]) -> None:
    """A JSON array, written one element at a time so long listings stream."""
    out.write("[")
    count = 0
    for row in listing.mappings():
        out.write(",\n " if count else "\n ")
        out.write(json.dumps(_record(listing, row), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")


def write_table(listing: Listing, out: IO[str]) -> None:
    console = Console(file=out, soft_wrap=False, highlight=False)
    console.print(listing.draw(list(listing.rows)))


WRITERS: dict[str, Callable[[Listing, IO[str]], None]] = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
    "jsonl": write_jsonl,
}
FORMATS = tuple(WRITERS)


def write(listing: Listing, fmt: str, out: IO[str] | None = None) -> None:
    WRITERS[fmt](listing, out or sys.stdout)
