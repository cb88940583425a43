"""Loading an export bundle into an empty database: how a timeline moves from a SQLite file to a server.

The bundle is a full export (``tables/*.jsonl`` and ``manifest.json``). Every file's checksum is verified
before anything is written; the rows then go in, table by table in foreign-key order, in one transaction
under the writer lock, with the ids and the change history (``change_log``) the bundle brings, so the
next export of the new database is byte-for-byte the bundle's. A bundle without a change history (a
generated one) gets every row logged as inserted instead. Any error rolls everything back.

Checksums only show that files are whole, and anyone who edits a bundle can recompute them. So before
committing, the database's own promises are checked again on what was loaded: every piece of evidence
is its source's text at its offsets, every source's sha256 is its text's, no text holds NUL; derived
columns are computed rather than loaded. Files are read only inside the bundle.
"""

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Column, Connection, Date, DateTime, Enum, Integer, Table, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from timeline.dates import DateError, ImpossibleDate, parse_explicit
from timeline.errors import InputError, first_line
from timeline.export.bundle import FORMAT_VERSION, MANIFEST, Manifest, checksum
from timeline.export.dumps import batched_rows, rows_per_batch
from timeline.models import Base
from timeline.models.limits import integer_range, limits, text_problem, value_problem
from timeline.queries.actors import normalize
from timeline.storage import changes
from timeline.storage.config import describe
from timeline.storage.db import open_session
from timeline.storage.schema_version import head, revisions
from timeline.vocab import Certainty

BATCH = 10_000

Progress = Callable[[str, int], None]


def read_manifest(folder: Path) -> Manifest:
    """The bundle's manifest, checked for what this version of timeline can import."""
    path = folder / MANIFEST
    if os.path.lexists(path) and not path.is_file():
        raise InputError(f"{path}: not a regular file: not a timeline export")
    try:
        manifest = Manifest.read(folder)
    except FileNotFoundError:
        raise InputError(f"{folder}: no {MANIFEST}: not a timeline export") from None
    except (ValueError, TypeError, KeyError) as error:
        raise InputError(f"{path}: not a timeline manifest ({error})") from None
    if manifest.format != FORMAT_VERSION:
        raise InputError(f"{path}: export format {manifest.format!r} is not {FORMAT_VERSION!r}")
    if manifest.since is not None:
        raise InputError(
            f"{folder}: an incremental export (changes since {manifest.since}) cannot be imported"
        )
    if manifest.schema_revision != head():
        if manifest.schema_revision in revisions():
            raise InputError(
                f"{folder}: the bundle is from an older schema ({manifest.schema_revision}); import it with "
                "the timeline version that wrote it, then upgrade that database with `timeline db upgrade`"
            )
        raise InputError(
            f"{folder}: the bundle is from a newer schema ({manifest.schema_revision}) than this timeline "
            f"knows ({head()}): upgrade timeline"
        )
    return manifest


def verify(folder: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is there, inside the bundle, with its size and SHA-256, and every table
    is in it."""
    for entry in manifest.files:
        path = _inside(folder, entry.path)
        size, digest = checksum(path)
        if (size, digest) != (entry.bytes, entry.sha256):
            raise InputError(f"{path}: checksum mismatch: the file is damaged or incomplete")
    listed = {entry.path for entry in manifest.files}
    for table in _tables():
        if f"tables/{table.name}.jsonl" not in listed and table.name != "change_log":
            raise InputError(
                f"{folder}: no tables/{table.name}.jsonl: import needs a JSONL export of every table"
            )


def _inside(folder: Path, name: str) -> Path:
    """The bundle's file ``name``: a relative path that stays inside the bundle, links resolved, and a
    regular file (not a device or a pipe that would hang the import)."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or relative.as_posix() != name or name == ".":
        raise InputError(f"{folder / MANIFEST}: file path {name!r} is not a relative path inside the bundle")
    path = folder / relative
    if not path.resolve().is_relative_to(folder.resolve()):
        raise InputError(f"{path}: leads outside the bundle")
    if not os.path.lexists(path):
        raise InputError(f"{path}: missing from the bundle")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    return path


def _tables() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if table.name != "alembic_version"]


def _reader(column: Column[Any], dialect: str) -> Callable[[Any], Any]:
    """How a column's JSON value is checked and becomes the backend's value.

    Every value must be one every backend stores (see ``models.limits``): text within its column's
    length, a whole number within its range, a real day. A value that is not raises ValueError saying why.
    """
    kind = column.type
    if isinstance(kind, DateTime):

        def read_moment(value: Any) -> Any:
            if not isinstance(value, str):
                raise ValueError(f"must be a timestamp as text, not {_shown(value)}")
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a timestamp (YYYY-MM-DD HH:MM:SS)") from None
            # SQLite stores timestamps as text, in SQLAlchemy's layout.
            return moment.isoformat(" ", "microseconds") if dialect == "sqlite" else moment

        return read_moment
    if isinstance(kind, Date):

        def read_day(value: Any) -> Any:
            if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
                try:
                    day = dt.date.fromisoformat(value)
                except ValueError:
                    pass
                else:
                    return value if dialect == "sqlite" else day  # SQLite stores days as ISO text
            if not isinstance(value, str):
                raise ValueError(f"must be a day as text (YYYY-MM-DD), not {_shown(value)}")
            with suppress(DateError):
                try:
                    parse_explicit(value, Certainty.stated)
                except ImpossibleDate as error:  # "impossible date '2025-02-30': February 2025 has no day 30"
                    raise ValueError(f"{value!r} is not a day: {str(error).split(': ', 1)[-1]}") from None
            raise ValueError(f"{value!r} is not a day (YYYY-MM-DD)")

        return read_day
    if isinstance(kind, Integer):
        low, high = integer_range(column) or (-(2**63), 2**63 - 1)

        def read_number(value: Any) -> Any:
            if type(value) is not int:
                raise ValueError(f"must be a whole number, not {_shown(value)}")
            if not low <= value <= high:
                raise ValueError(value_problem(column, value))
            return value

        return read_number
    # Text: the usual value is checked by its length alone; text_problem says what is wrong, and reads
    # the rare value that may hold more bytes than MariaDB's TEXT or a word outside a vocabulary.
    characters, most_bytes = limits(column)
    longest = min(characters or 2**63, (most_bytes or 2**63) // 4)  # UTF-8 has at most 4 bytes a character
    vocabulary = frozenset(kind.enums) if isinstance(kind, Enum) else None

    def read_text(value: Any) -> Any:
        if type(value) is not str:
            raise ValueError(f"must be text, not {_shown(value)}")
        if len(value) > longest or (vocabulary is not None and value not in vocabulary):
            problem = text_problem(column, value)
            if problem is not None:
                raise ValueError(problem)
        return value

    return read_text


def _shown(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _rows(path: Path, table: Table, columns: list[str], dialect: str) -> Iterator[list[Any]]:
    """The rows of ``path`` as the backend's values, in the order of ``columns``; InputError naming the
    line of the first that is not a row of ``table`` every backend stores."""
    all_columns = {column.name for column in table.columns}
    readers = [(index, table.c[name], _reader(table.c[name], dialect)) for index, name in enumerate(columns)]
    with path.open("rb") as file:
        for number, raw in enumerate(file, start=1):
            try:
                line = raw.decode("utf-8")
                record = json.loads(line)
            except UnicodeDecodeError:
                raise InputError(f"{path}:{number}: not UTF-8 text") from None
            except json.JSONDecodeError:
                raise InputError(f"{path}:{number}: truncated or malformed line") from None
            if not isinstance(record, dict) or set(record) != all_columns:
                raise InputError(f"{path}:{number}: the row's fields are not the table's columns")
            if "\\u0000" in line and any(
                isinstance(value, str) and "\0" in value for value in record.values()
            ):
                raise InputError(
                    f"{path}:{number}: a NUL character (U+0000): timeline stores no text with NUL"
                )
            if "\\u" in line:  # an escaped character: a control character, or half a surrogate pair
                for name, value in record.items():
                    problem = text_problem(table.c[name], value) if isinstance(value, str) else None
                    if problem is not None:
                        raise InputError(f"{path}:{number}: {name} {problem}")
            values = [record[name] for name in columns]
            for index, column, read in readers:
                value = values[index]
                if value is None:
                    if not column.nullable:
                        raise InputError(f"{path}:{number}: {column.name} must have a value, not null")
                    continue
                try:
                    values[index] = read(value)
                except ValueError as error:
                    raise InputError(f"{path}:{number}: {column.name} {error}") from None
            yield values


def _insert(
    connection: Connection, table: Table, path: Path, line_bytes: float, progress: Progress | None
) -> int:
    dialect = connection.dialect.name
    # The database computes generated columns (event.sort_date) itself.
    columns = [column.name for column in table.columns if column.computed is None]
    rows = _rows(path, table, columns, dialect)
    if dialect == "postgresql":
        return _copy(connection, table.name, columns, rows, progress)
    placeholders = ", ".join("?" if connection.dialect.paramstyle == "qmark" else "%s" for _ in columns)
    statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})"
    batch: list[tuple[Any, ...]] = []
    size = rows_per_batch(line_bytes, BATCH)  # sources hold whole documents: fewer of them at once
    count = 0
    for values in rows:
        batch.append(tuple(values))
        if len(batch) == size:
            connection.exec_driver_sql(statement, batch)
            count += len(batch)
            batch.clear()
            if progress:
                progress(table.name, count)
    if batch:
        connection.exec_driver_sql(statement, batch)
        count += len(batch)
    if progress:
        progress(table.name, count)
    return count


def _copy(
    connection: Connection,
    table: str,
    columns: list[str],
    rows: Iterator[list[Any]],
    progress: Progress | None,
) -> int:
    """PostgreSQL's own bulk path: COPY ... FROM STDIN, in the session's transaction."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for values in rows:
            copy.write_row(values)
            count += 1
            if progress and count % BATCH == 0:
                progress(table, count)
    if progress:
        progress(table, count)
    return count


def _restart_sequences(connection: Connection) -> None:
    """PostgreSQL's id sequences do not see explicit ids: move each past the largest id loaded."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        key = table.autoincrement_column
        if key is not None:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
                    f"COALESCE(MAX({key.name}), 1), MAX({key.name}) IS NOT NULL) FROM {table.name}"
                )
            )


def load(url: URL, folder: Path, progress: Progress | None = None) -> dict[str, int]:
    """Import the bundle at ``folder`` into the empty database at ``url``; rows loaded per table."""
    manifest = read_manifest(folder)
    verify(folder, manifest)
    history = (folder / "tables/change_log.jsonl").is_file() and any(
        entry.path == "tables/change_log.jsonl" for entry in manifest.files
    )
    schema = changes.Schema.of(Base.metadata)
    line_bytes = {entry.path: entry.bytes / max(entry.rows, 1) for entry in manifest.files}
    loaded: dict[str, int] = {}
    # SQLite checks every foreign key once, at the end, instead of row by row (see _check_foreign_keys).
    with open_session(url, write=True, foreign_keys=False) as session:
        connection = session.connection()
        for table in _tables():
            if connection.execute(text(f"SELECT 1 FROM {table.name} LIMIT 1")).first() is not None:
                raise InputError(
                    f"database {describe(url)} already holds data (table {table.name}): "
                    "import into an empty database"
                )
        try:
            with changes.suspended(connection, schema), _indexes_built_after(connection):
                for table in _tables():
                    if table.name == "change_log" and not history:
                        continue
                    path = f"tables/{table.name}.jsonl"
                    width = line_bytes.get(path, 0.0)
                    loaded[table.name] = _insert(connection, table, folder / path, width, progress)
                if not history:
                    changes.backfill(connection, schema)
                _recompute_aliases(connection)
        # A row the schema refuses (a duplicate, a broken reference, a bad value), from SQLAlchemy or, for
        # PostgreSQL's COPY, from the driver itself.
        except (DBAPIError, connection.dialect.loaded_dbapi.Error) as error:
            raise InputError(f"the bundle does not fit the schema: {first_line(error)}") from None
        _check_foreign_keys(connection)
        _check_sources(connection)
        _check_evidence(connection)
        _restart_sequences(connection)
        session.commit()
    return loaded


def _recompute_aliases(connection: Connection) -> None:
    """``actor_alias.normalized`` is how names are looked up: computed here from the alias, not trusted.

    (``event_participant.event_sort_date``, the other derived column, is set by the database's triggers
    from the event as each row goes in; ``event.sort_date`` is generated by the database.)
    """
    wrong = [
        {"id": row_id, "normalized": computed}
        for rows in batched_rows(connection, "SELECT id, alias, normalized FROM actor_alias ORDER BY id", {})
        for row_id, alias, normalized in rows
        if (computed := normalize(alias)) != normalized
    ]
    if wrong:
        connection.execute(text("UPDATE actor_alias SET normalized = :normalized WHERE id = :id"), wrong)


def _check_sources(connection: Connection) -> None:
    """Every source's ``sha256`` is the SHA-256 of its text's UTF-8 bytes, as seeding computed it."""
    statement = "SELECT id, sha256, text FROM source ORDER BY id"
    wrong = [
        row_id
        for rows in batched_rows(connection, statement, {})  # read to the end: a server cursor stays in step
        for row_id, digest, body in rows
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != digest
    ]
    if wrong:
        raise InputError(f"the bundle's source row {wrong[0]}: its sha256 is not the SHA-256 of its text")


# Evidence that is not its source's text at its offsets, found set-wise. A slice that runs past the end
# of the source comes back short, so comparing lengths with the evidence's own text checks the bounds
# without measuring each source again. Every backend counts characters here, not bytes; MariaDB compares
# bytes, as its collations ignore case and trailing spaces. The CASE keeps PostgreSQL from taking a
# substring of a negative length.
_SLICE = "e.char_start + 1, e.char_end - e.char_start"
# Per backend: how long the evidence's text is, in characters, and whether the slice differs from it.
_LENGTH_AND_DIFFERENT = {
    "sqlite": ("length(e.text)", f"substr(s.text, {_SLICE}) IS NOT e.text"),
    "postgresql": ("length(e.text)", f"substr(s.text, {_SLICE}) IS DISTINCT FROM e.text"),
    "mysql": (
        "CHAR_LENGTH(e.text)",
        f"CAST(SUBSTRING(s.text, {_SLICE}) AS BINARY) <> CAST(e.text AS BINARY)",
    ),
}


def _check_evidence(connection: Connection) -> None:
    """Every piece of evidence is its source's text at its offsets: ``text[char_start:char_end]``."""
    length, different = _LENGTH_AND_DIFFERENT.get(connection.dialect.name, _LENGTH_AND_DIFFERENT["mysql"])
    first = connection.execute(
        text(
            "SELECT min(e.id) FROM evidence e JOIN source s ON s.id = e.source_id WHERE CASE "
            f"WHEN e.char_start < 0 OR e.char_end <= e.char_start OR {length} <> e.char_end - e.char_start "
            f"THEN 1 WHEN {different} THEN 1 ELSE 0 END = 1"
        )
    ).scalar()
    if first is not None:
        source_id, start, end = connection.execute(
            text("SELECT source_id, char_start, char_end FROM evidence WHERE id = :id"), {"id": first}
        ).one()
        raise InputError(
            f"the bundle's evidence row {first}: its text is not characters {start} to {end} "
            f"of source {source_id}"
        )


@contextmanager
def _indexes_built_after(connection: Connection) -> Iterator[None]:
    """Secondary indexes (and, on PostgreSQL, foreign keys) are dropped for the load and built after it:
    one sorted pass each instead of an update per row. Building a unique index still refuses a duplicate,
    and adding a foreign key still checks every reference, inside the same transaction. (MariaDB would
    commit on the DDL, so it loads with its indexes in place.)"""
    dialect = connection.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        yield
        return
    indexes = [
        index for table in _tables() for index in sorted(table.indexes, key=lambda index: str(index.name))
    ]
    foreign_keys = (
        [
            key
            for table in _tables()
            for key in sorted(table.foreign_key_constraints, key=lambda key: str(key.name))
        ]
        if dialect == "postgresql"
        else []
    )
    for key in foreign_keys:
        connection.execute(DropConstraint(key))
    for index in indexes:
        connection.execute(DropIndex(index))
    yield
    for index in indexes:
        connection.execute(CreateIndex(index))
    for key in foreign_keys:
        connection.execute(AddConstraint(key))


def _check_foreign_keys(connection: Connection) -> None:
    """On SQLite, where the load ran unchecked: every reference must hold before anything is committed."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.execute(text("PRAGMA foreign_key_check")).first()
    if broken is not None:
        table, row_id, parent, _ = broken
        raise InputError(f"the bundle's {table} row {row_id} points to a {parent} row it does not contain")
