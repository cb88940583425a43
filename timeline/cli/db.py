"""``timeline db``: the schema's life cycle, through Alembic, on the database the user chose."""

import sys

import click

from timeline.cli.options import format_option
from timeline.cli.state import State
from timeline.errors import NotApplicableError, SchemaStateError, TimelineError


@click.group("db")
def command() -> None:
    """Create, upgrade, downgrade and inspect the database schema.

    The migrations ship with timeline; `timeline db upgrade` creates a new database.
    """


@command.command()
@click.argument("revision", default="head")
@click.option(
    "--sql",
    is_flag=True,
    help="Print the SQL for review instead of running it (offline mode): from an empty database, or "
    "from FROM when REVISION is FROM:TO.",
)
@click.pass_obj
def upgrade(state: State, revision: str, sql: bool) -> None:
    """Upgrade the schema to REVISION (default: head), creating the database if it is new."""
    from timeline.storage import migrations

    migrations.upgrade(state.url, revision, sql=sys.stdout if sql else None)
    if not sql:
        click.echo(f"{state.where}: schema at revision {migrations.current(state.url)}", err=True)


@command.command()
@click.argument("revision")
@click.option(
    "--sql",
    is_flag=True,
    help="Print the SQL for review instead of running it (offline mode): from the code's newest "
    "revision, or from FROM when REVISION is FROM:TO.",
)
@click.option(
    "--force", is_flag=True, help="Go ahead even if the downgrade drops tables or columns holding data."
)
@click.pass_obj
def downgrade(state: State, revision: str, sql: bool, force: bool) -> None:
    """Downgrade the schema to REVISION: a revision id, or `base` to remove every table.

    Refuses, naming what would be lost, if the downgrade would drop stored data, unless --force.
    """
    from timeline.storage import migrations
    from timeline.storage.db import require_existing_file

    if not sql:
        require_existing_file(state.url)
    migrations.downgrade(state.url, revision, sql=sys.stdout if sql else None, force=force)
    if not sql:
        at = migrations.current(state.url)
        click.echo(f"{state.where}: schema at revision {at or 'base (no timeline tables)'}", err=True)


@command.command()
@click.pass_obj
def current(state: State) -> None:
    """Print the database's revision and whether it matches the code."""
    from timeline.storage import migrations
    from timeline.storage.db import require_existing_file
    from timeline.storage.schema_version import head

    require_existing_file(state.url)
    at = migrations.current(state.url)
    if at is None:
        click.echo("none (no timeline schema): run `timeline db upgrade`")
    elif at == head():
        click.echo(f"{at} (head)")
    else:
        known = at in {info.revision for info in migrations.history(None)}
        click.echo(f"{at} ({'behind: run `timeline db upgrade`' if known else 'ahead of this code'})")


@command.command()
@format_option
@click.pass_obj
def history(state: State, fmt: str) -> None:
    """List the schema revisions, newest first, marking the database's."""
    from rich.table import Table
    from rich.text import Text

    from timeline.render.formats import Listing, Row, write
    from timeline.storage import migrations
    from timeline.storage.config import describe
    from timeline.storage.db import database_exists

    url = state.url
    rows = [
        {
            "revision": info.revision,
            "down_revision": info.down_revision,
            "message": info.message,
            "head": info.is_head,
            "current": info.is_current,
        }
        for info in migrations.history(url if database_exists(url) else None)
    ]

    def draw(rows: list[Row]) -> Table:
        table = Table(title=f"Schema revisions ({describe(url)})", title_justify="left")
        for column in ("Revision", "Follows", "Message", ""):
            table.add_column(column)
        for row in rows:
            marks = ", ".join(mark for mark, on in (("head", row["head"]), ("current", row["current"])) if on)
            table.add_row(row["revision"], row["down_revision"] or "", Text(row["message"]), marks)
        return table

    write(Listing(("revision", "down_revision", "message", "head", "current"), rows, draw), fmt)


@command.command()
@click.pass_obj
def check(state: State) -> None:
    """Exit non-zero if the database's schema differs from the models (drift)."""
    from timeline.storage import migrations
    from timeline.storage.db import require_existing_file
    from timeline.storage.schema_version import head

    require_existing_file(state.url)
    at = migrations.current(state.url)
    if at != head():
        raise SchemaStateError(
            f"database {state.where} is at revision {at or 'none'}, not {head()}: run `timeline db upgrade`"
        )
    differences = migrations.drift(state.url)
    for difference in differences:
        click.echo(difference, err=True)
    if differences:
        raise TimelineError(
            f"database {state.where} differs from the models in {len(differences)} way(s), listed above"
        )
    click.echo(f"{state.where}: schema matches the models at revision {at}", err=True)


@command.command()
@click.argument("role")
@click.option("--apply", is_flag=True, help="Run the SQL (as an account that may create roles and grant).")
@click.option(
    "--password",
    "ask_password",
    is_flag=True,
    help="With --apply: ask for ROLE's password (hidden; from stdin in a pipe) and set it.",
)
@click.pass_obj
def reader(state: State, role: str, apply: bool, ask_password: bool) -> None:
    """Print the SQL that creates ROLE, a login that can only read timeline's tables and views.

    Run `timeline sql`, exports and analysts' tools as ROLE: whatever they send, the database lets it read
    and nothing more. PostgreSQL: SELECT on timeline's schema (tables added by later upgrades too),
    read-only transactions by default. MariaDB: SELECT and SHOW VIEW on timeline's database, ROLE may be
    name@host. Nothing sets a password unless --apply --password; SQLite has no accounts.
    """
    from timeline.storage import accounts
    from timeline.storage.db import is_sqlite, open_session

    if is_sqlite(state.url):
        raise NotApplicableError(
            "SQLite has no accounts: readers need only read permission on the file (chmod), or a copy"
        )
    if ask_password and not apply:
        raise click.UsageError("--password needs --apply: a password is set on the server, never printed")
    password = (
        click.prompt(f"password for {role}", hide_input=True, confirmation_prompt=True, err=True)
        if ask_password
        else None
    )
    with open_session(state.url) as session:
        connection = session.connection()
        if not apply:
            for statement in accounts.reader_sql(connection, role):
                click.echo(f"{statement};")
            click.echo(accounts.password_hint(connection, role))
            return
        accounts.create_reader(connection, role, password)
        hint = accounts.password_hint(connection, role)
        session.commit()
    click.echo(f"{state.where}: {role} may read timeline's tables and views, and nothing else", err=True)
    if password is None:
        click.echo(hint, err=True)
