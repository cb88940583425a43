"""Events on one timeline: meetings, statements and other dated happenings, with who took part."""

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from timeline.models.base import Base, DateSpan, IntPk, Label, Name, Slug, choice, date_span_checks, source_fk
from timeline.vocab import EventKind, EventStatus, ParticipantRole, Plover, StatementKind


class Event(DateSpan, Base):
    """Anything dated: a meeting, a statement, a founding, a withdrawal, a coup, an insurgency."""

    __table_args__ = (*date_span_checks(), {"comment": "Every dated happening, on one timeline."})

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    kind: Mapped[EventKind] = mapped_column(choice(EventKind, "kind"), index=True)
    category: Mapped[Plover | None] = mapped_column(
        choice(Plover, "category"), comment="PLOVER event category: CONSULT, AGREE, COOPERATE, ..."
    )
    title: Mapped[Label]
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[EventStatus] = mapped_column(
        choice(EventStatus, "status"), comment="announced, held, postponed or cancelled."
    )
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"))
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")


class MeetingSeries(Base):
    """A recurring format of meetings, e.g. the AES-Russia consultations."""

    __table_args__ = ({"comment": "Recurring meeting formats; meetings are its sessions."},)

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    name: Mapped[Name]
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")


class Meeting(Base):
    """The meeting-specific part of an event of kind ``meeting``."""

    __table_args__ = (
        CheckConstraint("session_number IS NULL OR session_number > 0", name="session_number_positive"),
        {"comment": "Meetings: the series and session an event of kind meeting belongs to."},
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id", ondelete="SET NULL"))
    session_number: Mapped[int | None] = mapped_column(
        Integer, comment="1 for the first session of the series."
    )
    session_label: Mapped[str | None] = mapped_column(
        comment='The document\'s words: "first official session".'
    )


class Statement(Base):
    """The statement-specific part of an event of kind ``statement``."""

    __table_args__ = ({"comment": "Statements: their kind and the event they concern."},)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    statement_kind: Mapped[StatementKind] = mapped_column(choice(StatementKind, "statement_kind"))
    concerns_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True, comment="The meeting or event it is about."
    )


class Quote(Base):
    """Words a statement says, verbatim."""

    __table_args__ = ({"comment": "Verbatim quotes from statements."},)

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.event_id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text, comment="The quoted words, exactly as the document gives them.")
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), comment="Who spoke, when not the statement's issuers."
    )


class EventParticipant(Base):
    """An actor's part in an event; an actor may have several roles (host and inviter)."""

    __table_args__ = (
        UniqueConstraint("event_id", "actor_id", "role"),
        {"comment": "Who took part in each event, and in which role."},
    )

    id: Mapped[IntPk]
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(choice(ParticipantRole, "role"))


class EventTopic(Base):
    """What an event is about: defence, security, economic development, diplomacy."""

    __table_args__ = (UniqueConstraint("event_id", "topic"), {"comment": "Topics of events."})

    id: Mapped[IntPk]
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(100))
