"""Fuzzing every entry point with generated input: dates, annotations, documents, bundles, URLs and SQL.

The property, whatever comes in: exit 0 and every invariant holds (evidence slices its source, derived
columns are true, foreign keys hold), or one error line on stderr, an exit status from the README's
table, no traceback, and the database as it was. Inputs are built by Hypothesis from the documented
formats and then broken on purpose, and run through the real CLI against real databases.

The budget is fixed and the examples derandomized, so every run tries the same inputs and CI stays
deterministic; `TIMELINE_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py` tries that many per entry point
(a tenth of them on a server).
"""

import calendar
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import string
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
import yaml
from click.testing import Result
from hypothesis import HealthCheck, Phase, event, given, reject, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.backends import Backend
from tests.conftest import ROOT, dump, run
from tests.test_derived import STALE
from timeline.dates import DateError, When, parse_explicit, resolve, window
from timeline.drafting.datefind import find_dates
from timeline.drafting.emit import scalar
from timeline.errors import InputError
from timeline.export.bundle import checksum
from timeline.queries.actors import normalize
from timeline.storage.config import describe, masked, resolve_url
from timeline.storage.sql_guard import read_query
from timeline.vocab import Certainty

LATER = ROOT / "tests" / "data" / "aes-ministers-in-moscow.yaml"
LONGER = int(os.environ.get("TIMELINE_FUZZ_EXAMPLES") or 0)

# The exit statuses the README documents; a failure must end with one of them.
DOCUMENTED = {
    int(status) for status in re.findall(r"^\| (\d+) \|", (ROOT / "README.md").read_text(), re.MULTILINE)
} - {0}


def budget(
    examples: int, backend: Backend | None = None, *, on_server: int | None = None, shrink: bool = True
) -> settings:
    """``examples`` inputs per run (or TIMELINE_FUZZ_EXAMPLES), on a server ``on_server`` or a tenth of them
    (at least two): the same inputs every run, no deadline (the CPUs are shared), nothing stored between
    runs. A known failure (an xfail) is not shrunk: that would only cost time."""
    count = LONGER or examples
    if backend is not None and backend.name != "sqlite":
        count = max(2, count // 10) if on_server is None or LONGER else on_server
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        phases=list(Phase) if shrink else [Phase.explicit, Phase.generate],
    )


# -- dates ---------------------------------------------------------------------------------------------------

MONTHS = [*calendar.month_name[1:], "Jan", "Feb.", "Sept", "Sep.", "Dec"]
WEEKDAYS = [*calendar.day_name, "Tues.", "Thu"]
DATE_WORDS = [
    "in", "on", "at", "of", "the", "since", "by", "until", "till", "from", "to", "through", "throughout",
    "during", "as", "before", "after", "between", "and", "or", "early", "mid", "late", "end", "beginning",
    "first", "second", "third", "fourth", "half", "quarter", "this", "last", "next", "earlier", "later",
    "that", "following", "previous", "past", "coming", "recent", "recently", "ago", "within", "more",
    "less", "than", "a", "an", "one", "few", "several", "some", "two", "three", "five", "ten", "twelve",
    "decade", "decades", "year", "years", "month", "months", "week", "weeks", "day", "days", "weekend",
    "today", "yesterday", "tomorrow", "over", "around", "about", "nearly", "dozen", "hundred"
]  # fmt: skip
SEPARATORS = [" ", " ", " ", " ", ", ", "-", "–", "—", "/", ".", "\u00a0", "\n", ""]
# Years a document names stay within 1000 to 2999, and publication dates within 1900 to 2100: dates at the
# calendar's ends (year 0, 10,000) are the known "bad dates" traceback, fixed in parallel and fuzzed on
# their own below.
YEARS = st.integers(1000, 2999).map(str)
PUBLISHED = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
DATE_TOKENS = st.one_of(
    st.sampled_from(DATE_WORDS),
    st.sampled_from(MONTHS + WEEKDAYS),
    YEARS,
    st.integers(100, 299).map(lambda decade: f"{decade}0s"),
    st.integers(0, 40).map(str),
    st.sampled_from(
        ["1st", "2nd", "3rd", "4th", "21st", "31st", "'90s", "1990s", "201X", "2019–20", "mid-2024"]
    ),
)
# An amount of units counted back or on from publication, as big as a year's number, reaches out of the
# calendar: the same known case.
_FAR = re.compile(r"\d{3,}\D{0,3}(?:decade|year|month|week|day|dozen|hundred)", re.IGNORECASE)


AMOUNTS = st.one_of(
    st.sampled_from(
        ["a", "an", "one", "two", "three", "five", "ten", "twelve", "a few", "several", "a couple of"]
    ),
    st.integers(0, 99).map(str),
)
UNITS = st.sampled_from(["day", "week", "month", "year", "decade"])
PREPOSITIONS = st.sampled_from(
    ["", "", "", "in ", "on ", "during ", "of ", "the ", "since ", "from ", "until ", "till ", "through ",
     "throughout ", "by ", "as of "]
)  # fmt: skip


@st.composite
def documented_date(draw: st.DrawFn) -> str:
    """One of the forms of seeds/README.md's date table, with drawn values (some impossible: day 31 of
    April, a Wednesday that is a Tuesday, a range that ends before it starts)."""
    year = draw(YEARS)
    month, month2 = draw(st.sampled_from(MONTHS)), draw(st.sampled_from(MONTHS))
    day, day2 = draw(st.integers(1, 32)), draw(st.integers(1, 32))
    weekday = draw(st.sampled_from(WEEKDAYS))
    amount, unit = draw(AMOUNTS), draw(UNITS)
    decade = f"{year[:3]}0s"
    part = draw(st.sampled_from(["early", "mid-", "mid", "late", "end-", "the end of", "the beginning of"]))
    forms: list[str] = [
        year, f"{year}-{draw(st.integers(1, 12)):02d}", f"{year}-{draw(st.integers(1, 12)):02d}-{day:02d}",
        decade, f"{year[:3]}X", f"{month} {day}, {year}", f"{day} {month} {year}", f"{month} {year}",
        f"{month} {day} and {day2}", f"{day}–{day2} {month}", f"{month} {day}", f"{day} {month}",
        weekday, f"next {weekday}", f"last {weekday}", f"{weekday}, {month} {day}",
        "today", "yesterday", "tomorrow", f"this {unit}", f"last {unit}", f"next {unit}",
        f"{amount} {unit}s ago", f"{amount} {unit} ago", f"more than {amount} {unit}s ago",
        f"less than {amount} {unit}s ago", f"a few {unit}s ago", f"several {unit}s ago", f"{unit}s ago",
        "recently", f"in recent {unit}s", f"the past {amount} {unit}s", f"over the past {unit}",
        f"in the coming {unit}s", f"the next {amount} {unit}s", f"over the next {unit}",
        f"next {month}", f"last {month}", f"this {month}", f"earlier this {unit}", f"later this {unit}",
        "this weekend", "last weekend", "over the weekend", f"{part} {year}", f"{part} {month}",
        f"the {part} {decade}", "the end of the year", f"the first half of {year}",
        f"the {draw(st.sampled_from(['first', 'second', 'third', 'fourth', 'fifth']))} quarter of {year}",
        f"before {year}", f"after {month} {year}", f"from {year} to {draw(YEARS)}",
        f"between {year} and {draw(YEARS)}", f"{year}–{draw(st.integers(0, 99)):02d}",
        f"{month} {day} to {month2} {day2}", f"{month} to {month2} {year}",
        f"{amount} {unit}s later", "the following month", "that year", "later that year", "the next day",
    ]  # fmt: skip
    return draw(PREPOSITIONS) + draw(st.sampled_from(forms))


CASES: list[Callable[[str], str]] = [str.lower, str.upper, str.title, str.strip]


@st.composite
def date_words(draw: st.DrawFn) -> str:
    """Words for a date as a document might write them: a documented form, often bent (case, spacing,
    punctuation, a word dropped or doubled, noise around it)."""
    words = draw(documented_date())
    if draw(st.booleans()):
        tokens = words.split(" ")
        if len(tokens) > 1 and draw(st.booleans()):
            del tokens[draw(st.integers(0, len(tokens) - 1))]
        if draw(st.booleans()):
            index = draw(st.integers(0, len(tokens) - 1))
            tokens.insert(index, tokens[index])
        words = "".join(token + draw(st.sampled_from(SEPARATORS)) for token in tokens)
        words = draw(st.sampled_from(CASES))(words)
        words = draw(st.text(max_size=3)) + words + draw(st.text(max_size=3))
    return words


@st.composite
def date_soup(draw: st.DrawFn) -> str:
    """The resolver's vocabulary in any order."""
    parts = draw(st.lists(st.tuples(DATE_TOKENS, st.sampled_from(SEPARATORS)), min_size=1, max_size=7))
    return "".join(token + separator for token, separator in parts)


DATE_WORDS_OR_NOISE = st.one_of(date_words(), date_words(), date_soup(), st.text(max_size=30)).filter(
    lambda words: not _FAR.search(words)
)


def assert_true_span(when: When) -> None:
    """A span has a bound; its start is the first day of its unit, its end the last; the start comes first."""
    assert when.start is not None or when.end is not None
    if when.start is not None:
        assert when.start.date == window(when.start.date, when.start.precision)[0]
    if when.end is not None:
        assert when.end.date == window(when.end.date, when.end.precision)[1]
    if when.start is not None and when.end is not None:
        assert when.start.date <= when.end.date


@budget(400)
@given(words=DATE_WORDS_OR_NOISE, published=PUBLISHED)
def test_date_words_resolve_to_a_true_span_or_a_date_error(words: str, published: dt.date) -> None:
    try:
        when = resolve(words, published)
    except DateError:
        return
    assert when.text == words.strip()
    assert_true_span(when)


EXPLICIT_PART = st.one_of(
    st.just(""),
    st.just(".."),
    st.integers(1, 9999).map(lambda year: f"{year:04d}"),
    st.tuples(st.integers(1, 9999), st.integers(0, 13)).map(lambda ym: f"{ym[0]:04d}-{ym[1]:02d}"),
    st.tuples(st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32)).map(
        lambda ymd: f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
    ),
    st.integers(100, 999).map(lambda decade: f"{decade}0s"),
    st.integers(100, 999).map(lambda decade: f"{decade}X"),
    st.text(alphabet="0123456789-/.sX ", max_size=12),
)


@budget(300)
@given(
    value=st.one_of(
        EXPLICIT_PART,
        st.tuples(EXPLICIT_PART, st.sampled_from(["/", " / ", "//"]), EXPLICIT_PART).map("".join),
        st.text(max_size=20),
    ),
    certainty=st.sampled_from(list(Certainty)),
)
def test_explicit_dates_parse_to_a_true_span_or_a_date_error(value: str, certainty: Certainty) -> None:
    try:
        when = parse_explicit(value, certainty, "the words")
    except DateError:
        return
    assert when.certainty is certainty
    assert_true_span(when)


FILLER = [
    "The", "ministers", "will", "visit", "Moscow", "met", "said", "talks", "summit", "formed", "joined", "left",
    "the", "bloc", "a", "statement", "Mali", "Niger", "Russia", "AES", "Lavrov", "foreign", "minister",
    "President", "“", "”", "‘", "’", '"', "(", ")", ".", ",", ";", "—", "–", "\n", "\u00a0",
]  # fmt: skip


@budget(200)
@given(
    parts=st.lists(st.one_of(date_words(), st.sampled_from(FILLER), st.text(max_size=5)), max_size=25),
    published=PUBLISHED,
)
def test_finding_dates_in_any_text_never_raises_and_every_mention_is_its_words(
    parts: list[str], published: dt.date
) -> None:
    text = " ".join(parts)
    if _FAR.search(text):
        return  # the known out-of-calendar case, as above
    for mention in find_dates(text, published):
        assert text[mention.start : mention.end] == mention.words
        if mention.explicit is None:
            assert resolve(mention.words, published) == mention.when


# Known, fixed in parallel ("bad dates"): at the calendar's ends the resolver raises ValueError or
# OverflowError instead of DateError. Kept apart so that the tests above still fuzz everything else.
CALENDAR_ENDS = st.one_of(
    st.sampled_from(["0000", "0000s", "0000-01", "10000", "9999 decades ago", "next year", "after 9999", "0000/0001"]),
    st.integers(0, 99999).map(str).flatmap(lambda year: st.sampled_from([year, f"in {year}", f"{year} years ago", f"April 3, {year}"])),
    date_words(),
)  # fmt: skip


@budget(100, shrink=False)
@given(
    words=CALENDAR_ENDS,
    published=st.one_of(st.dates(dt.date(9990, 1, 1)), st.dates(max_value=dt.date(10, 12, 31))),
)
def test_dates_at_the_calendars_ends_resolve_or_raise_a_date_error(words: str, published: dt.date) -> None:
    readings: list[Callable[[], When]] = [
        lambda: resolve(words, published),
        lambda: parse_explicit(words, Certainty.stated),
    ]
    for read in readings:
        with suppress(DateError):
            assert_true_span(read())
    find_dates(f"It began {words}.", published)


# -- what every run through the CLI must leave behind -----------------------------------------------------

Dump = dict[str, list[tuple[Any, ...]]]

# Evidence beside the slice of its source it claims to be; a negative length is sliced as none.
SLICES = (
    "SELECT e.id, e.char_start, e.char_end, e.text, CASE WHEN e.char_end > e.char_start "
    "THEN substr(s.text, e.char_start + 1, e.char_end - e.char_start) END "
    "FROM evidence e JOIN source s ON s.id = e.source_id"
)


def invariants(db: str) -> None:
    """Every evidence row slices its source, every derived column is true, every foreign key holds."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            # Compared here, not in SQL: MariaDB's collations call 'A' and 'a ' equal.
            for row_id, start, end, words, sliced in connection.execute(text(SLICES)):
                assert 0 <= start < end and sliced == words and len(words) == end - start, (row_id, words)
            for row_id, body, digest in connection.execute(text("SELECT id, text, sha256 FROM source")):
                assert hashlib.sha256(body.encode("utf-8")).hexdigest() == digest, row_id
                assert "\0" not in body
            assert connection.execute(text(STALE)).all() == []
            for row_id, alias, normalized in connection.execute(
                text("SELECT id, alias, normalized FROM actor_alias")
            ):
                assert normalize(alias) == normalized, (row_id, alias)
            assert orphans(connection) == []
    finally:
        engine.dispose()


def orphans(connection: Connection) -> list[tuple[Any, ...]]:
    """Rows whose foreign key points to no row: SQLite's own check, a join per key on the servers."""
    if connection.dialect.name == "sqlite":
        return list(connection.execute(text("PRAGMA foreign_key_check")).all())
    found: list[tuple[Any, ...]] = []
    schema = inspect(connection)
    for table in schema.get_table_names():
        for key in schema.get_foreign_keys(table):
            joined = " AND ".join(
                f"p.{parent} = c.{child}"
                for child, parent in zip(key["constrained_columns"], key["referred_columns"], strict=True)
            )
            statement = (
                f"SELECT c.{key['constrained_columns'][0]} FROM {table} c LEFT JOIN {key['referred_table']} p "
                f"ON {joined} WHERE c.{key['constrained_columns'][0]} IS NOT NULL "
                f"AND p.{key['referred_columns'][0]} IS NULL"
            )
            found += [(table, *row) for row in connection.execute(text(statement))]
    return found


# Lines stderr may hold besides the error: the warning `timeline sql` gives a superuser (the test servers'
# accounts are), and the usage and help lines Click prints above a usage error (status 2).
BESIDES_THE_ERROR = ("warning: connected as ", "Usage: ", "Try '")


def failed_cleanly(result: Result, statuses: set[int]) -> str:
    """One error line on stderr, no traceback, and an exit status the README documents for this entry
    point."""
    assert result.exit_code in statuses & DOCUMENTED, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [
        line for line in result.stderr.strip().splitlines() if line and not line.startswith(BESIDES_THE_ERROR)
    ]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def holds(db: str, result: Result, before: Dump, statuses: set[int]) -> None:
    """The property: exit 0 and every invariant holds, or one documented line and the database as it was."""
    event(f"exit {result.exit_code}")  # the share of each outcome: pytest --hypothesis-show-statistics
    if result.exit_code == 0:
        invariants(db)
    else:
        failed_cleanly(result, statuses)
        assert dump(db) == before


class Copies:
    """New databases, each holding what ``template`` holds: one per example, so that what one example
    writes never meets the next, and a failing example replays alike when Hypothesis shrinks it. SQLite
    copies the file; a server builds it again (migrations, then the bundled seed if the template has it)."""

    def __init__(self, backend: Backend, template: str, *, seeded: bool) -> None:
        self.backend, self.template, self.seeded = backend, template, seeded

    @contextmanager
    def new(self) -> Iterator[str]:
        if self.backend.name == "sqlite":
            url = str(self.backend.scratch / f"fuzz_{uuid.uuid4().hex[:12]}.db")
            shutil.copyfile(self.template, url)
        else:
            url = self.backend.migrated()
            if self.seeded:
                assert run(url, "seed").exit_code == 0
        try:
            yield url
        finally:
            self.backend.drop(url)


def folder(tmp_path: Path) -> Path:
    """A new folder for one example's files."""
    path = tmp_path / uuid.uuid4().hex[:12]
    path.mkdir()
    return path


# -- annotations -------------------------------------------------------------------------------------------

SYLLABLES = ["ka", "ru", "zem", "bla", "o", "ni", "tor", "va", "li", "sa", "hel", "ø", "é", "ğ", "ß", "ı", "ñ"]  # fmt: skip
NAMES = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(lambda parts: "".join(parts).title())
# Actors the bundled document stored, by slug and by name.
KNOWN = ["russia", "Lavrov", "Mali", "AES", "Sahel bloc", "sergei-lavrov", "western-powers"]
QUOTE_MARKS = [("“", "”"), ("‘", "’"), ('"', '"'), ("«\u00a0", "\u00a0»"), ("", "")]
# Values that do not belong where they are put: wrong types, wrong words, odd characters, over-long text.
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.text(alphabet="\"'\\:{}[]#&*!|>%@`\t\n\u00a0\u2028\ufeff’—", max_size=8),
    st.sampled_from(["held", "CONSULT", "meeting", "state", "person", "joint_statement", "2025-04-02", "x" * 250]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.sampled_from(["date", "text", "quote", "occurrence", "certainty", "note"]), st.text(max_size=8), max_size=3),
    st.recursive(st.text(max_size=3), lambda inner: st.lists(inner, max_size=2), max_leaves=6),
)  # fmt: skip


def slug_of(name: str) -> str:
    return re.sub(r"\W+", "-", name.lower()).strip("-") or "x"


@st.composite
def annotated_document(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A report and its annotation in the documented format (seeds/README.md): a new bloc founded by new
    states, a visit by an official to a city for talks with an actor the database knows, and a joint
    statement with a quote, each fact with its exact words and dates in the document's words."""
    states = draw(st.lists(NAMES, min_size=2, max_size=3, unique=True))
    bloc, person, city = draw(NAMES), f"{draw(NAMES)} {draw(NAMES)}", draw(NAMES)
    acronym = "".join(word[0] for word in bloc.split()).upper() + draw(st.sampled_from(["S", "A", "ES"]))
    known = draw(st.sampled_from(KNOWN))
    dates = [draw(st.one_of(documented_date(), date_words())) for _ in range(3)]
    opening, closing = draw(st.sampled_from(QUOTE_MARKS))
    quote = draw(st.text(alphabet=string.ascii_letters + " ,.’é—", min_size=3, max_size=60)).strip() or "Yes"
    founded = f"{', '.join(states[:-1])} and {states[-1]} formed the {bloc} ({acronym}) {dates[0]}."
    visit = f"Foreign Minister {person} of {states[0]} will visit {city} {dates[1]} for talks with {known}."
    said = f"{opening}{quote}{closing} the three governments said {dates[2]}."
    sentences = [founded, visit, said]
    document = draw(st.permutations(sentences)) if draw(st.booleans()) else sentences
    text_ = draw(st.sampled_from(["\n\n", " ", "\u00a0\n"])).join([draw(NAMES), *document]) + "\n"
    slugs = [slug_of(name) for name in states]
    annotation: dict[str, Any] = {
        "source": {
            "title": draw(NAMES),
            "published": draw(
                st.one_of(
                    PUBLISHED.map(dt.date.isoformat),
                    PUBLISHED.map(lambda day: {"date": day.isoformat(), "certainty": "inferred", "note": "fuzz"}),
                    YEARS,
                )
            ),
            "document": "report.txt",
        },
        "actors": [
            *({"slug": slug, "kind": "state", "name": name, "evidence": founded} for slug, name in zip(slugs, states, strict=True)),
            {"slug": slug_of(bloc), "kind": "bloc", "name": bloc, "aliases": [acronym], "evidence": founded},
            {"slug": slug_of(person), "kind": "person", "name": person, "evidence": visit},
        ],
        "places": [{"slug": slug_of(city), "name": city, "country": slugs[0]}],
        "posts": [{"slug": f"{slugs[0]}/foreign-minister", "of": slugs[0], "role": "foreign minister"}],
        "holdings": [{"post": f"{slugs[0]}/foreign-minister", "holder": person, "evidence": visit}],
        "memberships": [
            {"member": slug, "of": slug_of(bloc), "role": "founding_member", "since": dates[0], "evidence": founded}
            for slug in slugs
        ],
        "relations": [{"subject": slugs[0], "object": known, "kind": "partnership", "evidence": visit}],
        "events": [
            {
                "slug": f"{slug_of(bloc)}-founded", "kind": "founding", "title": f"{bloc} founded",
                "when": dates[0], "status": "held", "evidence": founded,
                "participants": [
                    {"actors": slugs, "role": "actor", "evidence": founded},
                    {"actor": slug_of(bloc), "role": "subject", "evidence": founded},
                ],
            },
            {
                "slug": f"{slug_of(city)}-talks", "kind": "meeting", "category": "CONSULT", "title": "Talks",
                "when": dates[1], "status": "announced", "place": slug_of(city), "evidence": visit,
                "participants": [
                    {"actor": person, "role": "visitor", "evidence": visit},
                    {"actor": known, "role": "host", "evidence": visit},
                ],
                "topics": [{"topic": "talks", "evidence": "for talks"}],
            },
            {
                "slug": f"{slug_of(bloc)}-statement", "kind": "statement", "statement_kind": "joint_statement",
                "title": "Joint statement", "when": dates[2], "status": "held", "concerns": f"{slug_of(city)}-talks",
                "evidence": said,
                "participants": [{"actors": slugs, "role": "issuer", "evidence": "the three governments said"}],
                "quotes": [{"text": quote}],
            },
        ],
    }  # fmt: skip
    return text_, annotation


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every field and list item in an annotation."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index)
            yield from _places(item, (*path, index))


@st.composite
def mutated(draw: st.DrawFn, annotation: dict[str, Any], document: str) -> dict[str, Any]:
    """The annotation with a few fields changed, removed, added or misquoted."""
    places = list(_places(annotation))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(places))
        *parents, last = path
        holder: Any = annotation
        try:
            for step in parents:
                holder = holder[step]
            current = holder[last]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed it
        action = draw(st.sampled_from(["odd", "odd", "drop", "extra", "misquote", "date", "long", "unicode"]))
        if action == "drop":
            del holder[last]
        elif action == "extra" and isinstance(current, dict):
            current[draw(st.sampled_from(["sluge", "kind", "when", "ref", "evidence", "x"]))] = draw(ODD)
        elif action == "misquote" and isinstance(current, str) and current in document:
            index = draw(st.integers(0, len(current) - 1))
            current = (
                current[:index]
                + draw(st.sampled_from(["'", " ", "\u00a0", "-", "", "X"]))
                + current[index + 1 :]
            )
            holder[last] = current
        elif action == "date":
            holder[last] = draw(date_words())
        elif action == "long":
            holder[last] = draw(st.sampled_from(["x", "é", "a-"])) * draw(st.integers(150, 600))
        elif action == "unicode":
            holder[last] = draw(st.text(min_size=1, max_size=12))
        else:
            holder[last] = draw(ODD)
    return annotation


def yaml_text(annotation: dict[str, Any]) -> str:
    return yaml.safe_dump(annotation, allow_unicode=True, sort_keys=False, width=1000)


@st.composite
def bent(draw: st.DrawFn, content: str) -> str:
    """The YAML text with a character, a line or an anchor changed by hand."""
    lines = content.splitlines(keepends=True)
    action = draw(st.sampled_from(["none", "none", "char", "delete", "repeat", "anchor", "truncate"]))
    index = draw(st.integers(0, len(lines) - 1))
    if action == "char":
        line = lines[index]
        at = draw(st.integers(0, len(line)))
        lines[index] = line[:at] + draw(st.sampled_from(list("\"':{}[]#&*!|>%@`\t\u00a0-? "))) + line[at:]
    elif action == "delete":
        del lines[index]
    elif action == "repeat":
        lines.insert(index, lines[index])
    elif action == "anchor":
        lines.insert(
            index,
            draw(
                st.sampled_from(
                    ["x: &a 1\n", "  <<: *a\n", "- *nowhere\n", "--- !!python/object:os.system\n"]
                )
            ),
        )
    elif action == "truncate":
        return content[: draw(st.integers(0, len(content)))]
    return "".join(lines)


# Known, fixed in parallel: a value longer than its column (a slug over 200 characters) is stored whole by
# SQLite but refused by PostgreSQL and MariaDB as a database error (status 1) instead of bad input naming
# the file and line (status 4). Such examples are set aside; everything else about them is checked.
TOO_LONG = re.compile(r"value too long for type|Data too long for column")


@pytest.fixture
def copies_of_seeded(backend: Backend, seeded: str) -> Copies:
    return Copies(backend, seeded, seeded=True)


@pytest.fixture
def empty_copies(backend: Backend) -> Iterator[Copies]:
    """Copies of a migrated database that holds nothing."""
    template = backend.migrated()
    yield Copies(backend, template, seeded=False)
    backend.drop(template)


def test_any_annotation_seeds_whole_or_not_at_all(
    copies_of_seeded: Copies, backend: Backend, tmp_path: Path
) -> None:
    @budget(40, backend)
    @given(data=st.data(), pair=annotated_document())
    def check(data: st.DataObject, pair: tuple[str, dict[str, Any]]) -> None:
        document, annotation = pair
        content = data.draw(bent(yaml_text(data.draw(mutated(annotation, document)))))
        here = folder(tmp_path)
        (here / "report.txt").write_text(document, encoding="utf-8")
        (here / "report.yaml").write_text(content, encoding="utf-8")
        with copies_of_seeded.new() as db:
            before = dump(db)
            dry = run(db, "seed", "--dry-run", str(here / "report.yaml"))
            if dry.exit_code == 1 and TOO_LONG.search(dry.stderr):
                reject()  # the known over-long-names case (a server refuses the value): see TOO_LONG
            if dry.exit_code != 0:
                failed_cleanly(dry, {4})
            assert dump(db) == before
            seeded = run(db, "seed", str(here / "report.yaml"))
            holds(db, seeded, before, {4})
            # What the dry run checks is what the seed does.
            assert seeded.exit_code == dry.exit_code, (dry.stderr, seeded.stderr)
            if seeded.exit_code == 0:
                after = dump(db)
                again = run(db, "seed", str(here / "report.yaml"))
                assert again.exit_code == 0, again.stderr
                assert dump(db) == after  # seeding the same annotation again changes nothing

    check()


def test_an_annotation_nested_deeper_than_the_parser_goes_is_one_line(tmp_path: Path) -> None:
    db = Backend("sqlite", tmp_path).migrated()  # the YAML is read before any database is

    @budget(2, shrink=False)
    @given(depth=st.integers(300, 1500), pair=annotated_document())
    def check(depth: int, pair: tuple[str, dict[str, Any]]) -> None:
        document, annotation = pair
        here = folder(tmp_path)
        (here / "report.txt").write_text(document, encoding="utf-8")
        content = yaml_text(annotation).replace("title: ", f"title: {'[' * depth}{']' * depth} #", 1)
        (here / "report.yaml").write_text(content, encoding="utf-8")
        before = dump(db)
        failed_cleanly(run(db, "seed", "--dry-run", str(here / "report.yaml")), {4})
        assert dump(db) == before

    check()


def test_an_over_long_value_seeds_or_is_refused_as_bad_input(
    copies_of_seeded: Copies, backend: Backend, tmp_path: Path
) -> None:
    @budget(5, backend, on_server=3, shrink=False)
    @given(
        pair=annotated_document(),
        where=st.sampled_from(
            [("actors", 0, "slug"), ("actors", 0, "name"), ("events", 1, "title"), ("places", 0, "name")]
        ),
        length=st.integers(201, 2000),
    )
    def check(pair: tuple[str, dict[str, Any]], where: tuple[str, int, str], length: int) -> None:
        document, annotation = pair
        section, index, field = where
        annotation[section][index][field] = "x" * length
        here = folder(tmp_path)
        (here / "report.txt").write_text(document, encoding="utf-8")
        (here / "report.yaml").write_text(yaml_text(annotation), encoding="utf-8")
        with copies_of_seeded.new() as db:
            before = dump(db)
            holds(db, run(db, "seed", str(here / "report.yaml")), before, {4})

    check()


# -- documents: draft, then check the untouched draft ------------------------------------------------------

STATES = ["Mali", "Niger", "Burkina Faso", "Russia", "France", "China", "the United States", "Chad", "Togo"]
BLOCS = ["AES", "the Sahel bloc", "ECOWAS", "the African Union", "the Confederation of Sahel States", "NATO"]
PEOPLE = ["Sergei Lavrov", "Lavrov", "Abdoulaye Diop", "Emmanuel Macron"]
TITLES = ["Foreign Minister", "foreign minister", "President", "Prime Minister", "Defence Minister", "King"]
ADJECTIVES = ["Russian", "Malian", "French", "Nigerien", "Chinese", "Togolese"]
CITIES = ["Moscow", "Bamako", "Niamey", "Paris", "Kazan", "Ouagadougou"]


@st.composite
def report(draw: st.DrawFn) -> str:
    """A news report made of the sentences the drafter's rules read (seeds/README.md, "Drafting"), with
    names it knows and names it does not, dates in the document's words, and quotes, from small alphabets."""
    actor = st.one_of(st.sampled_from(STATES + BLOCS + PEOPLE), NAMES)
    person = st.one_of(st.sampled_from(PEOPLE), st.tuples(NAMES, NAMES).map(" ".join))
    title, adjective = st.sampled_from(TITLES), st.sampled_from(ADJECTIVES)
    city, when = st.one_of(st.sampled_from(CITIES), NAMES), st.one_of(documented_date(), date_words())
    words = st.text(alphabet="abcdeAB .,;:“”‘’\"'—–-()\u00a0\n", max_size=40)
    quote = st.tuples(st.sampled_from(QUOTE_MARKS), words).map(lambda pair: pair[0][0] + pair[1] + pair[0][1])
    templates = [
        ("{} and {} formed {} ({}) {}.", [actor, actor, actor, NAMES, when]),
        ("{} {} of {} will visit {} {} for talks with {}.", [title, person, actor, city, when, actor]),
        ("{} {} {} met {} in {} {}.", [adjective, title, person, person, city, when]),
        ("{} the statement said.", [quote]),
        ("{}, {} said {}.", [quote, person, when]),
        ("{} joined {} {}, and {} left it {}.", [actor, actor, when, actor, when]),
        ("{} has increasingly distanced itself from {}, pivoting toward {}.", [actor, actor, actor]),
        ("according to a joint statement released {} by the three governments and reported by {}.", [when, st.sampled_from(["Reuters", "AFP", "TASS"])]),
        ("the {} of {}, {} and {} will meet {}.", [st.sampled_from(["foreign ministers", "presidents"]), actor, actor, actor, when]),
        ("{} {} {}", [words, actor, words]),
    ]  # fmt: skip
    sentences = []
    for _ in range(draw(st.integers(1, 8))):
        template, parts = draw(st.sampled_from(templates))
        sentences.append(template.format(*(draw(part) for part in parts)))
    dateline = draw(st.sampled_from(["", "MOSCOW, Apr 2, 2025 (Reuters) - ", "BAMAKO (AFP) — "]))
    headline = draw(st.one_of(NAMES, words))
    separator = draw(st.sampled_from([" ", "\n\n", "\u00a0"]))
    return f"{headline}\n\n{dateline}{separator.join(sentences)}\n"


@budget(300)
@given(
    value=st.one_of(st.text(), st.text(alphabet="abyno019/_.@:-#, []{}'\"\\\x7f\x85\u2028\ufeff\U000e0001"))
)
def test_any_text_the_drafter_writes_reads_back_as_itself(value: str) -> None:
    for written in (f"k: {scalar(value)}", f"k: [{scalar(value)}, x]", f"k: {{a: {scalar(value)}, b: x}}"):
        read = yaml.safe_load(written)["k"]
        assert (read[0] if isinstance(read, list) else read["a"] if isinstance(read, dict) else read) == value


def test_an_untouched_draft_of_any_report_passes_a_dry_run(
    seeded: str, backend: Backend, tmp_path: Path
) -> None:
    before = dump(seeded)

    @budget(30, backend)
    @given(document=report(), published=PUBLISHED)
    def check(document: str, published: dt.date) -> None:
        here = folder(tmp_path)
        (here / "report.txt").write_text(document, encoding="utf-8")
        drafted = run(seeded, "draft", str(here / "report.txt"), "--published", published.isoformat())
        holds(seeded, drafted, before, {4})
        if drafted.exit_code == 0:
            checked = run(seeded, "seed", "--dry-run", str(here / "report.yaml"))
            assert checked.exit_code == 0, (
                checked.stderr,
                (here / "report.yaml").read_text(encoding="utf-8"),
            )
        assert dump(seeded) == before  # the drafter reads the database, never writes it

    check()


# -- bundles: a real export, tampered with, its checksums recomputed ---------------------------------------

# JSON values that do not belong in a column: wrong types, impossible dates, odd and over-long text.
JSON_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**64), 2**64),
    st.sampled_from([0, -1, 1, 2, 10**9, 2**31, 2**63 - 1, 2**63]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        ["", "banana", "2025-02-30", "2025-13-01", "0001-01-01", "9999-12-31", "2025-04-02T10:00:00", "2025-04",
         "day", "year", "held", "CONSULT", "x" * 300, "\0", "é" * 201, "2025-04-02 10:00:00.000000"]
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip
TABLES = ["evidence", "evidence", "source", "event", "event_participant", "actor", "actor_alias",
          "membership", "change_log", "quote", "statement", "meeting", "post_holding", "actor_relation"]  # fmt: skip


RARELY = st.sampled_from([False] * 9 + [True])  # one time in ten


def resign(bundle: Path, changed: str) -> None:
    """Record the file's new size and checksum in the manifest, as anyone who edits a bundle can."""
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    files = manifest.get("files") if isinstance(manifest, dict) else None
    for entry in files if isinstance(files, list) else []:
        if isinstance(entry, dict) and entry.get("path") == changed:
            entry["bytes"], entry["sha256"] = checksum(bundle / changed)
    (bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@st.composite
def tampered(draw: st.DrawFn, good: Path, into: Path) -> Path:
    """A copy of the export at ``good`` with rows, fields, offsets, texts or the manifest changed, and the
    checksums recomputed (mostly) so that only the import's own checks stand in the way."""
    bundle = into / "bundle"
    shutil.copytree(good, bundle)
    for _ in range(draw(st.integers(1, 3))):
        if draw(RARELY):
            manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
            field = draw(
                st.sampled_from(["format", "schema_revision", "watermark", "since", "files", "rows", "path"])
            )
            if field in ("rows", "path") and isinstance(manifest.get("files"), list) and manifest["files"]:
                entry = draw(st.sampled_from(manifest["files"]))
                entry[field] = draw(
                    JSON_ODD | st.sampled_from(["tables/actor.jsonl", "tables/../manifest.json", "views"])
                )
            else:
                manifest[field] = draw(JSON_ODD)
            (bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            continue
        name = f"tables/{draw(st.sampled_from(TABLES))}.jsonl"
        lines = (bundle / name).read_text(encoding="utf-8").splitlines()
        rows = [(index, row) for index, row in enumerate(map(_row, lines)) if row is not None]
        if not rows:
            continue
        index, row = draw(st.sampled_from(rows))
        action = draw(
            st.sampled_from(["set", "set", "set", "shift", "retext", "drop", "repeat", "reid", "line"])
        )
        if action == "set":
            row[draw(st.sampled_from(sorted(row)))] = draw(JSON_ODD)
        elif action == "shift" and "char_start" in row:
            row["char_start"] += draw(st.integers(-3, 3))
            row["char_end"] += draw(st.integers(-3, 3))
        elif action == "retext" and isinstance(row.get("text"), str):
            at = draw(st.integers(0, len(row["text"])))
            row["text"] = row["text"][:at] + draw(st.text(min_size=1, max_size=2)) + row["text"][at:]
            if "sha256" in row and draw(st.booleans()):  # a rewritten source with its own hash
                row["sha256"] = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
        elif action == "reid" and "id" in row:  # another row's id, or one no row has
            row["id"] = draw(st.sampled_from([other.get("id") for _, other in rows]) | st.integers(-2, 10**6))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "line":
            lines[index] = draw(
                st.sampled_from(["", "[]", "{}", "null", "\ufeff" + lines[index], lines[index][:-5]])
            )
        else:
            lines[index] = json.dumps(row, ensure_ascii=draw(st.booleans()))
        (bundle / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        if not draw(RARELY):
            resign(bundle, name)
    return bundle


def _row(line: str) -> dict[str, Any] | None:
    """The row a line of a table's JSONL holds, None once it holds none."""
    with suppress(ValueError):
        row = json.loads(line)
        return row if isinstance(row, dict) and row else None
    return None


@pytest.fixture
def export_of_seeded(seeded: str, tmp_path: Path) -> Path:
    """A full export of the seeded database, with the later report's updates in its history."""
    assert run(seeded, "seed", str(LATER)).exit_code == 0
    result = run(seeded, "export", str(tmp_path / "export"))
    assert result.exit_code == 0, result.stderr
    return (tmp_path / "export").resolve()


def test_any_tampered_bundle_imports_whole_and_true_or_not_at_all(
    export_of_seeded: Path, backend: Backend, empty_copies: Copies, tmp_path: Path
) -> None:
    @budget(40, backend)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        bundle = data.draw(tampered(export_of_seeded, folder(tmp_path)))
        with empty_copies.new() as target:
            before = dump(target)
            result = run(target, "import", str(bundle))
            holds(target, result, before, {4})
            if result.exit_code == 0:  # what was let in must also read back
                shown = run(target, "show", "--format", "jsonl")
                assert shown.exit_code == 0, shown.stderr

    check()


# -- database URLs -----------------------------------------------------------------------------------------

SECRET = "Zq7Secret"  # in every generated password; no output may ever hold it
URL_CHARACTERS = "abcXYZ019@:/?#%&=+;,.-_~!$*'()[] é\u00a0\t"
PASSWORDS = st.tuples(st.text(URL_CHARACTERS, max_size=6), st.text(URL_CHARACTERS, max_size=6)).map(
    lambda parts: parts[0] + SECRET + parts[1]
)
USERS = st.one_of(
    st.sampled_from(["", "postgres", "root", "analyst", "reader"]), st.text(URL_CHARACTERS, max_size=8)
)
PORTS = st.one_of(
    st.none(), st.sampled_from(["", "1", "9", "0", "65535", "99999", "-1", "54x2", "5432 ", "+1"])
)
# Settings a driver reads from the query string, harmless ones only: nothing that runs SQL on connecting.
QUERY = st.lists(
    st.one_of(
        st.sampled_from(
            ["connect_timeout=3", "sslmode=disable", "application_name=fuzz", "charset=utf8mb4", "client_flag=65536",
             "foo=bar", "options=-c%20statement_timeout%3D1", "unix_socket=/nonexistent", "host=/nonexistent",
             "timeout=x", "mode=ro", "uri=true", "check_same_thread=false", "isolation_level=SERIALIZABLE", "=", "&", "a"]
        ),
        PASSWORDS.map(lambda password: f"password={quote_plus(password)}"),
        PASSWORDS.map(lambda password: f"passwd={password}"),
        st.text(URL_CHARACTERS, max_size=8),
    ),
    max_size=3,
).map("&".join)  # fmt: skip


@st.composite
def database_urls(draw: st.DrawFn, scheme: str, host: str, port: int | None, database: str) -> str:
    """A URL of ``scheme`` with odd users, passwords (written raw or percent-encoded), hosts, ports,
    databases and query strings; some point at the real server and database."""
    password = draw(PASSWORDS)
    written = draw(st.sampled_from([password, quote(password, safe=""), quote(password)]))
    user = draw(USERS)
    userinfo = draw(st.sampled_from([f"{user}:{written}@", f"{user}@", "", f"{user}:{written}@{user}@"]))
    at = draw(st.sampled_from([host, host, "127.0.0.1", "localhost", "[::1]", "", "no such host"]))
    given_port = draw(st.one_of(st.just(None if port is None else str(port)), PORTS))
    named = draw(st.one_of(st.just(database), st.just(database), st.text(URL_CHARACTERS, max_size=10)))
    query = draw(QUERY)
    return (
        f"{scheme}://{userinfo}{at}{'' if given_port is None else ':' + given_port}/{named}"
        f"{'?' + query if query else ''}"
    )


def shows_no_secret(text_: str) -> None:
    assert SECRET not in text_ and SECRET.lower() not in text_.lower(), text_


@budget(300)
@given(
    url=st.one_of(
        database_urls("postgresql", "db.example.org", 5432, "timeline"),
        database_urls("mysql", "db.example.org", 3306, "timeline"),
        st.sampled_from(["mariadb", "postgresql+psycopg", "sqlite", "oracle", "p g"]).flatmap(
            lambda scheme: database_urls(scheme, "h", None, "t")
        ),
        st.text(URL_CHARACTERS, max_size=30).map(lambda tail: f"postgresql://u:{SECRET}{tail}"),
    )
)  # fmt: skip
def test_a_url_is_read_or_refused_in_one_line_and_no_password_is_shown(url: str) -> None:
    try:
        parsed = resolve_url(url)
    except InputError as error:
        shows_no_secret(error.message)
        assert "\n" not in error.message
        return
    shows_no_secret(masked(parsed))
    shows_no_secret(describe(parsed))


@st.composite
def sqlite_urls(draw: st.DrawFn, path: str) -> str:
    """The database as a SQLite URL with odd query strings, or as a path with odd characters."""
    query = draw(QUERY)
    # (Not "sqlite:" + path: without // that is a file name, which a message rightly shows whole.)
    scheme = draw(st.sampled_from(["sqlite:///", "sqlite+pysqlite:///", "sqlite://", "sqlite:////"]))
    named = draw(st.sampled_from([path, path, path + "x", ":memory:", "", str(Path(path).parent) + "/"]))
    url = f"{scheme}{named.lstrip('/') if scheme.endswith('////') else named}{'?' + query if query else ''}"
    return draw(st.sampled_from([url, url, path + draw(st.text(URL_CHARACTERS, min_size=1, max_size=6))]))


@pytest.mark.filterwarnings("ignore:'passwd' is deprecated:DeprecationWarning")  # PyMySQL's, for ?passwd=
def test_any_database_url_connects_or_fails_in_one_line_without_its_password(
    backend: Backend, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend.name == "sqlite":
        urls = sqlite_urls(db)
    else:
        address = make_url(db)
        schemes = ["postgresql"] if backend.name == "postgresql" else ["mysql", "mariadb"]
        urls = st.sampled_from(schemes).flatmap(
            lambda scheme: database_urls(scheme, str(address.host), address.port, str(address.database))
        )
    before = dump(db)
    monkeypatch.chdir(tmp_path)  # where a relative file would be made

    @budget(50, backend, on_server=15)
    @given(
        url=urls, command=st.sampled_from([("db", "current"), ("sql", "SELECT 1"), ("show", "--limit", "1")])
    )
    def check(url: str, command: tuple[str, ...]) -> None:
        result = run(url, *command)
        event(f"exit {result.exit_code}")
        shows_no_secret(result.stdout + result.stderr)
        if result.exit_code != 0:
            failed_cleanly(result, {1, 3, 4})
        assert dump(db) == before
        assert list(tmp_path.iterdir()) == []  # no command here makes a database, or any file

    check()


# -- SQL ---------------------------------------------------------------------------------------------------

SQL_TABLES = [
    "actor",
    "event",
    "evidence",
    "source",
    "membership",
    "event_participant",
    "timeline_view",
    "change_log",
]
SQL_COLUMNS = ["id", "slug", "name", "text", "kind", "start_date", "char_start", "*", "1", "NULL"]
LITERALS = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        ["'it''s'", "'a:b'", "':slug'", "'\\'", "'%_'", "''", "'é\u00a0—'", "1.5e308", "X'00'", "TRUE"]
    ),
    st.text(alphabet="ab:'\\\"%_ é", max_size=6).map(lambda text_: "'" + text_.replace("'", "''") + "'"),
)
FUNCTIONS = [
    "count",
    "length",
    "lower",
    "upper",
    "coalesce",
    "abs",
    "max",
    "min",
    "substr",
    "trim",
    "round",
    "typeof",
    "pg_typeof",
    "random",
    "hex",
    "concat",
    "sleep",
    "pg_sleep",
    "load_extension",
    "readfile",
    "writefile",
    "pg_read_file",
    "lo_import",
    "set_config",
    "nextval",
    "LOAD_FILE",
    "GET_LOCK",
    "dblink",
]
# Statements that change something, take a lock, or reach outside: each must be refused, and nothing change.
WRITES = [
    "DELETE FROM {table}", "UPDATE {table} SET id = id", "INSERT INTO event_topic (event_id, topic) VALUES (1, 'x')",
    "DROP TABLE {table}", "CREATE TABLE scratch (id INTEGER)", "ALTER TABLE {table} ADD COLUMN extra INTEGER",
    "PRAGMA foreign_keys = OFF", "ATTACH DATABASE 'other.db' AS other", "VACUUM", "REINDEX", "BEGIN", "COMMIT",
    "SAVEPOINT s", "SET search_path TO x", "COPY {table} TO '/tmp/out'", "LOCK TABLE {table}", "TRUNCATE {table}",
    "GRANT SELECT ON {table} TO PUBLIC", "REPLACE INTO event_topic (event_id, topic) VALUES (1, 'x')",
    "WITH gone AS (DELETE FROM {table} RETURNING *) SELECT * FROM gone", "SELECT * INTO scratch FROM {table}",
    "SELECT * FROM {table} FOR UPDATE", "SELECT 1; DELETE FROM {table}",
    "CREATE VIEW v AS SELECT 1", "CREATE TRIGGER t AFTER INSERT ON {table} BEGIN SELECT 1; END",
    "SELECT load_extension('x')", "SELECT writefile('/tmp/x', 'y')", "SELECT set_config('a.b', 'c', false)",
    "SELECT * FROM {table} LOCK IN SHARE MODE", "DO $$BEGIN DELETE FROM {table}; END$$", "CALL p()",
]  # fmt: skip


@st.composite
def read_statement(draw: st.DrawFn, depth: int = 0) -> str:
    """A query that reads, as an analyst writes one: columns, literals, functions, joins, subqueries,
    parameters, comments, and a LIMIT (the result stays small)."""
    table = draw(st.sampled_from(SQL_TABLES))

    def expression() -> str:
        choice = draw(st.integers(0, 4))
        if choice == 0:
            return draw(st.sampled_from(SQL_COLUMNS[:-3]))
        if choice == 1:
            return draw(LITERALS)
        if choice == 2:
            name = draw(st.sampled_from(FUNCTIONS))
            arguments = draw(st.lists(st.sampled_from(["id", "1", "'x'", "*"]), max_size=2))
            return f"{name}({', '.join(arguments)})"
        if choice == 3:
            return draw(st.sampled_from([":p", ":slug", ":p::text", "CAST(:p AS TEXT)"]))
        return f"CASE WHEN id > {draw(LITERALS)} THEN 1 ELSE 0 END"

    columns = ", ".join(expression() for _ in range(draw(st.integers(1, 3))))
    where = draw(
        st.sampled_from(["", f" WHERE id > {draw(LITERALS)}", " WHERE slug LIKE '%a%'", " WHERE 1 = 1"])
    )
    query = f"SELECT {columns} FROM {table}{where}"
    if depth < 2 and draw(st.booleans()):
        inner = draw(read_statement(depth + 1))
        query = draw(
            st.sampled_from(
                [f"WITH q AS ({inner}) SELECT * FROM q", f"{query} UNION ALL {inner}",
                 f"SELECT * FROM ({inner}) AS sub", f"EXPLAIN {query}", "VALUES (1, 'a'), (2, :p)"]
            )
        )  # fmt: skip
    # MariaDB runs the text of a /*! */ comment: the guard sends the query without its comments.
    comment = draw(st.sampled_from(["", " -- note", " /* note */", " /*! ; DELETE FROM actor */", "\n"]))
    return f"{query} LIMIT {draw(st.integers(0, 5))}{comment}" if "LIMIT" not in query else query + comment


@st.composite
def sql_statement(draw: st.DrawFn) -> tuple[str, bool]:
    """A statement and whether it writes: a read query or a write, sometimes bent (a word dropped or
    repeated, case changed, a character inserted), after which it may be either."""
    writes = draw(st.booleans())
    statement = (
        draw(st.sampled_from(WRITES)).format(table=draw(st.sampled_from(SQL_TABLES[:6])))
        if writes
        else draw(read_statement())
    )
    if draw(RARELY) or draw(RARELY):
        words = statement.split(" ")
        index = draw(st.integers(0, len(words) - 1))
        words[index] = draw(
            st.sampled_from(
                ["", words[index] * 2, words[index].lower(), words[index] + "'", ";", "\\", "\x0b", "é"]
            )
        )
        return " ".join(words), False  # bent, it may read or write: only the database's state tells
    return statement, writes


@budget(300)
@given(pair=sql_statement(), dialect=st.sampled_from(["sqlite", "postgresql", "mysql", "mariadb"]))
def test_the_sql_guard_reads_any_statement_or_refuses_it_in_one_line(
    pair: tuple[str, bool], dialect: str
) -> None:
    statement, writes = pair
    try:
        read_query(statement, dialect)
    except InputError as error:
        assert error.message.startswith("SQL refused: ") and "\n" not in error.message
        return
    assert not writes, statement


def test_any_sql_reads_or_is_refused_and_the_database_never_changes(seeded: str, backend: Backend) -> None:
    before = dump(seeded)

    @budget(60, backend)
    @given(pair=sql_statement(), value=st.text(max_size=5))
    def check(pair: tuple[str, bool], value: str) -> None:
        statement, writes = pair
        result = run(
            seeded,
            "sql",
            statement,
            "-p",
            f"p={value}",
            "-p",
            "slug=mali",
            "--timeout",
            "10",
            "--format",
            "csv",
        )
        event(f"exit {result.exit_code}")
        if result.exit_code != 0:
            failed_cleanly(result, {2, 4})  # 2: an empty query
        else:
            assert not writes, statement
        assert dump(seeded) == before

    check()
