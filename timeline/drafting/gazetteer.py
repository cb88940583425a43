"""The bundled gazetteer: the states, blocs, organisations and loose groups the drafter knows by name.

The forms are data, in ``data/states.yaml`` and ``data/organizations.yaml`` (each documents its format at
its top); pycountry adds each state's ISO names and codes. ``entries()`` reads them once. The database's
own actor names and aliases come before these, so an annotation that defines an actor extends them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from timeline.slugs import slugify
from timeline.vocab import ActorKind, IdentifierScheme

_STATE_FIELDS = frozenset({"name", "names", "abbreviations", "adjectives", "capital"})
_ORGANIZATION_FIELDS = frozenset({"kind", "name", "names", "abbreviations", "members"})
_GROUP_FIELDS = frozenset({"name", "names", "adjectives"})
_ORGANIZATION_KINDS = (ActorKind.bloc, ActorKind.organization)


@dataclass(frozen=True)
class Entry:
    """One actor the drafter can recognise in a document before the database knows it."""

    slug: str  # suggested slug: "mali", "burkina-faso", "aes", "western-powers"
    kind: ActorKind  # state, bloc, organization or group
    name: str  # preferred name: "Mali", "Russia", "Economic Community of West African States"
    names: tuple[str, ...]  # every noun form, name first; matched case-insensitively as whole words
    abbreviations: tuple[str, ...]  # matched case-sensitively as whole words: "ECOWAS", "AU", "U.S."
    adjectives: tuple[str, ...]  # adjectives and demonyms, case-sensitive: "Malian", "Malians"
    identifiers: tuple[tuple[IdentifierScheme, str], ...]  # states: ISO 3166-1 alpha-2, then alpha-3
    capitals: tuple[str, ...]  # states: the capital's name(s), the preferred first
    members: tuple[str, ...]  # blocs: slugs of member states, where the data gives them


@cache
def entries() -> tuple[Entry, ...]:
    """Every entry: the states, then the organisations, then the groups, in the data files' order."""
    states = _states(_load("states.yaml"))
    slugs = {code: entry.slug for code, entry in states.items()}
    others = _load("organizations.yaml")
    _check_fields(others, {"organizations", "groups"}, "organizations.yaml")
    organizations = [
        _organization(slug, fields, slugs)
        for slug, fields in _mapping(others.get("organizations"), "organizations").items()
    ]
    groups = [_group(slug, fields) for slug, fields in _mapping(others.get("groups"), "groups").items()]
    return (*states.values(), *organizations, *groups)


def _load(file_name: str) -> dict[str, Any]:
    text = (files("timeline.drafting") / "data" / file_name).read_text(encoding="utf-8")
    # libyaml's loader where PyYAML has it: the gazetteer loads in a tenth of the time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _mapping(yaml.load(text, Loader=loader), file_name)


def _states(data: dict[str, Any]) -> dict[str, Entry]:
    import pycountry  # a large table: read only when the gazetteer is

    states: dict[str, Entry] = {}
    for code, fields in data.items():
        where = f"states.yaml: {code}"
        _check_fields(fields, _STATE_FIELDS, where)
        country = pycountry.countries.get(alpha_2=code)
        if country is None or country.alpha_2 != code:
            raise ValueError(f"{where}: not an ISO 3166-1 alpha-2 code")
        # pycountry's catalogue forms ("Korea, Republic of", "Holy See (Vatican City State)") never occur
        # in running text, so they are not names.
        iso_names = [
            form
            for form in (getattr(country, field, None) for field in ("name", "common_name", "official_name"))
            if isinstance(form, str) and "," not in form and "(" not in form
        ]
        name = fields.get("name", getattr(country, "common_name", country.name))
        if not isinstance(name, str) or "," in name or "(" in name:
            raise ValueError(f"{where}: give the common short name as name:, not {name!r}")
        states[code] = Entry(
            slug=slugify(name),
            kind=ActorKind.state,
            name=name,
            names=_without_repeats([name, *iso_names, *_texts(fields, "names", where)], str.casefold),
            abbreviations=_without_repeats(_texts(fields, "abbreviations", where)),
            adjectives=_without_repeats(_texts(fields, "adjectives", where)),
            identifiers=(
                (IdentifierScheme.iso3166_1_alpha2, country.alpha_2),
                (IdentifierScheme.iso3166_1_alpha3, country.alpha_3),
            ),
            capitals=_without_repeats(_texts(fields, "capital", where)),
            members=(),
        )
    return states


def _organization(slug: str, fields: Any, state_slugs: dict[str, str]) -> Entry:
    where = f"organizations.yaml: {slug}"
    _check_fields(fields, _ORGANIZATION_FIELDS, where)
    kind = fields.get("kind")
    if kind not in _ORGANIZATION_KINDS:
        raise ValueError(f"{where}: kind must be one of {', '.join(_ORGANIZATION_KINDS)}, not {kind!r}")
    members = _texts(fields, "members", where)
    unknown = [code for code in members if code not in state_slugs]
    if unknown:
        raise ValueError(f"{where}: members not in states.yaml: {', '.join(unknown)}")
    return _named(slug, ActorKind(kind), fields, where, members=tuple(state_slugs[code] for code in members))


def _group(slug: str, fields: Any) -> Entry:
    where = f"organizations.yaml: groups: {slug}"
    _check_fields(fields, _GROUP_FIELDS, where)
    return _named(slug, ActorKind.group, fields, where, members=())


def _named(slug: str, kind: ActorKind, fields: dict[str, Any], where: str, members: tuple[str, ...]) -> Entry:
    name = fields.get("name")
    if not isinstance(name, str):
        raise ValueError(f"{where}: name is required")
    return Entry(
        slug=slug,
        kind=kind,
        name=name,
        names=_without_repeats([name, *_texts(fields, "names", where)], str.casefold),
        abbreviations=_without_repeats(_texts(fields, "abbreviations", where)),
        adjectives=_without_repeats(_texts(fields, "adjectives", where)),
        identifiers=(),
        capitals=(),
        members=members,
    )


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        # A bare NO is read as false: Norway's code is written "NO".
        raise ValueError(f'{where}: expected a mapping keyed by text (quote keys such as "NO")')
    return value


def _check_fields(fields: Any, allowed: Iterable[str], where: str) -> None:
    unknown = set(_mapping(fields, where)) - set(allowed)
    if unknown:
        raise ValueError(
            f"{where}: unknown fields {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}"
        )


def _texts(fields: dict[str, Any], field: str, where: str) -> list[str]:
    """The field as a list of text: absent is empty, one text is a list of one."""
    value = fields.get(field, [])
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError(f"{where}: {field} must be text or a list of text, not {value!r}")
    return items


def _without_repeats(forms: Iterable[str], key: Callable[[str], str] = str) -> tuple[str, ...]:
    """``forms`` in order without repeats (compared by ``key``), the first spelling kept."""
    seen: set[str] = set()
    kept: list[str] = []
    for form in forms:
        compared = key(form)
        if compared not in seen:
            seen.add(compared)
            kept.append(form)
    return tuple(kept)
