"""Finding actors by key or by any of their names."""

import difflib

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline.errors import NotFoundError
from timeline.models import Actor, ActorAlias


def normalize(name: str) -> str:
    """How names are compared: case-folded, spaces collapsed, curly apostrophes straightened."""
    return " ".join(name.replace("’", "'").casefold().split())


def find_actor(session: Session, name: str) -> Actor:
    """The actor whose key, or one of whose names, is ``name`` (case-insensitive).

    Raises NotFoundError suggesting close matches, or naming the candidates when the name is ambiguous.
    """
    actor = session.scalars(select(Actor).where(Actor.key == name)).one_or_none()
    if actor is not None:
        return actor
    matches = session.scalars(
        select(Actor)
        .join(ActorAlias, ActorAlias.actor_id == Actor.id)
        .where(ActorAlias.normalized == normalize(name))
        .distinct()
        .order_by(Actor.key)
    ).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        keys = ", ".join(actor.key for actor in matches)
        raise NotFoundError(f"actor {name!r} is ambiguous: it names {keys}; use one of these keys")
    raise NotFoundError(f"unknown actor {name!r}{_suggestions(session, name)}")


def _suggestions(session: Session, name: str) -> str:
    names = session.execute(select(ActorAlias.alias, Actor.key).join(Actor)).all()
    candidates = {alias: key for alias, key in names} | {key: key for _, key in names}
    by_normal = {normalize(candidate): candidate for candidate in candidates}
    close = difflib.get_close_matches(normalize(name), list(by_normal), n=3, cutoff=0.6)
    if not close:
        return "; `timeline relations` lists the actors"
    return "; did you mean " + " or ".join(repr(by_normal[match]) for match in close) + "?"
