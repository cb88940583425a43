"""Failures the README promises as one line: extreme input, values a server refuses, full disks, bad
revisions, missing databases, and whatever no one foresaw. Each is one line on stderr with its exit status,
never a traceback, and nothing is written."""

from pathlib import Path

import pytest

from tests.conftest import dump, run
from tests.test_bad_input import annotation, edit, one_line_error

# -- dates: impossible, or outside the calendar -------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    date: 2025-04-02\n",
            "    date: 2025-02-30\n",
            "publication date: impossible date '2025-02-30': February 2025 has no day 30",
        ),
        (
            "    date: 2025-04-02\n",
            "    date: 0000-01-01\n",
            "publication date: impossible date '0000-01-01': years run from 0001 to 9999",
        ),
        (
            "    since: in 2023\n",
            "    since: in 0000\n",
            "impossible date '0000': years run from 0001 to 9999",
        ),
        (
            "    when: recent\n",
            "    when: 2026 years ago\n",
            "2026 year(s) before 2025-04-02 falls outside the calendar: years run from 0001 to 9999",
        ),
        (
            "    when: recent\n",
            "    when: 2025-02-30\n",
            "impossible date '2025-02-30': February 2025 has no day 30",
        ),
    ],
)
def test_an_impossible_or_extreme_date_names_its_line(
    sqlite_db: str, seeds: Path, old: str, new: str, message: str
) -> None:
    line = edit(annotation(seeds), old, new)
    if "publication date" in message:
        line -= 1  # the error names the 'published:' field the date is under
    before = dump(sqlite_db)
    assert one_line_error(run(sqlite_db, "seed", str(seeds)), 4) == (
        f"Error: {annotation(seeds)}:{line}: {message}"
    )
    assert dump(sqlite_db) == before


def test_yesterday_in_a_document_of_the_first_day_of_the_calendar_names_its_line(
    sqlite_db: str, seeds: Path
) -> None:
    edit(annotation(seeds), "    date: 2025-04-02\n", "    date: 0001-01-01\n")
    line = edit(annotation(seeds), "    since: in recent years\n", "    since: yesterday\n")
    assert one_line_error(run(sqlite_db, "seed", str(seeds)), 4) == (
        f"Error: {annotation(seeds)}:{line}: 'yesterday' from 0001-01-01 falls outside the calendar: "
        "years run from 0001 to 9999"
    )


# -- YAML nested too deep -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "source: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "source: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
        "source:\n" + "".join(" " * depth + "a:\n" for depth in range(1, 3_000)),
    ],
    ids=["lists", "flow mappings", "block mappings"],
)
def test_yaml_nested_thousands_deep_is_refused_at_its_line(sqlite_db: str, tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    message = one_line_error(run(sqlite_db, "seed", str(path)), 4)
    assert message.startswith(f"Error: {path}:")
    assert message.endswith(": nested deeper than 64 levels: an annotation needs fewer than ten")
