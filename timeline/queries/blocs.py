"""Who acts for a bloc, and when: the bloc itself, its members while they were members, and the officials
holding posts of either while they held them.

A bloc's facts are read through its *windows*: one row per actor that acts for the bloc, with the days
between which it does. An event counts for the bloc when one of its participants has a window containing
the event's sort day (its ``sort_date``: its start, else the first day of its end's unit). With
``any_time`` every window is open: an actor that was ever a member counts for every event, which is what a
reader asking "everything these states ever did" wants. Undated events count for every actor that ever
acted for the bloc: their day is unknown.
"""

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    cast,
    exists,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import aliased

from timeline.models import EventParticipant, Membership, Post, PostHolding
from timeline.models.events import UNDATED


def _day(value: Any) -> Any:
    """A day column of the union; an open bound is a NULL cast to a date, so PostgreSQL types the union's
    column as a date rather than text."""
    return cast(value, Date) if value is None else type_coerce(value, Date)


def windows(bloc: Any, *, any_time: bool = False) -> Any:
    """The windows of the bloc whose id is ``bloc`` (an id or a scalar subquery), as a subquery of
    ``actor_id, first_1, last_1, first_2, last_2``: the actor acts for the bloc on a day that lies in both
    ranges (a NULL bound is open). The second range is the membership through which an official of a
    member state acts for the bloc, so the official counts only while both the post and the membership
    hold. With ``any_time`` every bound is NULL."""
    membership, holding = aliased(Membership), aliased(PostHolding)

    def bounds(*columns: Any) -> tuple[Any, ...]:
        if any_time:
            return tuple(_day(None).label(name) for name in ("first_1", "last_1", "first_2", "last_2"))
        padded = (*columns, *(_day(None) for _ in range(4 - len(columns))))
        return tuple(
            _day(value).label(name)
            for value, name in zip(padded, ("first_1", "last_1", "first_2", "last_2"), strict=True)
        )

    itself = select(type_coerce(bloc, Integer).label("actor_id"), *bounds())
    members = select(
        membership.member_id.label("actor_id"), *bounds(membership.start_date, membership.end_date)
    ).where(membership.organization_id == bloc)
    own_officials = (
        select(holding.holder_id.label("actor_id"), *bounds(holding.start_date, holding.end_date))
        .join(Post, Post.id == holding.post_id)
        .where(Post.organization_id == bloc)
    )
    members_officials = (
        select(
            holding.holder_id.label("actor_id"),
            *bounds(holding.start_date, holding.end_date, membership.start_date, membership.end_date),
        )
        .join(Post, Post.id == holding.post_id)
        .join(membership, membership.member_id == Post.organization_id)
        .where(membership.organization_id == bloc)
    )
    return union_all(itself, members, own_officials, members_officials).subquery("bloc_window")


def within(window: Any, day: Any) -> ColumnElement[bool]:
    """``day`` (an event's sort_date, or a participation's copy of it) lies in the window; an undated
    event (sort_date 9999-12-31) lies in every window."""
    return or_(
        day >= UNDATED,
        and_(
            or_(window.c.first_1.is_(None), window.c.first_1 <= day),
            or_(window.c.last_1.is_(None), window.c.last_1 >= day),
            or_(window.c.first_2.is_(None), window.c.first_2 <= day),
            or_(window.c.last_2.is_(None), window.c.last_2 >= day),
        ),
    )


def event_in_bloc(bloc: Any, event: Any, *, any_time: bool = False) -> ColumnElement[bool]:
    """The event (the Event table or an alias) has a participant acting for the bloc on its day: probed per
    event, for events that come in order from elsewhere (the timeline index)."""
    window = windows(bloc, any_time=any_time)
    participant = aliased(EventParticipant)
    # "+ 0" keeps the database from seeking (event, actor) once per window: it reads the event's few
    # participants by event and matches each against the windows.
    # OFFSET 0 keeps PostgreSQL from turning the probe into a semi-join over every participation of the
    # bloc's windows (a sequential read of event_participant): it stays a probe of each event in order.
    probe = (
        select(participant.event_id)
        .join(window, window.c.actor_id == participant.actor_id + 0)
        .where(participant.event_id == event.id, within(window, event.sort_date))
        .limit(literal_column("1000000000"))  # written out: SQLite needs a LIMIT before an OFFSET
        .offset(literal_column("0"))
    )
    return exists(probe)


def bloc_event_ids(bloc: Any, *, any_time: bool = False) -> Any:
    """The ids of the events with a participant acting for the bloc on its day, gathered from each
    window's participations (the index on actor_id, event_sort_date): for a bloc with few events."""
    window = windows(bloc, any_time=any_time)
    participant = aliased(EventParticipant)
    return (
        select(participant.event_id)
        .join(window, window.c.actor_id == participant.actor_id)
        .where(within(window, participant.event_sort_date))
    )
