"""``timeline actor``: one actor's profile."""

import click

from timeline.cli.options import format_option
from timeline.cli.state import State


@click.command("actor")
@click.argument("name")
@format_option
@click.pass_obj
def command(state: State, name: str, fmt: str) -> None:
    """Print the profile of the actor NAME (a slug, name or alias): aliases, identifiers, memberships,
    posts, events, statements and relations, each with the words of the source it rests on."""
    from timeline.db import open_session
    from timeline.queries.actors import find_actor
    from timeline.queries.profile import FACT_FIELDS, profile
    from timeline.render.formats import Listing, write
    from timeline.render.tables import profile_view

    with open_session(state.url) as session:
        result = profile(session, find_actor(session, name))
    header = {
        "slug": result.slug,
        "kind": result.kind,
        "name": result.name,
        "display_name": result.display_name,
        "aliases": result.aliases,
        "identifiers": result.identifiers,
    }
    names = [{"section": "alias", "fact": alias} for alias in result.aliases]
    identifiers = [
        {"section": "identifier", "fact": f"{scheme}:{value}", "other": value, "role": scheme}
        for scheme, value in result.identifiers
    ]
    rows = [{"actor": result.slug, **row} for row in (*names, *identifiers, *result.facts)]
    write(Listing(("actor", *FACT_FIELDS), rows, lambda _: profile_view(header, result.facts)), fmt)
