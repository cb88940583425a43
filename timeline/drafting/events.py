"""Events, sentence by sentence: triggers from the lexicon, dates, status, participants and their roles,
places, and quoted words.

- a strong trigger makes an event; a weak one only when the sentence has a date no strong trigger took; each
  date goes to the nearest trigger; "the visit", "the talks", "the statement" are the event already drafted;
- the status is announced when a word of intent ("will", "is expected to") comes before the trigger in its
  clause, or the date is after publication; held otherwise;
- roles come from the words around the actors (see ``_roles``); quoted words become a statement's quotes.
"""

import re

from timeline.dates import MONTHS
from timeline.drafting.datefind import DateMention
from timeline.drafting.document import Sentence
from timeline.drafting.lexicon import lexicon
from timeline.drafting.names import Mention
from timeline.drafting.reading import _REACH, DraftEvent, Reading, _distance, _overlaps, groups_end
from timeline.vocab import (
    ActorKind,
    EventKind,
    EventStatus,
    ParticipantRole,
    StatementKind,
)

# "the visit", "their talks", "the group's summit" name an event already told; "the next summit" does not.
_DEFINITE = re.compile(
    r"(?i)(?:the|this|that|these|those|their|his|her|its|our)\s+"
    r"(?:(?!(?:first|second|third|next|last|previous|another|new|upcoming|latest)\b)[\w’'-]+\s+){0,2}$"
)
# Meeting words that are verbs: who comes before them takes part ("X visited", "X will meet"); before a
# noun ("at their summit") the subject of the sentence may be anyone.
_MEETING_VERB = re.compile(
    r"(?i)visit(?:s|ed|ing)?|me(?:e|)t(?:s)?|hosts?|hosted|received|(?:hold|held|holds)\s+talks|travel\w*"
)
_SAID = re.compile(r"(?i)\b(?:said|says|told|stated|added|declared|wrote)\b")


_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b[^,;—]*,")
_CITY = re.compile(
    r"\b(?:in|to)\s+(?:the\s+(?:(?P<adjective>[A-Z]\w+)\s+)?(?:city|town|port|capital)\s+of\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:de\s+|da\s+|del\s+|el\s+)?[A-Z][\w'’-]+){0,2})"
)
_SESSION = re.compile(
    r"(?i)\b(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth)\s+"
    r"(?:(?:official|formal|ministerial|annual|regular)\s+)?(?:session|round|meeting|edition|summit)\s+of\s+"
)
_SERIES = re.compile(
    r"(?:what\s+.{0,60}?called\s+|the\s+)?"
    r"((?:[\w’'-]+[-–])?[\w’'-]+\s+(?:consultations|talks|dialogue|summit|forum|meetings?))"
)
_TOPIC_CUE = re.compile(r"(?i)\b(?:cooperation|partnership|talks|discuss\w*|agreements?)\b")
_NOT_PLACES = {name.title() for name in MONTHS} | {"The", "This", "That"}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
}


class EventRules(Reading):
    def _sentence(self, sentence: Sentence) -> list[DraftEvent]:
        """The events of one sentence: new ones drafted, named-again ones merged into those before."""
        text = self.text
        triggers: list[tuple[int, int, int, bool]] = []  # start, end, trigger index, strong
        for index, trigger in enumerate(lexicon().triggers):
            for pattern, strong in ((trigger.strong, True), (trigger.weak, False)):
                for match in pattern.finditer(text, sentence.start, sentence.end):
                    if (
                        self._outside_quotes(match.start())
                        and not self._inside_a_name(match)  # "Shanghai Cooperation Organisation"
                        and self._trigger_applies(trigger.kind, match)
                    ):
                        triggers.append((match.start(), match.end(), index, strong))
        triggers.sort()
        dates = [
            d
            for d in self.dates
            if sentence.start <= d.start < sentence.end and self._outside_quotes(d.start)
        ]
        events: dict[int, DraftEvent] = {}
        for start, end, index, strong in triggers:
            if not strong:
                continue
            if index in events:
                events[index].definite |= self._definite(start, sentence)
                continue
            trigger = lexicon().triggers[index]
            events[index] = DraftEvent(trigger.kind, trigger.category, (start, end), sentence)
            events[index].definite = self._definite(start, sentence)
        # Each date goes to the nearest trigger, nearest pairs first; weak triggers become events only
        # through a date no strong trigger took.
        known = {e.kind for e in self.events}
        relatives = [
            (sentence.start + m.start(), sentence.start + m.end())
            for m in _RELATIVE.finditer(text[sentence.start : sentence.end])
        ]

        def apart(date: DateMention, trigger: tuple[int, int, int, bool]) -> bool:
            """A date in a relative clause dates nothing outside it: "X, which joined in 2024, said"."""
            return any((s <= date.start < e) != (s <= trigger[0] < e) for s, e in relatives)

        pairs = sorted(
            (_distance(date, t), i, t[2])
            for i, date in enumerate(dates)
            for t in triggers
            if t[2] in events
            and not (events[t[2]].definite and events[t[2]].kind in known)
            and not apart(date, t)
        )
        taken: set[int] = set()
        for distance, i, index in pairs:
            if i in taken or events[index].date is not None or distance > _REACH:
                continue
            events[index].date = dates[i]
            taken.add(i)
        free = [date for i, date in enumerate(dates) if i not in taken]
        for date in free:
            weak = [
                t
                for t in triggers
                if not t[3]
                and t[2] not in events
                and _distance(date, t) <= _REACH // 2
                and not apart(date, t)
            ]
            if not weak:
                continue
            start, end, index, _ = min(weak, key=lambda t: _distance(date, t))
            trigger = lexicon().triggers[index]
            events[index] = DraftEvent(trigger.kind, trigger.category, (start, end), sentence, date=date)
        drafted = [self._place_event(event) for event in sorted(events.values(), key=lambda e: e.trigger)]
        for statement in drafted:
            others = [e for e in drafted if e.kind is not EventKind.statement]
            if statement.kind is EventKind.statement and others and statement.concerns is None:
                statement.concerns = others[0]  # "a joint statement" on the visit it announces
        return drafted

    def _inside_a_name(self, match: re.Match[str]) -> bool:
        return any(m.start <= match.start() and match.end() <= m.end for m in self.cast.mentions)

    def _definite(self, start: int, sentence: Sentence) -> bool:
        """Whether the words before a trigger make it one already named: "the visit", "their talks"."""
        return _DEFINITE.search(self.text, max(sentence.start, start - 40), start) is not None

    def _trigger_applies(self, kind: EventKind, match: re.Match[str]) -> bool:
        """Triggers that need an object: a founding founds a bloc, a withdrawal withdraws someone."""
        text = self.text
        window = text[match.end() : match.end() + 60]
        if kind is EventKind.founding:
            blocs = (ActorKind.bloc, ActorKind.organization)
            after = any(
                self.cast.actors[m.key].kind in blocs for m in self.cast.within(match.end(), match.end() + 45)
            )
            before = [
                m
                for m in self.cast.mentions
                if m.end <= match.start()
                and re.fullmatch(r",?\s+(?:which\s+was\s+|was\s+|were\s+)?", text[m.end : match.start()])
            ]
            return after or any(self.cast.actors[m.key].kind in blocs for m in before)
        if kind is EventKind.withdrawal:
            words = match.group().lower()
            if words in ("left", "leave", "leaving", "exit", "exited", "quit"):
                return any(
                    self.cast.actors[m.key].kind in (ActorKind.bloc, ActorKind.organization)
                    for m in self.cast.within(match.end(), match.end() + 30)
                )
            return bool(self.cast.within(match.end(), match.end() + 45)) or bool(
                re.search(r"(?i)\b(?:forces|troops|soldiers|contingent|mission)\b", window)
            )
        if kind is EventKind.agreement and match.group().lower() == "agreed":
            return any(
                re.fullmatch(r"\s+(?:\w+\s+){0,2}", text[m.end : match.start()])
                for m in self.cast.mentions
                if m.end <= match.start()
            )
        if kind is EventKind.statement and match.group().lower() in ("announced", "announcement"):
            return bool(self.cast.within(match.start() - 80, match.start()))
        return True

    def _place_event(self, event: DraftEvent) -> DraftEvent:
        """Merge the event into one already drafted that it names again, or add it."""
        start, end = event.trigger
        definite = _DEFINITE.search(self.text, max(event.sentence.start, start - 40), start) is not None
        previous = next((e for e in reversed(self.events) if e.kind is event.kind), None)
        same = False
        if previous is not None:
            if event.date is None:
                same = definite or event.definite
            else:
                same = (
                    previous.date is not None
                    and _overlaps(previous.date.when, event.date.when)
                    and (definite or previous.date.when == event.date.when)
                )
        target = previous if same and previous is not None else event
        if target is event:
            self.events.append(event)
            event.status = self._status(event)
        clause = self._clause(start, end, event.sentence)
        if clause not in target.evidence:
            target.evidence.append(clause)
        if target.kind is EventKind.meeting:
            self._meeting_details(target, event.sentence)
        elif target.kind is EventKind.agreement and target.place is None:  # "signed ... in Nairobi"
            target.place, target.place_country = self._place(event.sentence) or (None, None)
            if target.place is not None:
                self.places[target.place] = target.place_country
        self._roles(target, event.sentence, (start, end))
        if target.kind is EventKind.statement and target.statement_kind is None:
            words = self.text[max(event.sentence.start, start - 12) : end].lower()
            target.statement_kind = (
                StatementKind.joint_statement
                if "joint" in words
                else StatementKind.communique
                if "communiq" in words
                else StatementKind.press_release
                if "press release" in words
                else StatementKind.statement
            )
        return target

    def _status(self, event: DraftEvent) -> EventStatus:
        if event.date is not None and self.published is not None:
            first = event.date.when.start or event.date.when.end
            if first is not None and first.date > self.published:
                return EventStatus.announced
        clause_start = self._clause(*event.trigger, event.sentence)[0]
        before = self.text[clause_start : event.trigger[0]]
        if lexicon().announced.search(before):
            return EventStatus.announced
        if event.date is None and lexicon().announced.search(self.text[event.trigger[0] : event.trigger[1]]):
            return EventStatus.announced
        return EventStatus.held

    def _roles(self, event: DraftEvent, sentence: Sentence, trigger: tuple[int, int]) -> None:
        text = self.text
        groups = [g for g in self._groups(sentence.start, sentence.end) if self._outside_quotes(g.start)]
        clause = self._clause(*trigger, sentence)
        # "Somalia, which joined the bloc in 2024, criticised ...": the relative clause is skipped, and
        # the clause of the trigger reaches back over it to its subject.
        relatives = [
            (sentence.start + m.start(), sentence.start + m.end())
            for m in _RELATIVE.finditer(text[sentence.start : sentence.end])
            if not sentence.start + m.start() <= trigger[0] < sentence.start + m.end()
        ]
        for start, end in relatives:
            if start <= clause[0] < end and end <= trigger[0]:
                clause = (self._clause(start, start, sentence)[0], clause[1])
        before = [
            g
            for g in groups
            if clause[0] <= g.start
            and g.end <= trigger[0]
            and not any(s <= g.start < e for s, e in relatives)
        ]
        after = [g for g in groups if trigger[1] <= g.start and g.end <= clause[1]]
        kind = event.kind
        subject = before[0] if before else None
        if kind is EventKind.meeting:
            if not _MEETING_VERB.fullmatch(text[trigger[0] : trigger[1]]):
                subject = None
            if subject is not None and re.search(r"(?i)host", text[trigger[0] : trigger[1]]):
                self._participate(event, subject, ParticipantRole.host, sentence)
            elif subject is not None and self.cast.actors[subject.key].kind is not ActorKind.organization:
                self._participate(
                    event,
                    subject,
                    ParticipantRole.visitor
                    if re.match(r"(?i)visit|travel|trip|tour", text[trigger[0] :])
                    else ParticipantRole.participant,
                    sentence,
                )
            for group in after:
                gap = text[trigger[1] : group.start]
                if group.form == "capital":
                    continue  # the place, not a participant
                lead = text[max(trigger[0], group.start - 30) : group.start]
                if re.search(r"(?i)\b(?:consultations|talks|negotiations)\s+with\s+$", lead) and all(
                    self.cast.actors[key].kind in (ActorKind.state, ActorKind.bloc) for key in group.keys
                ):
                    continue  # a party, below
                if (
                    re.search(
                        r"(?i)\b(?:with|meet|met|meets|receive[ds]?|hosted|host|call\s+on)\s+(?:(?:his|her|their|its|the)\s+)?$",
                        lead,
                    )
                    or gap.strip() == ""
                ):
                    role = self._host_or_participant(group, event)
                    self._participate(event, group, role, sentence)
            for match in re.finditer(
                r"(?i)\b(?:[\w’'-]+\s+){0,2}invitation\b", text[sentence.start : sentence.end]
            ):
                inviter = [
                    m
                    for m in self.cast.mentions
                    if sentence.start + match.start() <= m.start < sentence.start + match.end()
                ]
                if inviter:
                    event.add_participant(
                        list(inviter[0].keys),
                        ParticipantRole.inviter,
                        self._span_to(inviter[0].start, sentence.start + match.end(), sentence),
                    )
            for match in re.finditer(r"(?i)\binvited\s+by\s+", text[sentence.start : sentence.end]):
                inviter = [m for m in self.cast.mentions if m.start == sentence.start + match.end()]
                if inviter:
                    event.add_participant(
                        list(inviter[0].keys),
                        ParticipantRole.inviter,
                        (sentence.start + match.start(), inviter[0].end),
                    )
            # "AES-Russia consultations": the actors joined by a hyphen before the trigger are its parties.
            for match in re.finditer(
                r"(?i)\b(?:consultations|talks|summit|dialogue|meeting)\b",
                text[sentence.start : sentence.end],
            ):
                at = sentence.start + match.start()
                pair = [m for m in self.cast.mentions if at - 30 <= m.start and m.end <= at]
                hyphened = re.search(r"(\S+)[-–](\S+)\s+$", text[max(sentence.start, at - 30) : at])
                if hyphened and len(pair) >= 2:
                    parties = pair[-2:]
                    self._participate(
                        event,
                        parties[0],
                        ParticipantRole.party,
                        sentence,
                        span=(parties[0].start, sentence.start + match.end()),
                        merged=parties,
                    )
            for match in re.finditer(
                r"(?i)\b(?:summit|meeting|conference|forum)s?\b", text[sentence.start : sentence.end]
            ):
                at = sentence.start + match.start()
                named = [
                    m
                    for m in self.cast.mentions
                    if m.end <= at and re.fullmatch(r"[ \u00a0]+(?:\d+\w*[ \u00a0]+)?", text[m.end : at])
                ]
                after_of = re.match(r"\s+of\s+(?:the\s+)?", text[sentence.start + match.end() : sentence.end])
                if after_of:
                    named += [
                        m
                        for m in self.cast.mentions
                        if m.start == sentence.start + match.end() + after_of.end()
                    ]
                for bloc in named:
                    if self._is_bloc(bloc) and self.cast.actors[bloc.key].description != "News agency.":
                        event.add_participant(
                            [bloc.key],
                            ParticipantRole.party,
                            (min(bloc.start, at), max(bloc.end, sentence.start + match.end())),
                        )
            for match in re.finditer(
                r"(?i)\b(?:consultations|talks|negotiations)\s+with\s+", text[sentence.start : sentence.end]
            ):
                party = [m for m in self.cast.mentions if m.start == sentence.start + match.end()]
                if party and self.cast.actors[party[0].key].kind in (ActorKind.state, ActorKind.bloc):
                    self._participate(event, party[0], ParticipantRole.party, sentence)
        elif kind is EventKind.statement:
            for match in re.finditer(
                r"(?i)\b(?:(?:released|issued|signed|made)\s+)?(?:[A-Z]\w+\s+)?by\s+",
                text[trigger[1] : clause[1] + 40],
            ):
                issuer = [m for m in self.cast.mentions if m.start == trigger[1] + match.end()]
                if (
                    issuer
                    and "report"
                    not in text[trigger[1] + match.start() - 10 : trigger[1] + match.end()].lower()
                ):
                    self._participate(event, issuer[0], ParticipantRole.issuer, sentence)
                    break
            adjacent = [
                g
                for g in groups
                if g.end <= trigger[0]
                and re.fullmatch(
                    r"\s*(?:\w+\s+){0,2}|\s+(?:said|announced|stated|declared)\s+in\s+(?:a|an|their|its)\s+(?:\w+\s+)?",
                    text[g.end : trigger[0]],
                )
            ]
            if adjacent and not any(p.role is ParticipantRole.issuer for p in event.participants):
                self._participate(event, adjacent[-1], ParticipantRole.issuer, sentence)  # "Brazil announced"
            elif subject is not None and not event.participants:
                self._participate(event, subject, ParticipantRole.issuer, sentence)
            self._reporter(event, sentence)
        elif kind is EventKind.founding:
            nearest = [g for g in groups if g.end <= trigger[0]]
            appositive = [
                g
                for g in nearest
                if re.fullmatch(r",?\s+(?:which\s+was\s+|was\s+|were\s+)?", text[g.end : trigger[0]])
            ]
            if appositive and self._is_bloc(appositive[-1]) and not re.match(r"\s+by\s", text[trigger[1] :]):
                # "ASEAN, formed in 1967"
                self._participate(
                    event,
                    appositive[-1],
                    ParticipantRole.subject,
                    sentence,
                    span=(appositive[-1].start, trigger[1]),
                )
                return
            founded_by = bool(after) and re.fullmatch(r"\s+by\s+", text[trigger[1] : after[0].start])
            if nearest and not founded_by:
                self._participate(
                    event,
                    nearest[-1],
                    ParticipantRole.actor,
                    sentence,
                    span=(nearest[-1].start, groups_end(after, trigger)),
                )
            for group in after[:1]:
                if re.fullmatch(r"\s+by\s+", text[trigger[1] : group.start]):  # "founded by Brazil, Russia"
                    self._participate(
                        event, group, ParticipantRole.actor, sentence, span=(trigger[0], group.end)
                    )
                    blocs = [g for g in nearest if self._is_bloc(g)]
                    if blocs:
                        self._participate(
                            event,
                            blocs[-1],
                            ParticipantRole.subject,
                            sentence,
                            span=(blocs[-1].start, trigger[1]),
                        )
                    continue
                self._participate(
                    event, group, ParticipantRole.subject, sentence, span=(trigger[0], group.end)
                )
        elif kind in (EventKind.coup, EventKind.conflict):
            battling = re.search(
                r"(?i)\b(?:battling|fighting|facing|face|battle|fight)\b", text[clause[0] : trigger[0]]
            )
            for group in before:
                role = ParticipantRole.target if battling else ParticipantRole.subject
                if kind is EventKind.coup:
                    role = ParticipantRole.subject
                self._participate(event, group, role, sentence)
            if kind is EventKind.coup and not any(
                self._are_states(g) and not self._is_bloc(g) for g in before
            ):
                states = [
                    g for g in groups if g.end <= trigger[0] and self._are_states(g) and not self._is_bloc(g)
                ]
                event.participants = [p for p in event.participants if p.role is not ParticipantRole.subject]
                if states:
                    self._participate(event, states[0], ParticipantRole.subject, sentence)
        else:
            if kind is EventKind.withdrawal:
                actors = [
                    g
                    for g in after
                    if re.fullmatch(r"\s+of\s+(?:the\s+)?", text[trigger[1] : g.start])
                    or g.start - trigger[1] < 20
                ]
                for group in actors[:1] or before[:1]:
                    self._participate(event, group, ParticipantRole.actor, sentence)
                return
            mutual = ParticipantRole.party if kind is EventKind.agreement else ParticipantRole.actor
            if subject is not None:
                self._participate(event, subject, mutual, sentence)
            for group in after[:1]:
                if re.search(r"(?i)\bwith\s+$", text[trigger[1] : group.start]):
                    self._participate(event, group, ParticipantRole.party, sentence)

    def _reporter(self, event: DraftEvent, sentence: Sentence) -> None:
        """ "reported by Reuters", "according to the state news agency Antara": a news agency reports it."""
        text = self.text
        for match in re.finditer(
            r"(?i)\b(?:reported\s+by|according\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?",
            text[sentence.start : sentence.end],
        ):
            at = sentence.start + match.end()
            reporter = [m for m in self.cast.mentions if m.start == at]
            if reporter and self.cast.actors[reporter[0].key].description == "News agency.":
                event.add_participant(
                    list(reporter[0].keys),
                    ParticipantRole.reporter,
                    (sentence.start + match.start(), reporter[0].end),
                )
        for match in re.finditer(
            r"(?i),?\s+(?:the\s+)?(?P<agency>[^,.]{2,40}?)\s+reported\b", text[sentence.start : sentence.end]
        ):
            reporter = [
                m
                for m in self.cast.within(
                    sentence.start + match.start("agency"), sentence.start + match.end("agency")
                )
            ]
            if reporter and self.cast.actors[reporter[0].key].description == "News agency.":
                event.add_participant(
                    list(reporter[0].keys),
                    ParticipantRole.reporter,
                    (reporter[0].start, sentence.start + match.end()),
                )

    def _host_or_participant(self, group: Mention, event: DraftEvent) -> ParticipantRole:
        """Someone met in their own country's capital hosts the meeting."""
        if event.place_country is None:
            return ParticipantRole.participant
        for key in group.keys:
            if key == event.place_country:
                return ParticipantRole.host
            for holding in self.officials.holdings:
                if holding.holder == key and self.officials.posts[holding.post].of == event.place_country:
                    return ParticipantRole.host
        return ParticipantRole.participant

    def _meeting_roles(self, event: DraftEvent) -> None:
        """A bloc takes part in a meeting as a party; with a host known, the others from abroad visit."""
        for participant in list(event.participants):
            if participant.role is not ParticipantRole.participant:
                continue
            for key in list(participant.keys):
                actor = self.cast.actors[key]
                role = None
                if (
                    actor.kind in (ActorKind.bloc, ActorKind.organization)
                    and actor.description != "News agency."
                ):
                    role = ParticipantRole.party
                elif event.place_country is not None and (country := self._country(key)) is not None:
                    role = ParticipantRole.host if country == event.place_country else ParticipantRole.visitor
                if role is not None:
                    participant.keys.remove(key)
                    event.add_participant([key], role, participant.span)
            if not participant.keys:
                event.participants.remove(participant)

    def _meeting_details(self, event: DraftEvent, sentence: Sentence) -> None:
        text = self.text
        if event.place is None:
            found = self._place(sentence)
            if found is not None:
                event.place, event.place_country = found
                self.places[event.place] = event.place_country
        match = _SESSION.search(text, sentence.start, sentence.end)
        if match and event.session is None:
            event.session = _ORDINALS[match.group("ordinal").lower()]
            event.session_label = " ".join(match.group(0).split()[:-1])
            series = _SERIES.match(text[match.end() : sentence.end].replace("\u00a0", " "))
            if series:
                event.series = series.group(1)
        for topic in lexicon().topics.finditer(text, sentence.start, sentence.end):
            window = max(sentence.start, topic.start() - 80)
            cues = list(_TOPIC_CUE.finditer(text, window, topic.start()))
            if cues and not topic.group()[0].isupper():  # not "National Security Adviser"
                name = topic.group().lower().replace("defense", "defence")
                if name not in [t for t, _ in event.topics]:
                    event.topics.append((name, (cues[-1].start(), topic.end())))

    def _place(self, sentence: Sentence) -> tuple[str, str | None] | None:
        """Where a meeting is held: "in Moscow", "visit Moscow", "in the Indian capital", "in the Russian
        city of Kazan", "in Rio de Janeiro"; with the state it lies in, when known."""
        text = self.text
        words = text[sentence.start : sentence.end]
        for match in re.finditer(r"\b(?:in|to|at)\s+the\s+([A-Z][\w’'-]+)\s+capital\b", words):
            capital = self.cast.capital_of(match.group(1))
            if capital is not None:
                return capital
        for mention in self.cast.within(sentence.start, sentence.end):
            before = text[max(sentence.start, mention.start - 12) : mention.start]
            if mention.form == "capital" and re.search(r"(?i)\b(?:in|to|visit\w*|at)\s+$", before):
                return text[mention.start : mention.end], mention.key
        city = _CITY.search(words)
        if city is None or city.group("name") in _NOT_PLACES:
            return None
        if self.cast.within(sentence.start + city.start("name"), sentence.start + city.end("name")):
            return None
        country = self.cast.state_of(city.group("adjective")) if city.group("adjective") else None
        return city.group("name"), country

    def _quotes(self) -> None:
        for quotation in self.cast.document.quotations:
            sentence = self.cast.document.sentence_at(quotation.start)
            if sentence is None:
                continue
            statements = [
                e for e in self.events if e.kind is EventKind.statement and e.sentence.start <= sentence.start
            ]
            outside = (
                self.text[sentence.start : quotation.start] + " " + self.text[quotation.end : sentence.end]
            )
            refers_to_statement = re.search(
                r"(?i)\b(?:the|a|their|its)\s+(?:joint\s+)?(?:statement|communiqu[eé]|declaration)\b", outside
            )
            said = [
                m
                for m in _SAID.finditer(self.text, sentence.start, sentence.end)
                if not self.cast.document.quoted(m.start())
            ]
            if statements and (refers_to_statement or not said):
                statements[-1].quotes.append((quotation.inner_start, quotation.inner_end))
                continue
            speaker = self._speaker(said, sentence)
            if speaker is None:
                continue
            event = DraftEvent(
                EventKind.statement,
                lexicon().triggers[1].category,
                (quotation.start, quotation.end),
                sentence,
            )
            event.statement_kind = StatementKind.remark
            event.status = EventStatus.held
            event.evidence.append((sentence.start, sentence.end))
            event.add_participant(list(speaker.keys), ParticipantRole.issuer, (speaker.start, speaker.end))
            self._reporter(event, sentence)
            event.quotes.append((quotation.inner_start, quotation.inner_end))
            self.events.append(event)

    def _speaker(self, said: list[re.Match[str]], sentence: Sentence) -> Mention | None:
        """Who said it: the actor right before "said" ("Wang said"), or right after ("said Wang")."""
        for verb in said:
            for mention in self.cast.mentions:
                if not sentence.start <= mention.start < sentence.end or self.cast.document.quoted(
                    mention.start
                ):
                    continue
                if re.fullmatch(r"[ \u00a0]+(?:\w+[ \u00a0]+){0,3}", self.text[mention.end : verb.start()]):
                    return mention
                if re.fullmatch(r"[ \u00a0]+", self.text[verb.end() : mention.start]):
                    return mention
        return None

    def infer_dates(self) -> None:
        """An undated event "in response to" or "following" a dated one in its sentence happened by then."""
        for event in self.events:
            if event.date is not None or event.kind is EventKind.statement:
                continue
            before = self.text[max(event.sentence.start, event.trigger[0] - 30) : event.trigger[0]]
            if not re.search(
                r"(?i)\b(?:in response to|following|after|in the wake of|prompted by)\s+(?:the\s+|a\s+)?$",
                before,
            ):
                continue
            dated = [
                e
                for e in self.events
                if e.sentence is event.sentence and e.date is not None and e is not event
            ]
            if dated and dated[0].date is not None and dated[0].date.when.end is not None:
                end = dated[0].date.when.end
                year = f"{end.date.year:04d}"
                event.when_explicit = (f"../{year}", f"before the {dated[0].kind.value} it led to")
