"""Running an analyst's SQL on a session the database itself keeps read-only.

Nothing here inspects the SQL text: the session comes from ``open_session(url, read_only=True)``, on which
SQLite (query_only), PostgreSQL and MariaDB (read-only transactions by default) refuse every change.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, StatementError

from timeline.errors import InputError


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    rows: Iterator[Sequence[Any]]  # in column order, streamed from the cursor


def run(connection: Connection, statement: str, parameters: Mapping[str, str]) -> Result:
    """Run one statement; an error in it (syntax, a write refused, a missing parameter) is an InputError."""
    try:
        result = connection.execute(text(statement), dict(parameters))
    except (DBAPIError, StatementError) as error:
        raise InputError(f"SQL error: {_first_line(error)}") from None
    if not result.returns_rows:
        return Result((), iter(()))
    return Result(tuple(result.keys()), iter(result))


def _first_line(error: Exception) -> str:
    detail = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(detail).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
