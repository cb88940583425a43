"""``timeline relations``: relationship tables."""

import datetime as dt
from typing import TYPE_CHECKING

import click

from timeline.cli.options import check_filters, first_day, last_day, listing_options, one_day
from timeline.cli.state import State

if TYPE_CHECKING:
    from timeline.render.formats import Output

TABLES = ("memberships", "posts", "meetings", "pairs", "statements", "relations", "bloc-changes")
# The options each table takes besides the listing options (--actor takes every table).
TAKES = {
    "memberships": {"bloc", "first", "last", "day"},
    "posts": {"bloc", "any_time", "first", "last", "day"},
    "meetings": {"bloc", "any_time", "first", "last", "day"},
    "pairs": {"bloc", "any_time", "first", "last"},
    "statements": {"bloc", "any_time", "first", "last", "day"},
    "relations": {"bloc", "any_time", "first", "last", "day"},
    "bloc-changes": {"bloc", "first", "last"},
}
OPTION_NAMES = {
    "bloc": "--bloc",
    "any_time": "--any-time",
    "first": "--from",
    "last": "--to",
    "day": "--as-of",
}
# Why a table is empty on an --as-of day, and where to look instead.
AS_OF_EMPTY = {
    "memberships": "No membership may hold on {day}. Memberships with a known span hold from its first to "
    "its last day; `timeline relations bloc-changes` shows when each starts and ends.",
    "posts": "No post holding may hold on {day}. A holding holds from its first to its last known day; "
    "`timeline relations posts` without --as-of lists every holding with its span.",
    "meetings": "No meeting's span contains {day}. A meeting matches when its first known day is on or "
    "before the day and its last on or after it; --from and --to list meetings around it.",
    "statements": "No statement's span contains {day}. A statement matches when its first known day is on or "
    "before the day and its last on or after it; --from and --to list statements around it.",
    "relations": "No relation may hold on {day}. A relation holds from its first to its last known day; "
    "`timeline relations relations` without --as-of lists every relation with its span.",
}


@click.command("relations")
@click.argument("table", required=False, type=click.Choice(TABLES))
@click.option(
    "--actor",
    metavar="NAME",
    help="Only rows involving this actor (slug, name or alias): its memberships (as member or bloc), posts "
    "(its own or held by it), meetings and statements it takes part in (itself or through the officials "
    "holding its posts), its partners in meetings (most meetings first), its relations.",
)
@click.option(
    "--bloc",
    metavar="NAME",
    help="Only rows of this bloc and of the states that were its members at the time: the bloc's "
    "memberships and changes, posts of the bloc or its members, meetings and statements (and the meetings "
    "pairs count) with a participant acting for the bloc on the day, relations of the bloc or its members.",
)
@click.option(
    "--any-time",
    is_flag=True,
    help="With --bloc: count every state that was ever a member, whatever the day.",
)
@click.option(
    "--from",
    "first",
    callback=first_day,
    metavar="DATE",
    help="Only from DATE (YYYY, YYYY-MM or YYYY-MM-DD): facts that may hold on a day from it on, events "
    "and bloc changes whose first known day is on or after it.",
)
@click.option(
    "--to",
    "last",
    callback=last_day,
    metavar="DATE",
    help="Only up to DATE (YYYY, YYYY-MM or YYYY-MM-DD): facts that may hold on a day up to it, events "
    "and bloc changes whose first known day is on or before it.",
)
@click.option(
    "--as-of",
    "day",
    callback=one_day,
    metavar="YYYY-MM-DD",
    help="Only what may hold on this day: memberships, posts and relations whose span may contain it, "
    "meetings and statements whose span contains it.",
)
@listing_options
@click.pass_obj
def command(
    state: State,
    table: str | None,
    actor: str | None,
    bloc: str | None,
    any_time: bool,
    first: dt.date | None,
    last: dt.date | None,
    day: dt.date | None,
    output: "Output",
) -> None:
    """Print relationship tables: bloc memberships, posts and holders, meetings, who met whom (pairs),
    statements, relations between actors, and who joined or left which bloc (bloc-changes).

    With no TABLE, every table that takes the options given, one page each, for people; csv, json and
    jsonl need one TABLE. People see the first 100 rows of a table (--limit N, --all for more), through
    a pager on a terminal.
    """
    from timeline.queries import relations as q
    from timeline.queries.evidence import source_titles
    from timeline.render import tables as t
    from timeline.render.formats import Listing, participants_cell, show
    from timeline.render.screen import Page
    from timeline.storage.db import open_session

    if table is None and output.fmt != "table":
        raise click.UsageError(
            f"--format {output.fmt} needs one table: timeline relations {{{','.join(TABLES)}}} "
            f"--format {output.fmt}"
        )
    check_filters(first, last, any_time, bloc)
    given = {name for name, value in (("bloc", bloc), ("any_time", any_time), ("first", first),
                                      ("last", last), ("day", day)) if value}  # fmt: skip
    if table is not None:
        refused = sorted(given - TAKES[table], key=list(OPTION_NAMES).index)
        if refused:
            takers = [name for name in TABLES if refused[0] in TAKES[name]]
            raise click.UsageError(f"{OPTION_NAMES[refused[0]]} applies to {', '.join(takers)}, not {table}")
    names = (table,) if table else tuple(name for name in TABLES if given <= TAKES[name])
    query = q.RelationQuery(actor, bloc, any_time, first, last, day, output.limit)
    filtered = query != q.RelationQuery(limit=output.limit)
    tables = {
        "memberships": (q.memberships, q.count_memberships, q.MEMBERSHIP_FIELDS, t.MEMBERSHIPS, {}),
        "posts": (q.posts, q.count_posts, q.POST_FIELDS, t.POSTS, {}),
        "meetings": (
            q.meetings, q.count_meetings, q.MEETING_FIELDS, t.MEETINGS, {"participants": participants_cell},
        ),
        "pairs": (q.pairs, q.count_pairs, q.PAIR_FIELDS, t.PAIRS, {}),
        "statements": (q.statements, q.count_statements, q.STATEMENT_FIELDS, t.STATEMENTS, {}),
        "relations": (q.actor_relations, q.count_relations, q.RELATION_FIELDS, t.RELATIONS, {}),
        "bloc-changes": (q.bloc_changes, q.count_bloc_changes, q.BLOC_CHANGE_FIELDS, t.BLOC_CHANGES, {}),
    }  # fmt: skip
    with open_session(state.url) as session:
        listings = []
        for name in names:
            rows, count, fields, view, cells = tables[name]
            if day is not None and name in AS_OF_EMPTY:
                empty = AS_OF_EMPTY[name].format(day=day.isoformat())
            elif filtered:
                empty = f"No {view.noun} match."
            else:
                empty = f"No {view.noun} yet: `timeline seed` loads a document."
            page = Page(
                output.page_size,
                empty=empty,
                count_more=lambda shown, count=count: count(session, query, shown),  # type: ignore[misc]
            )
            listings.append(Listing(fields, rows(session, query), cells=cells, view=view, page=page))
        show(listings, output, lambda slugs: source_titles(session, slugs))
