"""Streaming the rows of tables and views into CSV, JSONL and Parquet files, in a stable order.

Rows are fetched in batches from a server-side cursor and written as they come, so memory stays flat
however large the table; a batch is bounded by the text it holds as well as by its rows, so a table of
whole documents (``source.text``) streams in small batches. Nothing derived from the clock goes into a
file: the same data gives the same bytes. Values: dates and times as ISO 8601 text, NULL as an empty CSV
cell or JSON null.
"""

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, DateTime, Integer, inspect, text

from timeline.errors import InputError
from timeline.models import Base
from timeline.storage.views import VIEW_ORDER

BATCH = 5000
BATCH_BYTES = 4 * 2**20
TABLE_FORMATS = ("csv", "jsonl", "parquet")


@dataclass(frozen=True)
class Relation:
    """A table or view to dump: its name, its columns in order, which of them hold integers, and the
    columns that order its rows."""

    name: str
    folder: str  # "tables" or "views"
    columns: tuple[str, ...]
    integers: frozenset[str]
    order: tuple[str, ...]
    primary_key: str | None = None
    timestamps: frozenset[str] = frozenset()


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _timestamps(
    rows: Sequence[Sequence[Any]], columns: Sequence[str], names: frozenset[str]
) -> list[list[Any]]:
    """Timestamps as one text form on every backend (SQLite hands them back as its own text)."""
    indexes = [index for index, name in enumerate(columns) if name in names]
    result = []
    for row in rows:
        values = list(row)
        for index in indexes:
            if isinstance(values[index], str):
                values[index] = dt.datetime.fromisoformat(values[index])
        result.append(values)
    return result


class _Csv:
    def __init__(self, path: Path, columns: Sequence[str], integers: frozenset[str]) -> None:
        self.file = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file, lineterminator="\n")
        self.writer.writerow(columns)

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        self.writer.writerows([["" if value is None else _value(value) for value in row] for row in rows])

    def close(self) -> None:
        self.file.close()


class _Jsonl:
    def __init__(self, path: Path, columns: Sequence[str], integers: frozenset[str]) -> None:
        self.file: IO[str] = path.open("w", encoding="utf-8", newline="\n")
        self.columns = columns

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        self.file.writelines(
            json.dumps(dict(zip(self.columns, map(_value, row), strict=True)), ensure_ascii=False) + "\n"
            for row in rows
        )

    def close(self) -> None:
        self.file.close()


class _Parquet:
    """Parquet through pyarrow (the `parquet` extra): integer columns as int64, every other one as text."""

    def __init__(self, path: Path, columns: Sequence[str], integers: frozenset[str]) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(
                "Parquet needs pyarrow: install it with `pip install 'timeline[parquet]'`"
            ) from None
        self.pa, self.columns = pa, columns
        self.types = [pa.int64() if name in integers else pa.string() for name in columns]
        schema = pa.schema([pa.field(name, kind) for name, kind in zip(columns, self.types, strict=True)])
        self.writer = pq.ParquetWriter(path, schema)

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        arrays = []
        for index, kind in enumerate(self.types):
            values = [row[index] for row in rows]
            if kind != self.pa.int64():
                values = [None if value is None else str(_value(value)) for value in values]
            arrays.append(self.pa.array(values, type=kind))
        self.writer.write_table(self.pa.Table.from_arrays(arrays, names=list(self.columns)))

    def close(self) -> None:
        self.writer.close()


WRITERS: dict[str, Callable[[Path, Sequence[str], frozenset[str]], Any]] = {
    "csv": _Csv,
    "jsonl": _Jsonl,
    "parquet": _Parquet,
}


def relations(connection: Connection, *, full: bool) -> list[Relation]:
    """Timeline's tables by name and, for a ``full`` export, the change history and documented views.

    Tables that users add beside timeline's own are not exported: no change is tracked for them.
    """
    inspector = inspect(connection)

    def relation(name: str, folder: str, order: tuple[str, ...], primary_key: str | None) -> Relation:
        columns = inspector.get_columns(name)
        return Relation(
            name,
            folder,
            tuple(column["name"] for column in columns),
            frozenset(column["name"] for column in columns if isinstance(column["type"], Integer)),
            order,
            primary_key,
            frozenset(column["name"] for column in columns if isinstance(column["type"], DateTime)),
        )

    found = []
    for name, table in sorted(Base.metadata.tables.items()):
        if name == "change_log" and not full:
            continue
        (primary_key,) = table.primary_key.columns
        found.append(relation(name, "tables", (primary_key.name,), primary_key.name))
    if full:
        for name in sorted(inspector.get_view_names()):
            if name in VIEW_ORDER:
                found.append(relation(name, "views", VIEW_ORDER[name], None))
    return found


def rows_per_batch(row_bytes: float, most: int = BATCH) -> int:
    """How many rows of about ``row_bytes`` each to hold at once: ``most``, or fewer when rows are wide."""
    return max(1, min(most, int(BATCH_BYTES / max(row_bytes, 1.0))))


def batched_rows(
    connection: Connection, statement: str, parameters: dict[str, Any]
) -> Iterator[Sequence[Any]]:
    """The statement's rows, batch by batch, each batch sized by how wide the rows before it were."""
    # On the statement, not the connection: Connection.execution_options would stream every later one too.
    result = connection.execute(text(statement).execution_options(stream_results=True), parameters)
    size = 10
    while rows := result.fetchmany(size):
        yield rows
        sample = rows[:100]
        text_bytes = sum(len(value) for row in sample for value in row if isinstance(value, str))
        size = rows_per_batch(text_bytes / len(sample))


def dump(
    connection: Connection,
    relation: Relation,
    folder: Path,
    formats: Sequence[str],
    since: int | None,
    upto: int,
) -> dict[str, int]:
    """Write the relation's rows in each format under ``folder``; return rows written per file path.

    With ``since``, only rows of a table changed after that watermark (and up to ``upto``) are written.
    """
    columns = ", ".join(relation.columns)
    statement = f"SELECT {columns} FROM {relation.name}"
    parameters: dict[str, Any] = {}
    if since is not None:
        statement += (
            f" WHERE {relation.primary_key} IN (SELECT row_id FROM change_log WHERE table_name = :table "
            "AND id > :since AND id <= :upto AND operation <> 'delete')"
        )
        parameters = {"table": relation.name, "since": since, "upto": upto}
    statement += f" ORDER BY {', '.join(relation.order)}"
    (folder / relation.folder).mkdir(parents=True, exist_ok=True)
    paths = {fmt: Path(relation.folder) / f"{relation.name}.{fmt}" for fmt in formats}
    batches = batched_rows(connection, statement, parameters)
    if relation.timestamps:
        batches = (_timestamps(rows, relation.columns, relation.timestamps) for rows in batches)
    return _write(folder, paths, relation.columns, relation.integers, batches)


def _write(
    folder: Path,
    paths: dict[str, Path],
    columns: Sequence[str],
    integers: frozenset[str],
    batches: Iterable[Sequence[Sequence[Any]]],
) -> dict[str, int]:
    """Write every batch to one file per format; rows written per file path."""
    writers = [WRITERS[fmt](folder / path, columns, integers) for fmt, path in paths.items()]
    count = 0
    try:
        for rows in batches:
            for writer in writers:
                writer.write(rows)
            count += len(rows)
    finally:
        for writer in writers:
            writer.close()
    return {str(path): count for path in paths.values()}


TOMBSTONE_COLUMNS = ("table_name", "row_id", "change_id", "deleted_at")
TOMBSTONE_INTEGERS = frozenset({"row_id", "change_id"})


def tombstones(
    connection: Connection,
    tables: Sequence[Relation],
    folder: Path,
    formats: Sequence[str],
    since: int,
    upto: int,
) -> dict[str, int]:
    """Rows deleted after ``since`` (and not back since), one per table and id, in table and id order."""

    def batches() -> Iterator[Sequence[Sequence[Any]]]:
        for relation in tables:
            statement = (
                "SELECT table_name, row_id, MAX(id) AS change_id, MAX(changed_at) AS deleted_at "
                "FROM change_log WHERE table_name = :table AND operation = 'delete' "
                "AND id > :since AND id <= :upto "
                f"AND row_id NOT IN (SELECT {relation.primary_key} FROM {relation.name}) "
                "GROUP BY table_name, row_id ORDER BY row_id"
            )
            parameters = {"table": relation.name, "since": since, "upto": upto}
            for rows in batched_rows(connection, statement, parameters):
                yield _timestamps(rows, TOMBSTONE_COLUMNS, frozenset({"deleted_at"}))

    paths = {fmt: Path(f"tombstones.{fmt}") for fmt in formats}
    return _write(folder, paths, TOMBSTONE_COLUMNS, TOMBSTONE_INTEGERS, batches())
