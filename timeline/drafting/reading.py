"""What the drafter reads a document into: events, memberships and relations, and the ways of looking at a
sentence that every rule shares (actors named together, clauses, dates near some words)."""

import datetime as dt
import re
from dataclasses import dataclass, field

from timeline.dates import When
from timeline.drafting.datefind import DateMention
from timeline.drafting.document import Sentence
from timeline.drafting.names import Cast, Mention
from timeline.drafting.officials import Officials
from timeline.vocab import (
    ActorKind,
    EventKind,
    EventStatus,
    MembershipRole,
    ParticipantRole,
    Plover,
    RelationKind,
    StatementKind,
)


@dataclass
class DraftParticipant:
    keys: list[str]
    role: ParticipantRole
    span: tuple[int, int]


@dataclass
class DraftEvent:
    kind: EventKind
    category: Plover
    trigger: tuple[int, int]
    sentence: Sentence
    date: DateMention | None = None
    when_explicit: tuple[str, str] | None = None  # (EDTF date, why) for a date inferred from another event
    status: EventStatus = EventStatus.held
    place: str | None = None  # a capital's name
    place_country: str | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    participants: list[DraftParticipant] = field(default_factory=list)
    topics: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    statement_kind: StatementKind | None = None
    concerns: "DraftEvent | None" = None
    series: str | None = None
    session: int | None = None
    session_label: str | None = None
    ref: str | None = None  # the stored event this one is
    uncertain: str | None = None  # why the drafter is unsure: the event is written as a comment
    definite: bool = False  # named as one already known: "the visit", "their talks"

    def add_participant(self, keys: list[str], role: ParticipantRole, span: tuple[int, int]) -> None:
        for participant in self.participants:
            if participant.role is role:
                new = [key for key in keys if key not in participant.keys]
                if not new:
                    return
                keys = new
        self.participants.append(DraftParticipant(keys, role, span))


@dataclass
class DraftMembership:
    member: str
    of: str
    role: MembershipRole
    span: tuple[int, int]
    since: DateMention | None = None
    until: DateMention | None = None
    doubt: str | None = None  # why it is written commented out: "planned, not yet done"


@dataclass
class DraftRelation:
    subject: str
    object: str
    kind: RelationKind
    span: tuple[int, int]
    since: DateMention | None = None


_REACH = 120  # characters between a date and the words it dates, at most


class Reading:
    """The facts drafted so far, and what the rules share to read a sentence."""

    def __init__(
        self, cast: Cast, officials: Officials, dates: list[DateMention], published: dt.date | None
    ) -> None:
        self.cast = cast
        self.officials = officials
        self.dates = dates
        self.published = published
        self.events: list[DraftEvent] = []
        self.memberships: list[DraftMembership] = []
        self.relations: list[DraftRelation] = []
        self.places: dict[str, str | None] = {}  # place name -> country key
        self.text = cast.document.text

    def _outside_quotes(self, start: int) -> bool:
        return not self.cast.document.quoted(start)

    def _groups(self, start: int, end: int, mentions: list[Mention] | None = None) -> list[Mention]:
        """Mentions joined by commas and "and" merged into one: "Mali, Burkina Faso, and Niger"."""
        groups: list[Mention] = []
        for mention in self.cast.mentions if mentions is None else mentions:
            if mention.start < start or mention.end > end:
                continue
            if groups:
                last = groups[-1]
                gap = self.text[last.end : mention.start]
                if (
                    re.fullmatch(r",?\s+(?:and|&)(?:\s+other)?\s+(?:the\s+)?|,\s+(?:the\s+)?", gap)
                    and "capital" not in (last.form, mention.form)
                    and "reference" not in (last.form, mention.form)  # "X, the two governments said"
                ):
                    groups[-1] = Mention(
                        last.start, mention.end, tuple(dict.fromkeys(last.keys + mention.keys)), "list"
                    )
                    continue
            groups.append(mention)
        return groups

    def _latest_group(self, position: int, count: int | None, kinds: set[ActorKind]) -> list[str]:
        """The latest actors named together before ``position`` (``count`` of them if given)."""
        mentions = self.cast.mentions if kinds == {ActorKind.person} else self.cast.raw
        for group in reversed(self._groups(0, position, mentions)):
            keys = [key for key in group.keys if self.cast.actors[key].kind in kinds]
            if len(keys) >= 2 and (count is None or len(keys) == count) and len(keys) == len(group.keys):
                return keys
        if count is None:
            return []
        # "the two countries" with the two never named together: the last two named.
        latest: list[str] = []
        for mention in reversed(mentions):
            if (
                mention.end <= position
                and len(mention.keys) == 1
                and self.cast.actors[mention.key].kind in kinds
            ):
                if mention.key not in latest:
                    latest.append(mention.key)
                if len(latest) == count:
                    return list(reversed(latest))
        return []

    def _latest(self, position: int, kinds: set[ActorKind], named_only: bool = False) -> str | None:
        for mention in reversed(self.cast.mentions):
            if mention.end <= position and len(mention.keys) == 1:
                actor = self.cast.actors[mention.key]
                if actor.kind in kinds and (not named_only or actor.name or actor.new_name):
                    return mention.key
        return None

    def _clause(self, start: int, end: int, sentence: Sentence) -> tuple[int, int]:
        """The words around a trigger up to the nearest comma, dash or sentence end on each side."""
        text = self.text
        left = max(
            (
                m.end()
                for m in re.finditer(
                    r",\s+(?=according|while|as|but|who|which)|[;:—(]\s*", text[sentence.start : start]
                )
            ),
            default=0,
        )
        clause_start = sentence.start + left
        right = re.compile(r",\s+(?:according|while|but|which)|[;:—)]|\.\s*$|[.!?]['’\"”]?$").search(
            text, end, sentence.end
        )
        clause_end = right.start() if right else sentence.end
        while clause_end > clause_start and text[clause_end - 1] in " ,.;:":
            clause_end -= 1
        return clause_start, clause_end

    def _is_bloc(self, group: Mention) -> bool:
        return len(group.keys) == 1 and self.cast.actors[group.key].kind in (
            ActorKind.bloc,
            ActorKind.organization,
        )

    def _are_states(self, group: Mention) -> bool:
        return all(self.cast.actors[k].kind in (ActorKind.state, ActorKind.bloc) for k in group.keys)

    def _sentence_date(self, sentence: Sentence, start: int, end: int) -> DateMention | None:
        """The date nearest the words ``start:end`` in their sentence, if close."""
        near = [
            d
            for d in self.dates
            if sentence.start <= d.start < sentence.end and self._outside_quotes(d.start)
        ]
        near = [d for d in near if max(0, d.start - end, start - d.end) <= _REACH]
        return min(near, key=lambda d: max(0, d.start - end, start - d.end), default=None)

    def _country(self, key: str) -> str | None:
        """The state an actor is or serves."""
        if self.cast.actors[key].kind is ActorKind.state:
            return key
        for holding in self.officials.holdings:
            if holding.holder == key:
                return self.officials.posts[holding.post].of
        return None

    def _participate(
        self,
        event: DraftEvent,
        group: Mention,
        role: ParticipantRole,
        sentence: Sentence,
        span: tuple[int, int] | None = None,
        merged: list[Mention] | None = None,
    ) -> None:
        keys = [key for mention in (merged or [group]) for key in mention.keys]
        if role is ParticipantRole.participant:
            keys = [key for key in keys if not any(key in p.keys for p in event.participants)]
            if not keys:
                return
        if span is None:
            span = self._participant_span(group, event, sentence)
        event.add_participant(keys, role, span)

    def _participant_span(self, group: Mention, event: DraftEvent, sentence: Sentence) -> tuple[int, int]:
        """The actor's words through the trigger: "THE foreign ministers of Mali, Burkina Faso, and Niger will
        visit"."""
        trigger_start, trigger_end = event.trigger if event.sentence is sentence else (group.start, group.end)
        start = min(group.start, trigger_start) if abs(group.start - trigger_start) < 120 else group.start
        end = max(group.end, trigger_end) if abs(group.end - trigger_end) < 120 else group.end
        start, end = max(start, sentence.start), min(end, sentence.end)
        return start, end

    def _span_to(self, start: int, end: int, sentence: Sentence) -> tuple[int, int]:
        return (max(start, sentence.start), min(end, sentence.end))


def _distance(date: DateMention, trigger: tuple[int, int, int, bool]) -> int:
    return max(0, date.start - trigger[1], trigger[0] - date.end)


def groups_end(after: list[Mention], trigger: tuple[int, int]) -> int:
    return after[0].end if after else trigger[1]


def _overlaps(a: When, b: When) -> bool:
    a_start = a.start.date if a.start else dt.date.min
    a_end = a.end.date if a.end else dt.date.max
    b_start = b.start.date if b.start else dt.date.min
    b_end = b.end.date if b.end else dt.date.max
    return a_start <= b_end and b_start <= a_end
