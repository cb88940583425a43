"""Reproducible synthetic data for benchmarks and demos: an export bundle of N events, valid for the schema.

``generate(folder, events, seed, actors)`` writes what ``timeline export`` would write for a database
holding a made-up world: ``tables/<table>.jsonl`` for every table, then ``manifest.json``. Every row
satisfies the models' constraints, and every evidence row quotes its source exactly.

The world (actors, places, posts, memberships, relations) is planned in memory; it grows with ``actors``,
not with ``events``. Events are then streamed: one report per ~20 events, each event one sentence of its
report. Rows go straight to their files, so memory stays flat however many events are asked for.
"""

import calendar
import datetime as dt
import hashlib
import json
import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, combinations, product
from pathlib import Path
from string import ascii_uppercase
from typing import IO, Generic, TypeVar

from timeline.dates import window
from timeline.errors import InputError
from timeline.export.bundle import FORMAT_VERSION, MANIFEST, FileEntry, Manifest, checksum
from timeline.models import FACT_COLUMNS, Base
from timeline.models.events import UNDATED, sort_day
from timeline.queries.actors import normalize
from timeline.slugs import slugify
from timeline.storage.changes import UNTRACKED
from timeline.storage.schema_version import head
from timeline.vocab import (
    ActorKind,
    Certainty,
    EventKind,
    EventStatus,
    IdentifierScheme,
    MembershipRole,
    ParticipantRole,
    Plover,
    Precision,
    RelationKind,
    StatementKind,
)

MIN_ACTORS = 20
EVENTS_PER_REPORT = 20
FACTS_PER_ALMANAC = 200  # actor, membership, holding and relation sentences per reference document
FIRST_DAY = dt.date(1950, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
# Participation follows a Zipf-Mandelbrot law over actors, weight (rank + OFFSET) ** -EXPONENT: with 10,000
# actors the busiest takes part in ~5% of events, the top 1% in over half of all participations, and the
# median actor in about a tenth of the mean. The offset flattens the head so no single actor dominates.
ZIPF_EXPONENT = 1.3
ZIPF_OFFSET = 10

Value = int | str | None
T = TypeVar("T")

# The columns this generator writes, per table, in the order a database built by the migrations has them,
# which is the order `timeline export` writes (event.sort_date, added by a later migration, comes last there
# though the model declares it earlier). Checked against Base.metadata at start, so a schema change makes
# the generator fail loudly instead of writing rows in the wrong shape.
COLUMNS: dict[str, tuple[str, ...]] = {
    "source": (
        "id", "slug", "title", "publisher", "wire_service", "author", "url", "language", "published_date",
        "published_precision", "published_certainty", "published_note", "sha256", "file_name", "text",
    ),
    "actor": ("id", "slug", "kind", "name", "description", "updated_by_source_id"),
    "meeting_series": ("id", "slug", "name", "updated_by_source_id"),
    "actor_alias": ("id", "actor_id", "alias", "normalized"),
    "actor_identifier": ("id", "actor_id", "scheme", "value"),
    "actor_relation": (
        "id", "slug", "subject_id", "object_id", "kind", "description", "updated_by_source_id",
        "start_date", "start_precision", "end_date", "end_precision", "date_certainty", "date_text",
    ),
    "membership": (
        "id", "slug", "member_id", "organization_id", "role", "updated_by_source_id",
        "start_date", "start_precision", "end_date", "end_precision", "date_certainty", "date_text",
    ),
    "place": ("id", "slug", "name", "country_id", "wikidata", "updated_by_source_id"),
    "post": ("id", "slug", "organization_id", "role", "label", "updated_by_source_id"),
    "event": (
        "id", "slug", "kind", "category", "title", "description", "status", "place_id",
        "updated_by_source_id", "start_date", "start_precision", "end_date", "end_precision",
        "date_certainty", "date_text", "sort_date",
    ),
    "post_holding": (
        "id", "slug", "post_id", "holder_id", "updated_by_source_id",
        "start_date", "start_precision", "end_date", "end_precision", "date_certainty", "date_text",
    ),
    "event_participant": ("id", "event_id", "actor_id", "role", "event_sort_date"),
    "event_topic": ("id", "event_id", "topic"),
    "meeting": ("event_id", "series_id", "session_number", "session_label"),
    "statement": ("event_id", "statement_kind", "concerns_event_id"),
    "quote": ("id", "slug", "statement_id", "text", "speaker_id"),
    "evidence": ("id", "source_id", "char_start", "char_end", "text", *FACT_COLUMNS.values()),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------
# Writing rows as the exporter does


# json.dumps(..., ensure_ascii=False) builds a new encoder per call; one shared encoder gives the same text.
_STRING = json.JSONEncoder(ensure_ascii=False).encode


class _Table:
    """One table's JSONL file, in the exporter's shape: an object per line, keys in column order.

    The line is filled into a template of the keys, which gives exactly ``json.dumps(row_as_dict,
    ensure_ascii=False)`` at a fraction of the cost of building and encoding a dict per row.
    """

    def __init__(self, folder: Path, name: str) -> None:
        self.path = f"tables/{name}.jsonl"
        self.rows = 0
        self.template = "{" + ", ".join(f"{_STRING(column)}: %s" for column in COLUMNS[name]) + "}\n"
        self.file: IO[str] = (folder / self.path).open("w", encoding="utf-8", newline="\n", buffering=1 << 20)

    def write(self, *values: Value) -> int:
        """Write a row (values in column order); return the number of rows so far, the new row's id."""
        self.file.write(
            self.template
            % tuple(["null" if v is None else str(v) if v.__class__ is int else _STRING(v) for v in values])
        )
        self.rows += 1
        return self.rows

    def close(self) -> None:
        self.file.close()


class _Bundle:
    """The open table files of a bundle being written."""

    def __init__(self, folder: Path) -> None:
        expected = {name: table for name, table in Base.metadata.tables.items() if name not in UNTRACKED}
        if set(expected) != set(COLUMNS) or any(
            {column.name for column in table.columns} != set(COLUMNS[name])
            for name, table in expected.items()
        ):
            raise RuntimeError("timeline.synthetic.COLUMNS is out of date with the models: update it")
        (folder / "tables").mkdir()
        self.tables = {name: _Table(folder, name) for name in COLUMNS}
        t = self.tables
        self.source, self.actor, self.alias, self.identifier = (
            t["source"],
            t["actor"],
            t["actor_alias"],
            t["actor_identifier"],
        )
        self.place, self.series, self.post, self.holding = (
            t["place"],
            t["meeting_series"],
            t["post"],
            t["post_holding"],
        )
        self.membership, self.relation, self.event, self.participant = (
            t["membership"],
            t["actor_relation"],
            t["event"],
            t["event_participant"],
        )
        self.topic, self.meeting, self.statement, self.quote = (
            t["event_topic"],
            t["meeting"],
            t["statement"],
            t["quote"],
        )
        self._evidence = t["evidence"]
        # One template per fact column, the other fact columns already null: evidence is the largest table.
        self._evidence_templates = {
            column: self._evidence.template
            % (
                "%d",
                "%d",
                "%d",
                "%d",
                "%s",
                *("%d" if other == column else "null" for other in FACT_COLUMNS.values()),
            )
            for column in FACT_COLUMNS.values()
        }

    def evidence(self, column: str, fact_id: int, source_id: int, start: int, text: str) -> None:
        """Record that fact ``fact_id`` (its table named by evidence ``column``) rests on ``text``, found at
        ``start`` in source ``source_id``."""
        evidence = self._evidence
        evidence.rows += 1
        evidence.file.write(
            self._evidence_templates[column]
            % (evidence.rows, source_id, start, start + len(text), _STRING(text), fact_id)
        )

    def close(self) -> None:
        for table in self.tables.values():
            table.close()


# ---------------------------------------------------------------------------------------------------------
# Random choices


class _Pick(Generic[T]):
    """A weighted choice among a few values, faster than ``Random.choices`` for one draw."""

    def __init__(self, weighted: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _ in weighted]
        self.cumulative = list(accumulate(weight for _, weight in weighted))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


_PRECISION = _Pick([(Precision.day, 62), (Precision.month, 20), (Precision.year, 12), (Precision.decade, 6)])
_CERTAINTY = _Pick([(Certainty.stated, 70), (Certainty.inferred, 20), (Certainty.approximate, 10)])
_STATUS = _Pick(
    [
        (EventStatus.held, 85),
        (EventStatus.announced, 7),
        (EventStatus.postponed, 4),
        (EventStatus.cancelled, 4),
    ]
)
_KIND = _Pick(
    [
        (EventKind.meeting, 34),
        (EventKind.statement, 25),
        (EventKind.cooperation, 8),
        (EventKind.agreement, 8),
        (EventKind.criticism, 7),
        (EventKind.conflict, 6),
        (EventKind.withdrawal, 4),
        (EventKind.founding, 3),
        (EventKind.other, 3),
        (EventKind.coup, 2),
    ]
)
_STATEMENT_KIND = _Pick(
    [
        (StatementKind.statement, 35),
        (StatementKind.remark, 20),
        (StatementKind.press_release, 20),
        (StatementKind.communique, 15),
        (StatementKind.interview, 10),
    ]
)
_JOINING_ROLE = _Pick(
    [(MembershipRole.member, 80), (MembershipRole.observer, 15), (MembershipRole.suspended, 5)]
)
_FACT_PRECISION = _Pick([(Precision.day, 35), (Precision.month, 30), (Precision.year, 35)])
_MEETING_SIZE = _Pick([(2, 60), (3, 25), (4, 15)])
_OTHER_SIZE = _Pick([(1, 45), (2, 40), (3, 15)])

# ---------------------------------------------------------------------------------------------------------
# Words

_SYLLABLES = (
    "ka", "lo", "ri", "ven", "sa", "mor", "tu", "bel", "an", "dra", "zu", "mi", "nor", "ve", "li", "os",
    "ta", "ren", "go", "vi", "ar", "del", "ku", "pa", "sel", "ti", "ro", "na", "mer", "ba", "qu", "es",
)  # fmt: skip
_STATE_ENDINGS = ("ia", "a", "and", "istan", "ora", "en", "ar", "ey", "ania", "ovia", "ique", "o")
_CITY_FORMS = ("{}grad", "Port {}", "San {}", "{} City", "{}ville", "New {}", "{}abad", "{}burg")
_FIRST_NAMES = (
    "Amadou", "Ana", "Boris", "Chen", "Fatima", "Hassan", "Ingrid", "José", "Kwame", "Lars", "Leila",
    "Marta", "Nadia", "Olga", "Pierre", "Ravi", "Sofia", "Tomás", "Yusuf", "Zainab", "Aïcha", "Dmitri",
    "Elena", "Hiroshi", "Jean", "Kofi", "Mei", "Nuno", "Sergei", "Thandiwe", "Omar", "Priya", "Björn",
    "Chloé", "Emeka", "Gabriel", "Irina", "Luis", "Mariam", "Zoltán",
)  # fmt: skip
_SURNAME_ENDINGS = (
    "ov", "ez", "ou", "ini", "son", "é", "a", "escu", "ić", "ra", "o", "an", "enko", "ba", "i",
)  # fmt: skip
_REGIONS = (
    "Northern", "Southern", "Eastern", "Western", "Central", "Coastal", "Highland", "Lake", "Desert",
    "River", "Atlantic", "Island", "Steppe", "Gulf", "Delta", "Mountain", "Savanna", "Forest", "Sahel",
    "Polar",
)  # fmt: skip
_BLOC_FORMS = (
    "Cooperation Council",
    "Economic Community",
    "Defence Pact",
    "Union",
    "Confederation",
    "Alliance",
    "Customs Union",
    "Development Community",
    "Security Compact",
    "League",
)
_ORGANIZATION_FORMS = (
    "{} Mining Company",
    "{} Institute for Peace",
    "{} Development Bank",
    "{} Red Crescent",
)
_AGENCY_FORMS = ("{} News Agency", "{} Press", "Radio {}", "{} Telegraph")
_GROUP_FORMS = ("{} rebels", "{} opposition coalition", "Insurgents of the {} region", "{} powers")
_TOPICS = (
    "defence",
    "security",
    "trade",
    "energy",
    "economic development",
    "diplomacy",
    "migration",
    "health",
    "climate",
    "sanctions",
    "mining",
    "infrastructure",
)
_QUOTE_OPENINGS = (
    "We remain committed to",
    "Our government will not accept",
    "This meeting marks a new stage in",
    "We call on all parties to respect",
    "We won’t abandon",
    "The people expect real progress on",
    "Nothing can justify the collapse of",
    "We are ready to deepen",
)
_QUOTE_ENDINGS = (
    "dialogue with our partners",
    "the sovereignty of our nation",
    "lasting peace in the region",
    "the agreements signed last year",
    "cooperation in every field of common interest",
    "the security of our citizens",
    "trade that benefits both our peoples",
    "a solution that respects international law",
)
_DECADE_WORDS = {
    1940: "forties", 1950: "fifties", 1960: "sixties", 1970: "seventies", 1980: "eighties",
    1990: "nineties", 2000: "two-thousands", 2010: "twenty-tens", 2020: "twenties",
}  # fmt: skip

# Per event kind: the verb with others and alone, as (past, infinitive) pairs.
_VERBS: dict[EventKind, tuple[tuple[str, str], tuple[str, str]]] = {
    EventKind.meeting: (("hosted", "host"), ("held a meeting", "hold a meeting")),
    EventKind.founding: (
        ("founded a joint body with", "found a joint body with"),
        ("founded a new body", "found a new body"),
    ),
    EventKind.withdrawal: (
        ("withdrew its forces from", "withdraw its forces from"),
        ("withdrew its forces", "withdraw its forces"),
    ),
    EventKind.coup: (("seized power from", "seize power from"), ("seized power", "seize power")),
    EventKind.conflict: (("clashed with", "clash with"), ("took up arms", "take up arms")),
    EventKind.agreement: (
        ("signed an agreement with", "sign an agreement with"),
        ("signed an agreement", "sign an agreement"),
    ),
    EventKind.cooperation: (
        ("expanded cooperation with", "expand cooperation with"),
        ("launched a cooperation programme", "launch a cooperation programme"),
    ),
    EventKind.criticism: (("criticised", "criticise"), ("voiced criticism", "voice criticism")),
    EventKind.other: (
        ("held talks with", "hold talks with"),
        ("made an announcement", "make an announcement"),
    ),
}
_STATEMENT_VERBS = {
    StatementKind.joint_statement: ("issued a joint statement", "issue a joint statement"),
    StatementKind.statement: ("issued a statement", "issue a statement"),
    StatementKind.remark: ("made remarks", "make remarks"),
    StatementKind.communique: ("issued a communiqué", "issue a communiqué"),
    StatementKind.press_release: ("issued a press release", "issue a press release"),
    StatementKind.interview: ("gave an interview", "give an interview"),
}
_CATEGORIES: dict[EventKind, tuple[Plover, ...]] = {
    EventKind.meeting: (Plover.CONSULT,),
    EventKind.statement: (
        Plover.AGREE, Plover.SUPPORT, Plover.DISAPPROVE, Plover.DEMAND, Plover.REJECT, Plover.THREATEN,
        Plover.CONCEDE, Plover.INVESTIGATE,
    ),
    EventKind.founding: (Plover.COOPERATE, Plover.AGREE),
    EventKind.withdrawal: (Plover.RETREAT, Plover.CONCEDE),
    EventKind.coup: (Plover.COERCE, Plover.ASSAULT, Plover.MOBILIZE),
    EventKind.conflict: (Plover.ASSAULT, Plover.MOBILIZE, Plover.THREATEN, Plover.COERCE, Plover.CRIME),
    EventKind.agreement: (Plover.AGREE,),
    EventKind.cooperation: (Plover.COOPERATE, Plover.AID, Plover.SUPPORT),
    EventKind.criticism: (Plover.DISAPPROVE, Plover.PROTEST, Plover.SANCTION, Plover.DEMAND),
    EventKind.other: (Plover.INVESTIGATE, Plover.PROTEST, Plover.AID, Plover.SANCTION),
}  # fmt: skip
# Who the other participants of a non-meeting, non-statement event are to it.
_OTHERS_ROLE = {
    EventKind.founding: ParticipantRole.subject,
    EventKind.withdrawal: ParticipantRole.target,
    EventKind.coup: ParticipantRole.target,
    EventKind.conflict: ParticipantRole.target,
    EventKind.agreement: ParticipantRole.subject,
    EventKind.cooperation: ParticipantRole.subject,
    EventKind.criticism: ParticipantRole.target,
    EventKind.other: ParticipantRole.subject,
}
_RELATION_PHRASES = {
    RelationKind.partnership: "built a partnership with",
    RelationKind.alliance: "allied itself with",
    RelationKind.realignment: "turned towards",
    RelationKind.distancing: "distanced itself from",
    RelationKind.criticism: "criticised",
    RelationKind.cooperation: "cooperated with",
    RelationKind.rivalry: "competed with",
    RelationKind.hostility: "was hostile to",
}
_SPANNING = {
    EventKind.conflict: 0.5,
    EventKind.cooperation: 0.5,
    EventKind.agreement: 0.05,
    EventKind.withdrawal: 0.05,
    EventKind.other: 0.05,
}
_TOPIC_LINKS = {
    EventKind.meeting: " to discuss ",
    EventKind.conflict: " over ",
    EventKind.criticism: " over ",
    EventKind.withdrawal: " over ",
    EventKind.coup: " amid disputes over ",
}
_MEMBERSHIP_PHRASES = {
    MembershipRole.founding_member: "was a founding member of",
    MembershipRole.member: "was a member of",
    MembershipRole.observer: "held observer status in",
    MembershipRole.suspended: "was suspended from",
}


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listed(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _plain(day: dt.date, precision: Precision) -> str:
    """A date in words at a precision: ``3 April 2025``, ``April 2025``, ``2025``, ``the 2020s``."""
    if precision is Precision.day:
        return f"{day.day} {calendar.month_name[day.month]} {day.year}"
    if precision is Precision.month:
        return f"{calendar.month_name[day.month]} {day.year}"
    if precision is Precision.year:
        return str(day.year)
    return f"the {day.year - day.year % 10}s"


def _phrase(day: dt.date, precision: Precision, certainty: Certainty, published: dt.date) -> str:
    """How a report words a date: stated in full, inferred (the year left to the reader), or approximate."""
    if certainty is Certainty.approximate:
        return f"around {_plain(day, precision)}"
    if certainty is Certainty.inferred:
        if precision is Precision.day:
            return f"on {day.day} {calendar.month_name[day.month]}"
        if precision is Precision.month:
            return f"in {calendar.month_name[day.month]}"
        if precision is Precision.year:
            return {0: "this year", -1: "last year", 1: "next year"}.get(
                day.year - published.year, "that year"
            )
        return f"in the {_DECADE_WORDS[day.year - day.year % 10]}"
    return f"{'on' if precision is Precision.day else 'in'} {_plain(day, precision)}"


# ---------------------------------------------------------------------------------------------------------
# The world: actors, places, posts and who held them, memberships, relations, meeting series


@dataclass(frozen=True, slots=True)
class _Actor:
    id: int
    kind: ActorKind
    slug: str
    name: str | None
    description: str | None
    aliases: tuple[str, ...]
    identifiers: tuple[tuple[IdentifierScheme, str], ...]
    sentence: str  # the almanac's words about the actor: its evidence

    @property
    def display(self) -> str:
        """How sentences name the actor: "the Foreign Minister of X" if unnamed, "the X Union" for a bloc."""
        if self.name is None:
            return f"the {self.description}"
        return f"the {self.name}" if self.kind is ActorKind.bloc else self.name


@dataclass(frozen=True, slots=True)
class _Span:
    """The six date columns of a fact, and the words they were read from."""

    start: dt.date | None
    start_precision: Precision | None
    end: dt.date | None
    end_precision: Precision | None
    certainty: Certainty | None
    text: str | None

    def values(self) -> tuple[Value, ...]:
        return (
            self.start.isoformat() if self.start else None,
            self.start_precision,
            self.end.isoformat() if self.end else None,
            self.end_precision,
            self.certainty,
            self.text,
        )


@dataclass(frozen=True, slots=True)
class _Fact:
    """A row of a fact table with the almanac sentence that is its evidence."""

    table: str
    id: int
    values: tuple[Value, ...]  # the row in column order, updated_by_source_id None until written
    sentence: str


def _fact_span(rng: random.Random, first: dt.date, last: dt.date | None) -> _Span:
    """A span from ``first`` to ``last`` (None: still holds), at one precision, worded as an almanac does."""
    precision = _FACT_PRECISION(rng)
    certainty = Certainty.inferred if rng.random() < 0.15 else Certainty.stated
    start = window(first, precision)[0]
    if last is None:
        return _Span(start, precision, None, None, certainty, f"since {_plain(first, precision)}")
    end = window(last, precision)[1]
    text = f"from {_plain(first, precision)} to {_plain(last, precision)}"
    return _Span(start, precision, end, precision, certainty, text)


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


class _World:
    """Everything but events, planned in memory: its size follows ``actors``, not the number of events."""

    def __init__(self, rng: random.Random, actors: int) -> None:
        self.rng = rng
        root = math.sqrt(actors)
        blocs = min(36, max(2, round(root / 3)))
        states = min(200, max(4, round(2 * root)))
        organizations = max(3, actors * 4 // 100)
        groups = max(1, actors * 2 // 100)
        persons = actors - blocs - states - organizations - groups
        self.slugs: set[str] = set()
        needed = actors + 3 * states + 10  # at most one id per actor, plus the places
        self.wikidata = iter(rng.sample(range(100, max(10_000_000, 10 * needed)), needed))
        # Ids in the order written: blocs, states, organizations, groups, persons.
        self.bloc_ids = range(1, blocs + 1)
        self.state_ids = range(blocs + 1, blocs + states + 1)
        self.organization_ids = range(blocs + states + 1, blocs + states + organizations + 1)
        self.agency_ids = self.organization_ids[: max(2, organizations // 10)]
        self.group_ids = range(self.organization_ids.stop, self.organization_ids.stop + groups)
        self.person_ids = range(self.group_ids.stop, actors + 1)
        self.actors: list[_Actor] = []
        self._plan_blocs_and_states()
        self._plan_places()
        self._plan_organizations_and_groups()
        self.facts: list[_Fact] = []  # memberships, holdings and relations, in the order written
        self._plan_memberships()
        self._plan_posts_and_people(persons)
        self._plan_relations(actors // 10)
        self._plan_series(max(3, actors // 20))
        self._plan_participation()

    # Names ---------------------------------------------------------------------------------------------

    def _word(self, syllables: int) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(syllables))

    def _state_name(self, taken: set[str]) -> str:
        while True:
            name = _capitalized(self._word(self.rng.randint(1, 2)) + self.rng.choice(_STATE_ENDINGS))
            if name not in taken and len(name) > 3:
                taken.add(name)
                return name

    def person_name(self) -> str:
        surname = _capitalized(self._word(self.rng.randint(1, 2)) + self.rng.choice(_SURNAME_ENDINGS))
        return f"{self.rng.choice(_FIRST_NAMES)} {surname}"

    def _add(
        self,
        kind: ActorKind,
        name: str | None,
        description: str | None,
        sentence: str,
        aliases: Sequence[str] = (),
        identifiers: Sequence[tuple[IdentifierScheme, str]] = (),
        slug: str | None = None,
    ) -> _Actor:
        label = name if name is not None else description
        assert label is not None
        every = tuple(dict.fromkeys([label, *aliases]))  # the name first; no alias twice
        actor = _Actor(
            len(self.actors) + 1,
            kind,
            _unique(slug or slugify(label), self.slugs),
            name,
            description,
            every,
            tuple(identifiers),
            sentence,
        )
        self.actors.append(actor)
        return actor

    # Planning ------------------------------------------------------------------------------------------

    def _plan_blocs_and_states(self) -> None:
        rng = self.rng
        self.founded: dict[int, dt.date] = {}
        bloc_names = rng.sample(
            [f"{region} {form}" for region in _REGIONS for form in _BLOC_FORMS], len(self.bloc_ids)
        )
        for name in bloc_names:
            founded = _day(rng, FIRST_DAY, dt.date(2020, 12, 31))
            abbreviation = "".join(word[0] for word in name.split())
            bloc = self._add(
                ActorKind.bloc,
                name,
                f"An alliance of states, formed in {founded.year}.",
                f"The {name} ({abbreviation}) is an alliance of states formed in {founded.year}.",
                aliases=[abbreviation],
                identifiers=[(IdentifierScheme.wikidata, f"Q{next(self.wikidata)}")],
            )
            self.founded[bloc.id] = founded
        names: set[str] = set()
        alpha2: set[str] = set()
        alpha3: set[str] = set()
        for _ in self.state_ids:
            name = self._state_name(names)
            two, three = _code(name, 2, alpha2), _code(name, 3, alpha3)
            self._add(
                ActorKind.state,
                name,
                None if rng.random() < 0.5 else "A sovereign state.",
                f"{name} ({three}) is a sovereign state.",
                aliases=[f"Republic of {name}"] if rng.random() < 0.5 else [],
                identifiers=[
                    (IdentifierScheme.wikidata, f"Q{next(self.wikidata)}"),
                    (IdentifierScheme.iso3166_1_alpha2, two),
                    (IdentifierScheme.iso3166_1_alpha3, three),
                ],
            )

    def _plan_places(self) -> None:
        """Two cities per state, the first its capital, and a few venues in no state."""
        rng = self.rng
        slugs: set[str] = set()
        # (id, slug, name, country_id, wikidata)
        self.places: list[tuple[int, str, str, int | None, str]] = []
        self.capital: dict[int, tuple[int, str]] = {}
        for state in self.state_ids:
            for _ in range(2):
                name = rng.choice(_CITY_FORMS).format(_capitalized(self._word(2)))
                place = (
                    len(self.places) + 1,
                    _unique(slugify(name), slugs),
                    name,
                    state,
                    f"Q{next(self.wikidata)}",
                )
                self.places.append(place)
                self.capital.setdefault(state, (place[0], name))
        for _ in range(5):
            name = f"{_capitalized(self._word(2))} Conference Centre"
            self.places.append(
                (len(self.places) + 1, _unique(slugify(name), slugs), name, None, f"Q{next(self.wikidata)}")
            )

    def _plan_organizations_and_groups(self) -> None:
        rng = self.rng
        for actor_id in self.organization_ids:
            agency = actor_id in self.agency_ids
            name = rng.choice(_AGENCY_FORMS if agency else _ORGANIZATION_FORMS).format(
                _capitalized(self._word(2))
            )
            description = "A news agency." if agency else "An organization."
            self._add(
                ActorKind.organization,
                name,
                description,
                f"{name} is {description[0].lower()}{description[1:-1]}.",
                aliases=["".join(word[0] for word in name.split())] if agency else [],
                identifiers=[(IdentifierScheme.wikidata, f"Q{next(self.wikidata)}")]
                if rng.random() < 0.5
                else [],
            )
        for _ in self.group_ids:
            region = (
                rng.choice(_REGIONS)
                if rng.random() < 0.5
                else self.actors[rng.choice(self.state_ids) - 1].name
            )
            name = rng.choice(_GROUP_FORMS).format(region)
            self._add(
                ActorKind.group,
                name,
                "A loose group named in reports.",
                f"The term {name} is used for a loose group of actors.",
            )

    def _plan_memberships(self) -> None:
        rng = self.rng
        for bloc in self.bloc_ids:
            founded = self.founded[bloc]
            members = rng.sample(
                self.state_ids, rng.randint(min(3, len(self.state_ids)), min(15, len(self.state_ids)))
            )
            founders = rng.randint(2, 5)
            for index, state in enumerate(members):
                if index < founders:
                    role, joined = MembershipRole.founding_member, founded
                else:
                    joined = founded + dt.timedelta(days=rng.randint(200, 25 * 365))
                    if joined > LAST_DAY:
                        continue
                    role = _JOINING_ROLE(rng)
                left = joined + dt.timedelta(days=rng.randint(2 * 365, 20 * 365))
                ended = (
                    left
                    if left <= LAST_DAY and (role is MembershipRole.suspended or rng.random() < 0.15)
                    else None
                )
                span = _fact_span(rng, joined, ended)
                bloc_actor, state_actor = self.actors[bloc - 1], self.actors[state - 1]
                membership_id = len(self.facts) + 1  # memberships are the first facts planned
                self.facts.append(
                    _Fact(
                        "membership",
                        membership_id,
                        (
                            membership_id,
                            f"{bloc_actor.slug}/{state_actor.slug}",
                            state,
                            bloc,
                            role,
                            None,
                            *span.values(),
                        ),
                        f"{state_actor.display} {_MEMBERSHIP_PHRASES[role]} {bloc_actor.display} "
                        f"{span.text}.",
                    )
                )

    def _plan_posts_and_people(self, persons: int) -> None:
        """Posts of states and blocs, their holders over time, and the people: holders first, then others.

        A holder is a new person while there are people left, then someone already named. Some holders
        are known only by their post (name NULL); those hold that one post only, so the description is true.
        """
        rng = self.rng
        # (id, slug, organization_id, role, label)
        self.posts: list[tuple[int, str, int, str, str]] = []
        holdings: list[tuple[int, dt.date, dt.date | None]] = []  # (post id, first day, last day or None)
        offices = [(state, "foreign minister", "Foreign Minister") for state in self.state_ids]
        offices += [(state, "head of state", "Head of State") for state in self.state_ids]
        offices += [(bloc, "secretary general", "Secretary General") for bloc in self.bloc_ids]
        offices.sort()
        for organization, role, title in offices:
            owner = self.actors[organization - 1]
            post_id = len(self.posts) + 1
            self.posts.append(
                (post_id, f"{owner.slug}/{slugify(role)}", organization, role, f"{title} of {owner.display}")
            )
            day = self.founded.get(organization, FIRST_DAY)
            while True:
                last = day + dt.timedelta(days=rng.randint(2 * 365, 9 * 365))
                if last > dt.date(2025, 6, 30):
                    holdings.append((post_id, day, None))
                    break
                holdings.append((post_id, day, last))
                day = last + dt.timedelta(days=1)
        first_person = self.person_ids.start
        unnamed = {
            index for index in range(1, min(len(holdings), persons)) if rng.random() < 0.25
        }  # the first person is always named, so re-used holders can be drawn from the named
        holder_of: dict[int, int] = {}  # person index -> the holding that defines an unnamed person
        holders: list[int] = []
        named = [index for index in range(persons) if index not in unnamed]
        for number in range(len(holdings)):
            index = number if number < persons else rng.choice(named)
            holders.append(first_person + index)
            holder_of.setdefault(index, number)
        for index in range(persons):
            if index in unnamed:
                post_id, first, _ = holdings[holder_of[index]]
                _, post_slug, _, _, label = self.posts[post_id - 1]
                self._add(
                    ActorKind.person,
                    None,
                    label,
                    f"The {label} appointed in {first.year} is not named in the record.",
                    slug=f"{post_slug.replace('/', '-')}-{first.year}",
                )
            else:
                name = self.person_name()
                state = self.actors[rng.choice(self.state_ids) - 1].name
                description = f"A diplomat of {state}." if rng.random() < 0.3 else None
                surname = name.split()[-1]
                self._add(
                    ActorKind.person,
                    name,
                    description,
                    f"{name} is an official named in the record.",
                    aliases=[surname] if rng.random() < 0.3 else [],
                    identifiers=[(IdentifierScheme.wikidata, f"Q{next(self.wikidata)}")]
                    if rng.random() < 0.2
                    else [],
                )
        terms: dict[int, int] = {}
        for number, ((post_id, took_office, left_office), holder) in enumerate(
            zip(holdings, holders, strict=True), start=1
        ):
            terms[post_id] = terms.get(post_id, 0) + 1
            span = _fact_span(self.rng, took_office, left_office)
            _, post_slug, _, _, label = self.posts[post_id - 1]
            person = self.actors[holder - 1]
            who = person.name if person.name is not None else "An official not named in the record"
            verb = "served" if left_office is not None else "has served"
            self.facts.append(
                _Fact(
                    "post_holding",
                    number,
                    (number, f"{post_slug}/{terms[post_id]}", post_id, holder, None, *span.values()),
                    f"{who} {verb} as {label} {span.text}.",
                )
            )

    def _plan_relations(self, count: int) -> None:
        rng = self.rng
        candidates = [*self.bloc_ids, *self.state_ids, *self.group_ids]
        kinds = list(RelationKind)
        seen: set[tuple[int, RelationKind, int]] = set()
        number = 0
        for _ in range(count * 2):  # some draws repeat a relation; a few spare draws make up for them
            if number == count:
                break
            subject, object_ = rng.sample(candidates, 2)
            kind = rng.choice(kinds)
            if (subject, kind, object_) in seen:
                continue
            seen.add((subject, kind, object_))
            number += 1
            first = _day(rng, FIRST_DAY, dt.date(2024, 12, 31))
            last = first + dt.timedelta(days=rng.randint(365, 20 * 365)) if rng.random() < 0.4 else None
            span = _fact_span(rng, first, last if last and last <= LAST_DAY else None)
            s, o = self.actors[subject - 1], self.actors[object_ - 1]
            core = _capitalized(f"{s.display} {_RELATION_PHRASES[kind]} {o.display}")
            slug = f"{s.slug}/{kind}/{o.slug}"
            row = (number, slug, subject, object_, kind, f"{core}.", None, *span.values())
            self.facts.append(_Fact("actor_relation", number, row, f"{core} {span.text}."))

    def _plan_series(self, count: int) -> None:
        """Recurring meetings between two states or blocs, held yearly from a first year on."""
        rng = self.rng
        parties = [*self.bloc_ids, *self.state_ids]
        forms = ("consultations", "summit", "strategic dialogue", "joint commission")
        slugs: set[str] = set()
        # (id, slug, name, first year, host, guest)
        self.series: list[tuple[int, str, str, int, int, int]] = []
        for number in range(1, count + 1):
            host, guest = rng.sample(parties, 2)
            a, b = self.actors[host - 1], self.actors[guest - 1]
            name = f"{_abbreviated(a)}–{_abbreviated(b)} {rng.choice(forms)}"
            self.series.append(
                (number, _unique(slugify(name), slugs), name, rng.randint(1950, 2020), host, guest)
            )

    def _plan_participation(self) -> None:
        """Rank actors for the Zipf draw: blocs and states mostly near the top, people mostly in the tail.

        Each actor's rank key is uniform on [0, boost): with 10,000 actors the few hundred blocs and states
        fill most of the head, with a score of people (the busiest ministers) among them.
        """
        boost = {
            ActorKind.bloc: 0.001,
            ActorKind.state: 0.002,
            ActorKind.organization: 0.3,
            ActorKind.group: 0.3,
        }
        keyed = sorted(
            self.actors, key=lambda actor: (self.rng.random() * boost.get(actor.kind, 1.0), actor.id)
        )
        self.ranked = [actor.id for actor in keyed]
        self.cumulative = list(
            accumulate((rank + ZIPF_OFFSET) ** -ZIPF_EXPONENT for rank in range(1, len(keyed) + 1))
        )
        self.named_people = [
            actor.id for actor in self.actors if actor.kind is ActorKind.person and actor.name
        ]

    def draw(self, count: int) -> list[int]:
        """``count`` different actors, the busy ones more often."""
        chosen = self.rng.choices(self.ranked, cum_weights=self.cumulative, k=count)
        while len(set(chosen)) < count:
            chosen = list(dict.fromkeys(chosen))
            chosen += self.rng.choices(self.ranked, cum_weights=self.cumulative, k=count - len(chosen))
        return chosen


def _code(name: str, length: int, taken: set[str]) -> str:
    """An ISO-3166-looking code: the name's first letter and later ones in order (MLI), else any free one."""
    letters = [letter for letter in name.upper() if letter in ascii_uppercase]
    own = (letters[0] + "".join(rest) for rest in combinations(letters[1:], length - 1))
    anything = ("".join(letters) for letters in product(ascii_uppercase, repeat=length))
    for code in chain(own, anything):
        if code not in taken:
            taken.add(code)
            return code
    raise RuntimeError("no free code left")  # unreachable: at most 200 states against 676 codes


def _abbreviated(actor: _Actor) -> str:
    name = actor.name or ""
    return "".join(word[0] for word in name.split()) if actor.kind is ActorKind.bloc else name


# ---------------------------------------------------------------------------------------------------------
# Documents


class _Document:
    """A source text being assembled, with the offset where the next piece starts."""

    def __init__(self, title: str) -> None:
        self.pieces = [title, "\n\n"]
        self.length = len(title) + 2

    def add(self, piece: str) -> int:
        """Append ``piece``; return its offset."""
        start = self.length
        self.pieces.append(piece)
        self.length += len(piece)
        return start

    def text(self) -> str:
        return "".join(self.pieces)


def _write_source(
    bundle: _Bundle,
    source_id: int,
    slug: str,
    title: str,
    text: str,
    metadata: tuple[Value, ...],
    file_name: str,
) -> None:
    """``metadata``: publisher, wire service, author, url, language, date, precision, certainty, note."""
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    bundle.source.write(source_id, slug, title, *metadata, sha256, file_name, text)


def _write_world(bundle: _Bundle, world: _World) -> int:
    """Write every row of the world and its almanac sources; return how many almanacs there are."""
    actor_facts = len(world.actors)
    facts = len(world.actors) + len(world.facts)
    almanacs = max(1, math.ceil(facts / FACTS_PER_ALMANAC))

    def almanac(index: int) -> int:  # the source of fact number ``index`` (actors first)
        return index // FACTS_PER_ALMANAC + 1

    for actor in world.actors:
        bundle.actor.write(
            actor.id, actor.slug, actor.kind, actor.name, actor.description, almanac(actor.id - 1)
        )
        for alias in actor.aliases:
            bundle.alias.write(bundle.alias.rows + 1, actor.id, alias, normalize(alias))
        for scheme, value in actor.identifiers:
            bundle.identifier.write(bundle.identifier.rows + 1, actor.id, scheme, value)
    for place_id, slug, name, country, wikidata in world.places:
        bundle.place.write(place_id, slug, name, country, wikidata, None)
    for series_id, slug, name, *_ in world.series:
        bundle.series.write(series_id, slug, name, None)
    for post in world.posts:
        bundle.post.write(*post, None)
    for number, fact in enumerate(world.facts, start=actor_facts):
        values = list(fact.values)
        values[COLUMNS[fact.table].index("updated_by_source_id")] = almanac(number)
        bundle.tables[fact.table].write(*values)

    sentences: list[tuple[str, int, str]] = [("actor_id", actor.id, actor.sentence) for actor in world.actors]
    sentences += [(FACT_COLUMNS[fact.table], fact.id, fact.sentence) for fact in world.facts]
    for index in range(almanacs):
        source_id = index + 1
        title = f"Synthetic almanac, part {source_id}"
        document = _Document(title)
        for column, fact_id, sentence in sentences[
            index * FACTS_PER_ALMANAC : (index + 1) * FACTS_PER_ALMANAC
        ]:
            start = document.add(sentence)
            document.add("\n")
            bundle.evidence(column, fact_id, source_id, start, sentence)
        metadata: tuple[Value, ...] = (
            "Synthetic Almanac",
            None,
            None,
            f"https://example.org/almanac/{source_id}",
            "en",
            "2026-01-01",
            Precision.year,
            Certainty.stated,
            "A reference work compiled after the period it covers.",
        )
        _write_source(
            bundle,
            source_id,
            f"almanac-{source_id}",
            title,
            document.text(),
            metadata,
            f"almanac-{source_id:04d}.txt",
        )
    return almanacs


@dataclass(slots=True)
class _Dates:
    """An event's six date columns, its sort_date as the database computes it, and a slug prefix."""

    values: tuple[Value, ...]  # the six date columns
    sort_date: str
    slug_prefix: str


def _event_dates(rng: random.Random, day: dt.date, published: dt.date, spanning: bool) -> _Dates:
    """Dates as a report gives them: mostly one day, sometimes a month, year or decade, a range, or none."""
    draw = rng.random()
    if draw < 0.005:  # undated: sorts last
        return _Dates((None, None, None, None, None, None), UNDATED.isoformat(), "undated")
    precision = _PRECISION(rng)
    if draw < 0.015:  # only an upper bound ("before 1990")
        last = window(day, precision)[1]
        text = f"before {_plain(day, precision)}"
        values = (None, None, last.isoformat(), precision, Certainty.approximate, text)
        return _Dates(values, sort_day(None, last, precision).isoformat(), f"before-{last.year:04d}")
    certainty = _CERTAINTY(rng)
    start, end = window(day, precision)
    if spanning:
        first = max(FIRST_DAY, day - dt.timedelta(days=rng.randint(60, 2000)))
        earlier = window(first, precision)[0]
        if earlier < start:
            start = earlier
            text = f"from {_plain(first, precision)} to {_plain(day, precision)}"
            if certainty is Certainty.approximate:
                text = f"roughly {text}"
            iso = start.isoformat()
            return _Dates((iso, precision, end.isoformat(), precision, certainty, text), iso, iso[:7])
    iso = start.isoformat()
    text = _phrase(day, precision, certainty, published)
    return _Dates((iso, precision, end.isoformat(), precision, certainty, text), iso, iso[:7])


class _Reports:
    """Streams events, one report per ~20, each event a sentence of its report with evidence."""

    def __init__(self, bundle: _Bundle, world: _World, rng: random.Random, first_source: int) -> None:
        self.bundle, self.world, self.rng = bundle, world, rng
        self.first_source = first_source
        self.display = {actor.id: actor.display for actor in world.actors}
        self.kind = {actor.id: actor.kind for actor in world.actors}
        self.agency_names = [self.display[agency] for agency in world.agency_ids]
        self.series_started = sorted(world.series, key=lambda series: series[3])
        self.series_years = [series[3] for series in self.series_started]

    def write(self, events: int) -> None:
        reports = math.ceil(events / EVENTS_PER_REPORT)
        for index in range(reports):
            count = min(EVENTS_PER_REPORT, events - index * EVENTS_PER_REPORT)
            self._report(self.first_source + index, count)

    def _report(self, source_id: int, count: int) -> None:
        rng = self.rng
        # Publication dates lean to recent decades (density rising linearly), as news archives do.
        low, high = dt.date(1950, 3, 1).toordinal(), dt.date(2025, 10, 31).toordinal()
        published = dt.date.fromordinal(low + int((high - low) * math.sqrt(rng.random())))
        title = f"Regional digest no. {source_id - self.first_source + 1}"
        document = _Document(title)
        plans = []
        for _ in range(count):
            status = _STATUS(rng)
            offset = rng.randint(1, 60) if status is EventStatus.announced else -rng.randint(0, 90)
            plans.append((published + dt.timedelta(days=offset), status))
        plans.sort(key=lambda plan: plan[0])
        last_event: tuple[int, EventKind] | None = None
        for number, (day, status) in enumerate(plans):
            if number and number % 4 == 0:
                document.add("\n\n")  # paragraphs of four events
            elif number:
                document.add(" ")
            last_event = self._event(document, source_id, published, day, status, last_event)
        self._write_report(source_id, title, document.text(), published)

    def _write_report(self, source_id: int, title: str, text: str, published: dt.date) -> None:
        rng = self.rng
        precision = (
            Precision.day
            if rng.random() < 0.85
            else Precision.month
            if rng.random() < 0.7
            else Precision.year
        )
        certainty = Certainty.stated if rng.random() < 0.8 else Certainty.inferred
        number = source_id - self.first_source + 1
        publisher = rng.choice(self.agency_names) if rng.random() < 0.9 else None
        wire_service = rng.choice(self.agency_names) if rng.random() < 0.3 else None
        metadata: tuple[Value, ...] = (
            publisher,
            wire_service if wire_service != publisher else None,
            self.world.person_name() if rng.random() < 0.5 else None,
            f"https://example.org/reports/{number}",
            "en",
            window(published, precision)[0].isoformat(),
            precision,
            certainty,
            "Dated from the reports it summarises." if certainty is Certainty.inferred else None,
        )
        _write_source(
            self.bundle, source_id, f"report-{number}", title, text, metadata, f"report-{number:06d}.txt"
        )

    def _event(
        self,
        document: _Document,
        source_id: int,
        published: dt.date,
        day: dt.date,
        status: EventStatus,
        previous: tuple[int, EventKind] | None,
    ) -> tuple[int, EventKind]:
        rng, bundle, world, display = self.rng, self.bundle, self.world, self.display
        event_id = bundle.event.rows + 1
        kind = _KIND(rng)
        # Conflicts and courses of cooperation last; agreements and the like rarely; meetings never.
        spanning = rng.random() < _SPANNING.get(kind, 0.0)
        dates = _event_dates(rng, day, published, spanning)
        place: tuple[int, str] | None = None
        series: tuple[int, str, str, int, int, int] | None = None
        statement_kind: StatementKind | None = None
        concerns: int | None = None
        reporter: int | None = None
        if kind is EventKind.meeting:
            if rng.random() < 0.2 and self.series_years and self.series_years[0] <= day.year:
                series = self.series_started[rng.randrange(bisect_right(self.series_years, day.year))]
            actors = [series[4], series[5]] if series else world.draw(_MEETING_SIZE(rng))
            roles = [ParticipantRole.host] + [
                ParticipantRole.party
                if len(actors) > 2 and self.kind[actor] in (ActorKind.bloc, ActorKind.state)
                else ParticipantRole.visitor
                for actor in actors[1:]
            ]
            if rng.random() < 0.7:
                capital = world.capital.get(actors[0])
                place = capital if capital and rng.random() < 0.8 else _place(rng, world.places)
            past, base = _VERBS[kind][0]
            rest = f" {_listed([display[actor] for actor in actors[1:]])}"
        elif kind is EventKind.statement:
            actors = world.draw(1 if rng.random() < 0.8 else 2)
            statement_kind = StatementKind.joint_statement if len(actors) == 2 else _STATEMENT_KIND(rng)
            roles = [ParticipantRole.issuer] * len(actors)
            past, base = _STATEMENT_VERBS[statement_kind]
            rest = ""
            if previous is not None and rng.random() < 0.5:
                concerns = previous[0]
                rest = f" on the {previous[1]} reported above"
            if rng.random() < 0.3:
                candidate = rng.choice(world.agency_ids)
                reporter = candidate if candidate not in actors else None
        else:
            actors = world.draw(_OTHER_SIZE(rng))
            roles = [ParticipantRole.actor] + [_OTHERS_ROLE[kind]] * (len(actors) - 1)
            with_others, alone = _VERBS[kind]
            past, base = with_others if len(actors) > 1 else alone
            rest = f" {_listed([display[actor] for actor in actors[1:]])}" if len(actors) > 1 else ""
            if rng.random() < 0.2:
                place = _place(rng, world.places)
        if place is not None:
            rest += f" in {place[1]}"
        if series is not None:
            session = day.year - series[3] + 1
            rest += f" for the {_ordinal(session)} {series[2]}"
        # Joint issuers speak together; in other events the first actor is the one doing it.
        doers = actors if kind is EventKind.statement else actors[:1]
        subject = _capitalized(_listed([display[actor] for actor in doers]))
        # The sentence: who, what (worded by status), topics, when, who reported it.
        if status is EventStatus.held:
            core = title = f"{subject} {past}{rest}"
        elif status is EventStatus.announced:
            core = f"{subject} {'are' if len(doers) > 1 else 'is'} to {base}{rest}"
            title = f"{subject} to {base}{rest}"
        else:
            core = f"{subject} {'were' if len(doers) > 1 else 'was'} to {base}{rest}"
            title = f"{subject} to {base}{rest}: {status}"
        topics = rng.sample(_TOPICS, 1 if rng.random() < 0.7 else 2) if rng.random() < 0.45 else []
        topic_offsets: list[int] = []
        sentence = core
        if topics:
            sentence += _TOPIC_LINKS.get(kind, " on ")
            topic_offsets.append(len(sentence))
            sentence += topics[0]
            if len(topics) == 2:
                sentence += " and "
                topic_offsets.append(len(sentence))
                sentence += topics[1]
        if dates.values[5] is not None:
            sentence += f" {dates.values[5]}"
        if status in (EventStatus.postponed, EventStatus.cancelled):
            sentence += f", but it was {status}"
        if reporter is not None:
            sentence += f", as reported by {display[reporter]}"
        sentence += "."
        start = document.add(sentence)

        category = rng.choice(_CATEGORIES[kind]) if rng.random() < 0.95 else None
        description = (
            f"{_capitalized(_listed(topics))} {'were' if len(topics) > 1 else 'was'} on the agenda."
            if topics
            else None
        )
        place_id = place[0] if place else None
        bundle.event.write(
            event_id, f"{dates.slug_prefix}-{kind}-{event_id}", kind, category, title, description, status,
            place_id, source_id, *dates.values, dates.sort_date,
        )  # fmt: skip
        bundle.evidence("event_id", event_id, source_id, start, sentence)
        if series is not None:
            session = day.year - series[3] + 1
            label = f"{_ordinal(session)} session" if rng.random() < 0.5 else None
            bundle.meeting.write(event_id, series[0], session, label)
        elif kind is EventKind.meeting:
            bundle.meeting.write(event_id, None, None, None)
        if statement_kind is not None:
            bundle.statement.write(event_id, statement_kind, concerns)
        if reporter is not None:
            actors = [*actors, reporter]
            roles = [*roles, ParticipantRole.reporter]
        for actor, role in zip(actors, roles, strict=True):
            participant_id = bundle.participant.write(
                bundle.participant.rows + 1, event_id, actor, role, dates.sort_date
            )
            bundle.evidence("event_participant_id", participant_id, source_id, start, sentence)
        for topic, offset in zip(topics, topic_offsets, strict=True):
            topic_id = bundle.topic.write(bundle.topic.rows + 1, event_id, topic)
            bundle.evidence("event_topic_id", topic_id, source_id, start + offset, topic)
        if statement_kind is not None and rng.random() < 0.5:
            words = f"{rng.choice(_QUOTE_OPENINGS)} {rng.choice(_QUOTE_ENDINGS)}"
            document.add(" It said: “")
            quote_start = document.add(words)
            document.add(".”")
            speaker = rng.choice(world.named_people) if rng.random() < 0.2 and world.named_people else None
            quote_id = bundle.quote.write(
                bundle.quote.rows + 1, f"quote-{bundle.quote.rows + 1}", event_id, words, speaker
            )
            bundle.evidence("quote_id", quote_id, source_id, quote_start, words)
        return event_id, kind


def _place(rng: random.Random, places: Sequence[tuple[int, str, str, int | None, str]]) -> tuple[int, str]:
    place = rng.choice(places)
    return place[0], place[2]


# ---------------------------------------------------------------------------------------------------------


def generate(folder: Path, events: int, seed: int = 1, actors: int = 10_000) -> Manifest:
    """Write a synthetic export bundle of ``events`` events among about ``actors`` actors into ``folder``.

    The same arguments give byte-identical files. ``folder`` must not exist yet, or be empty. The
    manifest is written last: a bundle without one is incomplete.
    """
    if events < 0:
        raise InputError(f"the number of events must be 0 or more, not {events}")
    if actors < MIN_ACTORS:
        raise InputError(f"a synthetic world needs at least {MIN_ACTORS} actors, not {actors}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder} exists and is not an empty folder: choose a new path")
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bundle = _Bundle(folder)
    try:
        world = _World(rng, actors)
        almanacs = _write_world(bundle, world)
        _Reports(bundle, world, rng, almanacs + 1).write(events)
    finally:
        bundle.close()
    files = tuple(
        FileEntry(table.path, table.rows, *checksum(folder / table.path))
        for table in sorted(bundle.tables.values(), key=lambda table: table.path)
    )
    manifest = Manifest(FORMAT_VERSION, head(), 0, None, files)
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    return manifest
