"""One actor's profile: names, identifiers, and every fact about it with the words it rests on."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from timeline.dates import SPAN_FIELDS, from_columns, span_fields
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
from timeline.queries.filters import TIMELINE_ORDER, chronological
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
    facts: list[Row] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name or self.description or self.slug


def _when(model: Any) -> dict[str, Any]:
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


def _fact(
    section: str, fact: str, summary: str, role: Any, other: str | None, dated: Any, status: Any = None
) -> Row:
    return {
        "section": section,
        "fact": fact,
        "summary": summary,
        "role": role,
        "other": other,
        **(_when(dated) if dated is not None else span_fields(None)),
        "status": status,
        "evidence": [],
    }


def profile(session: Session, actor: Actor) -> Profile:
    result = Profile(actor.slug, actor.kind.value, actor.name, actor.description)
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

    for participant, event in session.execute(
        select(EventParticipant, Event)
        .join(Event, Event.id == EventParticipant.event_id)
        .where(EventParticipant.actor_id == actor.id)
        .order_by(*TIMELINE_ORDER, EventParticipant.id)
    ):
        section = "statement" if event.kind is EventKind.statement else "event"
        summary = event.title
        if event.kind is EventKind.statement:
            quotes = session.scalars(
                select(Quote.text).where(Quote.statement_id == event.id).order_by(Quote.id)
            ).all()
            summary += "".join(f" — “{quote}”" for quote in quotes)
        facts.append(
            (
                "event_participant",
                participant.id,
                _fact(section, event.slug, summary, participant.role, None, event, event.status),
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
