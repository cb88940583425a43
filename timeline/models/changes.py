"""Change tracking: a log of every insert, update and delete of a row, written by database triggers."""

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Index, Integer, String
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from timeline.models.base import Base, choice
from timeline.vocab import ChangeOperation


class ChangeLog(Base):
    """One row per change to a row of any other table, in commit order; export watermarks are its ids.

    Triggers write it (see timeline.changes), so changes made by any client, plain SQL included, are seen.
    """

    __table_args__ = (
        Index("ix_change_log_table_name_row_id", "table_name", "row_id"),
        {
            "comment": "Every insert, update and delete of a row, by triggers; ids are export watermarks.",
            "sqlite_autoincrement": True,
        },
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        primary_key=True,
        autoincrement=True,
        comment="Sequence number of the change; never reused.",
    )
    table_name: Mapped[str] = mapped_column(String(64), comment="The table of the changed row.")
    row_id: Mapped[int] = mapped_column(BigInteger, comment="The primary key of the changed row.")
    operation: Mapped[ChangeOperation] = mapped_column(
        choice(ChangeOperation, "operation"), comment="insert, update or delete."
    )
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb"),
        comment="When, in UTC, to the microsecond.",
    )
