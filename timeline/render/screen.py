"""Tables for people that show their first screen at once, whatever the number of rows.

A ``TableView`` says how a listing looks: its columns, each with the narrowest width it may take and its
share of the rest, and how one row becomes cells. Widths come from the screen, never from the rows, so a
listing is drawn in chunks of rows as they arrive and every chunk lines up with the first. Where the
columns' narrowest widths do not fit the screen, each row is stacked instead: one ``label: value`` line
per cell, so no column is squeezed and no word is broken.

Sources are cited as numbered notes (in order of first use) and listed, with their titles, at the end.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from timeline.queries.filters import Count

Row = Mapping[str, Any]

LEGEND = "Dates: ? inferred from the publication date, ~ approximate, … open or unknown"
CHUNK = 50  # rows drawn at a time: the first screen shows after this many rows, not after all of them
FIRST_CHUNK = 12  # the first chunk is smaller: about a screen of rows, drawn as soon as they are read
PAGE = 100  # rows a table shows people unless they ask for more (--limit N, --all)
GAP = 2  # columns between two table columns


@dataclass(frozen=True)
class Column:
    """A column: its header, the narrowest it may be (words longer than that fold), and its share of the
    width left over (0: it keeps its width)."""

    header: str
    width: int
    grow: int = 0
    style: str = ""


class Notes:
    """The sources a view cites, numbered in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.dated = False  # a date was shown: print the legend of its marks

    def cite(self, source: str) -> str:
        return f"[{self.numbers.setdefault(source, len(self.numbers) + 1)}]"


Cells = Callable[[Row, Notes], Sequence[RenderableType]]


@dataclass(frozen=True)
class TableView:
    """How people see a listing: a title, the columns, and each row's cells (one per column)."""

    title: str
    columns: tuple[Column, ...]
    cells: Cells
    noun: str = "rows"  # what a row is, in the plural: "events", "memberships"

    def min_width(self) -> int:
        return sum(column.width for column in self.columns) + GAP * (len(self.columns) - 1)


@dataclass
class Page:
    """What people are shown of a listing: at most ``size`` rows (None: every row), what to say when
    there is none, and how to count the rest when there are more."""

    size: int | None = PAGE
    empty: str = "Nothing matches."
    count_more: Callable[[int], Count | None] | None = None  # given how many were shown (None: not counted)
    more_hint: str = "--limit N or --all shows more; --format csv, json or jsonl streams every row."


@dataclass
class Drawn:
    """What a drawing told: the rows shown and whether more were left."""

    shown: int = 0
    more: bool = False
    notes: Notes = field(default_factory=Notes)


def widths(view: TableView, width: int) -> list[int]:
    """Each column's width on a screen ``width`` wide: its least width, and a share of the rest by its
    ``grow`` (worked out here: Rich's ratios may give a later column less than its least)."""
    spare = max(width - view.min_width(), 0)
    grows = sum(column.grow for column in view.columns)
    result = [column.width for column in view.columns]
    if grows:
        given = 0
        flexible = [index for index, column in enumerate(view.columns) if column.grow]
        for index in flexible:
            share = spare * view.columns[index].grow // grows
            result[index] += share
            given += share
        result[flexible[0]] += spare - given  # what rounding left over
    return result


def _table(view: TableView, width: int, first: bool) -> Table:
    table = Table(
        title=Text(view.title, style="bold") if first else None,
        title_justify="left",
        box=box.SIMPLE_HEAVY,
        show_header=first,
        show_edge=False,
        pad_edge=False,
        # Columns are apart by their right padding and the box's one-character separator: GAP in all.
        padding=(0, GAP - 1, 0, 0),
        width=width,
        leading=1,
    )
    for column, column_width in zip(view.columns, widths(view, width), strict=True):
        table.add_column(column.header, width=column_width, overflow="fold", style=column.style)
    return table


def _stacked(view: TableView, cells: Sequence[RenderableType], width: int) -> Table:
    """One row as ``label  value`` lines, the labels in one narrow column."""
    grid = Table.grid(padding=(0, GAP // 2), expand=True, pad_edge=False)
    grid.add_column(style="bold", no_wrap=True, width=max(len(column.header) for column in view.columns))
    grid.add_column(ratio=1, overflow="fold")
    for column, cell in zip(view.columns, cells, strict=True):
        if isinstance(cell, Text) and not cell.plain:
            continue
        grid.add_row(column.header, cell)
    return grid


def draw(
    console: Console, view: TableView, rows: Iterable[Row], page: Page, notes: Notes | None = None
) -> Drawn:
    """Draw ``rows`` chunk by chunk as they arrive: at most ``page.size`` of them, then a line saying how
    many more there are and how to see them."""
    drawn = Drawn(notes=notes or Notes())
    width = console.width
    stacked = width < view.min_width()
    iterator: Iterator[Row] = iter(rows)
    limit = page.size
    if stacked:
        console.print(Text(view.title, style="bold"))
    while limit is None or drawn.shown < limit:
        size = CHUNK if drawn.shown else FIRST_CHUNK
        take = size if limit is None else min(size, limit - drawn.shown)
        chunk = list(islice(iterator, take))
        if not chunk:
            break
        if stacked:
            for row in chunk:
                console.print()
                console.print(_stacked(view, view.cells(row, drawn.notes), width))
        else:
            table = _table(view, width, first=drawn.shown == 0)
            for row in chunk:
                table.add_row(*view.cells(row, drawn.notes))
            if drawn.shown:
                console.print()  # the blank line between rows, across chunks
            console.print(table)
        drawn.shown += len(chunk)
        if len(chunk) < take:
            break
    if drawn.shown == 0:
        if not stacked:
            console.print(Text(view.title, style="bold"))
        console.print(Text(page.empty, style="italic"))
    elif limit is not None and drawn.shown == limit and next(iterator, None) is not None:
        drawn.more = True
        more = page.count_more(drawn.shown) if page.count_more else None
        console.print()
        if more is None or not more.rows:  # not counted (or gone since): there is at least one more
            of = f"Showing the first {drawn.shown:,} {view.noun}; there are more"
        else:
            total = Count(drawn.shown + more.rows, more.at_least)
            of = f"Showing the first {drawn.shown:,} of {total} {view.noun}"
        console.print(Text(f"{of}: {page.more_hint}", style="dim"))
    return drawn


def footnotes(console: Console, notes: Notes, sources: Callable[[list[str]], dict[str, str]] | None) -> None:
    """The sources cited, by number with their titles, and the legend of the date marks."""
    lines = []
    if notes.numbers:
        titles = sources(list(notes.numbers)) if sources else {}
        for slug, number in notes.numbers.items():
            title = titles.get(slug)
            lines.append(f"[{number}] {title} [{slug}]" if title else f"[{number}] {slug}")
    if notes.dated:
        lines.append(LEGEND)
    if lines:
        console.print()
        console.print(Text("\n".join(lines), style="dim"))
