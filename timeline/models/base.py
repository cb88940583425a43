"""The declarative base: naming convention, shared column shapes and the date-span columns."""

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from timeline.dates import When, when_of
from timeline.vocab import Certainty, Precision

# Every constraint gets a predictable name from the first migration on, so later migrations can drop or
# alter it on every backend (SQLite's batch mode needs names too).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# TEXT is 64 KiB on MySQL and MariaDB; a document can be longer.
LONG_TEXT = Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")

IntPk = Annotated[
    int,
    mapped_column(Integer, primary_key=True, autoincrement=True, comment="Row id; foreign keys point to it."),
]
Slug = Annotated[
    str,
    mapped_column(
        String(200),
        unique=True,
        comment="Stable natural key, e.g. aes or mali/foreign-minister; annotations refer to it.",
    ),
]
Name = Annotated[str, mapped_column(String(200))]
Label = Annotated[str, mapped_column(String(500))]


def choice(vocabulary: type[StrEnum], column: str) -> Enum:
    """A VARCHAR limited to a vocabulary by a CHECK constraint named ``ck_<table>_<column>``."""
    return Enum(
        vocabulary,
        name=column,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def source_fk(comment: str) -> Mapped[int | None]:
    return mapped_column(ForeignKey("source.id", ondelete="SET NULL"), comment=comment)


def _snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {str: String(200), dt.date: Date()}

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return _snake_case(cls.__name__)


class DateSpan:
    """When a fact holds: from ``start_date`` to ``end_date``, each bound at its own precision.

    A bound is the first (start) or last (end) day of its precision unit: "in 2023" is 2023-01-01 to
    2023-12-31 at year precision. A NULL bound is open or unknown ("more than a decade ago" has no start).
    ``date_text`` keeps the document's own words and ``date_certainty`` says how the dates were read.
    """

    start_date: Mapped[dt.date | None] = mapped_column(
        comment="First day the fact may hold; NULL if unknown."
    )
    start_precision: Mapped[Precision | None] = mapped_column(
        choice(Precision, "start_precision"), comment="day, month, year or decade."
    )
    end_date: Mapped[dt.date | None] = mapped_column(
        comment="Last day the fact may hold; NULL if open or unknown."
    )
    end_precision: Mapped[Precision | None] = mapped_column(
        choice(Precision, "end_precision"), comment="day, month, year or decade."
    )
    date_certainty: Mapped[Certainty | None] = mapped_column(
        choice(Certainty, "date_certainty"), comment="stated, inferred or approximate."
    )
    date_text: Mapped[str | None] = mapped_column(
        String(300), comment="The document's own words for the date."
    )

    @property
    def when(self) -> When | None:
        return when_of(self)

    @when.setter
    def when(self, when: When | None) -> None:
        self.start_date = when.start.date if when and when.start else None
        self.start_precision = when.start.precision if when and when.start else None
        self.end_date = when.end.date if when and when.end else None
        self.end_precision = when.end.precision if when and when.end else None
        self.date_certainty = when.certainty if when else None
        self.date_text = when.text if when else None


def date_span_checks() -> tuple[CheckConstraint, ...]:
    """Constraints every table with a DateSpan carries: a date has a precision, and bounds are ordered."""
    return (
        CheckConstraint("(start_date IS NULL) = (start_precision IS NULL)", name="start_has_precision"),
        CheckConstraint("(end_date IS NULL) = (end_precision IS NULL)", name="end_has_precision"),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date", name="date_order"
        ),
    )
