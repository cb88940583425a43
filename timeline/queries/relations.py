"""Relationship tables: memberships, posts and holders, who met whom, statements by issuer, actor relations.

Each function returns plain rows (dicts with stable field names) ready for any output format.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from timeline.dates import SPAN_FIELDS, from_columns, span_fields
from timeline.models import (
    Actor,
    ActorRelation,
    Event,
    EventParticipant,
    Meeting,
    MeetingSeries,
    Membership,
    Place,
    Post,
    PostHolding,
    Quote,
    Statement,
)
from timeline.queries.evidence import evidence_for
from timeline.queries.filters import TIMELINE_ORDER, as_of, chronological
from timeline.vocab import EventKind, ParticipantRole

Row = dict[str, Any]


def display(actor: Any) -> str:
    """An actor's name for people: its proper name, else its description (an official known by post)."""
    return str(actor.name or actor.description or actor.slug)


def _span(model: Any) -> dict[str, Any]:
    return span_fields(
        from_columns(
            model.start_date,
            model.start_precision,
            model.end_date,
            model.end_precision,
            model.date_certainty,
            model.date_text,
        )
    )


def _evidence(session: Session, table: str, rows: list[tuple[Any, Row]]) -> list[Row]:
    cited = evidence_for(session, table, [fact.id for fact, _ in rows])
    for fact, row in rows:
        row["evidence"] = [item.as_dict() for item in cited.get(fact.id, [])]
    return [row for _, row in rows]


MEMBERSHIP_FIELDS = ("bloc", "bloc_name", "member", "member_name", "role", *SPAN_FIELDS, "evidence")


def memberships(session: Session, day: dt.date | None = None) -> list[Row]:
    """Who belongs to which bloc; with ``day``, only the memberships that may hold on that day."""
    bloc, member = aliased(Actor), aliased(Actor)
    statement = (
        select(Membership, bloc, member)
        .join(bloc, bloc.id == Membership.organization_id)
        .join(member, member.id == Membership.member_id)
        .order_by(bloc.slug, *chronological(Membership), member.slug)
    )
    if day is not None:
        statement = statement.where(as_of(Membership, day))
    rows = [
        (
            membership,
            {
                "bloc": b.slug,
                "bloc_name": display(b),
                "member": m.slug,
                "member_name": display(m),
                "role": membership.role,
                **_span(membership),
            },
        )
        for membership, b, m in session.execute(statement)
    ]
    return _evidence(session, "membership", rows)


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


def posts(session: Session, day: dt.date | None = None) -> list[Row]:
    """Posts and who holds them; an official known only by post has ``holder_named`` false."""
    organization, holder = aliased(Actor), aliased(Actor)
    statement = (
        select(PostHolding, Post, organization, holder)
        .join(Post, Post.id == PostHolding.post_id)
        .join(organization, organization.id == Post.organization_id)
        .join(holder, holder.id == PostHolding.holder_id)
        .order_by(organization.slug, Post.role, *chronological(PostHolding))
    )
    if day is not None:
        statement = statement.where(as_of(PostHolding, day))
    rows = [
        (
            holding,
            {
                "post": post.slug,
                "post_label": post.label,
                "organization": org.slug,
                "holder": person.slug,
                "holder_name": display(person),
                "holder_named": person.name is not None,
                **_span(holding),
            },
        )
        for holding, post, org, person in session.execute(statement)
    ]
    return _evidence(session, "post_holding", rows)


PARTICIPATION_FIELDS = (
    "meeting",
    "meeting_title",
    "date",
    "status",
    "place",
    "series",
    "session",
    "actor",
    "actor_name",
    "roles",
)


def participation(session: Session) -> list[Row]:
    """Who met whom: one row per meeting and participant, with the participant's roles."""
    statement = (
        select(Event, Meeting, Place.name, MeetingSeries.name, Actor, EventParticipant.role)
        .join(Meeting, Meeting.event_id == Event.id)
        .outerjoin(Place, Place.id == Event.place_id)
        .outerjoin(MeetingSeries, MeetingSeries.id == Meeting.series_id)
        .join(EventParticipant, EventParticipant.event_id == Event.id)
        .join(Actor, Actor.id == EventParticipant.actor_id)
        .where(Event.kind == EventKind.meeting)
        .order_by(*TIMELINE_ORDER, EventParticipant.id)
    )
    grouped: dict[tuple[int, int], Row] = {}
    for event, meeting, place, series, actor, role in session.execute(statement):
        row = grouped.setdefault(
            (event.id, actor.id),
            {
                "meeting": event.slug,
                "meeting_title": event.title,
                "date": _span(event)["date"],
                "status": event.status,
                "place": place,
                "series": series,
                "session": meeting.session_number,
                "actor": actor.slug,
                "actor_name": display(actor),
                "roles": [],
            },
        )
        row["roles"].append(role)
    return list(grouped.values())


STATEMENT_FIELDS = (
    "issuer",
    "issuer_name",
    "statement",
    "title",
    "statement_kind",
    "date",
    "co_issuers",
    "reported_by",
    "concerns",
    "quotes",
    "evidence",
)


def _names_by_event(session: Session, role: ParticipantRole) -> dict[int, list[tuple[str, str]]]:
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = session.execute(
        select(EventParticipant.event_id, Actor)
        .join(Actor, Actor.id == EventParticipant.actor_id)
        .where(EventParticipant.role == role)
        .order_by(EventParticipant.id)
    )
    for event_id, actor in rows:
        names[event_id].append((actor.slug, display(actor)))
    return names


def statements(session: Session) -> list[Row]:
    """Statements by issuer: one row per issuer and statement, with co-issuers, reporters and quotes."""
    concerned = aliased(Event)
    statement_rows = session.execute(
        select(Event, Statement, concerned.slug)
        .join(Statement, Statement.event_id == Event.id)
        .outerjoin(concerned, concerned.id == Statement.concerns_event_id)
        .order_by(*TIMELINE_ORDER)
    ).all()
    issuers = _names_by_event(session, ParticipantRole.issuer)
    reporters = _names_by_event(session, ParticipantRole.reporter)
    quotes: dict[int, list[str]] = defaultdict(list)
    for statement_id, text in session.execute(select(Quote.statement_id, Quote.text).order_by(Quote.id)):
        quotes[statement_id].append(text)
    cited = evidence_for(session, "event", [event.id for event, _, _ in statement_rows])
    rows = []
    for event, statement, concerns in statement_rows:
        by: list[tuple[str | None, str | None]] = [*issuers.get(event.id, [])] or [(None, None)]
        for slug, name in by:
            rows.append(
                {
                    "issuer": slug,
                    "issuer_name": name,
                    "statement": event.slug,
                    "title": event.title,
                    "statement_kind": statement.statement_kind,
                    "date": _span(event)["date"],
                    "co_issuers": [other for other, _ in by if other != slug],
                    "reported_by": [reporter for reporter, _ in reporters.get(event.id, [])],
                    # names for people; the machine formats carry the slugs above
                    "co_issuer_names": [other_name for other, other_name in by if other != slug],
                    "reported_by_names": [name for _, name in reporters.get(event.id, [])],
                    "concerns": concerns,
                    "quotes": quotes.get(event.id, []),
                    "evidence": [item.as_dict() for item in cited.get(event.id, [])],
                }
            )
    rows.sort(key=lambda row: (row["issuer"] is None, row["issuer"] or ""))
    return rows


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


def actor_relations(
    session: Session, day: dt.date | None = None, involving: ColumnElement[bool] | None = None
) -> list[Row]:
    """How actors relate over time; with ``day``, the relations that may hold on that day."""
    subject, obj = aliased(Actor), aliased(Actor)
    statement = (
        select(ActorRelation, subject, obj)
        .join(subject, subject.id == ActorRelation.subject_id)
        .join(obj, obj.id == ActorRelation.object_id)
        .order_by(subject.slug, ActorRelation.kind, obj.slug)
    )
    if day is not None:
        statement = statement.where(as_of(ActorRelation, day))
    if involving is not None:
        statement = statement.where(involving)
    rows = [
        (
            relation,
            {
                "subject": s.slug,
                "subject_name": display(s),
                "kind": relation.kind,
                "object": o.slug,
                "object_name": display(o),
                "description": relation.description,
                **_span(relation),
            },
        )
        for relation, s, o in session.execute(statement)
    ]
    return _evidence(session, "actor_relation", rows)
