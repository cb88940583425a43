"""Running an analyst's SQL on a session the database itself keeps read-only.

Nothing here inspects the SQL text: the session comes from ``open_session(url, read_only=True)``, on which
SQLite (query_only), PostgreSQL and MariaDB (read-only transactions by default) refuse every change.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, StatementError

from timeline.errors import InputError, first_line


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    rows: Iterator[Sequence[Any]]  # in column order, streamed from the cursor


def run(connection: Connection, statement: str, parameters: Mapping[str, str]) -> Result:
    """Run one statement; an error in it (syntax, a write refused, a missing parameter) is an InputError."""
    try:
        result = connection.execute(text(statement), dict(parameters))
    except (DBAPIError, StatementError) as error:
        raise InputError(f"SQL error: {first_line(error)}") from None
    if not result.returns_rows:
        return Result((), iter(()))
    return Result(tuple(result.keys()), iter(result))
