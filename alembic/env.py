"""Alembic environment for timeline.

Close to Alembic's generic template: an offline path (emit SQL) and an online path (run it). The database
URL comes from the same place the timeline command gets it (``-x db=...``, ``$TIMELINE_DATABASE_URL``,
``./timeline.db``); a caller may hand in a URL or an open connection through ``config.attributes``.
"""

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

from timeline.models import Base
from timeline.storage.config import describe, resolve_url
from timeline.storage.db import is_sqlite, make_engine, writer_lock
from timeline.storage.migrations import context_options

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


# The models, for tools that read an env.py's target_metadata (pytest-alembic, editors' plugins).
target_metadata = Base.metadata


def database_url() -> URL:
    """A URL handed in by the caller, else ``-x db=...``, else alembic.ini's ``sqlalchemy.url``, else the
    timeline command's own default ($TIMELINE_DATABASE_URL, then ./timeline.db)."""
    url = config.attributes.get("url")
    if isinstance(url, URL):
        return url
    if isinstance(url, str):
        return resolve_url(url)
    given = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    return resolve_url(given)


def run_migrations_offline() -> None:
    """Write the migrations' SQL for review instead of running it."""
    url = database_url()
    context.configure(
        url=url, literal_binds=True, dialect_opts={"paramstyle": "named"}, **context_options(url)
    )
    with context.begin_transaction():
        context.run_migrations()


def skip_empty_autogenerate(context_: object, revision: object, directives: list[Any]) -> None:
    """`alembic revision --autogenerate` that finds no difference writes nothing and says so, instead of
    a revision whose upgrade and downgrade are both ``pass``."""
    if (
        getattr(config.cmd_opts, "autogenerate", False)
        and directives
        and directives[0].upgrade_ops.is_empty()
    ):
        directives[:] = []
        print("No changes in the models: no revision written.")


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        process_revision_directives=skip_empty_autogenerate,
        **context_options(connection),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a handed-in connection or engine (as pytest-alembic hands in), or on a fresh
    connection to the resolved URL."""
    connectable = config.attributes.get("connection")
    if isinstance(connectable, Engine):
        with connectable.connect() as connection:
            run_on(connection)
            connection.commit()
        return
    if connectable is not None:
        run_on(connectable)
        return

    url = database_url()
    # Batch migrations on SQLite copy tables, which foreign keys would block; check them afterwards.
    engine = make_engine(url, foreign_keys=False, write=True)
    try:
        # One migration at a time, and none while a seed writes: a second `db upgrade` waits for the first
        # (PostgreSQL advisory lock, MariaDB GET_LOCK, SQLite's BEGIN IMMEDIATE), then finds nothing to do.
        with writer_lock(engine, describe(url)), engine.connect() as connection:
            run_on(connection)
            connection.commit()
            if is_sqlite(url):
                broken = connection.execute(text("PRAGMA foreign_key_check")).all()
                if broken:
                    raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
