"""Evidence: the exact words of a source that a fact row rests on."""

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from timeline.models.base import Base, IntPk

# The fact tables evidence can point to, one nullable foreign key column each ("exclusive arc").
FACT_COLUMNS: dict[str, str] = {
    "actor": "actor_id",
    "membership": "membership_id",
    "post_holding": "post_holding_id",
    "actor_relation": "actor_relation_id",
    "event": "event_id",
    "event_participant": "event_participant_id",
    "event_topic": "event_topic_id",
    "quote": "quote_id",
}


def _exactly_one_fact() -> str:
    present = " + ".join(f"CASE WHEN {column} IS NULL THEN 0 ELSE 1 END" for column in FACT_COLUMNS.values())
    return f"{present} = 1"


def _fact_fk(table: str) -> Mapped[int | None]:
    return mapped_column(
        ForeignKey(f"{table}.id", ondelete="CASCADE"),
        comment=f"The {table} row this supports; exactly one fact column is set.",
    )


class Evidence(Base):
    """A quoted span of a source supporting exactly one fact row.

    ``source.text[char_start:char_end] == text`` (0-based, end exclusive, counted in Unicode characters);
    in SQL: ``substr(source.text, char_start + 1, char_end - char_start)``.
    """

    __table_args__ = (
        CheckConstraint(_exactly_one_fact(), name="one_fact"),
        CheckConstraint("char_start >= 0 AND char_end > char_start", name="span"),
        # One piece of evidence per fact and span, which also finds a fact's evidence. Partial where the
        # backend has them (SQLite, PostgreSQL): only the rows of that fact are indexed, not every row's NULL.
        *(
            Index(
                f"uq_evidence_{table}_span",
                column,
                "source_id",
                "char_start",
                "char_end",
                unique=True,
                sqlite_where=text(f"{column} IS NOT NULL"),
                postgresql_where=text(f"{column} IS NOT NULL"),
            )
            for table, column in FACT_COLUMNS.items()
        ),
        {"comment": "The words of a source each fact rests on: one row per fact and quoted span."},
    )

    id: Mapped[IntPk]
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), index=True, comment="The source quoted."
    )
    char_start: Mapped[int] = mapped_column(Integer, comment="Offset of the first character, from 0.")
    char_end: Mapped[int] = mapped_column(Integer, comment="Offset just past the last character.")
    text: Mapped[str] = mapped_column(
        Text, comment="The quoted words, equal to the source text at the offsets."
    )

    actor_id: Mapped[int | None] = _fact_fk("actor")
    membership_id: Mapped[int | None] = _fact_fk("membership")
    post_holding_id: Mapped[int | None] = _fact_fk("post_holding")
    actor_relation_id: Mapped[int | None] = _fact_fk("actor_relation")
    event_id: Mapped[int | None] = _fact_fk("event")
    event_participant_id: Mapped[int | None] = _fact_fk("event_participant")
    event_topic_id: Mapped[int | None] = _fact_fk("event_topic")
    quote_id: Mapped[int | None] = _fact_fk("quote")
