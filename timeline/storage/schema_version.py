"""Which schema revision the code expects, and whether a database has it.

Read straight from the migration files, so commands that only read never import Alembic.
"""

import re
from collections.abc import Mapping
from functools import cache

from sqlalchemy import Connection, inspect, text

from timeline import __version__
from timeline.errors import SchemaStateError
from timeline.resources import migrations_folder

_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"](\w+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=]*=\s*(?:None|['\"](\w+)['\"])", re.MULTILINE)


@cache
def revisions() -> dict[str, str | None]:
    """Every revision shipped with the code, mapped to the revision it follows (None for the first)."""
    graph: dict[str, str | None] = {}
    for path in sorted((migrations_folder() / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            raise RuntimeError(f"{path} does not declare revision and down_revision")
        graph[revision.group(1)] = down.group(1)
    return graph


@cache
def head() -> str:
    """The newest revision shipped with the code."""
    return head_of(revisions())


def head_of(graph: Mapping[str, str | None]) -> str:
    """The newest revision of ``graph``: the one no other revision follows."""
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def current(connection: Connection) -> str | None:
    """The revision a database is at, or None if it has no timeline schema."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def require_current(
    connection: Connection, where: str, graph: Mapping[str, str | None] | None = None
) -> None:
    """Raise SchemaStateError naming the fix unless the database is at the code's head revision.

    ``graph`` is the code's revisions (default: those shipped); a database at one of them is behind.
    """
    graph = revisions() if graph is None else graph
    newest = head_of(graph)
    revision = current(connection)
    if revision == newest:
        return
    if revision is None:
        raise SchemaStateError(
            f"database {where} has no timeline schema: create it with `timeline db upgrade`"
        )
    require_known(revision, where, graph)
    raise SchemaStateError(
        f"database {where} is behind the code (at revision {revision}, code needs {newest}): "
        "run `timeline db upgrade`"
    )


def require_known(revision: str | None, where: str, graph: Mapping[str, str | None] | None = None) -> None:
    """Raise SchemaStateError unless ``revision`` (a database's) is one the code has, or None."""
    if revision is not None and revision not in (revisions() if graph is None else graph):
        raise SchemaStateError(
            f"database {where} is ahead of the code (revision {revision} is unknown to timeline "
            f"{__version__}): upgrade timeline, or downgrade the database with the newer version"
        )
