"""What every command shares: the database the user chose, and how database failures read."""

from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from timeline.errors import TimelineError, first_line

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


@dataclass
class State:
    db_option: str | None
    _url: "URL | None" = field(default=None, init=False)

    @property
    def url(self) -> "URL":
        """The resolved database URL (imported lazily: `timeline --help` needs no SQLAlchemy)."""
        if self._url is None:
            from timeline.config import resolve_url

            self._url = resolve_url(self.db_option)
        return self._url

    @property
    def where(self) -> str:
        from timeline.config import describe

        return describe(self.url)


def redact(text: str, state: State | None) -> str:
    """``text`` fit to print: no password of the database's (if known) or of any URL it quotes."""
    from timeline.config import masked

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
    return TimelineError(f"database {where}: {redact(first_line(error), state)}")
