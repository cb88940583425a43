"""Scoring a drafted annotation against a hand ("gold") annotation of the same document.

``score(draft, gold, session)`` gives precision (matched / drafted) and recall (matched / gold) for each
kind of fact in ``KINDS``. Facts are compared by what they say, never by how their slugs are spelt.

Actor identity
    Every actor reference (a slug defined in the same file, a ``ref:``, or a name or alias written where an
    actor is expected: ``actor: Lavrov``, ``holder: Sergei Lavrov``) resolves to an actor: first to one
    defined in the file's ``actors:`` (by slug, then by a name, alias or description, compared with
    ``normalize``), else, given a session, to a database actor found by ``find_actor``. A slug entry whose
    slug the database knows, and a ``ref:`` entry, are that database actor. Across the two files actors are
    the same when they share a database slug, an identifier (scheme, value), or a normalized name, alias or
    description (a database actor brings its own); the files' actors are joined by union-find. A name or
    description that two different actors of one file share (three states "led by a military junta")
    identifies neither. A reference that resolves to nothing is an identity of its own: it never matches.

The kinds
    actors: the identities each file defines or refers to in ``actors:``.
    holdings: (the post's ``of`` actor, its role, the holder). A post is taken from the file's ``posts:``,
    else from the database, else its slug is read as ``of/role`` (``mali/foreign-minister``).
    memberships: (member, organization, role; ``member`` when not given).
    relations: (subject, object, kind).
    events: paired one to one. A draft and a gold event pair when both update the same database event
    (a ``ref:``, or a slug the session knows), else when neither does or both do the same one and they have
    the same kind and the same dates (``when``'s start and end day, None for an open side or an undated
    event); a ``ref:`` event without kind or ``when`` takes them from the database, given a session. Draft
    events are paired in document order, each with the candidate sharing the most (actor, role)
    participants, the earliest on a tie.
    participants: (event, actor, role) for every actor and role of every participant entry; those of an
    unpaired event count as drafted or gold but never match.
    dates: the distinct spans (start day, end day; None when open) of every ``when``, ``since`` and
    ``until`` the file states, on events, memberships, holdings and relations.
    quotes: statement quotes with whitespace collapsed, paired one to one: equal first, else one containing
    the other when the shorter is at least 80% of the longer's length.

Counts are of distinct facts in each file (sets), except events, participants and quotes, which are paired
one to one and counted as written.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline.dates import When
from timeline.errors import NotFoundError
from timeline.models import Actor, ActorAlias, ActorIdentifier, Event, Post
from timeline.queries.actors import find_actor, normalize
from timeline.seeding.annotation import ActorSpec, Annotation, EventSpec

KINDS = ("actors", "holdings", "memberships", "relations", "events", "participants", "dates", "quotes")

# A quote contained in another matches it when it is at least this share of the other's length.
QUOTE_OVERLAP = 0.8


@dataclass(frozen=True)
class KindScore:
    """How one kind of fact of a draft compares with the gold annotation."""

    kind: str
    matched: int
    drafted: int  # facts of this kind in the draft
    gold: int  # facts of this kind in the gold

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


Group = int  # an actor of one file, numbered in that file
Node = tuple[int, Group]  # (0 for the draft, 1 for the gold; the group): an actor across both files
Key = tuple[str, ...]  # what identifies an actor: ("db", slug), ("id", scheme, value) or ("name", text)
Span = tuple[dt.date | None, dt.date | None]


def _span(when: When | None) -> Span | None:
    if when is None:
        return None
    return (when.start.date if when.start else None, when.end.date if when.end else None)


def _role(text: str) -> str:
    """A post's role, from ``foreign minister`` or a slug's ``foreign-minister``."""
    return normalize(text.replace("-", " ").replace("_", " "))


class _FileActors:
    """The actors of one annotation, each a group of the keys it is known by."""

    def __init__(self, annotation: Annotation, session: Session | None) -> None:
        self.session = session
        self.keys: list[set[Key]] = []
        self.by_slug: dict[str, Group] = {}
        self.by_db: dict[str, Group] = {}
        self.unresolved: dict[str, Group] = {}
        self.names: dict[str, set[Group]] = {}
        self.defined: set[Group] = set()  # the actors of the ``actors:`` section
        for spec in annotation.actors:
            if spec.slug is not None:
                group = self.by_slug.get(spec.slug)
                if group is None:
                    row = self._db_actor_by_slug(spec.slug)
                    group = self.db_group(row) if row is not None else self._new()
                    self.by_slug[spec.slug] = group
                self._add_spec(group, spec)
        self._index()
        for spec in annotation.actors:
            if spec.ref is not None:
                found = self._find(spec.ref)
                if found is None:
                    found = self._new({("name", normalize(spec.ref))})
                self._add_spec(found, spec)
                self.defined.add(found)
        self.defined |= set(self.by_slug.values())
        self._index()

    def group(self, text: str) -> Group:
        """The actor ``text`` refers to; a reference nothing answers is an actor of its own."""
        found = self._find(text)
        if found is not None:
            return found
        name = normalize(text)
        if name not in self.unresolved:
            self.unresolved[name] = self._new()
        return self.unresolved[name]

    def _find(self, text: str) -> Group | None:
        if text in self.by_slug:
            return self.by_slug[text]
        named = self.names.get(normalize(text), set())
        if len(named) == 1:
            return next(iter(named))
        if self.session is None:
            return None
        try:
            return self.db_group(find_actor(self.session, text))
        except NotFoundError:
            return None

    def _new(self, keys: Iterable[Key] = ()) -> Group:
        self.keys.append(set(keys))
        return len(self.keys) - 1

    def _index(self) -> None:
        self.names = defaultdict(set)
        for group, keys in enumerate(self.keys):
            for key in keys:
                if key[0] == "name":
                    self.names[key[1]].add(group)

    def _add_spec(self, group: Group, spec: ActorSpec) -> None:
        names = [spec.name, spec.description, *spec.aliases]
        self.keys[group] |= {("name", normalize(name)) for name in names if name}
        self.keys[group] |= {("id", scheme.value, value) for scheme, value in spec.identifiers}

    def _db_actor_by_slug(self, slug: str) -> Actor | None:
        if self.session is None:
            return None
        return self.session.scalars(select(Actor).where(Actor.slug == slug)).one_or_none()

    def db_group(self, actor: Actor) -> Group:
        if actor.slug in self.by_db:
            return self.by_db[actor.slug]
        assert self.session is not None
        aliases = self.session.scalars(select(ActorAlias.normalized).where(ActorAlias.actor_id == actor.id))
        identifiers = self.session.execute(
            select(ActorIdentifier.scheme, ActorIdentifier.value).where(ActorIdentifier.actor_id == actor.id)
        )
        keys: set[Key] = {("db", actor.slug), *(("name", alias) for alias in aliases)}
        keys |= {("id", scheme.value, value) for scheme, value in identifiers}
        if actor.description:
            keys.add(("name", normalize(actor.description)))
        group = self._new(keys)
        self.by_db[actor.slug] = group
        return group


@dataclass(frozen=True)
class _Event:
    ref: str | None  # the database event it updates, if any
    kind: str | None
    span: Span
    participants: frozenset[tuple[Group, str]]


@dataclass(frozen=True)
class _Facts:
    """One annotation's facts, naming actors by their group in that file."""

    actors: frozenset[Group]
    holdings: frozenset[tuple[Group, str, Group]]
    memberships: frozenset[tuple[Group, Group, str]]
    relations: frozenset[tuple[Group, Group, str]]
    events: tuple[_Event, ...]
    dates: frozenset[Span]
    quotes: tuple[str, ...]


def _event(spec: EventSpec, actors: _FileActors, session: Session | None) -> _Event:
    slug = spec.ref or spec.slug or ""
    row = session.scalars(select(Event).where(Event.slug == slug)).one_or_none() if session else None
    kind = spec.kind or (row.kind if row is not None else None)
    span = _span(spec.when or (row.when if row is not None else None)) or (None, None)
    participants = frozenset(
        (actors.group(name), role.value)
        for participant in spec.participants
        for name in participant.actors
        for role in participant.roles
    )
    ref = spec.ref or (spec.slug if row is not None else None)
    return _Event(ref, kind.value if kind else None, span, participants)


def _post(
    slug: str, annotation: Annotation, actors: _FileActors, session: Session | None
) -> tuple[Group, str]:
    """The post's holder organization and role: from ``posts:``, else the database, else the slug."""
    spec = next((post for post in annotation.posts if post.slug == slug), None)
    of, role = (spec.of, spec.role) if spec else (None, None)
    if (of is None or role is None) and session is not None:
        row = session.scalars(select(Post).where(Post.slug == slug)).one_or_none()
        if row is not None:
            organization = actors.db_group(session.get_one(Actor, row.organization_id))
            return (actors.group(of) if of else organization), _role(role or row.role)
    org_part, _, role_part = slug.partition("/")
    return actors.group(of or org_part), _role(role or role_part)


def _facts(annotation: Annotation, actors: _FileActors, session: Session | None) -> _Facts:
    whens = [spec.when for spec in annotation.events]
    whens += [spec.when for spec in annotation.holdings]
    whens += [spec.when for spec in annotation.memberships]
    whens += [spec.when for spec in annotation.relations]
    spans = [_span(when) for when in whens]
    holdings = set()
    for holding in annotation.holdings:
        of, role = _post(holding.post, annotation, actors, session)
        holdings.add((of, role, actors.group(holding.holder)))
    return _Facts(
        actors=frozenset(actors.defined),
        holdings=frozenset(holdings),
        memberships=frozenset(
            (actors.group(spec.member), actors.group(spec.of), spec.role.value if spec.role else "member")
            for spec in annotation.memberships
        ),
        relations=frozenset(
            (actors.group(spec.subject), actors.group(spec.object), spec.kind.value)
            for spec in annotation.relations
        ),
        events=tuple(_event(spec, actors, session) for spec in annotation.events),
        dates=frozenset(span for span in spans if span is not None),
        quotes=tuple(
            " ".join(quote.text.text.split()) for spec in annotation.events for quote in spec.quotes
        ),
    )


class _Identities:
    """Union-find over both files' actors: nodes sharing a key no two actors of one file share are one."""

    def __init__(self, files: Sequence[_FileActors]) -> None:
        self.parent: dict[Node, Node] = {}
        holders: dict[Key, list[Node]] = defaultdict(list)
        ambiguous: set[Key] = set()
        for index, actors in enumerate(files):
            seen: dict[Key, int] = defaultdict(int)
            for group, keys in enumerate(actors.keys):
                for key in keys:
                    seen[key] += 1
                    holders[key].append((index, group))
            ambiguous |= {key for key, count in seen.items() if count > 1}
        for key, nodes in holders.items():
            if key not in ambiguous:
                for node in nodes[1:]:
                    self._union(nodes[0], node)

    def find(self, node: Node) -> Node:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[node] = root
        return root

    def _union(self, one: Node, other: Node) -> None:
        self.parent[self.find(other)] = self.find(one)


def _set_score(kind: str, drafted: Iterable[object], gold: Iterable[object]) -> KindScore:
    mine, theirs = set(drafted), set(gold)
    return KindScore(kind, len(mine & theirs), len(mine), len(theirs))


def _quotes_match(one: str, other: str) -> bool:
    shorter, longer = sorted((one, other), key=len)
    return shorter == longer or (shorter in longer and len(shorter) >= QUOTE_OVERLAP * len(longer))


def _pair_quotes(drafted: Sequence[str], gold: Sequence[str]) -> int:
    free = list(range(len(gold)))
    matched = 0
    for quote in drafted:
        equal = [j for j in free if gold[j] == quote]
        near = equal or [j for j in free if _quotes_match(quote, gold[j])]
        if near:
            free.remove(near[0])
            matched += 1
    return matched


def _pair_events(
    drafted: Sequence[_Event],
    gold: Sequence[_Event],
    participants: Callable[[int, _Event], frozenset[tuple[Node, str]]],
) -> list[tuple[int, int]]:
    """Pairs (draft index, gold index): same database event first, then same kind and dates."""
    pairs: list[tuple[int, int]] = []
    free = list(range(len(gold)))
    for i, event in enumerate(drafted):
        same = [j for j in free if event.ref is not None and gold[j].ref == event.ref]
        if same:
            free.remove(same[0])
            pairs.append((i, same[0]))
    paired = {i for i, _ in pairs}
    for i, event in enumerate(drafted):
        if i in paired or event.kind is None:
            continue
        candidates = [
            j
            for j in free
            if gold[j].kind == event.kind
            and gold[j].span == event.span
            and (event.ref is None or gold[j].ref is None)
        ]
        if candidates:
            mine = participants(0, event)
            best = max(candidates, key=lambda j: (len(mine & participants(1, gold[j])), -j))
            free.remove(best)
            pairs.append((i, best))
    return pairs


def score(draft: Annotation, gold: Annotation, session: Session | None = None) -> tuple[KindScore, ...]:
    """Precision and recall of ``draft`` against ``gold``, per kind, in KINDS order."""
    files = [_FileActors(draft, session), _FileActors(gold, session)]
    facts = [
        _facts(annotation, actors, session) for annotation, actors in zip((draft, gold), files, strict=True)
    ]
    identities = _Identities(files)

    def node(index: int, group: Group) -> Node:
        return identities.find((index, group))

    def participants(index: int, event: _Event) -> frozenset[tuple[Node, str]]:
        return frozenset((node(index, group), role) for group, role in event.participants)

    def lifted(index: int) -> dict[str, frozenset[tuple[Node | str, ...]]]:
        fact = facts[index]
        return {
            "actors": frozenset((node(index, group),) for group in fact.actors),
            "holdings": frozenset((node(index, of), role, node(index, h)) for of, role, h in fact.holdings),
            "memberships": frozenset(
                (node(index, m), node(index, o), role) for m, o, role in fact.memberships
            ),
            "relations": frozenset((node(index, s), node(index, o), kind) for s, o, kind in fact.relations),
        }

    mine, theirs = lifted(0), lifted(1)
    scores = [
        _set_score(kind, mine[kind], theirs[kind])
        for kind in ("actors", "holdings", "memberships", "relations")
    ]
    drafted_events, gold_events = facts[0].events, facts[1].events
    pairs = _pair_events(drafted_events, gold_events, participants)
    scores.append(KindScore("events", len(pairs), len(drafted_events), len(gold_events)))
    scores.append(
        KindScore(
            "participants",
            sum(len(participants(0, drafted_events[i]) & participants(1, gold_events[j])) for i, j in pairs),
            sum(len(participants(0, event)) for event in drafted_events),
            sum(len(participants(1, event)) for event in gold_events),
        )
    )
    scores.append(_set_score("dates", facts[0].dates, facts[1].dates))
    scores.append(
        KindScore(
            "quotes",
            _pair_quotes(facts[0].quotes, facts[1].quotes),
            len(facts[0].quotes),
            len(facts[1].quotes),
        )
    )
    return tuple(scores)


def rows(scores: Iterable[KindScore]) -> list[dict[str, object]]:
    """One row per kind, for the CLI's renderers."""
    return [
        {
            "kind": item.kind,
            "precision": round(item.precision, 3),
            "recall": round(item.recall, 3),
            "matched": item.matched,
            "drafted": item.drafted,
            "gold": item.gold,
        }
        for item in scores
    ]
