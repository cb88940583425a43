"""The list of actors, with their names and how much the database holds about each, filtered by kind, by
bloc (its members, on a day if given) and by text.

Actors come a page at a time in slug order, each page picking up after the last one's slug (the unique
index on ``actor.slug``). A page's counts are read for that page's actors only: events off the index
``event_participant(actor_id, event_sort_date, event_id)``, memberships off the indexes on
``membership.member_id`` and ``membership.organization_id``. So the first page costs the same on ten actors
as on ten thousand, and memory stays flat however many there are.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, distinct, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from timeline.models import Actor, ActorAlias, EventParticipant, Membership
from timeline.queries.actors import find_actor, normalize
from timeline.queries.filters import COUNT_CAP, Count, as_of
from timeline.vocab import ActorKind

# Actors per page: the first page is what the first screen of a table needs (a chunk of rows), then pages
# double up to BATCH. The counts of 50 of the busiest actors (states, in some 10,000 events each on the
# benchmark database) take a few tens of milliseconds.
FIRST = 50
BATCH = 400

FIELDS = (
    "actor",
    "kind",
    "name",
    "named",
    "aliases",
    "participations",
    "events",
    "memberships_as_member",
    "memberships_as_bloc",
)
"""The fields of ``timeline actors``, in order:

- ``actor``: the slug;
- ``kind``: bloc, state, person, group or organization;
- ``name``: the proper name, or for an official known only by post the post's description;
- ``named``: false for an official known only by post (``name`` is then the description);
- ``aliases``: the other names the actor is known by (every stored alias but the name itself);
- ``participations``: rows of ``event_participant`` (an actor in one role in one event);
- ``events``: distinct events the actor takes part in, in any role;
- ``memberships_as_member``: memberships of blocs it holds or held;
- ``memberships_as_bloc``: memberships of others in it (its members, past and present).
"""


@dataclass(frozen=True)
class ActorQuery:
    """Which actors to list. Every given condition must hold."""

    kinds: tuple[ActorKind, ...] = ()
    bloc: str | None = None  # a slug, name or alias: only its members
    as_of: dt.date | None = None  # with bloc: only members whose membership may hold on this day
    text: str | None = None  # in the slug, the shown name or any alias, any case
    limit: int | None = None


def _pattern(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere, its own wildcards escaped."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _conditions(query: ActorQuery, bloc_id: int | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.kinds:
        conditions.append(Actor.kind.in_(query.kinds))
    if bloc_id is not None:
        members = select(Membership.member_id).where(Membership.organization_id == bloc_id)
        if query.as_of is not None:
            members = members.where(as_of(Membership, query.as_of))
        conditions.append(Actor.id.in_(members))
    if query.text:
        lowered = bindparam("lowered", _pattern(query.text.lower()), type_=String)
        normalized = bindparam("normalized", _pattern(normalize(query.text)), type_=String)
        conditions.append(
            or_(
                func.lower(Actor.slug).like(lowered, escape="\\"),
                func.lower(func.coalesce(Actor.name, Actor.description)).like(lowered, escape="\\"),
                exists().where(
                    ActorAlias.actor_id == Actor.id, ActorAlias.normalized.like(normalized, escape="\\")
                ),
            )
        )
    return conditions


def _bloc_id(session: Session, query: ActorQuery) -> int | None:
    """The id of the query's bloc; an unknown name raises NotFoundError (see find_actor)."""
    return None if query.bloc is None else find_actor(session, query.bloc).id


def _selected(query: ActorQuery, bloc_id: int | None) -> Any:
    return select(Actor.id, Actor.slug, Actor.kind, Actor.name, Actor.description).where(
        *_conditions(query, bloc_id)
    )


def _count(statement: Any) -> Any:
    return statement.scalar_subquery()


def _counted(ids: list[int]) -> Any:
    """Each actor of a page with its counts: correlated subqueries, so that each actor's events are one
    range of the index on (actor_id, event_sort_date, event_id), counted without sorting them. (Grouping
    the page's participations instead sorts every one of them at once: four times slower for states.)"""
    participant, member, bloc = aliased(EventParticipant), aliased(Membership), aliased(Membership)
    return select(
        Actor.id,
        _count(select(func.count()).where(participant.actor_id == Actor.id)),
        _count(select(func.count(distinct(participant.event_id))).where(participant.actor_id == Actor.id)),
        _count(select(func.count()).where(member.member_id == Actor.id)),
        _count(select(func.count()).where(bloc.organization_id == Actor.id)),
    ).where(Actor.id.in_(ids))


def _aliases(session: Session, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The aliases of a page's actors, in alias order, each with its normalized form."""
    aliases: dict[int, list[tuple[str, str]]] = {}
    for actor_id, normalized, alias in session.execute(
        select(ActorAlias.actor_id, ActorAlias.normalized, ActorAlias.alias)
        .where(ActorAlias.actor_id.in_(ids))
        .order_by(ActorAlias.actor_id, ActorAlias.alias)
    ):
        aliases.setdefault(actor_id, []).append((normalized, alias))
    return aliases


def actor_list(session: Session, query: ActorQuery) -> Iterator[dict[str, Any]]:
    """The matching actors in slug order, one row per actor with FIELDS, read a page at a time."""
    bloc_id = _bloc_id(session, query)
    statement = _selected(query, bloc_id).order_by(Actor.slug)
    remaining = query.limit
    after: str | None = None
    size = FIRST
    while remaining is None or remaining > 0:
        if remaining is not None:
            size = min(size, remaining)
        page = statement if after is None else statement.where(Actor.slug > after)
        rows = session.execute(page.limit(size)).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        counts = {row[0]: row[1:] for row in session.execute(_counted(ids))}
        aliases = _aliases(session, ids)
        for actor_id, slug, kind, name, description in rows:
            shown = name if name is not None else description
            own = normalize(shown or "")
            participations, events, as_member, as_bloc = counts[actor_id]
            yield {
                "actor": slug,
                "kind": kind,
                "name": shown,
                "named": name is not None,
                "aliases": [alias for normalized, alias in aliases.get(actor_id, []) if normalized != own],
                "participations": participations,
                "events": events,
                "memberships_as_member": as_member,
                "memberships_as_bloc": as_bloc,
            }
        if remaining is not None:
            remaining -= len(rows)
        if len(rows) < size:
            return
        after = rows[-1].slug
        size = min(size * 2, BATCH)


def count(session: Session, query: ActorQuery, shown: int) -> Count:
    """How many more actors match ``query`` past the first ``shown``, counted up to COUNT_CAP more."""
    matching = _selected(query, _bloc_id(session, query)).limit(shown + COUNT_CAP + 1).subquery()
    total = session.execute(select(func.count()).select_from(matching)).scalar_one()
    return Count(min(max(total - shown, 0), COUNT_CAP), at_least=total > shown + COUNT_CAP)
