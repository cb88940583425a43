"""Composing the annotation: the drafted facts in the documented format, linked to what the database holds.

Every quote is located in the document by the same code as ``timeline seed`` (words occurring more than once
get their ``occurrence``); stored places, series, posts and events are referred to by slug instead of being
defined again; a fact the drafter doubts is written commented out with its reason above it.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from timeline.dates import resolve
from timeline.drafting.datefind import DateMention
from timeline.drafting.document import Document
from timeline.drafting.emit import Writer
from timeline.drafting.facts import DraftEvent, Facts
from timeline.drafting.lexicon import lexicon
from timeline.drafting.names import Cast, DraftActor
from timeline.drafting.officials import Officials
from timeline.errors import InputError
from timeline.models import Actor, Event, EventParticipant, MeetingSeries, Place, Source
from timeline.queries.actors import normalize
from timeline.seeding.annotation import At, QuoteSpec
from timeline.seeding.apply import locate
from timeline.slugs import slugify
from timeline.vocab import EventKind, EventStatus

Fields = dict[str, object]

_CANDIDATE = re.compile(r"(?<![\w])(?:[A-Z][\w'’-]+(?:\s+(?:of|for|de|al|bin)\s+|\s+)){1,4}[A-Z][\w'’-]+")
_ORGANIZATION_WORDS = re.compile(
    r"\b(?:Group|Ministry|Council|Company|Agency|Bank|Party|Front|Movement|Army|Forces|Institute|Commission|"
    r"Committee|Organi[sz]ation|Corporation|Union|Alliance|Fund|Court|Parliament|Assembly|Brigade|Network)\b"
)
_SENTENCE_OPENERS = {"The", "This", "That", "According", "While", "As", "In", "On", "At", "After", "But"}
_TITLE_LENGTH = 150
_WEEKDAY = re.compile(r"(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")


@dataclass
class Item:
    """One entry of a section: its fields, why the drafter doubts it (if it does), and whether it is
    written commented out."""

    fields: Fields
    note: str | None = None
    commented: bool = False


@dataclass
class Sections:
    holdings: list[Item] = field(default_factory=list)
    memberships: list[Item] = field(default_factory=list)
    relations: list[Item] = field(default_factory=list)
    events: list[Item] = field(default_factory=list)


class Composer:
    def __init__(
        self,
        document: Document,
        document_name: str,
        cast: Cast,
        officials: Officials,
        facts: Facts,
        session: Session | None,
        published: dt.date | None,
    ) -> None:
        self.document = document
        self.name = document_name
        self.cast = cast
        self.officials = officials
        self.facts = facts
        self.session = session
        self.published = published

    # -- evidence ----------------------------------------------------------------------------------------

    def quote(self, span: tuple[int, int]) -> object | None:
        """The words at ``span`` as evidence, with their occurrence when they appear more than once; None if
        the words do not locate as ``timeline seed`` locates them (the fact is then left out)."""
        text = self.document.text
        words = text[span[0] : span[1]].strip()
        if not words:
            return None
        start = text.index(words, span[0])
        occurrence = self._occurrence(start, start + len(words))
        try:
            locate(text, QuoteSpec(words, occurrence, At(Path(self.name), 0)), self.name)
        except InputError:
            return None
        return {"quote": words, "occurrence": occurrence} if occurrence else words

    def quotes(self, spans: list[tuple[int, int]]) -> object | None:
        found = [q for q in (self.quote(span) for span in spans) if q is not None]
        if not found:
            return None
        return found[0] if len(found) == 1 else found

    def _occurrence(self, start: int, end: int) -> int | None:
        """Which occurrence of its words ``start:end`` is, counted as ``locate`` counts (overlaps too)."""
        text = self.document.text
        words = text[start:end]
        positions = []
        position = text.find(words)
        while position != -1:
            positions.append(position)
            position = text.find(words, position + 1)
        return positions.index(start) + 1 if len(positions) > 1 else None

    # -- the annotation ----------------------------------------------------------------------------------

    def write(self, title: str | None) -> str:
        out = Writer()
        out.comment(
            f"Drafted by `timeline draft` from {self.name}. Review it: delete what is wrong, correct what\n"
            "is close, and uncomment (remove the leading '# ') the commented facts that are right; then\n"
            "`timeline seed --dry-run` this file to see what it would change. The format: seeds/README.md."
        )
        if self.published is None:
            out.comment(
                "NO PUBLICATION DATE: the document gives no full date. Fill in `published:` below\n"
                "(YYYY-MM-DD); `timeline seed` refuses the file until then."
            )
        out.blank()
        self._source(out, title)
        sections = Sections(self._holdings(), self._memberships(), self._relations(), self._events())
        out.blank()
        self._actors(out)
        self._candidates(out)
        self._places_series_posts(out)
        for name, items in (
            ("holdings", sections.holdings),
            ("memberships", sections.memberships),
            ("relations", sections.relations),
            ("events", sections.events),
        ):
            if items:
                out.blank()
                out.section(name)
                for item in items:
                    out.item(item.fields, note=item.note, commented=item.commented)
        return out.text()

    def _source(self, out: Writer, title: str | None) -> None:
        out.section("source")
        seeded = self._seeded_as()
        if seeded is not None:
            out.comment(f"this document is already seeded as source {seeded!r}", 2)
            out.field("slug", seeded)
        out.field("document", self.name)
        out.field("title", title or self.name)
        if self.published is None:
            out.lines.append("  published: null  # FILL IN the publication date, YYYY-MM-DD")
        else:
            out.lines.append(f"  published: {self.published.isoformat()}")

    def _seeded_as(self) -> str | None:
        if self.session is None:
            return None
        import hashlib

        digest = hashlib.sha256(self.document.text.encode("utf-8")).hexdigest()
        return self.session.scalars(select(Source.slug).where(Source.sha256 == digest)).first()

    # -- actors ------------------------------------------------------------------------------------------

    def _actors(self, out: Writer) -> None:
        out.section("actors")
        for actor in sorted(self.cast.actors.values(), key=self._first_named):
            evidence = self.quotes(actor.evidence[:1] or self._first_words(actor.key))
            if evidence is None:
                continue
            out.item(self._actor_fields(actor, evidence), note=actor.comment)

    def _actor_fields(self, actor: DraftActor, evidence: object) -> Fields:
        if actor.existing:  # adds evidence (and perhaps a name) to the stored actor
            return {"ref": actor.key, "name": actor.new_name, "evidence": evidence}
        aliases = []
        seen = {normalize(actor.name or "")}
        for alias in actor.aliases or self.cast.forms.get(actor.key, []):
            if normalize(alias) not in seen:  # "ASEAN" and "Asean" are one alias
                seen.add(normalize(alias))
                aliases.append(alias)
        return {
            "slug": actor.key,
            "kind": actor.kind.value,
            "name": actor.name,
            "description": actor.description,
            "aliases": aliases,
            "identifiers": {scheme.value: value for scheme, value in actor.identifiers},
            "evidence": evidence,
        }

    def _first_named(self, actor: DraftActor) -> int:
        return min(
            (
                m.start
                for m in (*self.cast.raw, *self.cast.mentions)
                if actor.key in m.keys and m.form != "reference"
            ),
            default=len(self.document.text),
        )

    def _first_words(self, key: str) -> list[tuple[int, int]]:
        """Where the text first names an actor in a sentence (not a heading), by name before by capital."""
        mentions = [
            m
            for m in (*self.cast.raw, *self.cast.mentions)
            if key in m.keys and m.form != "reference" and not self._in_heading(m.start)
        ]
        mentions.sort(key=lambda m: (m.form == "capital", m.start))
        return [(mentions[0].start, mentions[0].end)] if mentions else []

    def _in_heading(self, position: int) -> bool:
        sentence = self.document.sentence_at(position)
        return sentence is not None and sentence.heading

    def _candidates(self, out: Writer) -> None:
        """Capitalised names that match nothing known: commented candidates, never facts."""
        text = self.document.text
        found: dict[str, int] = {}
        for sentence in self.document.sentences:
            if sentence.heading:
                continue
            for match in _CANDIDATE.finditer(text, sentence.start, sentence.end):
                if any(m.start < match.end() and match.start() < m.end for m in self.cast.mentions):
                    continue
                words = re.sub(r"['’]s$", "", match.group())
                opening = match.start() == sentence.start and len(words.split()) < 3
                if opening or words.split()[0] in _SENTENCE_OPENERS or lexicon().regions.fullmatch(words):
                    continue
                if re.search(
                    r"(?i)\b(?:in|to|at|from|near|of)\s+(?:the\s+)?$",
                    text[max(0, match.start() - 9) : match.start()],
                ):
                    continue  # a place: places are drafted with the events they host
                found.setdefault(words, match.start())
        if not found:
            return
        out.comment(
            "Names that match no actor the database or the gazetteer knows: uncomment those that are\n"
            "actors (and check kind and name).",
            2,
        )
        for words, start in found.items():
            evidence = self.quote((start, start + len(words)))
            if evidence is not None:
                kind = "organization" if _ORGANIZATION_WORDS.search(words) else "person"
                fields: Fields = {"slug": slugify(words), "kind": kind, "name": words, "evidence": evidence}
                out.item(fields, commented=True)

    # -- places, series, posts ---------------------------------------------------------------------------

    def _places_series_posts(self, out: Writer) -> None:
        places = [
            {"slug": slugify(name) or "place", "name": name, "country": country}
            for name, country in self.facts.places.items()
            if self._stored_place(name) is None
        ]
        series: list[Fields] = []
        for event in self.facts.events:
            if event.series and self._stored_series(event.series) is None:
                entry: Fields = {"slug": slugify(event.series), "name": event.series}
                if entry not in series:
                    series.append(entry)
        guessed = {h.post for h in self.officials.holdings if h.guessed}
        sure = {h.post for h in self.officials.holdings if not h.guessed}
        posts = [
            Item({"slug": post.key, "of": post.of, "role": post.role}, commented=post.key in guessed - sure)
            for post in self.officials.posts.values()
            if not post.existing
        ]
        for name, entries in (("places", places), ("series", series)):
            if entries:
                out.blank()
                out.section(name)
                for fields in entries:
                    out.item(fields)
        if posts:
            out.blank()
            out.section("posts")
            for item in posts:
                out.item(item.fields, commented=item.commented)

    def _stored_place(self, name: str) -> str | None:
        if self.session is None:
            return None
        return self.session.scalars(select(Place.slug).where(Place.name == name)).first()

    def _stored_series(self, name: str) -> str | None:
        if self.session is None:
            return None
        return self.session.scalars(
            select(MeetingSeries.slug).where(
                or_(MeetingSeries.name == name, MeetingSeries.slug == slugify(name))
            )
        ).first()

    # -- holdings, memberships, relations ----------------------------------------------------------------

    def _holdings(self) -> list[Item]:
        items = []
        for holding in self.officials.holdings:
            evidence = self.quotes(holding.evidence)
            if evidence is not None:
                fields: Fields = {"post": holding.post, "holder": holding.holder, "evidence": evidence}
                items.append(Item(fields, holding.comment, holding.guessed))
        return items

    def _memberships(self) -> list[Item]:
        items = []
        for membership in self.facts.memberships:
            evidence = self.quote(membership.span)
            if evidence is not None:
                fields: Fields = {
                    "member": membership.member,
                    "of": membership.of,
                    "role": membership.role.value,
                    "since": date_field(membership.since),
                    "until": date_field(membership.until),
                    "evidence": evidence,
                }
                items.append(Item(fields, membership.doubt, membership.doubt is not None))
        return items

    def _relations(self) -> list[Item]:
        items = []
        for relation in self.facts.relations:
            evidence = self.quote(relation.span)
            if evidence is not None:
                fields: Fields = {
                    "subject": relation.subject,
                    "object": relation.object,
                    "kind": relation.kind.value,
                    "since": date_field(relation.since),
                    "evidence": evidence,
                }
                items.append(Item(fields))
        return items

    # -- events ------------------------------------------------------------------------------------------

    def _events(self) -> list[Item]:
        items = []
        slugs: set[str] = set()
        for event in self.facts.events:
            evidence = self.quotes(event.evidence)
            if evidence is None:
                continue
            stored = self._stored_event(event)
            note = f"undated in the text: {event.when_explicit[1]}" if event.when_explicit else None
            fields: Fields
            if stored is not None:
                event.ref = stored
                note = f"the database's event {stored!r}: this document adds to it"
                fields = {
                    "ref": stored,
                    "status": event.status.value,
                    "when": self._when(event),
                    "evidence": evidence,
                }
            else:
                event.ref = self._event_slug(event, slugs)
                fields = {
                    "slug": event.ref,
                    "kind": event.kind.value,
                    "category": event.category.value,
                    "title": _title(self.document.text, event.evidence[0]),
                    "when": self._when(event),
                    "status": event.status.value,
                    "place": self._place_slug(event.place),
                    "evidence": evidence,
                }
                fields |= self._details(event)
            fields["participants"] = self._participants(event)
            fields["topics"] = [
                {"topic": name, "evidence": quoted}
                for name, span in event.topics
                if (quoted := self.quote(span)) is not None
            ]
            if event.kind is EventKind.statement:
                fields["quotes"] = [
                    {"text": self.document.text[start:end], "occurrence": self._occurrence(start, end)}
                    for start, end in event.quotes
                ]
            items.append(Item(fields, note))
        return items

    def _details(self, event: DraftEvent) -> Fields:
        """A new meeting's series and session; a new statement's kind and the event it concerns."""
        if event.kind is EventKind.meeting and event.series:
            return {
                "series": self._stored_series(event.series) or slugify(event.series),
                "session": event.session,
                "session_label": event.session_label,
            }
        if event.kind is EventKind.statement:
            concerns = event.concerns.ref if event.concerns is not None else None
            return {"statement_kind": (event.statement_kind or "statement").__str__(), "concerns": concerns}
        return {}

    def _participants(self, event: DraftEvent) -> list[Fields]:
        entries = []
        for participant in event.participants:
            quoted = self.quote(participant.span)
            if quoted is not None:
                keys = list(dict.fromkeys(participant.keys))
                entry: Fields = {"actors": keys} if len(keys) > 1 else {"actor": keys[0]}
                entries.append(entry | {"role": participant.role.value, "evidence": quoted})
        return entries

    def _when(self, event: DraftEvent) -> object | None:
        if event.when_explicit is not None:
            return {"date": event.when_explicit[0], "certainty": "inferred"}
        date = event.date
        weekday = _WEEKDAY.fullmatch(date.words) if date is not None else None
        if date is not None and weekday and event.status is EventStatus.announced and self.published:
            # "will visit on Monday": the Monday ahead, where a bare weekday in a report is the one before.
            ahead = resolve(f"next {weekday.group(1)}", self.published)
            if ahead != date.when and ahead.start is not None:
                return {"text": date.words, "date": ahead.start.date.isoformat(), "certainty": "inferred"}
        return date_field(date)

    def _place_slug(self, name: str | None) -> str | None:
        if name is None:
            return None
        return self._stored_place(name) or slugify(name) or "place"

    def _event_slug(self, event: DraftEvent, taken: set[str]) -> str:
        """kind-first actor-first day: "meeting-mali-foreign-minister-2025-04-03", unique here and stored."""
        actors = [key for p in event.participants for key in p.keys]
        when = event.date.when if event.date else None
        day = (when.start or when.end) if when else None
        parts = [event.kind.value, actors[0] if actors else None, day.date.isoformat() if day else None]
        wanted = slugify("-".join(part for part in parts if part))
        slug, number = wanted, 1
        while slug in taken or self._event_exists(slug):
            number += 1
            slug = f"{wanted}-{number}"
        taken.add(slug)
        return slug

    def _event_exists(self, slug: str) -> bool:
        if self.session is None:
            return False
        return self.session.scalars(select(Event.id).where(Event.slug == slug)).first() is not None

    def _stored_event(self, event: DraftEvent) -> str | None:
        """The stored event this one is: same kind, overlapping dates, and a stored actor in common."""
        if self.session is None or event.date is None:
            return None
        stored_actors = [key for p in event.participants for key in p.keys if self.cast.actors[key].existing]
        if not stored_actors:
            return None
        when = event.date.when
        query = (
            select(Event.slug)
            .join(EventParticipant, EventParticipant.event_id == Event.id)
            .join(Actor, Actor.id == EventParticipant.actor_id)
            .where(Event.kind == event.kind, Actor.slug.in_(stored_actors))
            .where(or_(Event.start_date.is_not(None), Event.end_date.is_not(None)))
        )
        if when.end is not None:
            query = query.where(or_(Event.start_date.is_(None), Event.start_date <= when.end.date))
        if when.start is not None:
            query = query.where(or_(Event.end_date.is_(None), Event.end_date >= when.start.date))
        return self.session.scalars(query.order_by(Event.slug)).first()


def date_field(date: DateMention | None) -> object | None:
    """A date as the annotation writes it: the document's words, or words with an explicit date."""
    if date is None:
        return None
    if date.explicit is not None:
        return {"text": date.words, "date": date.explicit, "certainty": "inferred"}
    return date.words


def _title(text: str, span: tuple[int, int]) -> str:
    words = " ".join(text[span[0] : span[1]].split())
    words = words[:1].upper() + words[1:]
    if len(words) > _TITLE_LENGTH:
        words = words[: _TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return words
