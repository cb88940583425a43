"""One actor's profile: names, identifiers, and every fact about it with the words it rests on."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Date, Integer, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from timeline.dates import SPAN_FIELDS, span_fields
from timeline.models import (
    Actor,
    ActorAlias,
    ActorIdentifier,
    ActorRelation,
    Event,
    EventParticipant,
    Membership,
    Post,
    PostHolding,
    Quote,
)
from timeline.queries.evidence import evidence_for
from timeline.queries.filters import COUNT_CAP, Count, chronological
from timeline.queries.relations import display
from timeline.vocab import EventKind

Row = dict[str, Any]

FACT_FIELDS = ("section", "fact", "summary", "role", "other", *SPAN_FIELDS, "status", "evidence")
SECTIONS = ("mention", "membership", "post", "event", "statement", "relation")


@dataclass
class Profile:
    slug: str
    kind: str
    name: str | None
    description: str | None
    aliases: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    facts: list[Row] = field(default_factory=list)  # every section but events and statements
    actor_id: int = 0

    @property
    def display_name(self) -> str:
        return self.name or self.description or self.slug


def _fact(
    section: str, fact: str, summary: str, role: Any, other: str | None, dated: Any, status: Any = None
) -> Row:
    return {
        "section": section,
        "fact": fact,
        "summary": summary,
        "role": role,
        "other": other,
        **span_fields(dated.when if dated is not None else None),
        "status": status,
        "evidence": [],
    }


def profile(session: Session, actor: Actor) -> Profile:
    """The actor's names and its facts but events and statements, which ``event_facts`` streams."""
    result = Profile(actor.slug, actor.kind.value, actor.name, actor.description, actor_id=actor.id)
    result.aliases = list(
        session.scalars(
            select(ActorAlias.alias).where(ActorAlias.actor_id == actor.id).order_by(ActorAlias.alias)
        )
    )
    result.identifiers = [
        (scheme.value, value)
        for scheme, value in session.execute(
            select(ActorIdentifier.scheme, ActorIdentifier.value)
            .where(ActorIdentifier.actor_id == actor.id)
            .order_by(ActorIdentifier.scheme)
        )
    ]
    facts: list[tuple[str, int, Row]] = []

    mention = _fact("mention", actor.slug, actor.description or display(actor), None, None, None)
    facts.append(("actor", actor.id, mention))

    other = aliased(Actor)
    for membership, bloc in session.execute(
        select(Membership, other)
        .join(other, other.id == Membership.organization_id)
        .where(Membership.member_id == actor.id)
        .order_by(*chronological(Membership))
    ):
        summary = f"{membership.role.value.replace('_', ' ')} of {display(bloc)}"
        facts.append(
            (
                "membership",
                membership.id,
                _fact("membership", membership.slug, summary, membership.role, bloc.slug, membership),
            )
        )
    for membership, member in session.execute(
        select(Membership, other)
        .join(other, other.id == Membership.member_id)
        .where(Membership.organization_id == actor.id)
        .order_by(*chronological(Membership), other.slug)
    ):
        summary = f"has {display(member)} as {membership.role.value.replace('_', ' ')}"
        facts.append(
            (
                "membership",
                membership.id,
                _fact("membership", membership.slug, summary, membership.role, member.slug, membership),
            )
        )

    for holding, post, organization in session.execute(
        select(PostHolding, Post, other)
        .join(Post, Post.id == PostHolding.post_id)
        .join(other, other.id == Post.organization_id)
        .where(PostHolding.holder_id == actor.id)
        .order_by(*chronological(PostHolding))
    ):
        facts.append(
            (
                "post_holding",
                holding.id,
                _fact("post", holding.slug, f"holds {post.label}", post.role, organization.slug, holding),
            )
        )
    for holding, post, holder in session.execute(
        select(PostHolding, Post, other)
        .join(Post, Post.id == PostHolding.post_id)
        .join(other, other.id == PostHolding.holder_id)
        .where(Post.organization_id == actor.id)
        .order_by(Post.role, *chronological(PostHolding))
    ):
        summary = f"{post.label}: {display(holder)}"
        facts.append(
            (
                "post_holding",
                holding.id,
                _fact("post", holding.slug, summary, post.role, holder.slug, holding),
            )
        )

    subject, obj = aliased(Actor), aliased(Actor)
    for relation, s, o in session.execute(
        select(ActorRelation, subject, obj)
        .join(subject, subject.id == ActorRelation.subject_id)
        .join(obj, obj.id == ActorRelation.object_id)
        .where(or_(ActorRelation.subject_id == actor.id, ActorRelation.object_id == actor.id))
        .order_by(*chronological(ActorRelation))
    ):
        outgoing = s.id == actor.id
        counterpart = o if outgoing else s
        summary = (
            f"{relation.kind.value} towards {display(o)}"
            if outgoing
            else f"{relation.kind.value} from {display(s)}"
        )
        if relation.description:
            summary += f": {relation.description}"
        facts.append(
            (
                "actor_relation",
                relation.id,
                _fact("relation", relation.slug, summary, relation.kind, counterpart.slug, relation),
            )
        )

    by_table: dict[str, list[int]] = {}
    for table, fact_id, _ in facts:
        by_table.setdefault(table, []).append(fact_id)
    cited = {table: evidence_for(session, table, ids) for table, ids in by_table.items()}
    for table, fact_id, row in facts:
        row["evidence"] = [item.as_dict() for item in cited[table].get(fact_id, [])]
    order = {section: index for index, section in enumerate(SECTIONS)}
    result.facts = [row for _, _, row in sorted(facts, key=lambda item: order[item[2]["section"]])]
    return result


PAGE_EVENTS = 500
FIRST_PAGE_EVENTS = 50  # the first page is small: it is what people see first


def _event_page(statements: bool, after: bool) -> Any:
    """The next page of the actor's events (or statements): their ids and sort days, off the index
    (actor_id, event_sort_date, event_id)."""
    kind = Event.kind == EventKind.statement if statements else Event.kind != EventKind.statement
    statement = (
        select(EventParticipant.event_id, EventParticipant.event_sort_date)
        .join(Event, Event.id == EventParticipant.event_id)
        .where(EventParticipant.actor_id == bindparam("actor"), kind)
        .group_by(EventParticipant.event_sort_date, EventParticipant.event_id)
        .order_by(EventParticipant.event_sort_date, EventParticipant.event_id)
        .limit(bindparam("size"))
    )
    if after:
        day, event_id = bindparam("after_day", type_=Date), bindparam("after_id", type_=Integer)
        statement = statement.where(
            or_(
                EventParticipant.event_sort_date > day,
                and_(EventParticipant.event_sort_date == day, EventParticipant.event_id > event_id),
            )
        )
    return statement


def event_facts(session: Session, actor_id: int, *, statements: bool) -> Iterator[Row]:
    """The actor's events (``statements``: its statements, with their quotes), one row per event with
    every role it played joined, in timeline order: a page at a time, so memory stays flat."""
    section = "statement" if statements else "event"
    after: tuple[Any, int] | None = None
    while True:
        size = PAGE_EVENTS if after is not None else FIRST_PAGE_EVENTS
        values: dict[str, Any] = {"actor": actor_id, "size": size}
        if after is not None:
            values |= {"after_day": after[0], "after_id": after[1]}
        page = session.execute(_event_page(statements, after is not None), values).all()
        if not page:
            return
        ids = [event_id for event_id, _ in page]
        events = {event.id: event for event in session.scalars(select(Event).where(Event.id.in_(ids)))}
        roles: dict[int, list[Any]] = {}
        participations: dict[int, list[int]] = {}
        for participation_id, event_id, role in session.execute(
            select(EventParticipant.id, EventParticipant.event_id, EventParticipant.role)
            .where(EventParticipant.actor_id == actor_id, EventParticipant.event_id.in_(ids))
            .order_by(EventParticipant.id)
        ):
            roles.setdefault(event_id, []).append(role)
            participations.setdefault(event_id, []).append(participation_id)
        quotes: dict[int, list[str]] = {}
        if statements:
            for statement_id, text in session.execute(
                select(Quote.statement_id, Quote.text).where(Quote.statement_id.in_(ids)).order_by(Quote.id)
            ):
                quotes.setdefault(statement_id, []).append(text)
        cited = evidence_for(
            session, "event_participant", [i for ids_ in participations.values() for i in ids_]
        )
        for event_id in ids:
            event = events[event_id]
            summary = event.title + "".join(f" — “{quote}”" for quote in quotes.get(event_id, []))
            row = _fact(section, event.slug, summary, None, None, event, event.status)
            row["role"] = ", ".join(str(role.value) for role in roles.get(event_id, []))
            row["evidence"] = [
                item.as_dict() for pid in participations.get(event_id, []) for item in cited.get(pid, [])
            ]
            yield row
        if len(page) < size:
            return
        after = page[-1][1], page[-1][0]


def count_events(session: Session, actor_id: int, *, statements: bool, shown: int) -> Count:
    """How many more of the actor's events (or statements) there are past the first ``shown``, up to a cap."""
    page = _event_page(statements, False).subquery()
    total = session.execute(
        select(func.count()).select_from(page), {"actor": actor_id, "size": shown + COUNT_CAP + 1}
    ).scalar_one()
    return Count(min(max(total - shown, 0), COUNT_CAP), at_least=total > shown + COUNT_CAP)
