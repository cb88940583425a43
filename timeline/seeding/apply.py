"""Applying an annotation to the database: upserts by natural key, with evidence for every fact row.

Rules when a fact already exists (documented in seeds/README.md):

- A value the annotation states fills an empty field. It replaces a different value only if this source is
  at least as recent as the one that last set the row (publication date, then seeding order).
- A date never becomes vaguer: a span replaces the stored one if it is no coarser and this source is at
  least as recent, or if it is strictly sharper.
- A name never disappears: every name an actor had stays among its aliases.
- Evidence, participants, topics, aliases and identifiers are only ever added.
"""

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from timeline.dates import When, format_when
from timeline.errors import InputError, NotFoundError
from timeline.models import (
    FACT_COLUMNS,
    Actor,
    ActorAlias,
    ActorIdentifier,
    ActorRelation,
    Base,
    Event,
    EventParticipant,
    EventTopic,
    Evidence,
    Meeting,
    MeetingSeries,
    Membership,
    Place,
    Post,
    PostHolding,
    Quote,
    Source,
    Statement,
)
from timeline.models.base import DateSpan
from timeline.models.events import sort_day
from timeline.models.limits import value_problem
from timeline.queries.actors import find_actor, normalize
from timeline.seeding.annotation import (
    ActorSpec,
    Annotation,
    At,
    EventSpec,
    QuoteSpec,
    read_document,
)
from timeline.vocab import EventKind, MembershipRole

M = TypeVar("M", bound=Base)


@dataclass
class SeedReport:
    """What seeding one annotation did, row counts by table."""

    path: Path
    source_slug: str
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    changes: list["Change"] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One field of a stored row that seeding changes: what ``timeline seed --dry-run`` lists."""

    table: str
    row: str  # the row's slug, or table#id
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.table} {self.row}: {self.field} {self.old} → {self.new}"


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_LOOSE = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}
_LOOSE |= dict.fromkeys("-–—", "[-–—]")


def _near_miss(document: str, quote: str) -> str:
    """Where the quote matches the document but for quotation marks, dashes or spaces, name the difference."""
    pattern = "".join(r"\s+" if char.isspace() else _LOOSE.get(char, re.escape(char)) for char in quote)
    match = re.search(pattern, document)
    if match is None:
        return ""
    found = match.group()
    for offset, (mine, theirs) in enumerate(zip(quote, found, strict=False)):
        if mine != theirs:
            return (
                f" (the document has {unicodedata.name(theirs, '?')} U+{ord(theirs):04X} where the quote has "
                f"{unicodedata.name(mine, '?')} at character {offset + 1}; "
                f"in YAML write it as \\u{ord(theirs):04x} inside double quotes)"
            )
    return ""


def locate(document: str, quote: QuoteSpec, document_name: str) -> tuple[int, int]:
    """The character offsets of the quoted words in the document; an error if absent or ambiguous."""
    starts = []
    position = document.find(quote.text)
    while position != -1:
        starts.append(position)
        position = document.find(quote.text, position + 1)
    if not starts:
        raise quote.at.error(
            f"quote not found in {document_name}: {_shorten(quote.text)!r}{_near_miss(document, quote.text)}"
        )
    if quote.occurrence is not None:
        if quote.occurrence > len(starts):
            raise quote.at.error(
                f"quote {_shorten(quote.text)!r} occurs {len(starts)} time(s), not {quote.occurrence}"
            )
        start = starts[quote.occurrence - 1]
    elif len(starts) > 1:
        raise quote.at.error(
            f"quote {_shorten(quote.text)!r} occurs {len(starts)} times in {document_name}: "
            f"quote more words, or add occurrence: 1 to {len(starts)}"
        )
    else:
        start = starts[0]
    return start, start + len(quote.text)


class _Seeder:
    def __init__(self, session: Session, annotation: Annotation) -> None:
        self.session = session
        self.annotation = annotation
        self.report = SeedReport(annotation.path, annotation.source.slug)
        self._source_order: dict[int, tuple[Any, int]] = {}
        self._event_is_newer: dict[int, bool] = {}
        self._given: dict[tuple[str, str], At] = {}  # (table, slug): the entry that gave it

    # -- bookkeeping -------------------------------------------------------------------------------------

    def _created(self, row: Base, at: At) -> None:
        _check_values(row, at)
        self.session.add(row)
        self.session.flush()
        self.report.created[type(row).__tablename__] += 1

    def _by_slug(self, model: type[M], slug: str) -> M | None:
        """The row whose slug is ``slug``, exactly: MariaDB's collation would also find 'Mali' for 'mali'."""
        row = self.session.scalars(select(model).where(model.slug == slug)).one_or_none()  # type: ignore[attr-defined]
        return row if row is not None and row.slug == slug else None  # type: ignore[attr-defined]

    def _entry(self, model: type[M], slug: str, at: At) -> M | None:
        """The row the entry at ``at`` updates, or None if it makes a new one.

        One entry per row in an annotation: a second entry with the same slug would merge into the first
        unseen. A new row's slug is lower-case ASCII, so that no two slugs differing only in case or
        accents, which MariaDB's collation holds equal, are ever stored.
        """
        table = model.__tablename__
        first = self._given.get((table, slug))
        if first is not None:
            raise at.error(
                f"{_WHAT.get(table, table)} {slug!r} is already given at line {first.line}: merge the two "
                "entries, or give this one a slug of its own"
            )
        self._given[(table, slug)] = at
        row = self._by_slug(model, slug)
        if row is None:
            if not _SLUG.fullmatch(slug):
                raise at.error(
                    f"slug {slug!r} is not lower-case ASCII without spaces (say {_as_slug(slug)!r}): "
                    "slugs differing only in case or accents are one slug on MariaDB"
                )
            stored = self.session.scalars(select(model.slug).where(model.slug == slug)).first()  # type: ignore[attr-defined]
            if stored is not None:  # MariaDB: a stored slug its collation holds equal to this one
                raise at.error(
                    f"slug {slug!r} and the stored {stored!r} differ only in case or accents, and are one "
                    f"slug on MariaDB: write {stored!r}"
                )
        return row

    def _is_newer(self, row: Any) -> bool:
        """Whether this source may replace the values of ``row``: it is at least as recent."""
        previous = row.updated_by_source_id
        if previous is None or previous == self.source.id:
            return True
        if previous not in self._source_order:
            other = self.session.get_one(Source, previous)
            self._source_order[previous] = (other.published_date, other.id)
        return (self.source.published_date, self.source.id) >= self._source_order[previous]

    def _assign(self, row: Any, at: At, *, newer: bool | None = None, **values: Any) -> bool:
        """Set the stated values on ``row`` by the rules above; count and stamp the row if it changed.

        ``newer`` defaults to whether this source is at least as recent as the row's; detail rows
        (a meeting, a statement) pass their event's.
        """
        if newer is None:
            newer = self._is_newer(row)
        changed = False
        for name, value in values.items():
            if name == "when":
                old_when = row.when
                if self._assign_when(row, value, newer):
                    self._record(row, "date", format_when(old_when), format_when(row.when))
                    changed = True
                continue
            if value is None:
                continue
            current = getattr(row, name)
            if current != value and (current is None or newer):
                setattr(row, name, value)
                self._record(row, name, _shown(current), _shown(value))
                changed = True
        if changed:
            _check_values(row, at)
            if hasattr(row, "updated_by_source_id"):
                row.updated_by_source_id = self.source.id
            self.report.updated[type(row).__tablename__] += 1
        return changed

    def _record(self, row: Any, name: str, old: str, new: str) -> None:
        slug = (
            getattr(row, "slug", None)
            or f"{type(row).__tablename__}#{getattr(row, 'id', None) or row.event_id}"
        )
        self.report.changes.append(Change(type(row).__tablename__, slug, name, old, new))

    @staticmethod
    def _assign_when(row: DateSpan, when: When | None, newer: bool) -> bool:
        if when is None:
            return False
        old = row.when
        if old == when:
            return False
        sharper = old is not None and old.is_coarser_than(when) and not when.is_coarser_than(old)
        if old is None or (newer and not when.is_coarser_than(old)) or sharper:
            row.when = when
            return True
        return False

    def _evidence(self, quotes: tuple[QuoteSpec, ...], row: Base) -> None:
        column = FACT_COLUMNS[row.__tablename__]
        for quote in quotes:
            start, end = locate(self.source.text, quote, self.document_name)
            exists = self.session.scalars(
                select(Evidence.id).where(
                    getattr(Evidence, column) == row.id,  # type: ignore[attr-defined]
                    Evidence.source_id == self.source.id,
                    Evidence.char_start == start,
                    Evidence.char_end == end,
                )
            ).first()
            if exists is None:
                evidence = Evidence(source_id=self.source.id, char_start=start, char_end=end, text=quote.text)
                setattr(evidence, column, row.id)  # type: ignore[attr-defined]
                self._created(evidence, quote.at)

    def _actor(self, ref: str, at: At) -> Actor:
        try:
            return find_actor(self.session, ref)
        except NotFoundError as error:
            raise at.error(str(error)) from None

    # -- sections ----------------------------------------------------------------------------------------

    def run(self) -> SeedReport:
        self.source = self._source()
        for actor in self.annotation.actors:
            self._upsert_actor(actor)
        self._places()
        self._series_and_posts()
        self._holdings_memberships_relations()
        events = [self._upsert_event(spec) for spec in self.annotation.events]
        for spec, event in zip(self.annotation.events, events, strict=True):
            self._event_details(spec, event)
        return self.report

    def _source(self) -> Source:
        spec = self.annotation.source
        self.document_name = spec.document.name
        text, digest = read_document(spec)
        values = {
            "title": spec.title,
            "publisher": spec.publisher,
            "wire_service": spec.wire_service,
            "author": spec.author,
            "url": spec.url,
            "language": spec.language,
            "published_date": spec.published.date,
            "published_precision": spec.published.precision,
            "published_certainty": spec.published_certainty,
            "published_note": spec.published_note,
            "file_name": spec.document.name,
        }
        source = self._entry(Source, spec.slug, spec.at)
        if source is None:
            clash = self.session.scalars(select(Source.slug).where(Source.sha256 == digest)).first()
            if clash is not None:
                raise spec.at.error(
                    f"the document {spec.document.name} is already seeded as source {clash!r}"
                )
            source = Source(slug=spec.slug, sha256=digest, text=text, **values)
            self._created(source, spec.at)
            return source
        if source.sha256 != digest:
            raise spec.at.error(
                f"the document {spec.document.name} changed since it was seeded as source {spec.slug!r} "
                f"(sha256 {source.sha256[:12]}… is now {digest[:12]}…): its evidence would no longer match; "
                "restore the seeded text or annotate the new text under a new source slug"
            )
        # The annotation is the authority on its own document's metadata.
        changed = False
        for name, value in values.items():
            if getattr(source, name) != value:
                setattr(source, name, value)
                changed = True
        if changed:
            _check_values(source, spec.at)
            self.report.updated["source"] += 1
        return source

    def _upsert_actor(self, spec: ActorSpec) -> None:
        actor = self._entry(Actor, spec.slug, spec.at) if spec.slug else self._actor(spec.ref or "", spec.at)
        if spec.slug is None and actor is not None:
            self._entry(Actor, actor.slug, spec.at)  # one entry per actor, whether by slug or by name
        if actor is None:
            if spec.kind is None:
                raise spec.at.error(f"new actor {spec.slug!r} needs 'kind'")
            if spec.name is None and spec.description is None:
                raise spec.at.error(
                    f"new actor {spec.slug!r} needs 'name' or, if known only by post, 'description'"
                )
            actor = Actor(
                slug=spec.slug,
                kind=spec.kind,
                name=spec.name,
                description=spec.description,
                updated_by_source_id=self.source.id,
            )
            self._created(actor, spec.at)
        else:
            if spec.kind is not None and spec.kind != actor.kind:
                raise spec.at.error(f"actor {actor.slug!r} is a {actor.kind.value}, not a {spec.kind.value}")
            self._assign(actor, spec.at, name=spec.name, description=spec.description)

        stored = self.session.scalars(select(ActorAlias.alias).where(ActorAlias.actor_id == actor.id))
        known = {_alias_key(alias) for alias in stored}
        for alias in (spec.name, *spec.aliases):
            # "ASEAN" and "Asean", "Traoré" and "Traore" are one alias: MariaDB's collation says so, and
            # every backend keeps the same rows, so a database moves between them.
            if alias and _alias_key(alias) not in known:
                known.add(_alias_key(alias))
                self._created(
                    ActorAlias(actor_id=actor.id, alias=alias, normalized=normalize(alias)), spec.at
                )
        for scheme, value in spec.identifiers:
            self._identifier(actor, scheme, value, spec.at)
        self._evidence(spec.evidence, actor)

    def _identifier(self, actor: Actor, scheme: Any, value: str, at: At) -> None:
        held = self.session.scalars(
            select(ActorIdentifier).where(ActorIdentifier.scheme == scheme, ActorIdentifier.value == value)
        ).first()
        if held is not None:
            if held.actor_id != actor.id:
                other = self.session.get_one(Actor, held.actor_id)
                raise at.error(f"{scheme.value} {value} already identifies actor {other.slug!r}")
            return
        mine = self.session.scalars(
            select(ActorIdentifier).where(
                ActorIdentifier.actor_id == actor.id, ActorIdentifier.scheme == scheme
            )
        ).first()
        if mine is not None:
            raise at.error(f"actor {actor.slug!r} already has {scheme.value} {mine.value}, not {value}")
        self._created(ActorIdentifier(actor_id=actor.id, scheme=scheme, value=value), at)

    def _places(self) -> None:
        for spec in self.annotation.places:
            country = self._actor(spec.country, spec.at).id if spec.country else None
            place = self._entry(Place, spec.slug, spec.at)
            if place is None:
                if spec.name is None:
                    raise spec.at.error(f"new place {spec.slug!r} needs 'name'")
                self._created(
                    Place(
                        slug=spec.slug,
                        name=spec.name,
                        country_id=country,
                        wikidata=spec.wikidata,
                        updated_by_source_id=self.source.id,
                    ),
                    spec.at,
                )
            else:
                self._assign(place, spec.at, name=spec.name, country_id=country, wikidata=spec.wikidata)

    def _series_and_posts(self) -> None:
        for series_spec in self.annotation.series:
            series = self._entry(MeetingSeries, series_spec.slug, series_spec.at)
            if series is None:
                if series_spec.name is None:
                    raise series_spec.at.error(f"new series {series_spec.slug!r} needs 'name'")
                self._created(
                    MeetingSeries(
                        slug=series_spec.slug, name=series_spec.name, updated_by_source_id=self.source.id
                    ),
                    series_spec.at,
                )
            else:
                self._assign(series, series_spec.at, name=series_spec.name)
        for spec in self.annotation.posts:
            post = self._entry(Post, spec.slug, spec.at)
            organization = self._actor(spec.of, spec.at) if spec.of else None
            if post is None:
                if organization is None or spec.role is None:
                    raise spec.at.error(f"new post {spec.slug!r} needs 'of' (the state or body) and 'role'")
                self._one_post_per_role(organization, spec.role, None, spec.at)
                label = spec.label or f"{spec.role.title()} of {organization.display_name}"
                self._created(
                    Post(
                        slug=spec.slug,
                        organization_id=organization.id,
                        role=spec.role,
                        label=label,
                        updated_by_source_id=self.source.id,
                    ),
                    spec.at,
                )
            else:
                if organization is not None or spec.role is not None:
                    owner = organization or self.session.get_one(Actor, post.organization_id)
                    self._one_post_per_role(owner, spec.role or post.role, post.id, spec.at)
                self._assign(
                    post,
                    spec.at,
                    organization_id=organization.id if organization else None,
                    role=spec.role,
                    label=spec.label,
                )

    def _one_post_per_role(self, organization: Actor, role: str, post_id: int | None, at: At) -> None:
        """A state or body has one post per role, compared as MariaDB compares them: "Foreign Minister"
        and "foreign minister" are one role on every backend."""
        posts = self.session.execute(
            select(Post.id, Post.slug, Post.role).where(Post.organization_id == organization.id)
        )
        for other_id, slug, other_role in posts:
            if other_id != post_id and _alias_key(other_role) == _alias_key(role):
                raise at.error(f"{organization.slug!r} already has the post {other_role!r}, as {slug!r}")

    def _upsert_dated(
        self,
        model: type[M],
        slug: str,
        at: At,
        fields: dict[str, Any],
        when: When | None,
        evidence: tuple[QuoteSpec, ...],
    ) -> M:
        row = self._entry(model, slug, at)
        if row is None:
            row = model(
                slug=slug,
                updated_by_source_id=self.source.id,
                **{k: v for k, v in fields.items() if v is not None},
            )
            row.when = when  # type: ignore[attr-defined]
            self._created(row, at)
        else:
            self._assign(row, at, when=when, **fields)
        self._evidence(evidence, row)
        return row

    def _holdings_memberships_relations(self) -> None:
        for holding in self.annotation.holdings:
            post = self._by_slug(Post, holding.post)
            if post is None:
                raise holding.at.error(
                    f"unknown post {holding.post!r}: define it under 'posts' or use an existing post slug"
                )
            holder = self._actor(holding.holder, holding.at)
            slug = holding.slug or f"{holder.slug}@{post.slug}"
            self._upsert_dated(
                PostHolding,
                slug,
                holding.at,
                {"post_id": post.id, "holder_id": holder.id},
                holding.when,
                holding.evidence,
            )
        for membership in self.annotation.memberships:
            member = self._actor(membership.member, membership.at)
            organization = self._actor(membership.of, membership.at)
            if member.id == organization.id:
                raise membership.at.error(f"actor {member.slug!r} cannot be a member of itself")
            slug = membership.slug or f"{member.slug}@{organization.slug}"
            fields: dict[str, Any] = {
                "member_id": member.id,
                "organization_id": organization.id,
                "role": membership.role,
            }
            if self._by_slug(Membership, slug) is None:
                fields["role"] = membership.role or MembershipRole.member
            self._upsert_dated(Membership, slug, membership.at, fields, membership.when, membership.evidence)
        for relation in self.annotation.relations:
            subject = self._actor(relation.subject, relation.at)
            obj = self._actor(relation.object, relation.at)
            if subject.id == obj.id:
                raise relation.at.error(f"a relation needs two different actors, not {subject.slug!r} twice")
            slug = relation.slug or f"{subject.slug}:{relation.kind.value}:{obj.slug}"
            relation_fields: dict[str, Any] = {
                "subject_id": subject.id,
                "object_id": obj.id,
                "kind": relation.kind,
                "description": relation.description,
            }
            self._upsert_dated(
                ActorRelation, slug, relation.at, relation_fields, relation.when, relation.evidence
            )

    def _upsert_event(self, spec: EventSpec) -> Event:
        slug = spec.slug or spec.ref or ""
        event = self._by_slug(Event, slug)
        if event is None and spec.ref is not None:
            raise spec.at.error(f"unknown event {spec.ref!r}: no event has this slug")
        place = None
        if spec.place is not None:
            place_row = self._by_slug(Place, spec.place)
            if place_row is None:
                raise spec.at.error(f"unknown place {spec.place!r}: define it under 'places'")
            place = place_row.id
        kind = spec.kind or (event.kind if event else None)
        if kind is None or (event is None and (spec.title is None or spec.status is None)):
            raise spec.at.error(f"new event {slug!r} needs 'kind', 'title' and 'status'")
        if event is not None and spec.kind is not None and spec.kind != event.kind:
            raise spec.at.error(f"event {slug!r} is a {event.kind.value}, not a {spec.kind.value}")
        if kind is not EventKind.meeting and (spec.series or spec.session or spec.session_label):
            raise spec.at.error("'series', 'session' and 'session_label' apply only to meetings")
        if kind is not EventKind.statement and (spec.statement_kind or spec.concerns or spec.quotes):
            raise spec.at.error("'statement_kind', 'concerns' and 'quotes' apply only to statements")

        fields = {
            "kind": kind,
            "category": spec.category,
            "title": spec.title,
            "description": spec.description,
            "status": spec.status,
            "place_id": place,
        }
        newer = event is None or self._is_newer(event)  # before the upsert stamps the row
        event = self._upsert_dated(Event, slug, spec.at, fields, spec.when, spec.evidence)
        self._event_is_newer[event.id] = newer
        return event

    def _event_details(self, spec: EventSpec, event: Event) -> None:
        if event.kind is EventKind.meeting:
            self._meeting(spec, event)
        if event.kind is EventKind.statement:
            self._statement(spec, event)
        # Written with the row, so the database's trigger need not fill it in afterwards.
        sort_date = sort_day(event.start_date, event.end_date, event.end_precision)
        for participant in spec.participants:
            for ref in participant.actors:
                actor = self._actor(ref, participant.at)
                for role in participant.roles:
                    row = self.session.scalars(
                        select(EventParticipant).where(
                            EventParticipant.event_id == event.id,
                            EventParticipant.actor_id == actor.id,
                            EventParticipant.role == role,
                        )
                    ).first()
                    if row is None:
                        row = EventParticipant(
                            event_id=event.id, actor_id=actor.id, role=role, event_sort_date=sort_date
                        )
                        self._created(row, participant.at)
                    self._evidence(participant.evidence, row)
        for topic in spec.topics:
            # "Defence" and "defence" are one topic of an event on every backend, as on MariaDB.
            topic_row = next(
                (
                    stored
                    for stored in self.session.scalars(
                        select(EventTopic).where(EventTopic.event_id == event.id)
                    )
                    if _alias_key(stored.topic) == _alias_key(topic.name)
                ),
                None,
            )
            if topic_row is None:
                topic_row = EventTopic(event_id=event.id, topic=topic.name)
                self._created(topic_row, topic.at)
            self._evidence(topic.evidence, topic_row)

    def _meeting(self, spec: EventSpec, event: Event) -> None:
        series = None
        if spec.series is not None:
            series_row = self._by_slug(MeetingSeries, spec.series)
            if series_row is None:
                raise spec.at.error(f"unknown series {spec.series!r}: define it under 'series'")
            series = series_row.id
        meeting = self.session.get(Meeting, event.id)
        values = {"series_id": series, "session_number": spec.session, "session_label": spec.session_label}
        if meeting is None:
            self._created(Meeting(event_id=event.id, **values), spec.at)
        else:
            self._assign(meeting, spec.at, newer=self._event_is_newer[event.id], **values)

    def _statement(self, spec: EventSpec, event: Event) -> None:
        concerns = None
        if spec.concerns is not None:
            concerned = self._by_slug(Event, spec.concerns)
            if concerned is None:
                raise spec.at.error(f"unknown event {spec.concerns!r} in 'concerns'")
            concerns = concerned.id
        statement = self.session.get(Statement, event.id)
        if statement is None:
            if spec.statement_kind is None:
                raise spec.at.error(f"new statement {event.slug!r} needs 'statement_kind'")
            statement = Statement(
                event_id=event.id, statement_kind=spec.statement_kind, concerns_event_id=concerns
            )
            self._created(statement, spec.at)
        else:
            self._assign(
                statement,
                spec.at,
                newer=self._event_is_newer[event.id],
                statement_kind=spec.statement_kind,
                concerns_event_id=concerns,
            )
        for quote_spec in spec.quotes:
            locate(self.source.text, quote_spec.text, self.document_name)
            slug = (
                quote_spec.slug
                or f"{event.slug}#{hashlib.sha256(quote_spec.text.text.encode()).hexdigest()[:12]}"
            )
            speaker = self._actor(quote_spec.speaker, quote_spec.at).id if quote_spec.speaker else None
            quote = self._entry(Quote, slug, quote_spec.at)
            if quote is None:
                quote = Quote(slug=slug, statement_id=event.id, text=quote_spec.text.text, speaker_id=speaker)
                self._created(quote, quote_spec.at)
            elif quote.statement_id != event.id:
                raise quote_spec.at.error(f"quote slug {slug!r} belongs to another statement")
            self._evidence((quote_spec.text,), quote)


# A new slug: lower-case ASCII letters, digits and punctuation, no spaces. No two such slugs are equal
# under MariaDB's case- and accent-insensitive collations, so every backend keeps the same slugs apart.
_SLUG = re.compile(r"[!-@\[-~]+")

# What each table's rows are called in messages.
_WHAT = {"actor_relation": "relation", "post_holding": "holding", "meeting_series": "series"}


def _as_slug(text: str) -> str:
    """``text`` written as a slug may be: lower-case ASCII, accents dropped, spaces as hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(char for char in decomposed if char.isascii() and not unicodedata.combining(char))
    return re.sub(r"[^!-@\[-~]+", "-", ascii_text).strip("-") or "-"


def _check_values(row: Base, at: At) -> None:
    """Refuse, naming the annotation's line, a value some backend would not store (see models.limits)."""
    for key, column in inspect(type(row)).columns.items():
        problem = value_problem(column, getattr(row, key, None))
        if problem is not None:
            raise at.error(f"{column.name} {problem}")


def _alias_key(alias: str) -> str:
    """An alias compared as MariaDB's case- and accent-insensitive collation compares it."""
    decomposed = unicodedata.normalize("NFKD", normalize(alias))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, Enum):
        return str(value.value)
    return repr(value) if isinstance(value, str) else str(value)


def seed_annotation(session: Session, annotation: Annotation) -> SeedReport:
    """Apply one annotation inside the caller's transaction. Raises InputError on the first problem."""
    return _Seeder(session, annotation).run()


__all__ = ["InputError", "SeedReport", "locate", "seed_annotation"]
