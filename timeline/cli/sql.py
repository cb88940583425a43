"""``timeline sql``: one read query, refused unless it only reads, in any output format."""

import sys
from collections.abc import Sequence
from typing import Any

import click

from timeline.cli.options import format_option
from timeline.cli.state import State

DEFAULT_TIMEOUT = 300  # seconds


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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query on the database after this long; 0 for no limit.",
)
@format_option
@click.pass_obj
def command(state: State, query: str | None, parameters: dict[str, str], timeout: float, fmt: str) -> None:
    """Run one read query (QUERY, or read from stdin when QUERY is - or missing): SELECT, WITH … SELECT,
    VALUES, or EXPLAIN of one. Named parameters are written :name.

    Anything else is refused before it reaches the database: a second statement, a write, a lock, INTO,
    and functions that reach files, programs, settings or other sessions. The database's own read-only
    session refuses any change as well. Ctrl-C stops the query on the server too.

    Example: timeline sql "SELECT * FROM membership_view WHERE bloc = :bloc" -p bloc=aes
    """
    from rich.table import Table
    from rich.text import Text

    from timeline.render.formats import Listing, write
    from timeline.storage import accounts
    from timeline.storage.db import open_session
    from timeline.storage.sql import run
    from timeline.storage.sql_guard import read_query

    if query in (None, "-"):
        if query is None and sys.stdin.isatty():
            raise click.UsageError("give a QUERY, or pipe one in")
        query = sys.stdin.read()
    if not query.strip():
        raise click.UsageError("the query is empty")
    checked = read_query(query, state.url.get_backend_name())

    def draw(rows: list[Sequence[Any]]) -> Table:
        table = Table(show_lines=False, pad_edge=False)
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text("" if value is None else str(value)) for value in row))
        return table

    with open_session(state.url, read_only=True) as session:
        connection = session.connection()
        account = accounts.privileged(connection)
        if account is not None:
            click.echo(
                f"warning: connected as {account}; run timeline sql as a reader role (timeline db reader)",
                err=True,
            )
        with run(connection, checked, parameters, timeout=timeout) as result:
            write(Listing(result.columns, result.rows, draw, positional=True), fmt)
