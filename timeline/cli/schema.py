"""``timeline schema``: the tables, views and columns of the live database, with their descriptions."""

import click

from timeline.cli.state import State


@click.command("schema")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "markdown", "json")),
    default="table",
    show_default=True,
    help="table for people; markdown for documentation; json for tools.",
)
@click.pass_obj
def command(state: State, fmt: str) -> None:
    """Print the database's tables, views and columns, with what each one means.

    Read from the live database; descriptions come from its comments where it keeps them.
    """
    from rich.console import Console

    from timeline.render.schema import schema_json, schema_markdown, schema_view
    from timeline.storage.db import open_session
    from timeline.storage.schema_info import describe

    with open_session(state.url) as session:
        relations = describe(session.connection())
    if fmt == "table":
        Console(soft_wrap=False, highlight=False).print(schema_view(relations))
    else:
        click.echo(schema_markdown(relations) if fmt == "markdown" else schema_json(relations), nl=False)
