"""``timeline show``: the timeline of events."""

import datetime as dt
from typing import TYPE_CHECKING

import click

from timeline.cli.options import check_filters, first_day, last_day, listing_options
from timeline.cli.state import State

if TYPE_CHECKING:
    from timeline.render.formats import Output
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
@click.option(
    "--bloc",
    metavar="NAME",
    help="Only events of this bloc, of the states that were its members on the event's day, or of the "
    "officials holding their posts then.",
)
@click.option(
    "--any-time",
    is_flag=True,
    help="With --bloc: count the events of every state that was ever a member, whatever the day.",
)
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
    help="Only events whose sort day (their start, else the first day of their end's unit) is on or after "
    "DATE (YYYY, YYYY-MM or "
    "YYYY-MM-DD).",
)
@click.option(
    "--to",
    "last",
    callback=last_day,
    metavar="DATE",
    help="Only events whose sort day is on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@click.option("--text", help="Only events whose title or description contains TEXT (any case).")
@listing_options
@click.pass_obj
def command(
    state: State,
    actors: tuple[str, ...],
    bloc: str | None,
    any_time: bool,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    first: dt.date | None,
    last: dt.date | None,
    text: str | None,
    output: "Output",
) -> None:
    """Print the timeline: every event in date order with its place, actors, status and sources.

    Dates show at their precision; ? marks a date inferred from the publication date, ~ an approximate one.
    An event whose start is unknown sorts on the first day of its end's precision ("by 2023": 2023-01-01).
    People see the first 100 events (--limit N, --all for more), through a pager on a terminal.
    """
    from timeline.queries.evidence import source_titles
    from timeline.queries.timeline import FIELDS, TimelineQuery, count, timeline
    from timeline.render.formats import Listing, participants_cell, show
    from timeline.render.screen import Page
    from timeline.render.tables import TIMELINE
    from timeline.storage.db import open_session

    check_filters(first, last, any_time, bloc)
    query = TimelineQuery(
        actors=actors,
        bloc=bloc,
        any_time=any_time,
        kinds=tuple(EventKind(kind) for kind in kinds),
        statuses=tuple(EventStatus(status) for status in statuses),
        first=first,
        last=last,
        text=text,
        limit=output.limit,
    )
    with open_session(state.url) as session:
        rows = (entry.as_row() for entry in timeline(session, query))
        page = Page(
            output.page_size,
            empty="No event matches."
            if query != TimelineQuery()
            else "No events yet: `timeline seed` loads a document.",
            count_more=lambda shown: count(session, query, shown),
        )
        listing = Listing(FIELDS, rows, cells={"actors": participants_cell}, view=TIMELINE, page=page)
        show([listing], output, lambda slugs: source_titles(session, slugs))
