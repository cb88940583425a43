"""Engines and sessions: one place that knows how to connect to each backend."""

import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SAWarning
from sqlalchemy.orm import Session

from timeline.errors import InputError, SchemaStateError, TimelineError, first_line
from timeline.storage.config import describe
from timeline.storage.schema_version import require_current

T = TypeVar("T")

MULTI_STATEMENTS = 1 << 16  # PyMySQL's CLIENT.MULTI_STATEMENTS flag

# Writers (seeding, import) take one lock per database, so two runs at once queue instead of racing; one
# waits this long for the one before it (SQLite's and MariaDB's locks; PostgreSQL's advisory lock waits on).
WRITER_LOCK = "timeline.writer"
WRITER_LOCK_KEY = 0x7469_6D65_6C69_6E65 & 0x7FFF_FFFF_FFFF_FFFF  # "timeline", as a bigint
WRITER_LOCK_WAIT_SECONDS = 600
# How long any other SQLite connection waits for a lock (a checkpoint, a migration) before giving up.
SQLITE_BUSY_SECONDS = 60


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def make_engine(
    url: URL, *, foreign_keys: bool = True, write: bool = False, read_only: bool = False
) -> Engine:
    """An engine for ``url``.

    On SQLite every connection enforces foreign keys (off only for batch migrations, which rebuild tables),
    uses WAL so readers never wait for a writer, and lets SQLAlchemy emit BEGIN itself so DDL is
    transactional. ``write`` takes the write lock at BEGIN, so two writers queue instead of deadlocking.

    ``read_only`` makes the database itself refuse every change, for analysts' SQL: SQLite's query_only,
    and on the servers a read-only default for every transaction of the session, so even a statement that
    commits implicitly (DDL on MariaDB) starts a read-only one. PostgreSQL statements are prepared, and
    MariaDB's connections never take multiple statements (whatever the URL's client_flag says), which rules
    out several statements in one call.
    """
    if not is_sqlite(url):
        connect_args = (
            {"prepare_threshold": 0} if read_only and url.get_backend_name() == "postgresql" else {}
        )
        engine = _create(url, pool_pre_ping=True, connect_args=connect_args)
        if read_only and url.get_backend_name() in ("mysql", "mariadb"):

            @event.listens_for(engine, "do_connect")
            def _one_statement(_dialect: Any, _record: Any, _args: Any, parameters: dict[str, Any]) -> None:
                # ?client_flag=65536 (CLIENT.MULTI_STATEMENTS) in the URL would let one call run several.
                parameters["client_flag"] = int(parameters.get("client_flag", 0)) & ~MULTI_STATEMENTS

        if read_only:

            @event.listens_for(engine, "connect")
            def _read_only(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                if url.get_backend_name() == "postgresql":
                    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                else:
                    cursor.execute("SET SESSION TRANSACTION READ ONLY")
                cursor.close()
                dbapi_connection.commit()  # a SET inside a transaction would be undone by its rollback

        _settings_the_driver_refuses(engine, url)
        return engine

    # A writer's BEGIN IMMEDIATE waits for the writer before it as long as a MariaDB writer would.
    engine = _create(
        url, connect_args={"timeout": WRITER_LOCK_WAIT_SECONDS if write else SQLITE_BUSY_SECONDS}
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from the sqlite3 module
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if not foreign_keys:
            # Batch migrations copy a table and rename the copy: views naming the table must not block it.
            cursor.execute("PRAGMA legacy_alter_table = ON")
        if url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    _settings_the_driver_refuses(engine, url)
    return engine


def _create(url: URL, **options: Any) -> Engine:
    """``create_engine``, refusing in one line a driver that is not installed, or a setting of the URL's
    query string that the dialect cannot read (``?timeout=soon``, ``?connect_timeout=x``)."""
    try:
        return _reading_settings(url, lambda: create_engine(url, **options))
    except ImportError as error:
        if is_sqlite(url):
            raise TimelineError(
                f"the {url.drivername} driver is missing ({error.name}): give a file path or a sqlite:/// "
                "URL, which Python's own sqlite3 reads"
            ) from None
        extra = "postgresql" if url.get_backend_name() == "postgresql" else "mysql"
        raise TimelineError(
            f"the {url.get_backend_name()} driver is missing ({error.name}): "
            f"install it with `pip install 'timeline[{extra}]'`"
        ) from None


def _reading_settings(url: URL, read: Callable[[], T]) -> T:
    """``read()``, which reads the URL's settings, with a setting the dialect cannot take refused in one
    line: a value it cannot read, or (SQLite, which would ignore it with a warning) a name it does not
    know. The message names neither: a password written with an unencoded & would be one."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", SAWarning)
        try:
            return read()
        except SAWarning as error:
            if not is_sqlite(url):
                raise _refused_settings(url, error) from None
            raise InputError(
                f"database {describe(url)}: SQLite takes no such setting in the URL: only timeout, "
                "isolation_level, detect_types, check_same_thread and cached_statements, or with ?uri=true "
                "a SQLite URI's own (sqlite:///file:NAME?uri=true&mode=ro)"
            ) from None
        except (ValueError, TypeError) as error:
            raise _refused_settings(url, error) from None


def _settings_the_driver_refuses(engine: Engine, url: URL) -> None:
    """A setting the driver itself refuses when connecting (SQLite's ``?isolation_level=SERIALIZABLE``,
    PyMySQL's ``?charset=nope``) fails as a plain Python error, not a database one: say that it is the URL's.
    Registered last, after the listeners that adjust the settings."""

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, arguments: list[Any], parameters: dict[str, Any]) -> Any:
        try:
            return dialect.connect(*arguments, **parameters)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            raise _refused_settings(url, error) from None


def _refused_settings(url: URL, error: BaseException) -> InputError:
    return InputError(
        f"database {describe(url)}: the driver cannot take the URL's settings: {first_line(error)}"
    )


def sqlite_file(url: URL) -> str | None:
    """The file SQLite opens for the SQLite ``url``, None for a database in memory.

    With ``?uri=true`` SQLAlchemy hands SQLite the database and the URL's other settings as one name: a
    SQLite URI if it starts with ``file:`` (``sqlite:///file:x.db?uri=true&mode=ro``), else a file name,
    question mark and all (``sqlite:///x.db?uri=true&mode=ro`` is the file ``x.db?mode=ro``).
    """
    (name,), options = _reading_settings(url, lambda: url.get_dialect()().create_connect_args(url))
    if options.get("uri") and name.startswith("file:"):
        path, _, query = name.removeprefix("file:").partition("?")
        path = path.partition("#")[0]
        if path.startswith("//"):  # file://localhost/x.db or file:///x.db
            path = "/" + path[2:].partition("/")[2]
        return None if path in ("", ":memory:") or "mode=memory" in query.split("&") else unquote(path)
    return None if name == ":memory:" else str(name)


def database_exists(url: URL) -> bool:
    """False for a SQLite file that is not there yet; servers are asked when connected to."""
    return not is_sqlite(url) or (file := sqlite_file(url)) is None or Path(file).exists()


def require_existing_file(url: URL) -> None:
    """Refuse a SQLite path that does not exist: connecting would silently create an empty file."""
    if database_exists(url):
        return
    database = url.database or ""
    if not database.startswith("file:") and sqlite_file(url) != os.path.abspath(database):
        # The file's name holds the URL's settings (a password, even): it is not shown.
        raise SchemaStateError(
            f"database {describe(url)}: with ?uri=true SQLite reads the name and the URL's settings as one "
            "file name, which does not exist: name the database as a SQLite URI "
            "(sqlite:///file:NAME?uri=true&mode=ro)"
        )
    raise SchemaStateError(f"database {describe(url)} does not exist: create it with `timeline db upgrade`")


@contextmanager
def writer_lock(engine: Engine, where: str) -> Iterator[None]:
    """Hold the database's writer lock for the duration of the block, on a connection of its own.

    SQLite needs none: a writing engine begins with BEGIN IMMEDIATE, which already serializes writers.
    """
    backend = engine.dialect.name
    if backend == "sqlite":
        yield
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        parameters: dict[str, object]
        if backend == "postgresql":
            parameters = {"key": WRITER_LOCK_KEY}
            connection.execute(text("SELECT pg_advisory_lock(:key)"), parameters)
            release = "SELECT pg_advisory_unlock(:key)"
        else:
            parameters = {"name": WRITER_LOCK, "wait": WRITER_LOCK_WAIT_SECONDS}
            if connection.execute(text("SELECT GET_LOCK(:name, :wait)"), parameters).scalar() != 1:
                raise _lock_timeout(where)
            release = "SELECT RELEASE_LOCK(:name)"
        try:
            yield
        finally:
            connection.execute(text(release), parameters)


def _lock_timeout(where: str) -> TimelineError:
    return TimelineError(
        f"database {where}: another writer held the lock for {WRITER_LOCK_WAIT_SECONDS}s; try again later"
    )


@contextmanager
def open_session(
    url: URL, *, write: bool = False, read_only: bool = False, foreign_keys: bool = True
) -> Iterator[Session]:
    """A session on a database whose schema matches the code; the caller commits.

    Raises SchemaStateError, without creating or altering anything, if the database is missing, empty,
    behind or ahead of the code. A ``write`` session waits for the writer lock before it begins, and
    reads at READ COMMITTED, so it sees everything the writer before it committed. A ``read_only`` session
    is one the database refuses to let change anything (see ``make_engine``). ``foreign_keys=False`` leaves
    SQLite's checks to the caller (a bulk load checks them all at once with ``PRAGMA foreign_key_check``).
    """
    require_existing_file(url)
    where = describe(url)
    engine = make_engine(url, write=write, read_only=read_only, foreign_keys=foreign_keys)
    bind = (
        engine.execution_options(isolation_level="READ COMMITTED") if write and not is_sqlite(url) else engine
    )
    try:
        with (
            writer_lock(engine, where) if write else nullcontext(),
            Session(bind, expire_on_commit=False) as session,
        ):
            try:
                connection = session.connection()  # on SQLite, a writer's BEGIN IMMEDIATE waits here
            except OperationalError as error:
                if write and is_sqlite(url) and "database is locked" in str(error.orig):
                    raise _lock_timeout(where) from None
                raise
            require_current(connection, where)
            yield session
    finally:
        engine.dispose()
