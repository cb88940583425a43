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
    union,
)
from sqlalchemy.orm import Session, aliased

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


def _involving(group: Any, busy: bool, event: Any = Event) -> ColumnElement[bool]:
    """Events in which one of ``group`` takes part, phrased for the plan that suits how busy they are."""
    participant = aliased(EventParticipant)
    if busy:
        # "+ 0" keeps the database from seeking (event, actor) once per member of the group: it reads the
        # event's few participants by event and tests each against the group instead.
        return exists().where(participant.event_id == event.id, (participant.actor_id + 0).in_(group))
    included: ColumnElement[bool] = event.id.in_(
        select(participant.event_id).where(participant.actor_id.in_(group))
    )
    return included


class Shape(NamedTuple):
    """What a page statement looks like, apart from its values: one statement is built per shape."""

    busy: tuple[bool, ...]  # per actor group: walk the timeline, or start from the group's events
    driven: bool  # the first group's named actor is busy: its own events, in order, drive the page
    kinds: bool
    statuses: bool
    first: bool
    last: bool
    text: bool


def _conditions(shape: Shape, event: Any) -> list[ColumnElement[bool]]:
    """Every condition of the query but the driving actor's, on ``event`` (the table or an alias)."""
    conditions = [
        _involving(bindparam(f"group{index}", expanding=True), busy, event)
        for index, busy in enumerate(shape.busy)
        if not (index == 0 and shape.driven)
    ]
    if shape.kinds:
        conditions.append(event.kind.in_(bindparam("kinds", expanding=True)))
    if shape.statuses:
        conditions.append(event.status.in_(bindparam("statuses", expanding=True)))
    if shape.first:
        conditions.append(event.sort_date >= bindparam("first", type_=Date))
    if shape.last:
        conditions.append(event.sort_date <= bindparam("last", type_=Date))
    if shape.first or shape.last:
        conditions.append(event.sort_date < UNDATED)
    if shape.text:
        pattern = bindparam("pattern", type_=String)
        conditions.append(
            or_(
                func.lower(event.title).like(pattern, escape="\\"),
                func.lower(event.description).like(pattern, escape="\\"),
            )
        )
    return conditions


def _after(day: Any, key: Any) -> ColumnElement[bool]:
    """Past the previous page's last row, in timeline order."""
    after_day, after_id = bindparam("after_day", type_=Date), bindparam("after_id", type_=Integer)
    return or_(day > after_day, and_(day == after_day, key > after_id))


def _in_order(*, own_events: bool, shape: Shape, after: bool, size: Any) -> Any:
    """The next ``size`` events of the driving actor (or of the rest of its group), in timeline order,
    meeting every other condition of the query: an index range, joined to the events only to filter."""
    participant, event = aliased(EventParticipant), aliased(Event)
    actors = (
        participant.actor_id == bindparam("driver")
        if own_events
        else participant.actor_id.in_(bindparam("others", expanding=True))
    )
    branch = select(participant.event_id).where(actors)
    # Dates bound the index range itself; anything else is checked on the event.
    dated = shape._replace(first=False, last=False)
    if shape.first:
        branch = branch.where(participant.event_sort_date >= bindparam("first", type_=Date))
    if shape.last:
        branch = branch.where(participant.event_sort_date <= bindparam("last", type_=Date))
    if shape.first or shape.last:
        branch = branch.where(participant.event_sort_date < UNDATED)
    conditions = _conditions(dated, event)
    if conditions:
        branch = branch.join(event, event.id == participant.event_id).where(*conditions)
    if after:
        branch = branch.where(_after(participant.event_sort_date, participant.event_id))
    ordered = branch.order_by(participant.event_sort_date, participant.event_id).limit(size).subquery()
    return select(ordered.c.event_id)


@cache
def _page(shape: Shape, after: bool) -> Any:
    """The page statement for one shape of query, built once; its values are bound when it runs."""
    size = bindparam("size", type_=Integer)
    statement = select(*_COLUMNS, _raw(Event.sort_date))
    if shape.driven:
        # The driving actor's next page of events, read in order off (actor_id, event_sort_date, event_id),
        # with the next page of the rest of its group (its officials): the page is the first rows of these.
        candidates = union(
            _in_order(own_events=True, shape=shape, after=after, size=size),
            _in_order(own_events=False, shape=shape, after=after, size=size),
        ).subquery()
        statement = statement.select_from(candidates).join(Event, Event.id == candidates.c.event_id)
    statement = statement.outerjoin(Place, Place.id == Event.place_id).where(*_conditions(shape, Event))
    if after:
        statement = statement.where(_after(Event.sort_date, Event.id))
    return statement.order_by(*TIMELINE_ORDER).limit(size)


def _prepared(session: Session, query: TimelineQuery) -> tuple[Shape, dict[str, Any]]:
    """The shape of the page statement for ``query`` and the values to bind into it."""
    named = [actor_id(session, name) for name in query.actors]
    groups = [acting_for(session, actor, with_members=False) for actor in named]
    if query.bloc is not None:
        groups.append(acting_for(session, actor_id(session, query.bloc), with_members=True))
    parameters: dict[str, Any] = {f"group{index}": sorted(group) for index, group in enumerate(groups)}
    driven = bool(named) and _is_busy(session, {named[0]})
    if driven:
        parameters["driver"] = named[0]
        parameters["others"] = sorted(groups[0] - {named[0]})
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
    busy = tuple(
        driven if index == 0 and named else _is_busy(session, group) for index, group in enumerate(groups)
    )
    shape = Shape(busy, driven, bool(query.kinds), bool(query.statuses), query.first is not None,
                  query.last is not None, bool(query.text))  # fmt: skip
    return shape, parameters


def _select(session: Session, query: TimelineQuery, size: int = BATCH) -> Any:
    """The first page's statement for ``query``, with its values bound (to read, or to EXPLAIN)."""
    shape, parameters = _prepared(session, query)
    return _page(shape, False).params(**parameters, size=size)


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
    shape, parameters = _prepared(session, query)
    connection = session.connection()
    remaining = query.limit
    after: tuple[Any, int] | None = None
    while remaining is None or remaining > 0:
        size = BATCH if remaining is None else min(BATCH, remaining)
        values = {**parameters, "size": size}
        if after is not None:
            values |= {"after_day": after[0], "after_id": after[1]}
        rows = connection.execute(_page(shape, after is not None), values).all()
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
