"""A typed wrapper around ``alembic.command``, used by ``timeline db`` and by the tests.

Alembic is imported here and nowhere else in the package, so commands that only read stay fast.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, TextIO

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Connection, column, func, inspect, select
from sqlalchemy import table as table_clause
from sqlalchemy.engine import URL

from timeline.errors import BadArgumentError, RefusedError, first_line
from timeline.models import Base
from timeline.resources import migrations_folder
from timeline.storage.config import describe
from timeline.storage.db import is_sqlite, make_engine
from timeline.storage.schema_version import current as current_revision
from timeline.storage.schema_version import head, require_known


def context_options(connection_or_url: Connection | URL) -> dict[str, Any]:
    """Options env.py passes to ``context.configure``; ``check`` compares with the same ones."""
    sqlite = (
        is_sqlite(connection_or_url)
        if isinstance(connection_or_url, URL)
        else connection_or_url.dialect.name == "sqlite"
    )
    return {
        "target_metadata": Base.metadata,
        "render_as_batch": sqlite,  # SQLite alters a table by copying it
        "transactional_ddl": True if sqlite else None,  # timeline's SQLite engine emits BEGIN itself
        "compare_type": True,
    }


def config(url: URL, *, connection: Connection | None = None, output: TextIO | None = None) -> Config:
    """An Alembic Config for ``url`` that needs no alembic.ini: the migrations ship with the package."""
    cfg = Config(output_buffer=output) if output is not None else Config()
    cfg.set_main_option("script_location", str(migrations_folder()))
    cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def script() -> ScriptDirectory:
    """The migration scripts, read once per process (each revision's module is loaded on first use)."""
    return ScriptDirectory(str(migrations_folder()))


def upgrade(url: URL, revision: str = "head", *, sql: TextIO | None = None) -> None:
    """Upgrade the database to ``revision``; with ``sql`` given, write the SQL there instead of running it
    (from the first revision, or from FROM in a range ``FROM:REVISION``)."""
    if sql is not None:
        with _offline(sql) as output:
            command.upgrade(config(url, output=output), revision, sql=True)
        return
    _require_known(url)
    with _revision_errors():
        command.upgrade(config(url), revision)


def downgrade(url: URL, revision: str, *, sql: TextIO | None = None, force: bool = False) -> None:
    """Downgrade the database to ``revision``. Unless ``force``, refuse if that would drop stored data.

    With ``sql`` given, write the SQL there instead of running it: from the code's head, or from FROM in
    a range ``FROM:REVISION``.
    """
    if sql is not None:
        with _offline(sql) as output:
            steps = revision if ":" in revision else f"{head()}:{revision}"
            command.downgrade(config(url, output=output), steps, sql=True)
        return
    _require_known(url)
    with _revision_errors():
        if not force:
            at_risk = data_at_risk(url, revision)
            if at_risk:
                raise RefusedError(
                    f"downgrading to {revision} would drop data: {', '.join(at_risk)}; "
                    "export it first, or rerun with --force to drop it"
                )
        command.downgrade(config(url), revision)


@contextmanager
def _offline(sql: TextIO) -> Iterator[TextIO]:
    """Where offline mode writes its SQL: held back until the whole script is written, so a revision
    Alembic refuses part-way prints nothing but the error."""
    buffer = io.StringIO()
    with _revision_errors():
        yield buffer
    sql.write(buffer.getvalue())


@contextmanager
def _revision_errors() -> Iterator[None]:
    """Alembic's refusal of a revision (one no migration has, or one the database cannot move to from
    where it is) as one line: a usage error."""
    try:
        yield
    except (CommandError, RevisionError) as error:
        raise BadArgumentError(f"{first_line(error)}; `timeline db history` lists the revisions") from None


def _require_known(url: URL) -> None:
    """A database at a revision this code does not have cannot be moved by it: say so, exit 3."""
    with _connection(url) as connection:
        require_known(current_revision(connection), describe(url))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def derived_columns(revision: str) -> dict[str, list[str]]:
    """Columns a revision's downgrade drops that only copy other data (nothing is lost with them)."""
    return dict(getattr(script().get_revision(revision).module, "derived_columns", {}))


def downgrade_drops(revision: str) -> dict[str, list[str] | None]:
    """What a revision's downgrade removes, as the revision declares it."""
    module = script().get_revision(revision).module
    drops = getattr(module, "downgrade_drops", None)
    if drops is None:
        raise RuntimeError(f"revision {revision} does not declare downgrade_drops")
    return dict(drops)


def data_at_risk(url: URL, target: str) -> list[str]:
    """The stored data a downgrade to ``target`` would drop: ``event (7 rows)``, ``event.note (2 values)``."""
    with _connection(url) as connection:
        at = current_revision(connection)
        if at is None:
            return []
        steps = [rev.revision for rev in script().iterate_revisions(at, target) if rev.revision != target]
        inspector = inspect(connection)
        existing = set(inspector.get_table_names())
        found = []
        for revision in steps:
            derived = derived_columns(revision)
            for table, columns in downgrade_drops(revision).items():
                if table not in existing:
                    continue
                if columns is None:
                    count = connection.execute(select(func.count()).select_from(table_clause(table))).scalar()
                    if count:
                        found.append(f"{table} ({_plural(count, 'row')})")
                    continue
                generated = {c["name"] for c in inspector.get_columns(table) if c.get("computed")}
                for name in columns:
                    if name in generated or name in derived.get(table, []):  # recomputed from the rest
                        continue
                    count = connection.execute(
                        select(func.count(column(name))).select_from(table_clause(table))
                    ).scalar()
                    if count:
                        found.append(f"{table}.{name} ({_plural(count, 'value')})")
        return found


@contextmanager
def _connection(url: URL) -> Iterator[Connection]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@dataclass(frozen=True)
class RevisionInfo:
    revision: str
    down_revision: str | None
    message: str
    is_head: bool
    is_current: bool


def history(url: URL | None) -> list[RevisionInfo]:
    """Every revision, newest first, marking where the database (if given) stands."""
    at = None
    if url is not None:
        with _connection(url) as connection:
            at = current_revision(connection)
    heads = set(script().get_heads())
    return [
        RevisionInfo(
            revision=rev.revision,
            down_revision=rev.down_revision if isinstance(rev.down_revision, str) else None,
            message=rev.doc or "",
            is_head=rev.revision in heads,
            is_current=rev.revision == at,
        )
        for rev in script().walk_revisions()
    ]


def current(url: URL) -> str | None:
    with _connection(url) as connection:
        return current_revision(connection)


def drift(url: URL) -> list[str]:
    """Differences between the models and the migrated database, as Alembic's autogenerate sees them."""
    with _connection(url) as connection:
        context = MigrationContext.configure(connection, opts=context_options(connection))
        return [repr(diff) for diff in compare_metadata(context, Base.metadata)]
