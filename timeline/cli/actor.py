"""``timeline actor``: one actor's profile."""

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from timeline.cli.options import listing_options
from timeline.cli.state import State

if TYPE_CHECKING:
    from timeline.queries.filters import Count
    from timeline.render.formats import Output


@click.command("actor")
@click.argument("name")
@listing_options
@click.pass_obj
def command(state: State, name: str, output: "Output") -> None:
    """Print the profile of the actor NAME (a slug, name or alias): aliases, identifiers, memberships,
    posts, events, statements and relations, each with the words of the source it rests on.

    An event is one row, with every role the actor played in it. People see the first 100 events and
    statements (--limit N, --all for more); `timeline show --actor NAME` is the timeline around them.
    """
    from itertools import chain, islice

    from timeline.queries.actors import find_actor
    from timeline.queries.evidence import source_titles
    from timeline.queries.profile import FACT_FIELDS, count_events, event_facts, profile
    from timeline.render.formats import Listing, show
    from timeline.render.screen import Page
    from timeline.render.tables import profile_section, profile_summary
    from timeline.storage.db import open_session

    with open_session(state.url) as session:
        result = profile(session, find_actor(session, name))
        before = [row for row in result.facts if row["section"] != "relation"]
        relations = [row for row in result.facts if row["section"] == "relation"]

        def events(statements: bool) -> "Iterator[dict[str, Any]]":
            return event_facts(session, result.actor_id, statements=statements)

        def more(statements: bool) -> "Callable[[int], Count]":
            return lambda shown: count_events(session, result.actor_id, statements=statements, shown=shown)

        if output.fmt != "table":
            names = [{"section": "alias", "fact": alias} for alias in result.aliases]
            identifiers = [
                {"section": "identifier", "fact": f"{scheme}:{value}", "other": value, "role": scheme}
                for scheme, value in result.identifiers
            ]
            rows = chain(names, identifiers, before, events(False), events(True), relations)
            limited = rows if output.limit is None else islice(rows, output.limit)
            show(
                [Listing(("actor", *FACT_FIELDS), ({"actor": result.slug, **row} for row in limited))], output
            )
            return
        header = {
            "slug": result.slug,
            "kind": result.kind,
            "name": result.name,
            "display_name": result.display_name,
            "aliases": result.aliases,
            "identifiers": result.identifiers,
        }

        listings = [Listing((), [header], lambda rows: profile_summary(rows[0]))]
        for section in ("mention", "membership", "post"):
            facts = [row for row in before if row["section"] == section]
            if facts:
                listings.append(Listing(FACT_FIELDS, facts, view=profile_section(section), page=Page(None)))
        hint = f"`timeline show --actor {result.slug}` lists every one; --limit N or --all shows more here."
        for statements, section in ((False, "event"), (True, "statement")):
            found = events(statements)
            first = next(found, None)
            if first is None:
                continue  # the actor has none: no section
            section_rows: Iterator[dict[str, Any]] = chain([first], found)
            if output.limit:
                section_rows = islice(section_rows, output.limit)
            page = Page(
                output.page_size,
                count_more=more(statements),
                more_hint=hint,
            )
            listings.append(Listing(FACT_FIELDS, section_rows, view=profile_section(section), page=page))
        if relations:
            listings.append(
                Listing(FACT_FIELDS, relations, view=profile_section("relation"), page=Page(None))
            )
        show(listings, output, lambda slugs: source_titles(session, slugs))
