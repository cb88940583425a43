"""What every command shares: the database the user chose, and how database failures read."""

from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from timeline.errors import SchemaStateError, TimelineError, first_line

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


@dataclass
class State:
    db_option: str | None
    debug: bool = False
    _url: "URL | None" = field(default=None, init=False)

    @property
    def url(self) -> "URL":
        """The resolved database URL (imported lazily: `timeline --help` needs no SQLAlchemy)."""
        if self._url is None:
            from timeline.storage.config import resolve_url

            self._url = resolve_url(self.db_option)
        return self._url

    @property
    def where(self) -> str:
        from timeline.storage.config import describe

        return describe(self.url)


def redact(text: str, state: State | None) -> str:
    """``text`` fit to print: no password of the database's (if known) or of any URL it quotes."""
    from timeline.storage.config import masked

    return masked(text, state._url if state is not None else None)


def database_error(error: BaseException, state: State | None) -> click.ClickException | None:
    """A SQLAlchemy or driver failure as one line naming the database (never its password)."""
    module = type(error).__module__
    if not module.startswith(("sqlalchemy", "psycopg", "pymysql", "sqlite3")):
        return None
    where = "the database"
    if state is not None:
        with suppress(click.ClickException):
            where = state.where
    if _no_such_database(error):
        return SchemaStateError(
            f"database {where} does not exist: create the database, then `timeline db upgrade`"
        )
    return TimelineError(f"database {where}: {redact(first_line(error), state)}")


# PostgreSQL refuses the connection before any session exists, so its error carries no SQLSTATE, only the
# server's words; MariaDB's carries ER_BAD_DB_ERROR.
_POSTGRESQL_NO_DATABASE = r'FATAL:\s+database ".*" does not exist'
_MARIADB_BAD_DB_ERROR = 1049


def _no_such_database(error: BaseException) -> bool:
    """Whether connecting failed because the server has no database of that name."""
    detail = getattr(error, "orig", None) or error
    module = type(detail).__module__
    if module.startswith("pymysql"):
        return bool(detail.args) and detail.args[0] == _MARIADB_BAD_DB_ERROR
    import re  # here, not at the top: `timeline --help` imports this module

    return module.startswith("psycopg") and re.search(_POSTGRESQL_NO_DATABASE, str(detail)) is not None


def unexpected_error(error: Exception, command: str, state: State | None) -> TimelineError:
    """A failure no one foresaw, as one line naming the command (``timeline db upgrade``) and the exception;
    ``--debug`` shows its traceback."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    detail = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    hint = "" if state is not None and state.debug else " (run with --debug for the traceback)"
    return TimelineError(f"{command}: {redact(detail, state)}{hint}")


def print_traceback(error: BaseException, state: State | None) -> None:
    """The traceback of ``error`` on stderr, for ``--debug``: every line as it is, but for passwords."""
    import traceback

    for chunk in traceback.format_exception(error):
        click.echo(redact(chunk.rstrip("\n"), state), err=True)
