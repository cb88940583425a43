"""The annotation format: a YAML file beside each document stating its facts and the words they rest on.

``read(path)`` checks the shape of an annotation (fields, types, vocabularies, dates) and returns typed
specs; references to actors, posts and events are resolved later, against the database, when seeding.
The format is documented for analysts in seeds/README.md.
"""

import datetime as dt
import difflib
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from timeline.dates import Bound, DateError, When, parse_explicit, resolve, window
from timeline.errors import InputError
from timeline.seeding.yamlfile import Mapping, Sequence, load
from timeline.vocab import (
    ActorKind,
    Certainty,
    EventKind,
    EventStatus,
    IdentifierScheme,
    MembershipRole,
    ParticipantRole,
    Plover,
    RelationKind,
    StatementKind,
)

V = TypeVar("V", bound=StrEnum)

# The largest document seeding reads (documented in seeds/README.md): news reports are a few KiB.
MAX_DOCUMENT_BYTES = 10 * 2**20


@dataclass(frozen=True)
class At:
    """Where something is written: an annotation file and a line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    def error(self, message: str) -> InputError:
        return InputError(f"{self}: {message}")


@dataclass(frozen=True)
class QuoteSpec:
    """Words the document must contain; ``occurrence`` picks one when they occur more than once."""

    text: str
    occurrence: int | None
    at: At


@dataclass(frozen=True)
class SourceSpec:
    slug: str
    document: Path
    title: str
    publisher: str | None
    wire_service: str | None
    author: str | None
    url: str | None
    language: str
    published: Bound
    published_certainty: Certainty
    published_note: str | None
    at: At
    named: bool = False  # the user named the document on the command line: it may be outside the folder


@dataclass(frozen=True)
class ActorSpec:
    """An actor to create (``slug`` with ``kind``) or to add to (``slug`` or ``ref`` of an existing one)."""

    slug: str | None
    ref: str | None
    kind: ActorKind | None
    name: str | None
    description: str | None
    aliases: tuple[str, ...]
    identifiers: tuple[tuple[IdentifierScheme, str], ...]
    evidence: tuple[QuoteSpec, ...]
    at: At


@dataclass(frozen=True)
class PlaceSpec:
    slug: str
    name: str | None
    country: str | None
    wikidata: str | None
    at: At


@dataclass(frozen=True)
class SeriesSpec:
    slug: str
    name: str | None
    at: At


@dataclass(frozen=True)
class PostSpec:
    slug: str
    of: str | None
    role: str | None
    label: str | None
    at: At


@dataclass(frozen=True)
class HoldingSpec:
    slug: str | None
    post: str
    holder: str
    when: When | None
    evidence: tuple[QuoteSpec, ...]
    at: At


@dataclass(frozen=True)
class MembershipSpec:
    slug: str | None
    member: str
    of: str
    role: MembershipRole | None
    when: When | None
    evidence: tuple[QuoteSpec, ...]
    at: At


@dataclass(frozen=True)
class RelationSpec:
    slug: str | None
    subject: str
    object: str
    kind: RelationKind
    description: str | None
    when: When | None
    evidence: tuple[QuoteSpec, ...]
    at: At


@dataclass(frozen=True)
class ParticipantSpec:
    """One or more actors taking part in one or more roles, resting on the same words."""

    actors: tuple[str, ...]
    roles: tuple[ParticipantRole, ...]
    evidence: tuple[QuoteSpec, ...]
    at: At


@dataclass(frozen=True)
class TopicSpec:
    name: str
    evidence: tuple[QuoteSpec, ...]
    at: At


@dataclass(frozen=True)
class StatementQuoteSpec:
    """Verbatim words of a statement; they are their own evidence."""

    slug: str | None
    text: QuoteSpec
    speaker: str | None
    at: At


@dataclass(frozen=True)
class EventSpec:
    slug: str | None
    ref: str | None
    kind: EventKind | None
    category: Plover | None
    title: str | None
    description: str | None
    when: When | None
    status: EventStatus | None
    place: str | None
    evidence: tuple[QuoteSpec, ...]
    participants: tuple[ParticipantSpec, ...]
    topics: tuple[TopicSpec, ...]
    series: str | None
    session: int | None
    session_label: str | None
    statement_kind: StatementKind | None
    concerns: str | None
    quotes: tuple[StatementQuoteSpec, ...]
    at: At


@dataclass(frozen=True)
class Annotation:
    path: Path
    source: SourceSpec
    actors: tuple[ActorSpec, ...] = ()
    places: tuple[PlaceSpec, ...] = ()
    series: tuple[SeriesSpec, ...] = ()
    posts: tuple[PostSpec, ...] = ()
    holdings: tuple[HoldingSpec, ...] = ()
    memberships: tuple[MembershipSpec, ...] = ()
    relations: tuple[RelationSpec, ...] = ()
    events: tuple[EventSpec, ...] = ()


SECTIONS = ("source", "actors", "places", "series", "posts", "holdings", "memberships", "relations", "events")


@dataclass
class _Entry:
    """One mapping of the annotation, read field by field; unknown fields are errors."""

    data: Mapping
    at: At
    published: dt.date | None = None
    _seen: set[str] = field(default_factory=set)

    def _at(self, name: str) -> At:
        return At(self.at.path, self.data.key_lines.get(name, self.data.line))

    def raw(self, name: str, required: bool = False) -> Any:
        self._seen.add(name)
        value = self.data.get(name)
        if value is None and required:
            raise self._at(name).error(f"missing field {name!r}")
        return value

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self._at(name).error(f"field {name!r} must be text, not {_describe(value)}")
        text = str(value).strip()
        if not text:
            raise self._at(name).error(f"field {name!r} is empty")
        return text

    def required_text(self, name: str) -> str:
        value = self.text(name, required=True)
        assert value is not None
        return value

    def integer(self, name: str) -> int | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self._at(name).error(f"field {name!r} must be a whole number from 1, not {value!r}")
        return value

    def choice(self, name: str, vocabulary: type[V], required: bool = False) -> V | None:
        value = self.text(name, required)
        if value is None:
            return None
        return _choose(value, vocabulary, self._at(name), name)

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.raw(name)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        lines = value.item_lines if isinstance(value, Sequence) else [self._at(name).line] * len(items)
        result = []
        for item, line in zip(items, lines, strict=True):
            if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).strip():
                raise At(self.at.path, line).error(f"each of {name!r} must be text, not {_describe(item)}")
            result.append(str(item).strip())
        return tuple(result)

    def entries(self, name: str) -> Iterator["_Entry"]:
        value = self.raw(name)
        if value is None:
            return
        if not isinstance(value, Sequence):
            raise self._at(name).error(f"field {name!r} must be a list")
        for item, line in zip(value, value.item_lines, strict=True):
            if not isinstance(item, Mapping):
                raise At(self.at.path, line).error(f"each item of {name!r} must be a mapping of fields")
            yield _Entry(item, At(self.at.path, line), self.published)

    def evidence(self, required: bool = True) -> tuple[QuoteSpec, ...]:
        value = self.raw("evidence")
        if value is None:
            if required:
                raise self.at.error("missing field 'evidence': quote the words of the document this rests on")
            return ()
        items = value if isinstance(value, list) else [value]
        lines = value.item_lines if isinstance(value, Sequence) else [self._at("evidence").line]
        return tuple(_quote(item, At(self.at.path, line)) for item, line in zip(items, lines, strict=True))

    def when(self, name: str) -> When | None:
        value = self.raw(name)
        if value is None:
            return None
        at = self._at(name)
        assert self.published is not None
        try:
            return _when(value, self.published, at)
        except DateError as error:
            raise at.error(str(error)) from None

    def span(self) -> When | None:
        """``when``, or ``since`` and ``until``: one span."""
        when, since, until = self.when("when"), self.when("since"), self.when("until")
        if when is not None and (since or until):
            raise self.at.error("give either 'when' or 'since'/'until', not both")
        if since is None and until is None:
            return when
        certainty = max(
            (part.certainty for part in (since, until) if part),
            key=[Certainty.stated, Certainty.inferred, Certainty.approximate].index,
        )
        words = " – ".join(part.text for part in (since, until) if part and part.text) or None
        start = since.start if since else None
        end = until.end if until else None
        if start and end and start.date > end.date:
            raise self.at.error("'until' is before 'since'")
        return When(start, end, certainty, words)

    def finish(self) -> None:
        unknown = [name for name in self.data if name not in self._seen]
        if unknown:
            name = unknown[0]
            hint = difflib.get_close_matches(name, sorted(self._seen), n=1)
            suggestion = (
                f" (did you mean {hint[0]!r}?)"
                if hint
                else f"; known fields: {', '.join(sorted(self._seen))}"
            )
            raise self._at(name).error(f"unknown field {name!r}{suggestion}")


def _describe(value: Any) -> str:
    if isinstance(value, Mapping | dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _choose(value: str, vocabulary: type[V], at: At, name: str) -> V:
    for member in vocabulary:
        if value == member.value or value.replace(" ", "_").lower() == member.value.lower():
            return member
    allowed = ", ".join(member.value for member in vocabulary)
    raise at.error(f"{name} {value!r} is not one of: {allowed}")


def _quote(item: Any, at: At) -> QuoteSpec:
    if isinstance(item, str) and item.strip():
        return QuoteSpec(item, None, at)
    if isinstance(item, Mapping):
        entry = _Entry(item, At(at.path, item.line))
        text = entry.raw("quote", required=True)
        if not isinstance(text, str) or not text.strip():
            raise at.error("'quote' must be the document's words, as text")
        occurrence = entry.integer("occurrence")
        entry.finish()
        return QuoteSpec(text, occurrence, at)
    raise at.error(
        "evidence must be the document's words (text) or {quote: ..., occurrence: N}, "
        f"not {_describe(item)}"
    )


def _when(value: Any, published: dt.date, at: At) -> When:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return parse_explicit(value.isoformat(), Certainty.stated, value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_explicit(str(value), Certainty.stated, str(value))
    if isinstance(value, str):
        return resolve(value, published)
    if isinstance(value, Mapping):
        entry = _Entry(value, At(at.path, value.line))
        words = entry.text("text")
        explicit = entry.raw("date")
        certainty = entry.choice("certainty", Certainty)
        entry.finish()
        if explicit is None:
            if words is None:
                raise at.error("a date needs 'text' (the document's words) or 'date' (YYYY, YYYY-MM-DD, A/B)")
            when = resolve(words, published)
            return When(when.start, when.end, certainty or when.certainty, when.text)
        if isinstance(explicit, dt.date):
            explicit = explicit.isoformat()
        return parse_explicit(str(explicit), certainty or Certainty.inferred, words)
    raise at.error(f"a date must be words, an ISO date or a mapping, not {_describe(value)}")


def _read_source(entry: _Entry, annotation_path: Path, named: frozenset[Path]) -> SourceSpec:
    published_raw = entry.raw("published")
    at = entry._at("published")
    if published_raw is None:
        raise at.error("no publication date: fill in 'published:' (YYYY-MM-DD); dates resolve against it")
    note = None
    if isinstance(published_raw, Mapping):
        sub = _Entry(published_raw, At(at.path, published_raw.line))
        date_value = sub.raw("date", required=True)
        certainty = sub.choice("certainty", Certainty) or Certainty.stated
        note = sub.text("note")
        sub.finish()
    else:
        date_value, certainty = published_raw, Certainty.stated
    if isinstance(date_value, dt.datetime):
        date_value = date_value.date()
    try:
        published = parse_explicit(
            date_value.isoformat() if isinstance(date_value, dt.date) else str(date_value), certainty
        )
    except DateError as error:
        raise at.error(f"publication date: {error}") from None
    start, end = published.start, published.end
    if start is None or end is None or window(start.date, start.precision) != (start.date, end.date):
        raise at.error("the publication date must be one day, month or year, not an interval")
    slug = entry.text("slug") or annotation_path.stem
    document = annotation_path.parent / (entry.text("document") or f"{annotation_path.stem}.txt")
    spec = SourceSpec(
        slug=slug,
        document=document,
        title=entry.required_text("title"),
        publisher=entry.text("publisher"),
        wire_service=entry.text("wire_service"),
        author=entry.text("author"),
        url=entry.text("url"),
        language=entry.text("language") or "en",
        published=start,
        published_certainty=published.certainty,
        published_note=note,
        at=entry.at,
        named=document.resolve() in named,
    )
    entry.finish()
    return spec


def read_document(spec: SourceSpec) -> tuple[str, str]:
    """The document's text and the SHA-256 of its bytes.

    A document is read only from a regular file (not a pipe or a device) inside the annotation's folder,
    links resolved, unless the user named it on the command line; it must be UTF-8 text without NUL
    characters, of at most ``MAX_DOCUMENT_BYTES``. So an annotation cannot make seeding read, and store,
    any other file the user can read.
    """
    path, folder = spec.document, spec.at.path.parent
    resolved = path.resolve()
    if not spec.named and not resolved.is_relative_to(folder.resolve()):
        raise spec.at.error(
            f"the document {path} is outside the annotation's folder {folder}: put it there, "
            "or name it on the command line too"
        )
    try:
        descriptor = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise spec.at.error(f"cannot read the document {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise spec.at.error(f"the document {path} is not a regular file")
        raw = file.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise spec.at.error(f"the document {path} is larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise spec.at.error(f"the document {path} is not UTF-8 text: {error.reason}") from None
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise spec.at.error(f"the document {path} holds a NUL character (line {line}): it is not text")
    return text, hashlib.sha256(raw).hexdigest()


def _slug_or_ref(entry: _Entry, what: str) -> tuple[str | None, str | None]:
    slug, ref = entry.text("slug"), entry.text("ref")
    if (slug is None) == (ref is None):
        raise entry.at.error(
            f"each {what} needs exactly one of 'slug' (create or update) or 'ref' (update an existing one)"
        )
    return slug, ref


# Identifiers as their schemes write them: one id is one string, whatever the backend's collation.
_IDENTIFIER_FORMS = {
    IdentifierScheme.wikidata: (re.compile(r"Q[1-9][0-9]*"), "a Wikidata item id: Q and digits, e.g. Q912"),
    IdentifierScheme.iso3166_1_alpha2: (re.compile(r"[A-Z]{2}"), "two capital letters, e.g. ML"),
    IdentifierScheme.iso3166_1_alpha3: (re.compile(r"[A-Z]{3}"), "three capital letters, e.g. MLI"),
}


def _read_actor(entry: _Entry) -> ActorSpec:
    slug, ref = _slug_or_ref(entry, "actor")
    identifiers_raw = entry.raw("identifiers")
    identifiers: list[tuple[IdentifierScheme, str]] = []
    if identifiers_raw is not None:
        if not isinstance(identifiers_raw, Mapping):
            raise entry._at("identifiers").error(
                "'identifiers' must map a scheme to a value, e.g. {wikidata: Q912}"
            )
        for scheme, value in identifiers_raw.items():
            at = At(entry.at.path, identifiers_raw.key_lines[scheme])
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise at.error(f"identifier {scheme!r} must be text")
            chosen = _choose(scheme, IdentifierScheme, at, "identifier scheme")
            form, example = _IDENTIFIER_FORMS[chosen]
            if not form.fullmatch(str(value)):
                raise at.error(f"{chosen.value} {str(value)!r} is not {example}")
            identifiers.append((chosen, str(value)))
    spec = ActorSpec(
        slug=slug,
        ref=ref,
        kind=entry.choice("kind", ActorKind),
        name=entry.text("name"),
        description=entry.text("description"),
        aliases=entry.texts("aliases"),
        identifiers=tuple(identifiers),
        evidence=entry.evidence(),
        at=entry.at,
    )
    entry.finish()
    return spec


def _read_participant(entry: _Entry) -> ParticipantSpec:
    actors = entry.texts("actor") + entry.texts("actors")
    roles = entry.texts("role") + entry.texts("roles")
    if not actors:
        raise entry.at.error("a participant needs 'actor' (or 'actors')")
    if not roles:
        raise entry.at.error("a participant needs 'role' (or 'roles')")
    spec = ParticipantSpec(
        actors=actors,
        roles=tuple(_choose(role, ParticipantRole, entry.at, "role") for role in roles),
        evidence=entry.evidence(),
        at=entry.at,
    )
    entry.finish()
    return spec


def _read_topic(entry: _Entry) -> TopicSpec:
    spec = TopicSpec(name=entry.required_text("topic"), evidence=entry.evidence(), at=entry.at)
    entry.finish()
    return spec


def _read_statement_quote(entry: _Entry) -> StatementQuoteSpec:
    words = entry.raw("text", required=True)
    if not isinstance(words, str) or not words.strip():
        raise entry.at.error("'text' must be the quoted words, as text")
    spec = StatementQuoteSpec(
        slug=entry.text("slug"),
        text=QuoteSpec(words, entry.integer("occurrence"), entry._at("text")),
        speaker=entry.text("speaker"),
        at=entry.at,
    )
    entry.finish()
    return spec


def _read_event(entry: _Entry) -> EventSpec:
    slug, ref = _slug_or_ref(entry, "event")
    spec = EventSpec(
        slug=slug,
        ref=ref,
        kind=entry.choice("kind", EventKind),
        category=entry.choice("category", Plover),
        title=entry.text("title"),
        description=entry.text("description"),
        when=entry.when("when"),
        status=entry.choice("status", EventStatus),
        place=entry.text("place"),
        evidence=entry.evidence(),
        participants=tuple(_read_participant(item) for item in entry.entries("participants")),
        topics=tuple(_read_topic(item) for item in entry.entries("topics")),
        series=entry.text("series"),
        session=entry.integer("session"),
        session_label=entry.text("session_label"),
        statement_kind=entry.choice("statement_kind", StatementKind),
        concerns=entry.text("concerns"),
        quotes=tuple(_read_statement_quote(item) for item in entry.entries("quotes")),
        at=entry.at,
    )
    entry.finish()
    return spec


def _read_list(top: _Entry, name: str, reader: Any) -> tuple[Any, ...]:
    return tuple(reader(item) for item in top.entries(name))


def read(path: Path, named: frozenset[Path] = frozenset()) -> Annotation:
    """Read and check an annotation file. Raises InputError naming the file and line of the first problem.

    ``named`` holds the documents the user named on the command line (resolved), which may lie outside
    the annotation's folder.
    """
    data = load(path)
    top = _Entry(data, At(path, data.line or 1))
    source_raw = top.raw("source", required=True)
    if not isinstance(source_raw, Mapping):
        raise top._at("source").error("'source' must be a mapping of the document's metadata")
    source = _read_source(_Entry(source_raw, At(path, source_raw.line)), path, named)
    top.published = source.published.date

    def simple(reader: Any) -> Any:
        def read_entry(entry: _Entry) -> Any:
            spec = reader(entry)
            entry.finish()
            return spec

        return read_entry

    annotation = Annotation(
        path=path,
        source=source,
        actors=_read_list(top, "actors", _read_actor),
        places=_read_list(
            top,
            "places",
            simple(
                lambda e: PlaceSpec(
                    e.required_text("slug"), e.text("name"), e.text("country"), e.text("wikidata"), e.at
                )
            ),
        ),
        series=_read_list(
            top, "series", simple(lambda e: SeriesSpec(e.required_text("slug"), e.text("name"), e.at))
        ),
        posts=_read_list(
            top,
            "posts",
            simple(
                lambda e: PostSpec(
                    e.required_text("slug"), e.text("of"), e.text("role"), e.text("label"), e.at
                )
            ),
        ),
        holdings=_read_list(
            top,
            "holdings",
            simple(
                lambda e: HoldingSpec(
                    e.text("slug"),
                    e.required_text("post"),
                    e.required_text("holder"),
                    e.span(),
                    e.evidence(),
                    e.at,
                )
            ),
        ),
        memberships=_read_list(
            top,
            "memberships",
            simple(
                lambda e: MembershipSpec(
                    e.text("slug"),
                    e.required_text("member"),
                    e.required_text("of"),
                    e.choice("role", MembershipRole),
                    e.span(),
                    e.evidence(),
                    e.at,
                )
            ),
        ),
        relations=_read_list(
            top,
            "relations",
            simple(
                lambda e: RelationSpec(
                    e.text("slug"),
                    e.required_text("subject"),
                    e.required_text("object"),
                    _required(e.choice("kind", RelationKind, required=True)),
                    e.text("description"),
                    e.span(),
                    e.evidence(),
                    e.at,
                )
            ),
        ),
        events=_read_list(top, "events", _read_event),
    )
    top.finish()
    return annotation


T = TypeVar("T")


def _required(value: T | None) -> T:
    assert value is not None
    return value
