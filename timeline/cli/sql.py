"""``timeline sql``: plain SQL, read-only, in any output format."""

import sys
from collections.abc import Sequence
from typing import Any

import click

from timeline.cli.options import format_option
from timeline.cli.state import State


def _parameter(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    parameters = {}
    for value in values:
        name, equals, given = value.partition("=")
        if not equals or not name.isidentifier():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param=param)
        parameters[name] = given
    return parameters


@click.command("sql")
@click.argument("query", required=False)
@click.option(
    "-p",
    "--param",
    "parameters",
    multiple=True,
    callback=_parameter,
    metavar="NAME=VALUE",
    help="A value for :NAME in the query (as text; cast it in SQL if needed). Repeat for several.",
)
@format_option
@click.pass_obj
def command(state: State, query: str | None, parameters: dict[str, str], fmt: str) -> None:
    """Run one SQL statement (QUERY, or read from stdin when QUERY is - or missing) in a read-only
    transaction: the database refuses any change. Named parameters are written :name.

    Example: timeline sql "SELECT * FROM membership_view WHERE bloc = :bloc" -p bloc=aes
    """
    from rich.table import Table
    from rich.text import Text

    from timeline.db import open_session
    from timeline.render.formats import Listing, write
    from timeline.sql import run

    if query in (None, "-"):
        if query is None and sys.stdin.isatty():
            raise click.UsageError("give a QUERY, or pipe one in")
        query = sys.stdin.read()
    if not query.strip():
        raise click.UsageError("the query is empty")

    def draw(rows: list[Sequence[Any]]) -> Table:
        table = Table(show_lines=False, pad_edge=False)
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text("" if value is None else str(value)) for value in row))
        return table

    with open_session(state.url, read_only=True) as session:
        result = run(session.connection(), query, parameters)
        write(Listing(result.columns, result.rows, draw, positional=True), fmt)
