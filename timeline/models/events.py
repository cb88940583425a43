"""Events on one timeline: meetings, statements and other dated happenings, with who took part."""

import datetime as dt
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Computed,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler

from timeline.dates import window
from timeline.models.base import Base, DateSpan, IntPk, Label, Name, Slug, choice, date_span_checks, source_fk
from timeline.vocab import EventKind, EventStatus, ParticipantRole, Plover, Precision, StatementKind

# Undated events sort last: their sort_date is this day.
UNDATED = dt.date(9999, 12, 31)

# event.sort_date as each database computes it: the start; else the first day of the end's precision unit,
# so "by 2023" (an end of 2023-12-31 at year precision) sorts on 2023-01-01 with what began in 2023; else
# UNDATED. The decade before year 10 starts on 0001-01-01, the first day there is. Each is written as the
# database reports it back (PostgreSQL's casts, MariaDB's operators), so a test can compare them to the
# database's own. PostgreSQL stores the column, which needs immutable functions: date_trunc on a
# timestamp without time zone, never on a date (that would go through timestamptz). Revisions changing it
# copy these literals, so that they keep building the schema of their day.
SORT_DATE: dict[str, str] = {
    "sqlite": (
        "COALESCE(start_date, CASE end_precision"
        " WHEN 'month' THEN substr(end_date, 1, 8) || '01'"
        " WHEN 'year' THEN substr(end_date, 1, 5) || '01-01'"
        " WHEN 'decade' THEN max(substr(end_date, 1, 3) || '0-01-01', '0001-01-01')"
        f" ELSE end_date END, '{UNDATED.isoformat()}')"
    ),
    "postgresql": (
        "COALESCE(start_date, CASE end_precision"
        " WHEN 'month'::text THEN date_trunc('month'::text, end_date::timestamp without time zone)::date"
        " WHEN 'year'::text THEN date_trunc('year'::text, end_date::timestamp without time zone)::date"
        " WHEN 'decade'::text THEN GREATEST(date_trunc('decade'::text, end_date::timestamp without time zone)"
        "::date, '0001-01-01'::date)"
        f" ELSE end_date END, '{UNDATED.isoformat()}'::date)"
    ),
    "mysql": (  # MariaDB and MySQL
        "COALESCE(start_date, CASE end_precision"
        " WHEN 'month' THEN end_date - INTERVAL (dayofmonth(end_date) - 1) DAY"
        " WHEN 'year' THEN end_date - INTERVAL (dayofyear(end_date) - 1) DAY"
        " WHEN 'decade' THEN end_date - INTERVAL (dayofyear(end_date) - 1) DAY"
        " - INTERVAL least(year(end_date) MOD 10, year(end_date) - 1) YEAR"
        f" ELSE end_date END, '{UNDATED.isoformat()}')"
    ),
}


def sort_date_sql(dialect: str) -> str:
    """The SQL of event.sort_date for a dialect's name (``mariadb`` and ``mysql`` share theirs)."""
    return SORT_DATE[dialect if dialect in ("sqlite", "postgresql") else "mysql"]


def sort_day(start: dt.date | None, end: dt.date | None, end_precision: str | None) -> dt.date:
    """The day event.sort_date holds for these dates, for code that writes rows before the database has."""
    if start is not None:
        return start
    if end is None or end_precision is None:
        return UNDATED
    if end_precision == Precision.decade and end.year < 10:
        return dt.date(1, 1, 1)
    return window(end, Precision(end_precision))[0]


class _SortDate(ColumnElement[dt.date]):
    """event.sort_date's expression, rendered in the dialect of the database it is compiled for."""

    type = Date()
    inherit_cache = True


@compiles(_SortDate)
def _compile_sort_date(element: _SortDate, compiler: SQLCompiler, **kw: Any) -> str:
    return sort_date_sql(compiler.dialect.name)


class Event(DateSpan, Base):
    """Anything dated: a meeting, a statement, a founding, a withdrawal, a coup, an insurgency."""

    __table_args__ = (
        *date_span_checks(),
        # The timeline's order, so a page of it is read off the index without sorting.
        Index("ix_event_sort_date_id", "sort_date", "id"),
        {"comment": "Every dated happening, on one timeline."},
    )

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    kind: Mapped[EventKind] = mapped_column(
        choice(EventKind, "kind"),
        index=True,
        comment="meeting, statement, founding, withdrawal, coup, conflict, agreement, cooperation, ...",
    )
    category: Mapped[Plover | None] = mapped_column(
        choice(Plover, "category"), comment="PLOVER event category: CONSULT, AGREE, COOPERATE, ..."
    )
    title: Mapped[Label] = mapped_column(comment="What happened, in a line.")
    description: Mapped[str | None] = mapped_column(Text, comment="What happened, in a sentence or two.")
    status: Mapped[EventStatus] = mapped_column(
        choice(EventStatus, "status"), comment="announced, held, postponed or cancelled."
    )
    sort_date: Mapped[dt.date | None] = mapped_column(
        Computed(_SortDate()),
        comment="The timeline's order: the start, else the first day of the end's precision unit (2023-01-01 "
        "for an end in 2023); 9999-12-31 when undated.",
    )
    place_id: Mapped[int | None] = mapped_column(
        ForeignKey("place.id", ondelete="SET NULL"), comment="Where it happens."
    )
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")


class MeetingSeries(Base):
    """A recurring format of meetings, e.g. the AES-Russia consultations."""

    __table_args__ = ({"comment": "Recurring meeting formats; meetings are its sessions."},)

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    name: Mapped[Name] = mapped_column(comment='The series\' name: "AES-Russia consultations".')
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")


class Meeting(Base):
    """The meeting-specific part of an event of kind ``meeting``."""

    __table_args__ = (
        CheckConstraint("session_number IS NULL OR session_number > 0", name="session_number_positive"),
        {"comment": "Meetings: the series and session an event of kind meeting belongs to."},
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True, comment="The meeting's event."
    )
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), comment="The series it is a session of."
    )
    session_number: Mapped[int | None] = mapped_column(
        Integer, comment="1 for the first session of the series."
    )
    session_label: Mapped[str | None] = mapped_column(
        comment='The document\'s words: "first official session".'
    )


class Statement(Base):
    """The statement-specific part of an event of kind ``statement``."""

    __table_args__ = ({"comment": "Statements: their kind and the event they concern."},)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True, comment="The statement's event."
    )
    statement_kind: Mapped[StatementKind] = mapped_column(
        choice(StatementKind, "statement_kind"),
        comment="joint_statement, statement, remark, communique, press_release or interview.",
    )
    concerns_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True, comment="The meeting or event it is about."
    )


class Quote(Base):
    """Words a statement says, verbatim."""

    __table_args__ = ({"comment": "Verbatim quotes from statements."},)

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.event_id", ondelete="CASCADE"), index=True, comment="The statement quoted."
    )
    text: Mapped[str] = mapped_column(Text, comment="The quoted words, exactly as the document gives them.")
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), comment="Who spoke, when not the statement's issuers."
    )


class EventParticipant(Base):
    """An actor's part in an event; an actor may have several roles (host and inviter)."""

    __table_args__ = (
        UniqueConstraint("event_id", "actor_id", "role"),
        # An actor's events in timeline order, read off the index without sorting.
        Index("ix_event_participant_actor_id_event_sort_date", "actor_id", "event_sort_date", "event_id"),
        {"comment": "Who took part in each event, and in which role."},
    )

    id: Mapped[IntPk]
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), comment="The event.")
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), comment="Who takes part."
    )
    role: Mapped[ParticipantRole] = mapped_column(
        choice(ParticipantRole, "role"),
        comment="host, visitor, inviter, participant, party, issuer, reporter, actor, target or subject.",
    )
    event_sort_date: Mapped[dt.date | None] = mapped_column(
        comment="The event's sort_date, kept by the database, so an actor's events come in timeline order."
    )


class EventTopic(Base):
    """What an event is about: defence, security, economic development, diplomacy."""

    __table_args__ = (UniqueConstraint("event_id", "topic"), {"comment": "Topics of events."})

    id: Mapped[IntPk]
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), comment="The event.")
    topic: Mapped[str] = mapped_column(String(100), comment="A subject of the event, lower case: defence.")
