"""``timeline show``: the timeline of events."""

import datetime as dt

import click

from timeline.cli.options import first_day, format_option, last_day
from timeline.cli.state import State
from timeline.vocab import EventKind, EventStatus


@click.command("show")
@click.option(
    "--actor",
    "actors",
    multiple=True,
    metavar="NAME",
    help="Only events this actor (slug, name or alias) takes part in, itself or through the officials "
    "holding its posts. Repeat to require several actors.",
)
@click.option("--bloc", metavar="NAME", help="Only events of this bloc, its members, or their officials.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([kind.value for kind in EventKind]),
    help="Only events of this kind; repeat for several.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([status.value for status in EventStatus]),
    help="Only events with this status; repeat for several.",
)
@click.option(
    "--from",
    "first",
    callback=first_day,
    metavar="DATE",
    help="Only events whose first known day (start, else end) is on or after DATE (YYYY, YYYY-MM or "
    "YYYY-MM-DD).",
)
@click.option(
    "--to",
    "last",
    callback=last_day,
    metavar="DATE",
    help="Only events whose first known day is on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@click.option("--text", help="Only events whose title or description contains TEXT (any case).")
@click.option(
    "--limit", type=click.IntRange(min=1), help="At most this many events: the first page of the timeline."
)
@format_option
@click.pass_obj
def command(
    state: State,
    actors: tuple[str, ...],
    bloc: str | None,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    first: dt.date | None,
    last: dt.date | None,
    text: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Print the timeline: every event in date order with its actors, status and source.

    Dates show at their precision; ? marks a date inferred from the publication date, ~ an approximate one.
    """
    from timeline.db import open_session
    from timeline.queries.timeline import FIELDS, TimelineQuery, timeline
    from timeline.render.formats import Listing, participants_cell, write
    from timeline.render.tables import timeline_table

    if first and last and first > last:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    query = TimelineQuery(
        actors=actors,
        bloc=bloc,
        kinds=tuple(EventKind(kind) for kind in kinds),
        statuses=tuple(EventStatus(status) for status in statuses),
        first=first,
        last=last,
        text=text,
        limit=limit,
    )
    with open_session(state.url) as session:
        rows = (entry.as_row() for entry in timeline(session, query))
        write(Listing(FIELDS, rows, timeline_table, cells={"actors": participants_cell}), fmt)
