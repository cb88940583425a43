"""Memberships and relations: "A, B and C formed X", "joined X", "X, comprising A and B", "left X";
"distanced themselves from X", "partnership with X", "criticism from X". A dated accession or exit is an
event on the timeline too."""

import re

from timeline.drafting.datefind import DateMention
from timeline.drafting.document import Sentence
from timeline.drafting.events import EventRules
from timeline.drafting.lexicon import lexicon
from timeline.drafting.names import Mention
from timeline.drafting.reading import DraftEvent, DraftMembership, DraftRelation
from timeline.vocab import (
    ActorKind,
    EventKind,
    MembershipRole,
    ParticipantRole,
    Plover,
)


class AffiliationRules(EventRules):
    def _member(
        self,
        member: str,
        bloc: str,
        role: MembershipRole,
        span: tuple[int, int],
        date: DateMention | None,
        leaving: bool = False,
        planned: bool = False,
    ) -> None:
        if member == bloc or any(m.member == member and m.of == bloc for m in self.memberships):
            return
        membership = DraftMembership(member, bloc, role, span)
        if leaving:
            membership.until = date
        else:
            membership.since = date
        if planned:
            membership.doubt = "planned, not yet done: uncomment it once a report says it happened"
        self.memberships.append(membership)

    def _planned(self, sentence: Sentence, trigger: tuple[int, int]) -> bool:
        """Whether the words say the joining (or leaving) is ahead: "is expected to be admitted", "agreed
        to take in", "set to become a member"."""
        clause_start = self._clause(*trigger, sentence)[0]
        before = self.text[clause_start : trigger[0]]
        return lexicon().announced.search(before) is not None

    def _joining_event(
        self,
        sentence: Sentence,
        members: Mention,
        bloc: Mention,
        trigger: tuple[int, int],
        date: DateMention | None,
        leaving: bool,
    ) -> None:
        """A dated accession or exit is also an event on the timeline: "Indonesia joined BRICS on Monday"."""
        if date is None:
            return
        kind = EventKind.withdrawal if leaving else EventKind.other
        for other in self.events:
            if (
                other.kind is kind
                and other.date is date
                and {bloc.key} <= {k for p in other.participants for k in p.keys}
            ):
                return
        category = Plover.RETREAT if leaving else Plover.COOPERATE
        event = DraftEvent(kind, category, trigger, sentence, date=date)
        event.status = self._status(event)
        event.evidence.append(
            (min(members.start, bloc.start, trigger[0]), max(members.end, bloc.end, trigger[1]))
        )
        event.add_participant(
            list(members.keys), ParticipantRole.actor, (members.start, max(members.end, trigger[1]))
        )
        event.add_participant(
            [bloc.key], ParticipantRole.subject, (min(trigger[0], bloc.start), max(trigger[1], bloc.end))
        )
        self.events.append(event)

    def _memberships(self, sentence: Sentence, events: list[DraftEvent]) -> None:
        text = self.text
        patterns = lexicon().membership
        groups = [g for g in self._groups(sentence.start, sentence.end) if self._outside_quotes(g.start)]
        # "BRICS was founded by Brazil, Russia, India and China in 2009"
        for match in re.finditer(
            r"\s+(?:was|were)\s+(?:founded|formed|established|created|set\s+up)\s+by\s+",
            text[sentence.start : sentence.end],
        ):
            at, after = sentence.start + match.start(), sentence.start + match.end()
            bloc = next((g for g in groups if g.end == at and self._is_bloc(g)), None)
            founders = next((g for g in groups if g.start == after and self._are_states(g)), None)
            if bloc is None or founders is None:
                continue
            date = self._sentence_date(sentence, bloc.start, founders.end)
            for key in founders.keys:
                self._member(key, bloc.key, MembershipRole.founding_member, (bloc.start, founders.end), date)
        # "The group expanded in 2024 to admit Egypt, Ethiopia, Iran and the United Arab Emirates"
        for match in patterns["admit"].finditer(text, sentence.start, sentence.end):
            bloc = next((g for g in reversed(groups) if g.end <= match.start() and self._is_bloc(g)), None)
            members_group = next(
                (g for g in groups if match.end() < g.start <= match.end() + 5 and self._are_states(g)), None
            )
            if bloc is None or members_group is None or bloc.key in members_group.keys:
                continue
            date = self._sentence_date(sentence, bloc.start, members_group.end)
            planned = self._planned(sentence, (match.start(), match.end()))
            for key in members_group.keys:
                span = (bloc.start, members_group.end)
                self._member(key, bloc.key, MembershipRole.member, span, date, planned=planned)
            self._joining_event(
                sentence, members_group, bloc, (match.start(), match.end()), date, leaving=False
            )
        for name, role in (
            ("found", MembershipRole.founding_member),
            ("join", MembershipRole.member),
            ("leave", MembershipRole.member),
        ):
            for match in patterns[name].finditer(text, sentence.start, sentence.end):
                if not self._outside_quotes(match.start()):
                    continue
                bloc = next(
                    (g for g in groups if match.end() <= g.start <= match.end() + 12 and self._is_bloc(g)),
                    None,
                )
                if bloc is None and name != "found":
                    # "South Africa joined a year later": the bloc named earlier in the sentence.
                    bloc = next(
                        (g for g in reversed(groups) if g.end <= match.start() and self._is_bloc(g)), None
                    )
                    if bloc is None or re.match(r"\s+(?:the\s+)?[A-Z]", text[match.end() : match.end() + 6]):
                        continue
                if bloc is None:
                    continue
                members_group = next(
                    (
                        g
                        for g in reversed(groups)
                        if g.end <= match.start()
                        and self._are_states(g)
                        and bloc.key not in g.keys
                        and (g.end <= bloc.start or bloc.end <= g.start)
                    ),
                    None,
                )
                if members_group is None and bloc.end <= match.start():
                    members_group = next(
                        (
                            g
                            for g in reversed(groups)
                            if g.end <= bloc.start and self._are_states(g) and bloc.key not in g.keys
                        ),
                        None,
                    )
                if members_group is None:
                    continue
                date = next(
                    (
                        e.date
                        for e in events
                        if e.date is not None
                        and e.trigger[0] <= match.end()
                        and match.start() <= e.trigger[1] + 40
                    ),
                    None,
                )
                if date is None:
                    date = self._sentence_date(sentence, match.start(), match.end())
                span = (members_group.start, max(bloc.end, match.end()))
                planned = self._planned(sentence, (match.start(), match.end()))
                for key in members_group.keys:
                    self._member(key, bloc.key, role, span, date, leaving=name == "leave", planned=planned)
                if name in ("join", "leave") and not any(e.kind in (EventKind.founding,) for e in events):
                    self._joining_event(
                        sentence,
                        members_group,
                        bloc,
                        (match.start(), match.end()),
                        date,
                        leaving=name == "leave",
                    )
        for match in patterns["comprise"].finditer(text, sentence.start, sentence.end):
            bloc = next(
                (
                    g
                    for g in reversed(groups)
                    if g.end <= match.start()
                    and len(g.keys) == 1
                    and self.cast.actors[g.key].kind is ActorKind.bloc
                ),
                None,
            )
            members_group = next((g for g in groups if match.end() <= g.start <= match.end() + 5), None)
            if bloc is None or members_group is None:
                continue
            for key in members_group.keys:
                if not any(m.member == key and m.of == bloc.key for m in self.memberships):
                    self.memberships.append(
                        DraftMembership(key, bloc.key, MembershipRole.member, (bloc.start, members_group.end))
                    )

    def _relations(self, sentence: Sentence) -> None:
        text = self.text
        groups = [g for g in self._groups(sentence.start, sentence.end) if self._outside_quotes(g.start)]
        for kind, pattern in lexicon().relations:
            for match in pattern.finditer(text, sentence.start, sentence.end):
                if not self._outside_quotes(match.start()):
                    continue
                objects = next((g for g in groups if match.end() <= g.start <= match.end() + 25), None)
                if objects is None:
                    continue
                reversed_words = lexicon().reversed_relations.fullmatch(match.group()) is not None
                clause = self._clause(match.start(), match.end(), sentence)
                in_clause = [
                    g for g in groups if clause[0] <= g.start and g.end <= match.start() and g is not objects
                ]
                earlier = [g for g in groups if g.end <= match.start() and g is not objects]
                subjects = in_clause[0] if in_clause else (earlier[0] if earlier else None)
                if re.search(r",\s*$", text[sentence.start : match.start()]) and earlier:
                    subjects = earlier[0]  # "..., pivoting toward Russia": the sentence's subject does it
                if reversed_words:
                    subjects = next((g for g in groups if g is not objects), None)
                    subjects, objects = objects, subjects  # "criticism from X": X is the critic
                if subjects is None or objects is None:
                    continue
                span = (
                    min(subjects.start, objects.start, match.start()),
                    max(subjects.end, objects.end, match.end()),
                )
                if span[1] - span[0] > 220:
                    near = subjects if reversed_words else objects
                    span = (match.start(), max(near.end, match.end()))
                for subject in subjects.keys:
                    for obj in objects.keys:
                        if subject == obj or (
                            self.cast.actors[subject].kind is ActorKind.organization
                            and self.cast.actors[subject].description == "News agency."
                        ):
                            continue
                        if not any(
                            r.subject == subject and r.object == obj and r.kind is kind
                            for r in self.relations
                        ):
                            self.relations.append(
                                DraftRelation(subject, obj, kind, span, self._sentence_date(sentence, *span))
                            )
