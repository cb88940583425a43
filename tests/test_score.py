"""Scoring a draft against a gold annotation: facts match by what they say, not by how slugs are spelt."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import SEEDS
from timeline.drafting.score import KINDS, KindScore, rows, score
from timeline.seeding.annotation import Annotation, read
from timeline.storage.config import resolve_url
from timeline.storage.db import open_session

GOLD = SEEDS / "sahel-bloc-heads-to-moscow.yaml"
LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"

# kind: (matched, drafted, gold) of the bundled gold against itself.
GOLD_COUNTS = {
    "actors": (13, 13, 13),
    "holdings": (4, 4, 4),
    "memberships": (3, 3, 3),
    "relations": (7, 7, 7),
    "events": (7, 7, 7),
    "participants": (25, 25, 25),
    "dates": (8, 8, 8),
    "quotes": (1, 1, 1),
}
LATER_COUNTS = {
    "actors": (3, 3, 3),
    "holdings": (0, 0, 0),
    "memberships": (0, 0, 0),
    "relations": (0, 0, 0),
    "events": (1, 1, 1),
    "participants": (1, 1, 1),
    "dates": (1, 1, 1),
    "quotes": (0, 0, 0),
}

# The fields of an annotation that name something by its slug.
REFERENCES = {
    "slug",
    "ref",
    "post",
    "holder",
    "member",
    "of",
    "subject",
    "object",
    "actor",
    "actors",
    "place",
    "country",
    "series",
    "concerns",
}


def counts(scores: tuple[KindScore, ...]) -> dict[str, tuple[int, int, int]]:
    return {item.kind: (item.matched, item.drafted, item.gold) for item in scores}


def variant(tmp_path: Path, change: Callable[[dict[str, Any]], None], original: Path = GOLD) -> Annotation:
    """A copy of ``original`` changed by ``change``, written beside a copy of its document, and read."""
    data = yaml.safe_load(original.read_text(encoding="utf-8"))
    change(data)
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / original.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(original.with_suffix(".txt"), tmp_path)
    return read(path)


def rename_slugs(data: dict[str, Any]) -> None:
    """Give every actor, place, series, post and event an opaque slug, everywhere it is named."""
    sections = ("actors", "places", "series", "posts", "events")
    slugs = [entry["slug"] for section in sections for entry in data.get(section, []) if "slug" in entry]
    renamed = {slug: f"thing-{number}" for number, slug in enumerate(slugs)}

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in REFERENCES and isinstance(item, str):
                    value[key] = renamed.get(item, item)
                elif key in REFERENCES and isinstance(item, list) and all(isinstance(i, str) for i in item):
                    value[key] = [renamed.get(i, i) for i in item]
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        return value

    for section in sections:
        walk(data.get(section, []))
    for section in ("holdings", "memberships", "relations"):
        walk(data.get(section, []))


def test_the_gold_scores_perfectly_against_itself() -> None:
    gold = read(GOLD)
    scores = score(gold, gold)
    assert [item.kind for item in scores] == list(KINDS)
    assert counts(scores) == GOLD_COUNTS
    assert all(item.precision == item.recall == 1.0 for item in scores)


def test_renamed_slugs_still_match_by_what_the_facts_say(tmp_path: Path) -> None:
    draft = variant(tmp_path, rename_slugs)
    assert "mali" not in {actor.slug for actor in draft.actors}
    scores = score(draft, read(GOLD))
    assert counts(scores) == GOLD_COUNTS


def test_a_missing_membership_lowers_recall_only(tmp_path: Path) -> None:
    def drop_one(data: dict[str, Any]) -> None:
        del data["memberships"][1]

    scores = score(variant(tmp_path, drop_one), read(GOLD))
    assert counts(scores) == {**GOLD_COUNTS, "memberships": (2, 2, 3)}
    memberships = scores[KINDS.index("memberships")]
    assert memberships.precision == 1.0
    assert memberships.recall == 2 / 3


def test_a_changed_date_loses_the_event_and_its_participants(tmp_path: Path) -> None:
    def found_in_2022(data: dict[str, Any]) -> None:
        founding = next(event for event in data["events"] if event["slug"] == "aes-founding")
        founding["when"] = "in 2022"

    scores = score(variant(tmp_path, found_in_2022), read(GOLD))
    # The founding and its four participants (three states as actor, the AES as subject) no longer match;
    # "in 2023" stays a gold date, "in 2022" is a new drafted one.
    assert counts(scores) == {
        **GOLD_COUNTS,
        "events": (6, 7, 7),
        "participants": (21, 25, 25),
        "dates": (7, 8, 8),
    }


def test_a_spurious_actor_lowers_actor_precision(tmp_path: Path) -> None:
    def add_wagner(data: dict[str, Any]) -> None:
        data["actors"].append(
            {"slug": "wagner", "kind": "group", "name": "Wagner Group", "evidence": "Russia"}
        )

    scores = score(variant(tmp_path, add_wagner), read(GOLD))
    assert counts(scores) == {**GOLD_COUNTS, "actors": (13, 14, 13)}
    actors = scores[KINDS.index("actors")]
    assert actors.precision == 13 / 14
    assert actors.recall == 1.0


def test_an_actor_written_by_name_or_alias_matches_its_slug(tmp_path: Path) -> None:
    def by_names(data: dict[str, Any]) -> None:
        meeting = data["events"][0]
        host = next(part for part in meeting["participants"] if part.get("role") == "host")
        host["actor"] = "Lavrov"
        data["holdings"][3]["holder"] = "Sergei Lavrov"
        data["memberships"][0]["of"] = "sahel bloc"
        data["relations"][0]["subject"] = "MALI"

    assert counts(score(variant(tmp_path, by_names), read(GOLD))) == GOLD_COUNTS


def test_a_post_not_defined_in_the_file_is_read_from_its_slug(tmp_path: Path) -> None:
    def no_posts(data: dict[str, Any]) -> None:
        del data["posts"]

    assert counts(score(variant(tmp_path, no_posts), read(GOLD))) == GOLD_COUNTS


def test_an_unknown_actor_is_its_own_and_matches_nothing(tmp_path: Path) -> None:
    def nobody(data: dict[str, Any]) -> None:
        host = next(part for part in data["events"][0]["participants"] if part.get("role") == "host")
        host["actor"] = "Nobody In Particular"

    scores = score(variant(tmp_path, nobody), read(GOLD))
    assert counts(scores) == {**GOLD_COUNTS, "participants": (24, 25, 25)}


def test_a_quote_matches_when_nearly_all_of_it_is_there(tmp_path: Path) -> None:
    def trim(words: int) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            quote = data["events"][1]["quotes"][0]
            quote["text"] = " ".join(quote["text"].split()[:-words])

        return change

    # The quote has 28 words: without its last two it keeps 95% of its length, without ten 73%.
    nearly = score(variant(tmp_path / "nearly", trim(2)), read(GOLD))
    assert counts(nearly)["quotes"] == (1, 1, 1)
    half = score(variant(tmp_path / "half", trim(10)), read(GOLD))
    assert counts(half)["quotes"] == (0, 1, 1)


def test_rows_round_and_name_every_count() -> None:
    assert rows([KindScore("actors", 13, 14, 13), KindScore("quotes", 0, 0, 1)]) == [
        {"kind": "actors", "precision": 0.929, "recall": 1.0, "matched": 13, "drafted": 14, "gold": 13},
        {"kind": "quotes", "precision": 1.0, "recall": 0.0, "matched": 0, "drafted": 0, "gold": 1},
    ]


def test_refs_of_a_later_document_resolve_against_the_database(seeded: str, tmp_path: Path) -> None:
    later, gold = read(LATER), read(GOLD)

    def other_spellings(data: dict[str, Any]) -> None:
        data["actors"][0]["ref"] = "foreign minister of Mali"
        data["events"][0]["participants"][0]["actor"] = "sergei-lavrov"

    respelt = variant(tmp_path, other_spellings, LATER)
    with open_session(resolve_url(seeded)) as session:
        assert counts(score(later, later, session)) == LATER_COUNTS
        assert counts(score(respelt, later, session)) == LATER_COUNTS
        assert counts(score(gold, gold, session)) == GOLD_COUNTS
    # Without the database "Lavrov" names no actor of the later document, so its host matches nothing.
    assert counts(score(respelt, later))["participants"] == (0, 1, 1)
