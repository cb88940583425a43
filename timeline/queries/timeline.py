"""The timeline: events in date order, with their actors, filtered by actor, bloc, kind, dates and text."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
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
    literal,
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
    Place,
    Post,
    PostHolding,
)
from timeline.models.events import UNDATED
from timeline.queries.actors import find_actor
from timeline.queries.blocs import bloc_event_ids, event_in_bloc
from timeline.queries.filters import COUNT_CAP, TIMELINE_ORDER, Count
from timeline.vocab import EventKind, EventStatus

BATCH = 500
FIRST_BATCH = 50  # the first page is small, so the first screen comes before a full page is found


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
            "actors": [
                {"actor": slug, "name": name, "roles": list(roles)} for slug, name, roles in self.participants
            ],
            "sources": list(self.sources),
        }


FIELDS = ("event", "kind", "category", "title", *SPAN_FIELDS, "status", "place", "actors", "sources")


@dataclass(frozen=True)
class TimelineQuery:
    """Which events to list. Every given condition must hold; each ``actors`` entry must take part."""

    actors: tuple[str, ...] = ()
    bloc: str | None = None
    any_time: bool = False  # the bloc's members count whatever the day, not only while members
    kinds: tuple[EventKind, ...] = ()
    statuses: tuple[EventStatus, ...] = ()
    first: dt.date | None = None
    last: dt.date | None = None
    text: str | None = None
    limit: int | None = None


def _holders(organizations: Any) -> Any:
    """The officials holding a post of one of ``organizations`` (a subquery of ids)."""
    return (
        select(PostHolding.holder_id)
        .join(Post, Post.id == PostHolding.post_id)
        .where(Post.organization_id.in_(organizations))
    )


def acting_for(actor: Any) -> Any:
    """The ids acting for ``actor`` (an id, as a scalar subquery), as a subquery: the actor and the
    officials holding its posts. (A bloc's members act for it only while members: see queries.blocs.)"""
    itself = select(actor)
    return union(itself, _holders(itself))


def _by_slug(name: str) -> Any:
    """The id of the actor whose slug is bound to ``name`` (NULL if there is none), as a scalar subquery."""
    return select(Actor.id).where(Actor.slug == bindparam(name, type_=String)).scalar_subquery()


def _group(index: int) -> Any:
    """The ids acting for the named actor ``index`` of the query."""
    return acting_for(_by_slug(f"actor{index}"))


# From this many participations on, a bloc's events are found by walking the timeline index, checking each
# event (a page is found early); below it, from the bloc's own events (there are few).
BUSY = 2000
_BLOC_SAMPLE = select(func.count()).select_from(
    bloc_event_ids(_by_slug("bloc"), any_time=True).limit(BUSY).subquery()
)


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


def _involving(group: Any, busy: bool, event: Any = Event) -> ColumnElement[bool]:
    """Events in which one of ``group`` takes part: probed per event when events come in order from
    elsewhere (busy), else gathered from the group's own participations."""
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
    """What a page statement looks like, apart from its values: one statement is built per shape.

    The first named actor, if any, drives the page: its events are read in timeline order off the index
    (actor_id, event_sort_date, event_id), with its officials' events, and every other condition is
    checked on each. Without one, the timeline index is walked, or, for a quiet bloc, its events gathered.
    """

    actors: int  # how many actors are named
    bloc: bool
    any_time: bool  # the bloc's members count whatever the day
    busy_bloc: bool  # the bloc's events are too many to gather: walk the timeline instead
    kinds: bool
    statuses: bool
    first: bool
    last: bool
    text: bool


def _conditions(shape: Shape, event: Any) -> list[ColumnElement[bool]]:
    """Every condition of the query but the driving actor's, on ``event`` (the table or an alias)."""
    conditions = [_involving(_group(index), True, event) for index in range(1, shape.actors)]
    if shape.bloc:
        bloc = _by_slug("bloc")
        if shape.actors > 0 or shape.busy_bloc:  # events come in order from elsewhere: probe each
            conditions.append(event_in_bloc(bloc, event, any_time=shape.any_time))
        else:
            conditions.append(event.id.in_(bloc_event_ids(bloc, any_time=shape.any_time)))
    if shape.kinds:
        # Concatenated with '' so no database reads the kind's own index instead of the timeline's: with
        # it, SQLite reads every meeting and sorts them before a page shows (0.3 s a page at 1M events).
        unindexed = _raw(event.kind) + literal("", String)
        conditions.append(unindexed.in_(bindparam("kinds", expanding=True)))
    if shape.statuses:
        conditions.append(event.status.in_(bindparam("statuses", expanding=True)))
    conditions += _dates(shape, event.sort_date)
    if shape.text:
        pattern = bindparam("pattern", type_=String)
        conditions.append(
            or_(
                func.lower(event.title).like(pattern, escape="\\"),
                func.lower(event.description).like(pattern, escape="\\"),
            )
        )
    return conditions


def _dates(shape: Shape, day: Any) -> list[ColumnElement[bool]]:
    """The date range on ``day`` (an event's first known day, or a participation's copy of it): undated
    events fall outside any range."""
    conditions = []
    if shape.first:
        conditions.append(day >= bindparam("first", type_=Date))
    if shape.last:
        conditions.append(day <= bindparam("last", type_=Date))
    if shape.first or shape.last:
        conditions.append(day < UNDATED)
    return conditions


def _after(day: Any, key: Any) -> ColumnElement[bool]:
    """Past the previous page's last row, in timeline order. The first term bounds the index range: with
    the OR alone, SQLite walks the index from its start on every page when the values are bound."""
    after_day, after_id = bindparam("after_day", type_=Date), bindparam("after_id", type_=Integer)
    return and_(day >= after_day, or_(day > after_day, key > after_id))


def _in_order(*, own_events: bool, shape: Shape, after: bool, size: Any) -> Any:
    """The next ``size`` events of the driving actor (or of the officials holding its posts), in timeline
    order, meeting every other condition of the query: an index range, joined to the events only to filter."""
    participant, event = aliased(EventParticipant), aliased(Event)
    driver = _by_slug("actor0")
    actors = (
        participant.actor_id == driver if own_events else participant.actor_id.in_(_holders(select(driver)))
    )
    # Dates bound the index range itself; anything else is checked on the event.
    branch = select(participant.event_id).where(actors, *_dates(shape, participant.event_sort_date))
    conditions = _conditions(shape._replace(first=False, last=False), event)
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
    if shape.actors:
        # The driving actor's next page of events, read in order off (actor_id, event_sort_date, event_id),
        # with the next page of its officials' events: the page is the first rows of these.
        candidates = union(
            _in_order(own_events=True, shape=shape, after=after, size=size),
            _in_order(own_events=False, shape=shape, after=after, size=size),
        ).subquery()
        statement = statement.select_from(candidates).join(Event, Event.id == candidates.c.event_id)
    else:  # (the driving actor's branches have applied every condition, and the page key, already)
        statement = statement.where(*_conditions(shape, Event))
        if after:
            statement = statement.where(_after(Event.sort_date, Event.id))
    statement = statement.outerjoin(Place, Place.id == Event.place_id)
    return statement.order_by(*TIMELINE_ORDER).limit(size)


def _prepared(session: Session, query: TimelineQuery) -> tuple[Shape, dict[str, Any]]:
    """The shape of the page statement for ``query`` and the values to bind into it. Actors are bound by
    the names given, taken as slugs; `timeline` resolves other names if the page comes back empty."""
    parameters: dict[str, Any] = {f"actor{index}": name for index, name in enumerate(query.actors)}
    busy_bloc = False
    if query.bloc is not None:
        parameters["bloc"] = query.bloc
        if not query.actors:
            busy_bloc = session.connection().execute(_BLOC_SAMPLE, {"bloc": query.bloc}).scalar() == BUSY
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
    shape = Shape(len(query.actors), query.bloc is not None, query.any_time, busy_bloc, bool(query.kinds),
                  bool(query.statuses), query.first is not None, query.last is not None,
                  bool(query.text))  # fmt: skip
    return shape, parameters


def _by_slugs(session: Session, query: TimelineQuery) -> TimelineQuery:
    """``query`` with every actor and bloc named by its slug (see find_actor: unknown names raise)."""
    bloc = find_actor(session, query.bloc).slug if query.bloc is not None else None
    return replace(query, actors=tuple(find_actor(session, name).slug for name in query.actors), bloc=bloc)


def _select(session: Session, query: TimelineQuery, size: int = BATCH) -> Any:
    """The first page's statement for ``query``, with its values bound (to read, or to EXPLAIN)."""
    shape, parameters = _prepared(session, query)
    return _page(shape, False).params(**parameters, size=size)


# A page's actors and sources: fixed SQL, run on the driver's cursor with the page's event ids written in
# (integers the page just returned). For a short page, SQLAlchemy's per-statement work and a parameter
# per id would cost more than the two reads themselves.
_PARTICIPANTS = (
    "SELECT ep.event_id, a.slug, a.name, a.description, ep.role FROM event_participant ep "
    "JOIN actor a ON a.id = ep.actor_id WHERE ep.event_id IN ({ids}) ORDER BY ep.event_id, ep.id"
)
_SOURCES = (
    "SELECT ev.event_id, s.slug FROM evidence ev JOIN source s ON s.id = ev.source_id "
    "WHERE ev.event_id IN ({ids}) ORDER BY ev.event_id, s.published_date, s.slug"
)


def _for_page(statement: str, event_ids: list[int]) -> str:
    return statement.format(ids=", ".join(str(int(event_id)) for event_id in event_ids))


def _driver_rows(connection: Connection, sql: str) -> list[Any]:
    """The rows of ``sql`` read on the driver's own cursor, in the connection's transaction."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _participants(connection: Connection, event_ids: list[int]) -> dict[int, tuple[Participant, ...]]:
    """Who took part in each event, in the order they were recorded, each actor once with all its roles."""
    grouped: dict[int, dict[str, Participant]] = {}
    rows = _driver_rows(connection, _for_page(_PARTICIPANTS, event_ids))
    for event_id, slug, name, description, role in rows:
        actors = grouped.get(event_id)
        if actors is None:
            actors = grouped[event_id] = {}
        known = actors.get(slug)
        actors[slug] = (
            Participant(slug, name or description or slug, (role,))
            if known is None
            else known._replace(roles=(*known.roles, role))
        )
    return {event_id: tuple(actors.values()) for event_id, actors in grouped.items()}


def _sources(connection: Connection, event_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The slugs of the sources each event rests on, oldest source first."""
    grouped: dict[Any, list[str]] = {}  # keyed by event_id, never NULL here
    for event_id, slug in _driver_rows(connection, _for_page(_SOURCES, event_ids)):
        slugs = grouped.get(event_id)
        if slugs is None:
            grouped[event_id] = [slug]
        elif slugs[-1] != slug:  # a source's spans come together: it is ordered before them
            slugs.append(slug)
    return {event_id: tuple(slugs) for event_id, slugs in grouped.items()}


def timeline(session: Session, query: TimelineQuery) -> Iterator[TimelineEntry]:
    """The matching events in timeline order, a page at a time (each page picks up after the last one's
    key), completed with actors and sources: memory stays flat however long the timeline."""
    shape, parameters = _prepared(session, query)
    connection = session.connection()
    remaining = query.limit
    after: tuple[Any, int] | None = None
    while remaining is None or remaining > 0:
        batch = BATCH if after is not None else FIRST_BATCH
        size = batch if remaining is None else min(batch, remaining)
        values = {**parameters, "size": size}
        if after is not None:
            values |= {"after_day": after[0], "after_id": after[1]}
        rows = connection.execute(_page(shape, after is not None), values).all()
        if not rows:
            if after is None and (query.actors or query.bloc is not None):
                # Nothing, perhaps because a name is not a slug: resolve the names (or fail on one).
                resolved = _by_slugs(session, query)
                if resolved != query:
                    yield from timeline(session, resolved)
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


def count(session: Session, query: TimelineQuery, shown: int) -> Count:
    """How many more events match ``query`` past the first ``shown``, counted up to COUNT_CAP more."""
    resolved = _by_slugs(session, replace(query, limit=None))
    shape, parameters = _prepared(session, resolved)
    page = _page(shape, False).subquery()
    total = (
        session.connection()
        .execute(select(func.count()).select_from(page), {**parameters, "size": shown + COUNT_CAP + 1})
        .scalar_one()
    )
    return Count(min(max(total - shown, 0), COUNT_CAP), at_least=total > shown + COUNT_CAP)
