"""What every command shares: the database the user chose, and how database failures read."""

from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from timeline.errors import InputError, TimelineError, first_line

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
            from sqlalchemy.exc import ArgumentError

            from timeline.config import resolve_url

            try:
                self._url = resolve_url(self.db_option)
            except ArgumentError:
                raise InputError(
                    "the database must be a file path or a URL like postgresql://user@host/name"
                ) from None
        return self._url

    def redact(self, text: str) -> str:
        """``text`` with the database password, if any, masked."""
        password = self._url.password if self._url is not None else None
        return text.replace(str(password), "***") if password else text

    @property
    def where(self) -> str:
        from timeline.config import describe

        return describe(self.url)


def database_error(error: BaseException, state: State | None) -> click.ClickException | None:
    """A SQLAlchemy or driver failure as one line naming the database (never its password)."""
    module = type(error).__module__
    if not module.startswith(("sqlalchemy", "psycopg", "pymysql", "sqlite3")):
        return None
    message = first_line(error)
    where = "the database"
    if state is not None:
        with suppress(click.ClickException):
            where = state.where
        message = state.redact(message)
    return TimelineError(f"database {where}: {message}")
