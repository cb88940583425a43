"""``timeline relations``: relationship tables."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from timeline.cli.options import format_option, one_day
from timeline.cli.state import State

TABLES = ("memberships", "posts", "meetings", "statements", "relations")
DATED = ("memberships", "posts", "relations")


@click.command("relations")
@click.argument("table", required=False, type=click.Choice(TABLES))
@click.option(
    "--as-of",
    "day",
    callback=one_day,
    metavar="YYYY-MM-DD",
    help="Only what may hold on this day (memberships, posts, relations).",
)
@format_option
@click.pass_obj
def command(state: State, table: str | None, day: dt.date | None, fmt: str) -> None:
    """Print relationship tables: bloc memberships, posts and holders, who met whom (meetings),
    statements by issuer, and relations between actors.

    With no TABLE, all of them (as tables for people); csv, json and jsonl need one TABLE.
    """
    from timeline.db import open_session
    from timeline.queries import relations as q
    from timeline.render import tables as t
    from timeline.render.formats import Listing, write

    if table is None and fmt != "table":
        raise click.UsageError(
            f"--format {fmt} needs one table: timeline relations {{{','.join(TABLES)}}} --format {fmt}"
        )
    if day is not None and table is not None and table not in DATED:
        raise click.UsageError(f"--as-of applies to {', '.join(DATED)}, not {table}")

    listings: dict[str, tuple[Callable[..., list[dict[str, Any]]], tuple[str, ...], Any, bool]] = {
        "memberships": (q.memberships, q.MEMBERSHIP_FIELDS, t.memberships_table, True),
        "posts": (q.posts, q.POST_FIELDS, t.posts_table, True),
        "meetings": (q.participation, q.PARTICIPATION_FIELDS, t.participation_table, False),
        "statements": (q.statements, q.STATEMENT_FIELDS, t.statements_table, False),
        "relations": (q.actor_relations, q.RELATION_FIELDS, t.relations_table, True),
    }
    with open_session(state.url) as session:
        for name in (table,) if table else TABLES:
            query, fields, draw, dated = listings[name]
            rows = query(session, day) if dated else query(session)
            write(Listing(fields, rows, draw), fmt)
