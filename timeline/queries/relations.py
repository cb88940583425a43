"""Relationship tables: memberships, posts and holders, meetings and who met whom, statements, relations
between actors, and who joined or left which bloc.

Every table is a lazy iterator of plain rows (dicts with stable field names, ready for any output format),
read in keyset pages of ``BATCH`` rows in a stable order, each page completed with its evidence: memory
stays flat whatever the size of the database. Each takes one ``RelationQuery``; its actor and bloc are
names, resolved with ``find_actor`` (an unknown name raises its one-line error). Each table has a
``count_*`` function saying how many rows are left past the first page, counted up to COUNT_CAP.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Select,
    and_,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from timeline.dates import SPAN_FIELDS, span_fields, when_of
from timeline.models import (
    Actor,
    ActorRelation,
    Event,
    EventParticipant,
    Meeting,
    MeetingSeries,
    Membership,
    Post,
    PostHolding,
    Quote,
    Statement,
)
from timeline.models.events import UNDATED
from timeline.queries.actors import find_actor
from timeline.queries.blocs import event_in_bloc
from timeline.queries.evidence import evidence_for
from timeline.queries.filters import COUNT_CAP, Count, as_of
from timeline.queries.timeline import TimelineEntry, TimelineQuery, timeline
from timeline.queries.timeline import count as count_events
from timeline.vocab import Certainty, EventKind, Precision

Row = dict[str, Any]

BATCH = 500  # rows per page: one read of the rows, one of their evidence


@dataclass(frozen=True)
class RelationQuery:
    """Which rows of a relationship table to list; every given condition must hold.

    ``actor`` and ``bloc`` are names (slug, name or alias). Facts with a span (memberships, posts,
    relations) match ``first``/``last`` when they may hold on a day between them, and ``day`` when they
    may hold on it; events (meetings, statements) match when their first known day lies between ``first``
    and ``last``, and ``day`` when their span contains it. A bloc counts its members only while they were
    members, unless ``any_time``.
    """

    actor: str | None = None
    bloc: str | None = None
    any_time: bool = False
    first: dt.date | None = None
    last: dt.date | None = None
    day: dt.date | None = None
    limit: int | None = None


@dataclass(frozen=True)
class _Resolved:
    actor: Actor | None
    bloc: Actor | None


def _resolve(session: Session, query: RelationQuery) -> _Resolved:
    return _Resolved(
        find_actor(session, query.actor) if query.actor is not None else None,
        find_actor(session, query.bloc) if query.bloc is not None else None,
    )


def display(actor: Any) -> str:
    """An actor's name for people: its proper name, else its description (an official known by post)."""
    return str(actor.name or actor.description or actor.slug)


def _name(actor: Any) -> Any:
    """The actor's name for people, in SQL: an actor has a name or a description (a CHECK says so)."""
    return func.coalesce(actor.name, actor.description)


def _undated() -> Any:
    return literal(UNDATED, Date)


def _sort_day(model: Any) -> Any:
    """A span's first known day (start, else end); undated last."""
    return func.coalesce(model.start_date, model.end_date, _undated())


def _end_key(model: Any) -> Any:
    """A span's last day for ordering: an open or unknown end sorts last."""
    return func.coalesce(model.end_date, _undated())


def _span_columns(model: Any) -> tuple[Any, ...]:
    return (
        model.start_date,
        model.start_precision,
        model.end_date,
        model.end_precision,
        model.date_certainty,
        model.date_text,
    )


def _overlaps(model: Any, first: Any, last: Any) -> ColumnElement[bool]:
    """The span may hold on some day between ``first`` and ``last`` (either may be None: open); an
    unknown bound counts as open, as in ``as_of``."""
    conditions = []
    if first is not None:
        conditions.append(or_(model.end_date.is_(None), model.end_date >= first))
    if last is not None:
        conditions.append(or_(model.start_date.is_(None), model.start_date <= last))
    return and_(true(), *conditions)


def _spans_meet(one: Any, other: Any) -> ColumnElement[bool]:
    """Two spans may share a day (unknown bounds open)."""
    return and_(
        or_(one.start_date.is_(None), other.end_date.is_(None), one.start_date <= other.end_date),
        or_(one.end_date.is_(None), other.start_date.is_(None), one.end_date >= other.start_date),
    )


def _in_bloc(actor_id: Any, bloc_id: int, during: Any, any_time: bool) -> ColumnElement[bool]:
    """``actor_id`` is the bloc, or a member of it while the fact ``during`` (a model with a span) may
    hold (any time with ``any_time``)."""
    membership = aliased(Membership)
    member = exists().where(
        membership.organization_id == bloc_id,
        membership.member_id == actor_id,
        true() if any_time else _spans_meet(membership, during),
    )
    return or_(actor_id == bloc_id, member)


def _dated(model: Any, query: RelationQuery) -> list[ColumnElement[bool]]:
    conditions = []
    if query.first is not None or query.last is not None:
        conditions.append(_overlaps(model, query.first, query.last))
    if query.day is not None:
        conditions.append(as_of(model, query.day))
    return conditions


def _pages(
    session: Session, statement: Select[Any], keys: Sequence[Any], limit: int | None
) -> Iterator[list[Any]]:
    """The rows of ``statement`` ordered by ``keys`` (never NULL, together unique), a page at a time: each
    page picks up after the last one's key, so no page holds more than BATCH rows."""
    statement = statement.add_columns(*(key.label(f"page_key_{index}") for index, key in enumerate(keys)))
    statement = statement.order_by(*keys)
    after: Sequence[Any] | None = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = BATCH if remaining is None else min(BATCH, remaining)
        page = statement
        if after is not None:
            page = page.where(
                tuple_(*keys)
                > tuple_(*(literal(value, key.type) for value, key in zip(after, keys, strict=True)))
            )
        rows = list(session.execute(page.limit(size)).all())
        if rows:
            yield rows
        if len(rows) < size:
            return
        if remaining is not None:
            remaining -= len(rows)
        after = tuple(rows[-1])[-len(keys) :]


def _capped(session: Session, statement: Select[Any], shown: int) -> Count:
    """How many rows of ``statement`` there are past the first ``shown``, counted up to COUNT_CAP more."""
    limited = statement.limit(shown + COUNT_CAP + 1).subquery()
    total = session.execute(select(func.count()).select_from(limited)).scalar_one()
    return Count(min(max(total - shown, 0), COUNT_CAP), at_least=total > shown + COUNT_CAP)


def _with_evidence(
    session: Session, table: str, pages: Iterable[list[Any]], row: Callable[[Any], Row]
) -> Iterator[Row]:
    """Rows completed with the evidence of their fact (the page's ``fact_id`` column), a page at a time."""
    for page in pages:
        cited = evidence_for(session, table, [item.fact_id for item in page])
        for item in page:
            yield {**row(item), "evidence": [c.as_dict() for c in cited.get(item.fact_id, [])]}


# Memberships ----------------------------------------------------------------------------------------------

MEMBERSHIP_FIELDS = ("bloc", "bloc_name", "member", "member_name", "role", *SPAN_FIELDS, "evidence")


def _membership_select(session: Session, query: RelationQuery) -> tuple[Select[Any], tuple[Any, ...]]:
    found = _resolve(session, query)
    bloc, member = aliased(Actor), aliased(Actor)
    statement = (
        select(
            Membership.id.label("fact_id"),
            bloc.slug.label("bloc"),
            _name(bloc).label("bloc_name"),
            member.slug.label("member"),
            _name(member).label("member_name"),
            Membership.role,
            *_span_columns(Membership),
        )
        .join(bloc, bloc.id == Membership.organization_id)
        .join(member, member.id == Membership.member_id)
        .where(*_dated(Membership, query))
    )
    if found.actor is not None:
        statement = statement.where(
            or_(Membership.member_id == found.actor.id, Membership.organization_id == found.actor.id)
        )
    if found.bloc is not None:
        statement = statement.where(Membership.organization_id == found.bloc.id)
    keys = (bloc.slug, _sort_day(Membership), _end_key(Membership), member.slug, Membership.id)
    return statement, keys


def memberships(session: Session, query: RelationQuery = RelationQuery()) -> Iterator[Row]:
    """Who belongs to which bloc, ordered by bloc, then by the membership's first known day (undated last)."""
    statement, keys = _membership_select(session, query)

    def row(item: Any) -> Row:
        return {
            "bloc": item.bloc,
            "bloc_name": item.bloc_name,
            "member": item.member,
            "member_name": item.member_name,
            "role": item.role,
            **span_fields(when_of(item)),
        }

    return _with_evidence(session, "membership", _pages(session, statement, keys, query.limit), row)


def count_memberships(session: Session, query: RelationQuery, shown: int) -> Count:
    return _capped(session, _membership_select(session, query)[0], shown)


# Posts ----------------------------------------------------------------------------------------------------

POST_FIELDS = (
    "post",
    "post_label",
    "organization",
    "holder",
    "holder_name",
    "holder_named",
    *SPAN_FIELDS,
    "evidence",
)


def _post_select(session: Session, query: RelationQuery) -> tuple[Select[Any], tuple[Any, ...]]:
    found = _resolve(session, query)
    organization, holder = aliased(Actor), aliased(Actor)
    statement = (
        select(
            PostHolding.id.label("fact_id"),
            Post.slug.label("post"),
            Post.label.label("post_label"),
            organization.slug.label("organization"),
            holder.slug.label("holder"),
            _name(holder).label("holder_name"),
            holder.name.is_not(None).label("holder_named"),
            *_span_columns(PostHolding),
        )
        .join(Post, Post.id == PostHolding.post_id)
        .join(organization, organization.id == Post.organization_id)
        .join(holder, holder.id == PostHolding.holder_id)
        .where(*_dated(PostHolding, query))
    )
    if found.actor is not None:
        statement = statement.where(
            or_(PostHolding.holder_id == found.actor.id, Post.organization_id == found.actor.id)
        )
    if found.bloc is not None:
        statement = statement.where(
            _in_bloc(Post.organization_id, found.bloc.id, PostHolding, query.any_time)
        )
    keys = (organization.slug, Post.role, _sort_day(PostHolding), _end_key(PostHolding), PostHolding.id)
    return statement, keys


def posts(session: Session, query: RelationQuery = RelationQuery()) -> Iterator[Row]:
    """Posts and who holds them, by organization and post, then by the holding's first known day; an
    official known only by post has ``holder_named`` false."""
    statement, keys = _post_select(session, query)

    def row(item: Any) -> Row:
        return {
            "post": item.post,
            "post_label": item.post_label,
            "organization": item.organization,
            "holder": item.holder,
            "holder_name": item.holder_name,
            "holder_named": bool(item.holder_named),
            **span_fields(when_of(item)),
        }

    return _with_evidence(session, "post_holding", _pages(session, statement, keys, query.limit), row)


def count_posts(session: Session, query: RelationQuery, shown: int) -> Count:
    return _capped(session, _post_select(session, query)[0], shown)


# Relations ------------------------------------------------------------------------------------------------

RELATION_FIELDS = (
    "subject",
    "subject_name",
    "kind",
    "object",
    "object_name",
    "description",
    *SPAN_FIELDS,
    "evidence",
)


def _relation_select(session: Session, query: RelationQuery) -> tuple[Select[Any], tuple[Any, ...]]:
    found = _resolve(session, query)
    subject, obj = aliased(Actor), aliased(Actor)
    statement = (
        select(
            ActorRelation.id.label("fact_id"),
            subject.slug.label("subject"),
            _name(subject).label("subject_name"),
            ActorRelation.kind,
            obj.slug.label("object"),
            _name(obj).label("object_name"),
            ActorRelation.description,
            *_span_columns(ActorRelation),
        )
        .join(subject, subject.id == ActorRelation.subject_id)
        .join(obj, obj.id == ActorRelation.object_id)
        .where(*_dated(ActorRelation, query))
    )
    if found.actor is not None:
        statement = statement.where(
            or_(ActorRelation.subject_id == found.actor.id, ActorRelation.object_id == found.actor.id)
        )
    if found.bloc is not None:
        bloc_id = found.bloc.id
        statement = statement.where(
            or_(
                _in_bloc(ActorRelation.subject_id, bloc_id, ActorRelation, query.any_time),
                _in_bloc(ActorRelation.object_id, bloc_id, ActorRelation, query.any_time),
            )
        )
    keys = (subject.slug, ActorRelation.kind, obj.slug, _sort_day(ActorRelation), ActorRelation.id)
    return statement, keys


def actor_relations(session: Session, query: RelationQuery = RelationQuery()) -> Iterator[Row]:
    """How actors relate over time, by subject, kind and object."""
    statement, keys = _relation_select(session, query)

    def row(item: Any) -> Row:
        return {
            "subject": item.subject,
            "subject_name": item.subject_name,
            "kind": item.kind,
            "object": item.object,
            "object_name": item.object_name,
            "description": item.description,
            **span_fields(when_of(item)),
        }

    return _with_evidence(session, "actor_relation", _pages(session, statement, keys, query.limit), row)


def count_relations(session: Session, query: RelationQuery, shown: int) -> Count:
    return _capped(session, _relation_select(session, query)[0], shown)


# Bloc changes ---------------------------------------------------------------------------------------------

BLOC_CHANGE_FIELDS = (
    "date",
    "date_precision",
    "date_certainty",
    "bloc",
    "bloc_name",
    "member",
    "member_name",
    "change",
    "role",
    "evidence",
)


def _change_select(session: Session, query: RelationQuery) -> tuple[Select[Any], tuple[Any, ...]]:
    found = _resolve(session, query)
    joins = select(
        Membership.id.label("fact_id"),
        literal(0).label("rank"),
        literal("joined").label("change"),
        Membership.start_date.label("day"),
        Membership.start_precision.label("precision"),
    )
    leaves = select(
        Membership.id.label("fact_id"),
        literal(1).label("rank"),
        literal("left").label("change"),
        Membership.end_date.label("day"),
        Membership.end_precision.label("precision"),
    ).where(Membership.end_date.is_not(None))
    change = union_all(joins, leaves).subquery("bloc_change")
    bloc, member = aliased(Actor), aliased(Actor)
    day = func.coalesce(change.c.day, _undated())
    statement = (
        select(
            change.c.fact_id,
            change.c.change,
            change.c.day,
            change.c.precision,
            Membership.date_certainty,
            bloc.slug.label("bloc"),
            _name(bloc).label("bloc_name"),
            member.slug.label("member"),
            _name(member).label("member_name"),
            Membership.role,
        )
        .join(Membership, Membership.id == change.c.fact_id)
        .join(bloc, bloc.id == Membership.organization_id)
        .join(member, member.id == Membership.member_id)
    )
    if query.first is not None:
        statement = statement.where(change.c.day >= query.first)
    if query.last is not None:
        statement = statement.where(change.c.day <= query.last)
    if found.actor is not None:
        statement = statement.where(
            or_(Membership.member_id == found.actor.id, Membership.organization_id == found.actor.id)
        )
    if found.bloc is not None:
        statement = statement.where(Membership.organization_id == found.bloc.id)
    keys = (day, bloc.slug, member.slug, change.c.rank, change.c.fact_id)
    return statement, keys


def bloc_changes(session: Session, query: RelationQuery = RelationQuery()) -> Iterator[Row]:
    """Who joined or left which bloc, when: a membership's start is a join, its end (when known) a leave;
    ordered by the day of the change, undated last."""
    statement, keys = _change_select(session, query)

    def row(item: Any) -> Row:
        return {
            "date": item.day,
            "date_precision": item.precision,
            "date_certainty": item.date_certainty,
            "bloc": item.bloc,
            "bloc_name": item.bloc_name,
            "member": item.member,
            "member_name": item.member_name,
            "change": item.change,
            "role": item.role,
        }

    return _with_evidence(session, "membership", _pages(session, statement, keys, query.limit), row)


def count_bloc_changes(session: Session, query: RelationQuery, shown: int) -> Count:
    return _capped(session, _change_select(session, query)[0], shown)


# Meetings and statements: events, read with the timeline's own paging ---------------------------------------


def _events_query(session: Session, query: RelationQuery, kind: EventKind) -> TimelineQuery | None:
    """The timeline query for ``query``'s events of ``kind``; None when none can match. With ``day`` the
    events read are those whose first known day lies between the earliest start of an event containing
    the day and the day itself: the caller keeps those whose last day is on or after it."""
    found = _resolve(session, query)
    first, last = query.first, query.last
    if query.day is not None:
        earliest = session.execute(
            select(func.min(Event.sort_date)).where(
                Event.kind == kind,
                Event.sort_date <= query.day,
                func.coalesce(Event.end_date, Event.start_date) >= query.day,
            )
        ).scalar_one()
        if earliest is None:
            return None
        first = max(first, earliest) if first is not None else earliest
        last = min(last, query.day) if last is not None else query.day
        if first > last:
            return None
    return TimelineQuery(
        actors=(found.actor.slug,) if found.actor is not None else (),
        bloc=found.bloc.slug if found.bloc is not None else None,
        any_time=query.any_time,
        kinds=(kind,),
        first=first,
        last=last,
        limit=None if query.day is not None else query.limit,
    )


def _events(session: Session, query: RelationQuery, kind: EventKind) -> Iterator[list[TimelineEntry]]:
    """The matching events of ``kind`` in timeline order, in pages of BATCH. Names are resolved (or
    refused) now, not when the first page is read."""
    timeline_query = _events_query(session, query, kind)
    if timeline_query is None:
        return iter(())
    entries: Iterator[TimelineEntry] = iter(timeline(session, timeline_query))
    if query.day is not None:
        entries = (entry for entry in entries if _last_day(entry) >= query.day)
        if query.limit is not None:
            entries = islice(entries, query.limit)
    return iter(lambda: list(islice(entries, BATCH)), [])


def _last_day(entry: TimelineEntry) -> dt.date:
    """An event's last known day (end, else start); the events read here are dated."""
    bound = (entry.when.end or entry.when.start) if entry.when is not None else None
    return bound.date if bound is not None else UNDATED


def _count_events(session: Session, query: RelationQuery, kind: EventKind, shown: int) -> Count | None:
    if query.day is not None:
        return None  # the day is checked on each event as it is read: no count short of reading them all
    timeline_query = _events_query(session, query, kind)
    return count_events(session, timeline_query, shown) if timeline_query is not None else Count(0)


def _event_ids(session: Session, entries: list[TimelineEntry]) -> dict[str, int]:
    slugs = [entry.slug for entry in entries]
    return {
        slug: event_id
        for slug, event_id in session.execute(select(Event.slug, Event.id).where(Event.slug.in_(slugs)))
    }


MEETING_FIELDS = (
    "meeting",
    "title",
    *SPAN_FIELDS,
    "status",
    "place",
    "series",
    "session",
    "participants",
    "sources",
)


def meetings(session: Session, query: RelationQuery = RelationQuery()) -> Iterator[Row]:
    """One row per meeting, in timeline order: its place, series and session, status, and participants
    with their roles."""
    return _meeting_rows(session, _events(session, query, EventKind.meeting))


def _meeting_rows(session: Session, pages: Iterator[list[TimelineEntry]]) -> Iterator[Row]:
    for page in pages:
        ids = _event_ids(session, page)
        series = {
            event_id: (name, number)
            for event_id, name, number in session.execute(
                select(Meeting.event_id, MeetingSeries.name, Meeting.session_number)
                .outerjoin(MeetingSeries, MeetingSeries.id == Meeting.series_id)
                .where(Meeting.event_id.in_(list(ids.values())))
            )
        }
        for entry in page:
            name, number = series.get(ids[entry.slug], (None, None))
            yield {
                "meeting": entry.slug,
                "title": entry.title,
                **span_fields(entry.when),
                "status": entry.status,
                "place": entry.place,
                "series": name,
                "session": number,
                "participants": [
                    {"actor": p.slug, "name": p.name, "roles": list(p.roles)} for p in entry.participants
                ],
                "sources": list(entry.sources),
            }


def count_meetings(session: Session, query: RelationQuery, shown: int) -> Count | None:
    return _count_events(session, query, EventKind.meeting, shown)


STATEMENT_FIELDS = (
    "statement",
    "title",
    "statement_kind",
    *SPAN_FIELDS,
    "issuers",
    "reported_by",
    "concerns",
    "quotes",
    "evidence",
)


def statements(session: Session, query: RelationQuery = RelationQuery()) -> Iterator[Row]:
    """One row per statement, in timeline order: its issuers, kind, quotes, who reported it, the event it
    concerns, and its evidence. ``actor`` matches a statement it takes part in (issuing, reporting, named)."""
    return _statement_rows(session, _events(session, query, EventKind.statement))


def _statement_rows(session: Session, pages: Iterator[list[TimelineEntry]]) -> Iterator[Row]:
    concerned = aliased(Event)
    for page in pages:
        ids = _event_ids(session, page)
        wanted = list(ids.values())
        details = {
            event_id: (kind, concerns, title)
            for event_id, kind, concerns, title in session.execute(
                select(Statement.event_id, Statement.statement_kind, concerned.slug, concerned.title)
                .outerjoin(concerned, concerned.id == Statement.concerns_event_id)
                .where(Statement.event_id.in_(wanted))
            )
        }
        quotes: dict[int, list[str]] = {}
        for statement_id, text in session.execute(
            select(Quote.statement_id, Quote.text).where(Quote.statement_id.in_(wanted)).order_by(Quote.id)
        ):
            quotes.setdefault(statement_id, []).append(text)
        cited = evidence_for(session, "event", wanted)
        for entry in page:
            event_id = ids[entry.slug]
            kind, concerns, concerns_title = details.get(event_id, (None, None, None))
            issuers = [p for p in entry.participants if "issuer" in p.roles]
            reporters = [p for p in entry.participants if "reporter" in p.roles]
            yield {
                "statement": entry.slug,
                "title": entry.title,
                "statement_kind": kind,
                **span_fields(entry.when),
                "issuers": [p.slug for p in issuers],
                "reported_by": [p.slug for p in reporters],
                "concerns": concerns,
                "quotes": quotes.get(event_id, []),
                "evidence": [item.as_dict() for item in cited.get(event_id, [])],
                # names for people; the machine formats carry the slugs above
                "issuer_names": [p.name for p in issuers],
                "reported_by_names": [p.name for p in reporters],
                "concerns_title": concerns_title,
            }


def count_statements(session: Session, query: RelationQuery, shown: int) -> Count | None:
    return _count_events(session, query, EventKind.statement, shown)


# Who met whom ----------------------------------------------------------------------------------------------

PAIR_FIELDS = (
    "actor",
    "actor_name",
    "other",
    "other_name",
    "meetings",
    "first_date",
    "first_precision",
    "first_certainty",
    "last_date",
    "last_precision",
    "last_certainty",
)

_PRECISIONS = list(Precision)  # finest first: day, month, year, decade
_CERTAINTIES = list(Certainty)  # stated, inferred, approximate


def _rank(column: Any, values: Sequence[Any]) -> Any:
    return case(*((column == value, index) for index, value in enumerate(values)), else_=0)


def _day_key(day: Any, precision: Any, certainty: Any) -> Any:
    """A day with its precision and certainty as one integer, YYYYMMDDpc, so MIN and MAX over a pair's
    meetings find the first and last day together with how precisely each is known."""
    number = (
        ((extract("year", day) * 100 + extract("month", day)) * 100 + extract("day", day)) * 100
        + _rank(precision, _PRECISIONS) * 10
        + _rank(certainty, _CERTAINTIES)
    )
    return cast(number, BigInteger)


def _from_key(key: Any) -> tuple[dt.date | None, Precision | None, Certainty | None]:
    if key is None:
        return None, None, None
    key = int(key)
    day, marks = divmod(key, 100)
    year, rest = divmod(day, 10000)
    month, mday = divmod(rest, 100)
    return dt.date(year, month, mday), _PRECISIONS[marks // 10], _CERTAINTIES[marks % 10]


def _pair_select(query: RelationQuery, found: _Resolved) -> tuple[Any, Any, Any, Any]:
    """Pairs of participants of the matching meetings: ``(one, other)`` participations of one meeting,
    grouped by the caller; returns the statement, the two participations and the event."""
    one, other = aliased(EventParticipant), aliased(EventParticipant)
    event = aliased(Event)
    dated = event.sort_date < _undated()
    first_day = case((dated, _day_key(event.sort_date,
                                       func.coalesce(event.start_precision, event.end_precision),
                                       event.date_certainty)))  # fmt: skip
    last_day = case((dated, _day_key(func.coalesce(event.end_date, event.start_date),
                                      func.coalesce(event.end_precision, event.start_precision),
                                      event.date_certainty)))  # fmt: skip
    statement = (
        select(
            func.count(func.distinct(one.event_id)).label("meetings"),
            func.min(first_day).label("first_key"),
            func.max(last_day).label("last_key"),
        )
        .select_from(one)
        # Meetings by their own table, not by the event's kind: the kind's index would drive the read
        # from every meeting instead of from the actors' participations.
        .join(Meeting, Meeting.event_id == one.event_id)
        .join(event, event.id == Meeting.event_id)
        .join(other, and_(other.event_id == one.event_id, other.actor_id != one.actor_id))
    )
    if query.first is not None:
        statement = statement.where(one.event_sort_date >= query.first, one.event_sort_date < _undated())
    if query.last is not None:
        statement = statement.where(one.event_sort_date <= query.last)
    if found.bloc is not None:
        statement = statement.where(event_in_bloc(found.bloc.id, event, any_time=query.any_time))
    return statement, one, other, event


def _pair_row(actor: str, actor_name: str, other: str, other_name: str, item: Any) -> Row:
    first, first_precision, first_certainty = _from_key(item.first_key)
    last, last_precision, last_certainty = _from_key(item.last_key)
    return {
        "actor": actor,
        "actor_name": actor_name,
        "other": other,
        "other_name": other_name,
        "meetings": item.meetings,
        "first_date": first,
        "first_precision": first_precision,
        "first_certainty": first_certainty,
        "last_date": last,
        "last_precision": last_precision,
        "last_certainty": last_certainty,
    }


def _partners(session: Session, query: RelationQuery, found: _Resolved) -> Select[Any]:
    assert found.actor is not None
    statement, one, other, _ = _pair_select(query, found)
    partner = aliased(Actor)
    partners: Select[Any] = (
        statement.add_columns(partner.slug.label("other"), _name(partner).label("other_name"))
        .join(partner, partner.id == other.actor_id)
        .where(one.actor_id == found.actor.id)
        .group_by(partner.id, partner.slug, partner.name, partner.description)
    )
    return partners


# Actors read at a time when listing every pair: few at first, so the first screen comes at once, then more.
FIRST_ACTORS, MOST_ACTORS = 16, 512


def pairs(session: Session, query: RelationQuery = RelationQuery()) -> Iterator[Row]:
    """Who met whom, how often, first and last: one row per pair of actors taking part in a meeting
    together. With ``actor``, its partners, most meetings first; otherwise every pair once, by the
    earlier slug of the two, then the other's slug (read a few actors at a time, off the index of each
    actor's participations)."""
    found = _resolve(session, query)
    rows: Iterator[Row] = (
        _actor_pairs(session, query, found) if found.actor else _all_pairs(session, query, found)
    )
    return islice(rows, query.limit) if query.limit is not None else rows


def _actor_pairs(session: Session, query: RelationQuery, found: _Resolved) -> Iterator[Row]:
    assert found.actor is not None
    statement = _partners(session, query, found)
    count = statement.selected_columns.meetings
    # An actor's partners are at most every actor: one read, however many meetings.
    items = session.execute(statement.order_by(count.desc(), statement.selected_columns.other)).all()
    for item in items:
        yield _pair_row(found.actor.slug, display(found.actor), item.other, item.other_name, item)


def _all_pairs(session: Session, query: RelationQuery, found: _Resolved) -> Iterator[Row]:
    statement, one, other, _ = _pair_select(query, found)
    actor, partner = aliased(Actor), aliased(Actor)
    grouped = (
        statement.add_columns(
            actor.slug.label("actor"),
            _name(actor).label("actor_name"),
            partner.slug.label("other"),
            _name(partner).label("other_name"),
        )
        .join(actor, actor.id == one.actor_id)
        .join(partner, and_(partner.id == other.actor_id, partner.slug > actor.slug))
        .group_by(actor.slug, actor.name, actor.description, partner.slug, partner.name, partner.description)
        .order_by(actor.slug, partner.slug)
    )
    after: str | None = None
    size = FIRST_ACTORS
    while True:
        batch = select(Actor.id, Actor.slug).order_by(Actor.slug).limit(size)
        if after is not None:
            batch = batch.where(Actor.slug > after)
        actors = session.execute(batch).all()
        if not actors:
            return
        items = session.execute(grouped.where(one.actor_id.in_([actor_id for actor_id, _ in actors]))).all()
        for item in items:
            yield _pair_row(item.actor, item.actor_name, item.other, item.other_name, item)
        if len(actors) < size:
            return
        after = actors[-1][1]
        size = min(size * 2, MOST_ACTORS) if len(items) < BATCH else size


def count_pairs(session: Session, query: RelationQuery, shown: int) -> Count:
    found = _resolve(session, query)
    if found.actor is not None:
        return _capped(session, _partners(session, query, found), shown)
    statement, one, other, _ = _pair_select(query, found)
    pair = statement.with_only_columns(one.actor_id, other.actor_id).where(one.actor_id < other.actor_id)
    return _capped(session, pair.distinct(), shown)
