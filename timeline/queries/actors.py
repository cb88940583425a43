"""Finding actors by slug or by any of their names."""

import difflib

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline.errors import NotFoundError
from timeline.models import Actor, ActorAlias


def normalize(name: str) -> str:
    """How names are compared: case-folded, spaces collapsed, curly apostrophes straightened."""
    return " ".join(name.replace("’", "'").casefold().split())


def find_actor(session: Session, name: str) -> Actor:
    """The actor whose slug, or one of whose names, is ``name`` (case-insensitive).

    Raises NotFoundError suggesting close matches, or naming the candidates when the name is ambiguous.
    """
    actor = session.scalars(select(Actor).where(Actor.slug == name)).one_or_none()
    if actor is not None:
        return actor
    matches = session.scalars(
        select(Actor)
        .join(ActorAlias, ActorAlias.actor_id == Actor.id)
        .where(ActorAlias.normalized == normalize(name))
        .distinct()
        .order_by(Actor.slug)
    ).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        slugs = ", ".join(actor.slug for actor in matches)
        raise NotFoundError(f"actor {name!r} is ambiguous: it names {slugs}; use one of these slugs")
    raise NotFoundError(f"unknown actor {name!r}{_suggestions(session, name)}")


def _suggestions(session: Session, name: str) -> str:
    """Close matches among every actor's names and slugs: the best per actor, a name before a slug."""
    target = normalize(name)
    scored: list[tuple[float, bool, str, str]] = []
    names = session.execute(select(ActorAlias.alias, Actor.slug).join(Actor))
    slugs = session.scalars(select(Actor.slug))
    for text, slug, is_slug in [(alias, slug, False) for alias, slug in names] + [
        (s, s, True) for s in slugs
    ]:
        ratio = difflib.SequenceMatcher(None, target, normalize(text)).ratio()
        if ratio >= 0.6:
            scored.append((-ratio, is_slug, text, slug))
    shown: dict[str, str] = {}
    for _, _, text, slug in sorted(scored):
        shown.setdefault(slug, text)
    if not shown:
        return "; `timeline actors --text PART` lists the actors whose slug or names contain PART"
    return "; did you mean " + " or ".join(repr(text) for text in list(shown.values())[:3]) + "?"
