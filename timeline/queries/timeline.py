"""The timeline: events in date order, with their actors, filtered by actor, bloc, kind, dates and text."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from timeline.dates import SPAN_FIELDS, When, from_columns, span_fields
from timeline.models import Actor, Event, EventParticipant, Membership, Place, Post, PostHolding
from timeline.models.events import UNDATED
from timeline.queries.actors import find_actor
from timeline.queries.evidence import evidence_for
from timeline.queries.filters import TIMELINE_ORDER
from timeline.vocab import EventKind, EventStatus

BATCH = 500


@dataclass(frozen=True)
class Participant:
    slug: str
    name: str
    roles: tuple[str, ...]

    def label(self) -> str:
        return f"{self.name} ({', '.join(self.roles)})"


@dataclass(frozen=True)
class TimelineEntry:
    slug: str
    kind: EventKind
    category: str | None
    title: str
    description: str | None
    when: When | None
    status: EventStatus
    place: str | None
    participants: tuple[Participant, ...]
    sources: tuple[str, ...]

    def as_row(self) -> dict[str, object]:
        return {
            "event": self.slug,
            "kind": self.kind,
            "category": self.category,
            "title": self.title,
            **span_fields(self.when),
            "status": self.status,
            "place": self.place,
            "actors": [{"actor": p.slug, "name": p.name, "roles": list(p.roles)} for p in self.participants],
            "sources": list(self.sources),
        }


FIELDS = ("event", "kind", "category", "title", *SPAN_FIELDS, "status", "place", "actors", "sources")


@dataclass(frozen=True)
class TimelineQuery:
    """Which events to list. Every given condition must hold; each ``actors`` entry must take part."""

    actors: tuple[str, ...] = ()
    bloc: str | None = None
    kinds: tuple[EventKind, ...] = ()
    statuses: tuple[EventStatus, ...] = ()
    first: dt.date | None = None
    last: dt.date | None = None
    text: str | None = None
    limit: int | None = None


def acting_for(session: Session, actor: Actor, *, with_members: bool) -> set[int]:
    """The actor, the officials holding its posts and, for a bloc, its members and their officials."""
    ids = {actor.id}
    if with_members:
        ids |= set(
            session.scalars(select(Membership.member_id).where(Membership.organization_id == actor.id))
        )
    holders = (
        select(PostHolding.holder_id)
        .join(Post, Post.id == PostHolding.post_id)
        .where(Post.organization_id.in_(ids))
    )
    return ids | set(session.scalars(holders))


_COLUMNS = (
    Event.id,
    Event.slug,
    Event.kind,
    Event.category,
    Event.title,
    Event.description,
    Event.status,
    Event.start_date,
    Event.start_precision,
    Event.end_date,
    Event.end_precision,
    Event.date_certainty,
    Event.date_text,
    Place.name.label("place"),
)


# From this many participations on, an actor's events are found by walking the timeline index and
# checking each event (a page is found early); below it, from the actor's own events (there are few).
BUSY = 2000


def _involving(session: Session, group: set[int]) -> ColumnElement[bool]:
    """Events in which one of ``group`` takes part, phrased for the plan that suits how busy they are."""
    sample = select(EventParticipant.event_id).where(EventParticipant.actor_id.in_(group)).limit(BUSY)
    busy = session.scalar(select(func.count()).select_from(sample.subquery())) == BUSY
    if busy:
        return exists().where(EventParticipant.event_id == Event.id, EventParticipant.actor_id.in_(group))
    return Event.id.in_(select(EventParticipant.event_id).where(EventParticipant.actor_id.in_(group)))


def _select(session: Session, query: TimelineQuery) -> Select[*tuple[Any, ...]]:
    """The matching events in timeline order (``ORDER BY sort_date, id``, which an index serves)."""
    statement = select(*_COLUMNS).outerjoin(Place, Place.id == Event.place_id)
    groups = [acting_for(session, find_actor(session, name), with_members=False) for name in query.actors]
    if query.bloc is not None:
        groups.append(acting_for(session, find_actor(session, query.bloc), with_members=True))
    for group in groups:
        statement = statement.where(_involving(session, group))
    if query.kinds:
        statement = statement.where(Event.kind.in_(query.kinds))
    if query.statuses:
        statement = statement.where(Event.status.in_(query.statuses))
    if query.first is not None:
        statement = statement.where(Event.sort_date >= query.first)
    if query.last is not None:
        statement = statement.where(Event.sort_date <= query.last)
    if query.first is not None or query.last is not None:
        statement = statement.where(Event.sort_date < UNDATED)
    if query.text:
        pattern = "%" + query.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            or_(
                func.lower(Event.title).like(pattern, escape="\\"),
                func.lower(Event.description).like(pattern, escape="\\"),
            )
        )
    return statement.order_by(*TIMELINE_ORDER)


def _participants(session: Session, event_ids: list[int]) -> dict[int, tuple[Participant, ...]]:
    rows = session.execute(
        select(EventParticipant.event_id, Actor.slug, Actor.name, Actor.description, EventParticipant.role)
        .join(Actor, Actor.id == EventParticipant.actor_id)
        .where(EventParticipant.event_id.in_(event_ids))
        .order_by(EventParticipant.event_id, EventParticipant.id)
    )
    grouped: dict[int, dict[str, tuple[str, list[str]]]] = defaultdict(dict)
    for event_id, slug, name, description, role in rows:
        grouped[event_id].setdefault(slug, (name or description or slug, []))[1].append(role.value)
    return {
        event_id: tuple(Participant(slug, name, tuple(roles)) for slug, (name, roles) in actors.items())
        for event_id, actors in grouped.items()
    }


def timeline(session: Session, query: TimelineQuery) -> Iterator[TimelineEntry]:
    """The matching events in timeline order, a page at a time (each page picks up after the last one's
    key), completed with actors and sources: memory stays flat however long the timeline."""
    statement = _select(session, query)
    remaining = query.limit
    after: tuple[Any, int] | None = None
    while remaining is None or remaining > 0:
        page = statement
        if after is not None:
            page = page.where(
                or_(Event.sort_date > after[0], and_(Event.sort_date == after[0], Event.id > after[1]))
            )
        size = BATCH if remaining is None else min(BATCH, remaining)
        rows = session.execute(page.add_columns(Event.sort_date).limit(size)).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        participants = _participants(session, ids)
        evidence = evidence_for(session, "event", ids)
        for row in rows:
            yield TimelineEntry(
                slug=row.slug,
                kind=row.kind,
                category=row.category.value if row.category else None,
                title=row.title,
                description=row.description,
                when=from_columns(
                    row.start_date,
                    row.start_precision,
                    row.end_date,
                    row.end_precision,
                    row.date_certainty,
                    row.date_text,
                ),
                status=row.status,
                place=row.place,
                participants=participants.get(row.id, ()),
                sources=tuple(dict.fromkeys(cited.source for cited in evidence.get(row.id, []))),
            )
        if remaining is not None:
            remaining -= len(rows)
        if len(rows) < size:
            return
        after = (rows[-1].sort_date, rows[-1].id)
