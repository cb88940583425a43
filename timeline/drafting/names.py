"""Who a document names: actors found by the database's own names first, then the bundled gazetteer.

Every stored actor name and alias found in the text becomes a reference to that actor, so a draft adds
evidence instead of creating duplicates; states, blocs, organisations and news agencies the database does not
know yet come from the gazetteer (data/states.yaml, data/organizations.yaml, the lexicon's agencies).
"""

import re
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline.drafting.document import Document
from timeline.drafting.gazetteer import Entry, entries
from timeline.drafting.lexicon import alternation, lexicon
from timeline.models import Actor, ActorAlias, ActorIdentifier
from timeline.queries.actors import normalize
from timeline.vocab import ActorKind, IdentifierScheme


@dataclass
class DraftActor:
    """An actor of the draft: new (``existing`` False) or one the database knows, referred to by slug."""

    key: str
    kind: ActorKind
    name: str | None
    description: str | None = None
    existing: bool = False
    aliases: list[str] = field(default_factory=list)
    identifiers: list[tuple[IdentifierScheme, str]] = field(default_factory=list)
    capitals: tuple[str, ...] = ()
    evidence: list[tuple[int, int]] = field(default_factory=list)
    comment: str | None = None
    new_name: str | None = None  # a name for an existing actor the database knows only by post

    @property
    def label(self) -> str:
        return self.new_name or self.name or self.description or self.key


@dataclass(frozen=True)
class Mention:
    """Words of the text naming one actor, or several ("the foreign ministers of Mali and Niger")."""

    start: int
    end: int
    keys: tuple[str, ...]
    form: str  # name, abbreviation, adjective, capital, official, reference (words referring back), list

    @property
    def key(self) -> str:
        return self.keys[0]


@dataclass(frozen=True)
class _Form:
    entry: Entry
    form: str  # name, abbreviation, adjective, capital


@cache
def _gazetteer() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, _Form], dict[str, _Form]]:
    """Case-insensitive names and case-sensitive abbreviations and adjectives, over every entry."""
    agencies = tuple(
        Entry(
            slug=agency.slug,
            kind=ActorKind.organization,
            name=agency.name,
            names=tuple(name for name in agency.names if not name.isupper()),
            abbreviations=tuple(name for name in agency.names if name.isupper()),
            adjectives=(),
            identifiers=(),
            capitals=(),
            members=(),
        )
        for agency in lexicon().agencies
    )
    folded: dict[str, _Form] = {}
    exact: dict[str, _Form] = {}
    for entry in (*entries(), *agencies):
        for name in entry.names:
            bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
            folded.setdefault(bare.casefold(), _Form(entry, "name"))
        for capital in entry.capitals:
            folded.setdefault(capital.casefold(), _Form(entry, "capital"))
        for abbreviation in entry.abbreviations:
            exact.setdefault(abbreviation, _Form(entry, "abbreviation"))
        for adjective in entry.adjectives:
            exact.setdefault(adjective, _Form(entry, "adjective"))
    insensitive = re.compile(r"(?<![\w])(?:" + alternation(folded) + r")(?![\w])", re.IGNORECASE)
    # "U.S." ends in a full stop: no word may follow it directly, but the stop may end the sentence.
    sensitive = re.compile(r"(?<![\w])(?:" + alternation(exact) + r")(?![\w])")
    return insensitive, sensitive, folded, exact


_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d+")


class Cast:
    """The actors of one draft and the words that name them."""

    def __init__(self, document: Document, session: Session | None) -> None:
        self.document = document
        self.session = session
        self.actors: dict[str, DraftActor] = {}
        self.mentions: list[Mention] = []
        self.raw: list[
            Mention
        ] = []  # every single-actor mention found by name, kept when officials replace them
        self.forms: dict[str, list[str]] = {}  # actor key -> the words naming it in the text
        self._by_db_id: dict[int, str] = {}
        self._by_entry: dict[str, str] = {}
        self._taken: set[str] = set()

    # -- actors ------------------------------------------------------------------------------------------

    def _free_slug(self, wanted: str) -> str:
        wanted = wanted or "actor"  # a name in a script without Latin letters
        slug, number = wanted, 1
        while slug in self.actors or slug in self._taken or self._slug_in_database(slug):
            number += 1
            slug = f"{wanted}-{number}"
        self._taken.add(slug)
        return slug

    def _slug_in_database(self, slug: str) -> bool:
        if self.session is None:
            return False
        return self.session.scalars(select(Actor.id).where(Actor.slug == slug)).first() is not None

    def existing(self, actor: Actor) -> DraftActor:
        key = self._by_db_id.get(actor.id)
        if key is None:
            key = actor.slug
            self.actors[key] = DraftActor(key, actor.kind, actor.name, actor.description, existing=True)
            self._by_db_id[actor.id] = key
        return self.actors[key]

    def new(self, wanted_slug: str, kind: ActorKind, name: str | None, **values: object) -> DraftActor:
        key = self._free_slug(wanted_slug)
        actor = DraftActor(key, kind, name, **values)  # type: ignore[arg-type]
        self.actors[key] = actor
        return actor

    def from_entry(self, entry: Entry) -> DraftActor:
        """The actor a gazetteer entry names: the database's, if it knows it, else a new one."""
        key = self._by_entry.get(entry.slug)
        if key is not None:
            return self.actors[key]
        stored = self._stored(entry)
        if stored is not None:
            actor = self.existing(stored)
            actor.capitals = entry.capitals
        else:
            actor = self.new(
                entry.slug,
                entry.kind,
                entry.name,
                description="News agency." if entry.slug in {a.slug for a in lexicon().agencies} else None,
                aliases=[alias for alias in (*entry.abbreviations,) if alias != entry.name][:3],
                identifiers=list(entry.identifiers),
                capitals=entry.capitals,
            )
        self._by_entry[entry.slug] = actor.key
        return actor

    def _stored(self, entry: Entry) -> Actor | None:
        if self.session is None:
            return None
        for scheme, value in entry.identifiers:
            found = self.session.scalars(
                select(Actor)
                .join(ActorIdentifier, ActorIdentifier.actor_id == Actor.id)
                .where(ActorIdentifier.scheme == scheme, ActorIdentifier.value == value)
            ).first()
            if found is not None:
                return found
        names = [normalize(name) for name in (entry.name, *entry.names, *entry.abbreviations)]
        candidates = self.session.scalars(
            select(Actor)
            .join(ActorAlias, ActorAlias.actor_id == Actor.id)
            .where(ActorAlias.normalized.in_(names), Actor.kind == entry.kind)
            .distinct()
        ).all()
        if len(candidates) == 1:
            return candidates[0]
        return self.session.scalars(
            select(Actor).where(Actor.slug == entry.slug, Actor.kind == entry.kind)
        ).first()

    # -- mentions ----------------------------------------------------------------------------------------

    def find(self) -> None:
        """Every actor the database or the gazetteer names in the text, longest words first."""
        text = self.document.text
        found: list[tuple[int, int, str, str]] = []  # start, end, key, form
        for start, end, actor in self._database_mentions():
            found.append((start, end, actor.key, "name"))
        insensitive, sensitive, folded, exact = _gazetteer()
        for match in insensitive.finditer(text):
            words = match.group()
            if not words[0].isupper() and not words[0].isdigit():
                continue
            entry_form = folded[words.casefold()]
            if self._not_an_actor(match.end()):
                continue
            found.append((match.start(), match.end(), self.from_entry(entry_form.entry).key, entry_form.form))
        for match in sensitive.finditer(text):
            entry_form = exact[match.group()]
            if self._not_an_actor(match.end()):
                continue
            if entry_form.form == "adjective" and not self._acting(match):
                continue
            found.append((match.start(), match.end(), self.from_entry(entry_form.entry).key, entry_form.form))
        self._keep(found)

    def _acting(self, match: re.Match[str]) -> bool:
        """An adjective names its state only when the state acts: "Russian forces", "the Malian foreign
        minister", "Malians" (a demonym), not "Russian language" or "West African"."""
        words = match.group()
        if words.endswith("s") and not words.endswith("ss"):
            return True
        text = self.document.text
        return bool(
            lexicon().acting_nouns.match(text, match.end())
            or lexicon().title_pattern.match(text, match.end() + 1)
        )

    def _not_an_actor(self, end: int) -> bool:
        """A state named inside another phrase: "the U.S. dollar"."""
        return lexicon().not_actor_before.match(self.document.text, end) is not None

    def _keep(self, found: list[tuple[int, int, str, str]]) -> None:
        """Mentions that overlap none already kept, longest first (the database's before the gazetteer's)."""
        taken = bytearray(len(self.document.text) + 1)  # characters already named, for long documents
        for m in self.mentions:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        for start, end, key, form in sorted(found, key=lambda item: (-(item[1] - item[0]), item[0])):
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            mention = Mention(start, end, (key,), form)
            self.mentions.append(mention)
            self.raw.append(mention)
            words = " ".join(self.document.text[start:end].split())
            if form in ("name", "abbreviation") and words not in self.forms.setdefault(key, []):
                self.forms[key].append(words)
        self.mentions.sort(key=lambda mention: mention.start)
        self.raw.sort(key=lambda mention: mention.start)

    def add(self, start: int, end: int, keys: tuple[str, ...], form: str, *, replace: bool = False) -> None:
        """A mention over ``start:end``; with ``replace``, it takes the place of the mentions inside it."""
        if replace:
            self.mentions = [m for m in self.mentions if not (start <= m.start and m.end <= end)]
        if any(start < m.end and m.start < end for m in self.mentions):
            return
        self.mentions.append(Mention(start, end, keys, form))
        self.mentions.sort(key=lambda mention: mention.start)

    def _database_mentions(self) -> list[tuple[int, int, DraftActor]]:
        """Capitalised runs of one to six words whose normalized form is a stored actor's name or alias."""
        if self.session is None:
            return []
        text = self.document.text
        words = list(_WORD.finditer(text))
        candidates: dict[str, list[tuple[int, int]]] = {}
        for index, first in enumerate(words):
            if not first.group()[0].isupper():
                continue
            for length in range(1, 7):
                if index + length > len(words):
                    break
                last = words[index + length - 1]
                between = text[first.start() : last.end()]
                if "\n" in between:
                    break
                for candidate in {between, between.rstrip(".’'"), re.sub(r"['’]s$", "", between)}:
                    candidates.setdefault(normalize(candidate), []).append(
                        (first.start(), first.start() + len(candidate))
                    )
        if not candidates:
            return []
        names = list(candidates)
        hits: dict[str, set[int]] = {}
        for chunk in range(0, len(names), 500):
            rows = self.session.execute(
                select(ActorAlias.normalized, ActorAlias.actor_id).where(
                    ActorAlias.normalized.in_(names[chunk : chunk + 500])
                )
            )
            for normalized, actor_id in rows:
                hits.setdefault(normalized, set()).add(actor_id)
        result = []
        for normalized, actor_ids in hits.items():
            if len(actor_ids) != 1:
                continue  # a name two actors share says nothing certain
            actor = self.session.get_one(Actor, next(iter(actor_ids)))
            draft_actor = self.existing(actor)
            for start, end in candidates[normalized]:
                # A stored name followed by another capitalised word is part of a longer name.
                if re.match(r"[ \u00a0]+[A-Z]", text[end : end + 3]) and normalized == normalize(
                    text[start:end]
                ):
                    continue
                if not self._not_an_actor(end):
                    result.append((start, end, draft_actor))
        return result

    def capital_of(self, adjective: str) -> tuple[str, str] | None:
        """The capital and the actor of a state's adjective: "Indian" gives New Delhi and India."""
        form = _gazetteer()[3].get(adjective)
        if form is None or form.form != "adjective" or not form.entry.capitals:
            return None
        return form.entry.capitals[0], self.from_entry(form.entry).key

    def state_of(self, adjective: str) -> str | None:
        """The actor a state's adjective names, wherever it stands: "Russian" in "the Russian city of"."""
        form = _gazetteer()[3].get(adjective)
        if form is None or form.form != "adjective":
            return None
        return self.from_entry(form.entry).key

    # -- reading mentions --------------------------------------------------------------------------------

    def within(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def at(self, start: int) -> Mention | None:
        for mention in self.mentions:
            if mention.start == start:
                return mention
        return None
