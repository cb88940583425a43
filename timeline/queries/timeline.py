"""The timeline: events in date order, with their actors, filtered by actor, bloc, kind, dates and text."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Integer,
    String,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from timeline.dates import SPAN_FIELDS, When, from_columns, span_fields
from timeline.models import (
    Actor,
    Event,
    EventParticipant,
    Evidence,
    Membership,
    Place,
    Post,
    PostHolding,
    Source,
)
from timeline.models.events import UNDATED
from timeline.queries.actors import find_actor
from timeline.queries.filters import TIMELINE_ORDER
from timeline.vocab import EventKind, EventStatus

BATCH = 500


class Participant(NamedTuple):
    slug: str
    name: str
    roles: tuple[str, ...]

    def label(self) -> str:
        return f"{self.name} ({', '.join(self.roles)})"


class TimelineEntry(NamedTuple):
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


_ACTOR_BY_SLUG = select(Actor.id).where(Actor.slug == bindparam("slug"))
_MEMBERS = select(Membership.member_id).where(Membership.organization_id == bindparam("actor"))
_HOLDERS = (
    select(PostHolding.holder_id)
    .join(Post, Post.id == PostHolding.post_id)
    .where(Post.organization_id.in_(bindparam("actors", expanding=True)))
)


def actor_id(session: Session, name: str) -> int:
    """The id of the actor named ``name``: by slug at once, else by any name (see find_actor)."""
    found = session.connection().execute(_ACTOR_BY_SLUG, {"slug": name}).scalar()
    return int(found) if found is not None else find_actor(session, name).id


def acting_for(session: Session, actor: int, *, with_members: bool) -> set[int]:
    """The actor, the officials holding its posts and, for a bloc, its members and their officials."""
    connection = session.connection()
    ids = {actor}
    if with_members:
        ids.update(connection.execute(_MEMBERS, {"actor": actor}).scalars())
    ids.update(connection.execute(_HOLDERS, {"actors": sorted(ids)}).scalars())
    return ids


def _raw(column: Any) -> Any:
    """The column as the driver returns it: dates and words are converted below, faster than per-type."""
    return type_coerce(column, String)


# A page's events, read raw: SQLite returns dates as text, the servers as dates; _day makes them alike.
_COLUMNS = (
    Event.id,
    Event.slug,
    _raw(Event.kind),
    _raw(Event.category),
    Event.title,
    Event.description,
    _raw(Event.status),
    _raw(Event.start_date),
    _raw(Event.start_precision),
    _raw(Event.end_date),
    _raw(Event.end_precision),
    _raw(Event.date_certainty),
    Event.date_text,
    Place.name.label("place"),
)
_KINDS = {kind.value: kind for kind in EventKind}
_STATUSES = {status.value: status for status in EventStatus}


def _day(value: Any) -> dt.date | None:
    return value if value is None or type(value) is dt.date else dt.date.fromisoformat(value)


# From this many participations on, an actor's events are found by walking the timeline index and
# checking each event (a page is found early); below it, from the actor's own events (there are few).
BUSY = 2000
_SAMPLE = select(func.count()).select_from(
    select(EventParticipant.event_id)
    .where(EventParticipant.actor_id.in_(bindparam("group", expanding=True)))
    .limit(BUSY)
    .subquery()
)


def _is_busy(session: Session, group: set[int]) -> bool:
    return session.connection().execute(_SAMPLE, {"group": sorted(group)}).scalar() == BUSY


def _involving(group: Any, busy: bool) -> ColumnElement[bool]:
    """Events in which one of ``group`` takes part, phrased for the plan that suits how busy they are."""
    if busy:
        # "+ 0" keeps the database from seeking (event, actor) once per member of the group: it reads the
        # event's few participants by event and tests each against the group instead.
        return exists().where(
            EventParticipant.event_id == Event.id, (EventParticipant.actor_id + 0).in_(group)
        )
    return Event.id.in_(select(EventParticipant.event_id).where(EventParticipant.actor_id.in_(group)))


@cache
def _page(
    busy: tuple[bool, ...], kinds: bool, statuses: bool, first: bool, last: bool, text: bool, after: bool
) -> Any:
    """The page statement for one shape of query, built once; its values are bound when it runs."""
    statement = select(*_COLUMNS, _raw(Event.sort_date)).outerjoin(Place, Place.id == Event.place_id)
    for index, group_is_busy in enumerate(busy):
        statement = statement.where(_involving(bindparam(f"group{index}", expanding=True), group_is_busy))
    if kinds:
        statement = statement.where(Event.kind.in_(bindparam("kinds", expanding=True)))
    if statuses:
        statement = statement.where(Event.status.in_(bindparam("statuses", expanding=True)))
    if first:
        statement = statement.where(Event.sort_date >= bindparam("first", type_=Date))
    if last:
        statement = statement.where(Event.sort_date <= bindparam("last", type_=Date))
    if first or last:
        statement = statement.where(Event.sort_date < UNDATED)
    if text:
        pattern = bindparam("pattern", type_=String)
        statement = statement.where(
            or_(
                func.lower(Event.title).like(pattern, escape="\\"),
                func.lower(Event.description).like(pattern, escape="\\"),
            )
        )
    if after:
        after_day, after_id = bindparam("after_day", type_=Date), bindparam("after_id", type_=Integer)
        statement = statement.where(
            or_(Event.sort_date > after_day, and_(Event.sort_date == after_day, Event.id > after_id))
        )
    return statement.order_by(*TIMELINE_ORDER).limit(bindparam("size", type_=Integer))


def _prepared(session: Session, query: TimelineQuery) -> tuple[tuple[bool, ...], dict[str, Any]]:
    """The shape of the page statement for ``query`` (who is busy) and the values to bind into it."""
    groups = [acting_for(session, actor_id(session, name), with_members=False) for name in query.actors]
    if query.bloc is not None:
        groups.append(acting_for(session, actor_id(session, query.bloc), with_members=True))
    parameters: dict[str, Any] = {f"group{index}": sorted(group) for index, group in enumerate(groups)}
    if query.kinds:
        parameters["kinds"] = list(query.kinds)
    if query.statuses:
        parameters["statuses"] = list(query.statuses)
    if query.first is not None:
        parameters["first"] = query.first
    if query.last is not None:
        parameters["last"] = query.last
    if query.text:
        parameters["pattern"] = (
            "%" + query.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
    return tuple(_is_busy(session, group) for group in groups), parameters


def _select(session: Session, query: TimelineQuery, size: int = BATCH) -> Any:
    """The first page's statement for ``query``, with its values bound (to read, or to EXPLAIN)."""
    busy, parameters = _prepared(session, query)
    statement = _page(busy, *_flags(query), False)
    return statement.params(**parameters, size=size)


def _flags(query: TimelineQuery) -> tuple[bool, bool, bool, bool, bool]:
    return (
        bool(query.kinds),
        bool(query.statuses),
        query.first is not None,
        query.last is not None,
        bool(query.text),
    )


# Built once: a page's actors and sources, for a list of event ids bound at execution.
_PARTICIPANTS = (
    select(EventParticipant.event_id, Actor.slug, Actor.name, Actor.description, EventParticipant.role)
    .join(Actor, Actor.id == EventParticipant.actor_id)
    .where(EventParticipant.event_id.in_(bindparam("ids", expanding=True)))
    .order_by(EventParticipant.event_id, EventParticipant.id)
)
_SOURCES = (
    select(Evidence.event_id, Source.slug)
    .join(Source, Source.id == Evidence.source_id)
    .where(Evidence.event_id.in_(bindparam("ids", expanding=True)))
    .order_by(Evidence.event_id, Source.published_date, Source.slug)
)


def _participants(connection: Connection, event_ids: list[int]) -> dict[int, tuple[Participant, ...]]:
    grouped: dict[int, dict[str, tuple[str, list[str]]]] = defaultdict(dict)
    for event_id, slug, name, description, role in connection.execute(
        _PARTICIPANTS, {"ids": event_ids}
    ).all():
        grouped[event_id].setdefault(slug, (name or description or slug, []))[1].append(role.value)
    return {
        event_id: tuple(Participant(slug, name, tuple(roles)) for slug, (name, roles) in actors.items())
        for event_id, actors in grouped.items()
    }


def _sources(connection: Connection, event_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The slugs of the sources each event rests on, oldest source first."""
    grouped: dict[int, dict[str, None]] = defaultdict(dict)
    for event_id, slug in connection.execute(_SOURCES, {"ids": event_ids}).all():
        if event_id is not None:  # the IN list matches only evidence of these events
            grouped[event_id][slug] = None
    return {event_id: tuple(slugs) for event_id, slugs in grouped.items()}


def timeline(session: Session, query: TimelineQuery) -> Iterator[TimelineEntry]:
    """The matching events in timeline order, a page at a time (each page picks up after the last one's
    key), completed with actors and sources: memory stays flat however long the timeline."""
    busy, parameters = _prepared(session, query)
    connection = session.connection()
    remaining = query.limit
    after: tuple[Any, int] | None = None
    while remaining is None or remaining > 0:
        size = BATCH if remaining is None else min(BATCH, remaining)
        values = {**parameters, "size": size}
        if after is not None:
            values |= {"after_day": after[0], "after_id": after[1]}
        rows = connection.execute(_page(busy, *_flags(query), after is not None), values).all()
        if not rows:
            return
        ids = [row[0] for row in rows]
        participants = _participants(connection, ids)
        sources = _sources(connection, ids)
        for (
            event_id, slug, kind, category, title, description, status, start_date, start_precision,
            end_date, end_precision, certainty, date_text, place, _,
        ) in rows:  # fmt: skip
            yield TimelineEntry(
                slug,
                _KINDS[kind],
                category,
                title,
                description,
                from_columns(
                    _day(start_date), start_precision, _day(end_date), end_precision, certainty, date_text
                ),
                _STATUSES[status],
                place,
                participants.get(event_id, ()),
                sources.get(event_id, ()),
            )
        if remaining is not None:
            remaining -= len(rows)
        if len(rows) < size:
            return
        after = (_day(rows[-1][-1]), rows[-1][0])
