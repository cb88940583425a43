"""`timeline actors`: every actor with its names and counts, filtered by kind, bloc (on a day) and text, in
every format and at every width."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run
from tests.test_bad_input import one_line_error
from timeline.queries.actor_list import FIELDS


def listed(db: str, *args: str) -> list[dict[str, Any]]:
    result = run(db, "actors", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def slugs(db: str, *args: str) -> list[str]:
    return [row["actor"] for row in listed(db, *args)]


EVERY_ACTOR = [
    # actor, kind, participations, events, memberships as member, as bloc
    ("aes", "bloc", 2, 2, 0, 3),
    ("burkina-faso", "state", 4, 4, 1, 0),
    ("burkina-faso-foreign-minister", "person", 1, 1, 0, 0),
    ("france", "state", 1, 1, 0, 0),
    ("jihadist-insurgents", "group", 1, 1, 0, 0),
    ("mali", "state", 4, 4, 1, 0),
    ("mali-foreign-minister", "person", 1, 1, 0, 0),
    ("niger", "state", 4, 4, 1, 0),
    ("niger-foreign-minister", "person", 1, 1, 0, 0),
    ("reuters", "organization", 1, 1, 0, 0),
    ("russia", "state", 2, 2, 0, 0),
    ("sergei-lavrov", "person", 2, 1, 0, 0),  # host and inviter of one meeting
    ("western-powers", "group", 1, 1, 0, 0),
]


def test_every_actor_in_slug_order_with_counts_of_events_and_memberships(seeded: str) -> None:
    rows = listed(seeded)
    assert [
        (
            row["actor"],
            row["kind"],
            row["participations"],
            row["events"],
            row["memberships_as_member"],
            row["memberships_as_bloc"],
        )
        for row in rows
    ] == EVERY_ACTOR
    by_slug = {row["actor"]: row for row in rows}
    # The other names: every alias but the name itself.
    assert by_slug["aes"]["name"] == "Confederation of Sahel States"
    assert by_slug["aes"]["aliases"] == ["AES", "AES bloc", "Alliance of Sahel States", "Sahel bloc"]
    assert by_slug["russia"]["aliases"] == ["Moscow", "Russian Federation"]
    assert by_slug["mali"]["aliases"] == []
    # An official known only by post is listed by the post, and says so.
    assert by_slug["mali-foreign-minister"] | {"aliases": None} == {
        "actor": "mali-foreign-minister",
        "kind": "person",
        "name": "Foreign Minister of Mali",
        "named": False,
        "aliases": None,
        "participations": 1,
        "events": 1,
        "memberships_as_member": 0,
        "memberships_as_bloc": 0,
    }
    assert by_slug["mali-foreign-minister"]["aliases"] == []  # "foreign minister of Mali" is its name
    assert by_slug["sergei-lavrov"]["named"] is True


def test_kind_filter_repeats(seeded: str) -> None:
    assert slugs(seeded, "--kind", "bloc") == ["aes"]
    assert slugs(seeded, "--kind", "group", "--kind", "organization") == [
        "jihadist-insurgents",
        "reuters",
        "western-powers",
    ]


def test_bloc_filter_lists_its_members_and_as_of_only_those_members_that_day(seeded: str) -> None:
    members = ["burkina-faso", "mali", "niger"]
    assert slugs(seeded, "--bloc", "aes") == slugs(seeded, "--bloc", "Sahel bloc") == members
    # The memberships date from 2023: they may hold on any day of 2023, and not before.
    assert slugs(seeded, "--bloc", "aes", "--as-of", "2025-04-01") == members
    assert slugs(seeded, "--bloc", "aes", "--as-of", "2023-01-01") == members
    assert slugs(seeded, "--bloc", "aes", "--as-of", "2022-12-31") == []
    assert slugs(seeded, "--bloc", "aes", "--kind", "person") == []
    assert slugs(seeded, "--bloc", "mali") == []  # an actor with no members


def test_text_filter_searches_slugs_names_and_aliases_in_any_case(seeded: str) -> None:
    assert slugs(seeded, "--text", "SAHEL") == ["aes", "jihadist-insurgents"]  # an alias, a name
    assert slugs(seeded, "--text", "moscow") == ["russia"]  # an alias only
    assert slugs(seeded, "--text", "lavrov") == ["sergei-lavrov"]
    assert slugs(seeded, "--text", "foreign-min") == [  # slugs
        "burkina-faso-foreign-minister",
        "mali-foreign-minister",
        "niger-foreign-minister",
    ]
    assert slugs(seeded, "--text", "minister of mali") == ["mali-foreign-minister"]  # the post's name
    assert slugs(seeded, "--text", "100%") == []  # wildcards are text
    assert slugs(seeded, "--text", "_") == []
    assert slugs(seeded, "--text", "Sahel  BLOC") == ["aes"]  # spaces collapsed as aliases are stored
    assert slugs(seeded, "--text", "west", "--kind", "group") == ["western-powers"]
    assert slugs(seeded, "--limit", "2") == ["aes", "burkina-faso"]


def test_machine_formats_have_the_documented_fields_in_order_and_agree(seeded: str) -> None:
    as_csv = run(seeded, "actors", "--format", "csv").stdout
    as_json = json.loads(run(seeded, "actors", "--format", "json").stdout)
    assert as_json == listed(seeded)
    assert [list(row) for row in as_json] == [list(FIELDS)] * len(EVERY_ACTOR)
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert as_csv.splitlines()[0] == ",".join(FIELDS)
    assert rows[0] == {
        "actor": "aes",
        "kind": "bloc",
        "name": "Confederation of Sahel States",
        "named": "True",
        "aliases": "AES; AES bloc; Alliance of Sahel States; Sahel bloc",
        "participations": "2",
        "events": "2",
        "memberships_as_member": "0",
        "memberships_as_bloc": "3",
    }
    # Nothing matches: still valid in every format.
    assert run(seeded, "actors", "--text", "nobody", "--format", "json").stdout == "[]\n"
    assert run(seeded, "actors", "--text", "nobody", "--format", "jsonl").stdout == ""
    assert run(seeded, "actors", "--text", "nobody", "--format", "csv").stdout == ",".join(FIELDS) + "\n"


def lines(output: str) -> str:
    return "\n".join(line.rstrip() for line in output.splitlines()) + "\n"


MALI_AT_80 = """\
Actors
Actor                           Kind          Aliases      Events    Memberships
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
Mali                            state                      4         1 as member
mali

Foreign Minister of Mali (name  person                     1
unknown)
mali-foreign-minister
"""

LAVROV_AT_80 = """\
Actors
Actor                           Kind          Aliases      Events    Memberships
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
Sergei Lavrov                   person        Lavrov       1
sergei-lavrov                                              2 roles
"""


def test_a_table_for_people_at_80_columns_without_colour(seeded: str) -> None:
    result = run(seeded, "actors", "--text", "mali", columns=80)
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == MALI_AT_80
    assert "\x1b[" not in result.stdout and result.stderr == ""
    # One event in two roles: the participations show below the events.
    assert lines(run(seeded, "actors", "--text", "lavrov", columns=80).stdout) == LAVROV_AT_80


@pytest.mark.parametrize("width", (60, 80, 120))
def test_no_line_is_wider_than_the_screen(seeded: str, width: int) -> None:
    for args in ((), ("--bloc", "aes"), ("--kind", "person")):
        result = run(seeded, "actors", *args, columns=width)
        assert result.exit_code == 0, result.stderr
        assert max(len(line) for line in result.stdout.splitlines()) <= width, args


def test_at_60_columns_each_actor_stacks_as_labelled_lines(seeded: str) -> None:
    narrow = run(seeded, "actors", "--bloc", "aes", columns=60).stdout
    assert "━" not in narrow
    assert re.search(r"^Actor +Burkina Faso *$", narrow, re.M)
    assert re.search(r"^Memberships +1 as member *$", narrow, re.M)
    assert not re.search(r"^Aliases", narrow, re.M)  # an empty cell is left out
    wide = run(seeded, "actors", columns=80).stdout
    assert re.search(r"^Actor +Kind +Aliases +Events +Memberships *$", wide, re.M)
    # The bloc's row: its members counted, its other names listed.
    assert re.search(r"^Confederation of Sahel States +bloc +AES, AES +2 +3 as bloc *$", wide, re.M)


def test_an_empty_listing_says_so(seeded: str) -> None:
    assert "No actor matches." in run(seeded, "actors", "--text", "nobody").stdout
    assert (
        "No member of 'aes' on 2020-01-01 matches."
        in run(seeded, "actors", "--bloc", "aes", "--as-of", "2020-01-01").stdout
    )


def test_an_empty_database_says_how_to_fill_it(db: str) -> None:
    assert "No actors yet: `timeline seed` loads a document." in run(db, "actors").stdout


def test_bad_input_is_one_line_and_a_non_zero_exit(seeded: str) -> None:
    assert one_line_error(run(seeded, "actors", "--bloc", "Sahel blok"), 5) == (
        "Error: unknown actor 'Sahel blok'; did you mean 'Sahel bloc'?"
    )
    assert one_line_error(run(seeded, "actors", "--bloc", "Atlantis"), 5) == (
        "Error: unknown actor 'Atlantis'; `timeline actors --text PART` lists the actors whose slug or "
        "names contain PART"
    )
    result = run(seeded, "actors", "--kind", "country")
    assert result.exit_code == 2 and "Invalid value for '--kind'" in result.stderr
    for day in ("2025-02-30", "2025-04", "yesterday"):
        result = run(seeded, "actors", "--bloc", "aes", "--as-of", day)
        assert result.exit_code == 2 and "Invalid value for '--as-of'" in result.stderr, day
    result = run(seeded, "actors", "--as-of", "2025-04-01")
    assert result.exit_code == 2 and "--as-of applies to --bloc: give --bloc NAME" in result.stderr


def test_an_unknown_actor_anywhere_points_to_the_list_of_actors(seeded: str) -> None:
    hint = "`timeline actors --text PART` lists the actors whose slug or names contain PART"
    assert one_line_error(run(seeded, "actor", "Atlantis"), 5) == f"Error: unknown actor 'Atlantis'; {hint}"
    assert one_line_error(run(seeded, "show", "--actor", "Atlantis"), 5) == (
        f"Error: unknown actor 'Atlantis'; {hint}"
    )


def test_a_reader_of_stdout_that_goes_away_ends_the_table_quietly(sqlite_db: str, tmp_path: Path) -> None:
    """`timeline actors | head -1`: more rows than the pipe holds, and the reader quits after one line."""
    bundle = tmp_path / "bundle"
    assert run(None, "generate", str(bundle), "--events", "20", "--actors", "1000").exit_code == 0
    assert run(sqlite_db, "import", str(bundle)).exit_code == 0
    for args in (("--all",), ("--all", "--format", "jsonl")):
        process = subprocess.Popen(
            [sys.executable, "-m", "timeline", "--db", sqlite_db, "actors", "--no-pager", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "COLUMNS": "80"},
        )
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read().decode()
        process.wait()
        assert errors == "", args
