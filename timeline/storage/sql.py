"""Running an analyst's read query: within a time limit, stoppable with Ctrl-C, on the server too.

The query comes checked (``timeline.storage.sql_guard.read_query``) and runs on a session the database itself
keeps read-only (``open_session(url, read_only=True)``). Each backend gets the same two promises:

- **a timeout**: PostgreSQL's ``statement_timeout``, MariaDB's ``max_statement_time`` (MySQL's
  ``max_execution_time``), and on SQLite a progress handler that stops the statement once it has spent the
  time inside SQLite (time spent writing rows out, say to a pager, does not count);
- **Ctrl-C stops the query where it runs**: psycopg cancels it on the server itself, MariaDB is sent
  ``KILL QUERY`` from a second connection, and SQLite is interrupted through the progress handler.
"""

import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, StatementError

from timeline.errors import InputError, Interrupted, first_line
from timeline.storage.sql_guard import DIALECTS, ReadQuery

SQLITE_PROGRESS_STEPS = 10_000  # virtual-machine steps between two looks at the clock: about a millisecond

STOPPED = "interrupted: the query was stopped, on the database too"
MARIADB_STATEMENT_TIMEOUT = 1969  # ER_STATEMENT_TIMEOUT
MYSQL_STATEMENT_TIMEOUT = 3024  # ER_QUERY_TIMEOUT


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    rows: Iterator[Sequence[Any]]  # in column order, streamed from the cursor


class _Stopwatch:
    """The time a SQLite statement spends inside SQLite, and SQLite's progress handler that stops it."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.spent = 0.0
        self.since: float | None = None
        self.expired = False
        self.interrupted = False  # Ctrl-C was pressed

    def __call__(self) -> bool:
        """True stops the statement: SQLite then raises OperationalError("interrupted")."""
        if self.interrupted:
            return True
        if self.limit is not None and self.since is not None:
            self.expired = self.spent + time.monotonic() - self.since > self.limit
        return self.expired

    @contextmanager
    def running(self) -> Iterator[None]:
        self.since = time.monotonic()
        try:
            yield
        finally:
            self.spent += time.monotonic() - self.since
            self.since = None

    def rows(self, rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        while True:
            with self.running():
                row = next(rows, None)
            if row is None:
                return
            yield row


@contextmanager
def run(
    connection: Connection,
    query: ReadQuery,
    parameters: Mapping[str, str],
    *,
    timeout: float | None,
) -> Iterator[Result]:
    """Run ``query`` and hand over its rows; stop it after ``timeout`` seconds (0 or None: no limit).

    A failure of the query (syntax, a write the database refuses, a missing parameter, the timeout) is an
    InputError; Ctrl-C stops the query on the server and raises Interrupted.
    """
    backend = connection.dialect.name
    if DIALECTS[backend] != query.dialect:
        raise ValueError(f"a query read as {query.dialect} cannot run on {backend}")
    limit = timeout or None
    stopwatch = _Stopwatch(limit)
    driver = connection.connection.driver_connection
    server_id = _limit(connection, limit, stopwatch)
    with _ctrl_c_recorded(stopwatch):
        try:
            with stopwatch.running():
                result = connection.execute(text(query.text), dict(parameters))
            if not result.returns_rows:
                yield Result((), iter(()))
            else:
                rows: Iterator[Sequence[Any]] = iter(result)
                yield Result(tuple(result.keys()), stopwatch.rows(rows) if backend == "sqlite" else rows)
        except KeyboardInterrupt:
            _cancel(connection, server_id)
            raise Interrupted(STOPPED) from None
        except (DBAPIError, StatementError) as error:
            if stopwatch.interrupted:
                _cancel(connection, server_id)
                raise Interrupted(STOPPED) from None
            if _timed_out(error, stopwatch):
                raise InputError(
                    f"SQL error: the query ran longer than the {limit:g}s timeout and was stopped; "
                    "give --timeout more seconds, or 0 for none"
                ) from None
            raise InputError(f"SQL error: {first_line(error)}") from None
        finally:
            if backend == "sqlite" and driver is not None:
                driver.set_progress_handler(None, 0)


def _limit(connection: Connection, limit: float | None, stopwatch: _Stopwatch) -> int | None:
    """Set the session's time limit; return the server's id of the connection, for cancelling (MariaDB)."""
    backend = connection.dialect.name
    driver = connection.connection.driver_connection
    if backend == "sqlite":
        assert driver is not None
        driver.set_progress_handler(stopwatch, SQLITE_PROGRESS_STEPS)
        return None
    if backend == "postgresql":
        # Standard strings, as the guard read them: a backslash in '…' is just a backslash.
        connection.exec_driver_sql("SET standard_conforming_strings = on")
        connection.exec_driver_sql(f"SET statement_timeout = {round((limit or 0) * 1000)}")
        return None
    # MariaDB and MySQL: quotes and backslashes as the guard read them ("…" a string, \ an escape).
    modes = str(connection.exec_driver_sql("SELECT @@SESSION.sql_mode").scalar_one() or "").split(",")
    kept = ",".join(mode for mode in modes if mode and mode not in ("ANSI_QUOTES", "NO_BACKSLASH_ESCAPES"))
    connection.exec_driver_sql(f"SET SESSION sql_mode = '{kept}'")
    if getattr(connection.dialect, "is_mariadb", False):
        connection.exec_driver_sql(f"SET SESSION max_statement_time = {limit or 0:.3f}")
    else:
        connection.exec_driver_sql(f"SET SESSION max_execution_time = {round((limit or 0) * 1000)}")
    return int(connection.exec_driver_sql("SELECT CONNECTION_ID()").scalar_one())


@contextmanager
def _ctrl_c_recorded(stopwatch: _Stopwatch) -> Iterator[None]:
    """While the block runs, Ctrl-C is remembered as well as raised.

    SQLite runs the signal handler inside its progress handler, which swallows the KeyboardInterrupt and
    stops the statement instead: the mark left here says why it stopped.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def pressed(signum: int, frame: FrameType | None) -> None:
        stopwatch.interrupted = True
        raise KeyboardInterrupt

    previous: Callable[[int, FrameType | None], Any] | int | None = signal.signal(signal.SIGINT, pressed)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _cancel(connection: Connection, server_id: int | None) -> None:
    """Stop what the connection may still be running on its server; psycopg has done so already."""
    if server_id is None:
        return
    # MariaDB: the connection is stuck mid-reply; a second one kills the query, and the first is dropped.
    with connection.engine.connect() as killer:
        killer.exec_driver_sql(f"KILL QUERY {server_id}")
    connection.invalidate()


def _timed_out(error: DBAPIError | StatementError, stopwatch: _Stopwatch) -> bool:
    if stopwatch.expired:
        return True
    original = getattr(error, "orig", None)
    if type(original).__name__ == "QueryCanceled":  # psycopg: canceling statement due to statement timeout
        return "statement timeout" in str(original)
    code = original.args[0] if original is not None and original.args else None
    return code in (MARIADB_STATEMENT_TIMEOUT, MYSQL_STATEMENT_TIMEOUT)
