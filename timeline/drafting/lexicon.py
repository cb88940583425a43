"""The drafter's lexicon (data/lexicon.yaml), loaded once and compiled into the patterns the rules match."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from timeline.vocab import EventKind, Plover, RelationKind

DATA = Path(__file__).resolve().parent / "data"


def alternation(words: Iterable[str]) -> str:
    """A regular expression for any of ``words``, longest first; ``*`` ends a word freely."""
    alternatives = []
    for phrase in sorted(set(words), key=len, reverse=True):
        parts = [
            re.escape(part.rstrip("*")) + (r"\w*" if part.endswith("*") else "") for part in phrase.split()
        ]
        alternatives.append(r"\s+".join(parts))
    return "|".join(alternatives) or r"(?!x)x"


def phrases(words: Iterable[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    """One pattern matching any of ``words`` as whole words."""
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + alternation(words) + r")(?![\w])", flags)


@dataclass(frozen=True)
class Trigger:
    kind: EventKind
    category: Plover
    strong: re.Pattern[str]
    weak: re.Pattern[str]


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    titles: dict[str, str]  # a title's words (lower case) -> the post's role
    title_pattern: re.Pattern[str]
    triggers: tuple[Trigger, ...]
    membership: dict[str, re.Pattern[str]]  # join, found, leave, comprise, observer, partner
    announced: re.Pattern[str]
    relations: tuple[tuple[RelationKind, re.Pattern[str]], ...]
    reversed_relations: re.Pattern[str]
    not_actor_before: re.Pattern[str]
    acting_nouns: re.Pattern[str]
    group_nouns: tuple[str, ...]
    official_group_nouns: tuple[str, ...]
    agencies: tuple[Agency, ...]
    topics: re.Pattern[str]
    regions: re.Pattern[str]


@cache
def lexicon() -> Lexicon:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load((DATA / "lexicon.yaml").read_text(encoding="utf-8"), Loader=loader)
    titles = {words.lower(): role for role, forms in data["titles"].items() for words in forms}
    triggers = tuple(
        Trigger(
            EventKind(kind),
            Plover(spec["category"]),
            phrases(spec.get("strong", [])),
            phrases(spec.get("weak", [])),
        )
        for kind, spec in data["events"].items()
    )
    relations = tuple((RelationKind(kind), phrases(words)) for kind, words in data["relations"].items())
    return Lexicon(
        titles=titles,
        title_pattern=phrases(titles),
        triggers=triggers,
        membership={name: phrases(words) for name, words in data["memberships"].items()},
        announced=phrases(data["announced"]),
        relations=relations,
        reversed_relations=phrases(data["reversed_relations"]),
        not_actor_before=re.compile(
            r"\s+(?:" + alternation(data["not_actor_before"]) + r")(?![\w])", re.IGNORECASE
        ),
        # "Russian forces", "French and other Western forces"
        acting_nouns=re.compile(
            r"(?:\s+and\s+other\s+[A-Z]\w+)?\s+(?:" + alternation(data["acting_nouns"]) + r")(?![\w])",
            re.IGNORECASE,
        ),
        group_nouns=tuple(data["group_nouns"]),
        official_group_nouns=tuple(data["official_group_nouns"]),
        agencies=tuple(
            Agency(slug, spec["name"], tuple(spec["names"])) for slug, spec in data["agencies"].items()
        ),
        topics=phrases(data["topics"]),
        regions=phrases(data["regions"]),
    )
