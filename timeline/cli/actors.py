"""``timeline actors``: the list of actors."""

import datetime as dt
from typing import TYPE_CHECKING

import click

from timeline.cli.options import listing_options, one_day
from timeline.cli.state import State
from timeline.vocab import ActorKind

if TYPE_CHECKING:
    from timeline.render.formats import Output


@click.command("actors")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([kind.value for kind in ActorKind]),
    help="Only actors of this kind; repeat for several.",
)
@click.option("--bloc", metavar="NAME", help="Only the members of this bloc (a slug, name or alias).")
@click.option(
    "--as-of",
    "day",
    callback=one_day,
    metavar="YYYY-MM-DD",
    help="With --bloc: only the members whose membership may hold on this day.",
)
@click.option("--text", help="Only actors whose slug, name or any alias contains TEXT (any case).")
@listing_options
@click.pass_obj
def command(
    state: State,
    kinds: tuple[str, ...],
    bloc: str | None,
    day: dt.date | None,
    text: str | None,
    output: "Output",
) -> None:
    """List the actors in slug order: name, kind, other names, how many events each takes part in
    (distinct events, and participations: one per role in an event) and its memberships, as a member of
    blocs and, for a bloc, of its members.

    An official known only by post is listed by the post's description. Counts are of everything stored,
    whatever the filters. People see the first 100 actors (--limit N, --all for more); `timeline actor
    NAME` is one actor's profile.
    """
    from timeline.queries.actor_list import FIELDS, ActorQuery, actor_list, count
    from timeline.render.actor_list import ACTORS
    from timeline.render.formats import Listing, show
    from timeline.render.screen import Page
    from timeline.storage.db import open_session

    if day is not None and bloc is None:
        raise click.UsageError("--as-of applies to --bloc: give --bloc NAME")
    query = ActorQuery(
        kinds=tuple(ActorKind(kind) for kind in kinds), bloc=bloc, as_of=day, text=text, limit=output.limit
    )
    if bloc is not None:
        empty = f"No member of {bloc!r}{f' on {day}' if day else ''} matches."
    elif query != ActorQuery(limit=output.limit):
        empty = "No actor matches."
    else:
        empty = "No actors yet: `timeline seed` loads a document."
    with open_session(state.url) as session:
        page = Page(output.page_size, empty=empty, count_more=lambda shown: count(session, query, shown))
        show([Listing(FIELDS, actor_list(session, query), view=ACTORS, page=page)], output)
