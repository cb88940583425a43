"""A consistent, read-only view of the database for one export, and the watermark it reaches.

The watermark is the id of the last change (``change_log``) the snapshot contains. To be sure no change
with a smaller id is still uncommitted when the snapshot starts, the snapshot is opened while holding the
writer lock every `timeline seed` holds for its whole transaction; the lock is released straight away.
(Writers that bypass timeline, such as plain SQL sessions, are not covered by the lock: see README.)
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from timeline.storage.config import describe
from timeline.storage.db import make_engine, require_existing_file, writer_lock
from timeline.storage.schema_version import head, require_current


@dataclass(frozen=True)
class Snapshot:
    connection: Connection
    watermark: int
    revision: str


@contextmanager
def snapshot(url: URL) -> Iterator[Snapshot]:
    """A repeatable-read, read-only transaction on a database whose schema matches the code."""
    require_existing_file(url)
    where = describe(url)
    engine = make_engine(url, read_only=True)
    try:
        with engine.connect() as connection:
            with writer_lock(engine, where):
                dialect = connection.dialect.name
                if dialect == "postgresql":
                    connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                elif dialect in ("mysql", "mariadb"):
                    connection.exec_driver_sql("COMMIT")
                    connection.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
                require_current(connection, where)
                # The first read fixes the snapshot; it happens while no timeline writer is mid-transaction.
                watermark = connection.execute(
                    text("SELECT COALESCE(MAX(id), 0) FROM change_log")
                ).scalar_one()
            yield Snapshot(connection, int(watermark), head())  # require_current has checked it
    finally:
        engine.dispose()
