"""Views for people at any size and width: a first page with a count of the rest, layouts that hold from 60
columns up, and a pager on a terminal only."""

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run

WIDTHS = (60, 80, 120)


@pytest.fixture
def busy(db: str, tmp_path: Path) -> str:
    """The migrated database with 250 synthetic events: more than a page."""
    bundle = tmp_path / "bundle"
    assert run(None, "generate", str(bundle), "--events", "250", "--actors", "40").exit_code == 0
    result = run(db, "import", str(bundle))
    assert result.exit_code == 0, result.stderr
    return db


def _titles(db: str, *args: str) -> list[str]:
    result = run(db, *args, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line)["title"] for line in result.stdout.splitlines()]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_is_wider_than_the_screen_and_no_word_is_broken(seeded: str, width: int) -> None:
    for command in (("show",), ("actor", "aes"), ("actor", "mali")):
        result = run(seeded, *command, columns=width)
        assert result.exit_code == 0, result.stderr
        assert max(len(line) for line in result.stdout.splitlines()) <= width, command
        words = set(result.stdout.split())
        for title in _titles(seeded, "show"):
            if command == ("show",):
                assert set(title.split()) <= words, title  # every word whole, on some line


def test_below_the_tables_width_rows_stack_as_labelled_lines(seeded: str) -> None:
    narrow = run(seeded, "show", columns=60).stdout
    assert re.search(r"^Date +2025-04-03–04\?", narrow, re.M)
    assert re.search(r"^Event +First session of the AES-Russia", narrow, re.M)
    assert "━" not in narrow
    wide = run(seeded, "show", columns=80).stdout
    assert re.search(r"^Date +Kind +Event +Status +Sources", wide, re.M)


def test_the_meeting_says_where_it_is_and_sources_are_named_in_order_of_first_use(seeded: str) -> None:
    out = run(seeded, "show", columns=120).stdout
    assert "at Moscow" in out
    notes = re.findall(r"^\[(\d+)\] (.*)$", out, re.M)
    assert [number for number, _ in notes] == ["1"]
    assert notes[0][1] == "Sahel bloc Heads to Moscow For Talks (2025-04-02) [sahel-bloc-heads-to-moscow]"


def test_a_table_shows_a_page_and_says_how_many_more_and_how_to_see_them(busy: str) -> None:
    out = run(busy, "show").stdout
    assert "Showing the first 100 of 250 events: --limit N or --all shows more" in out
    assert len(run(busy, "show", "--format", "jsonl").stdout.splitlines()) == 250  # machines get every row
    everything = run(busy, "show", "--all").stdout
    assert "Showing the first" not in everything
    assert len(re.findall(r"^\d{4}|^…|^undated", everything, re.M)) >= 250 - 5  # a row starts with its date
    five = run(busy, "show", "--limit", "5", "--format", "jsonl").stdout
    assert len(five.splitlines()) == 5
    assert "Showing the first" not in run(busy, "show", "--limit", "5").stdout


def test_an_empty_listing_says_so(seeded: str) -> None:
    result = run(seeded, "show", "--text", "no such words anywhere")
    assert result.exit_code == 0
    assert "No event matches." in result.stdout


def test_any_time_needs_a_bloc(seeded: str) -> None:
    result = run(seeded, "show", "--any-time")
    assert result.exit_code == 2
    assert "--any-time applies to --bloc" in result.stderr


def test_one_label_per_word_of_the_vocabularies(seeded: str) -> None:
    for command in (("show",), ("actor", "aes"), ("actor", "mali")):
        out = run(seeded, *command, columns=200).stdout
        assert "founding_member" not in out and "joint_statement" not in out, command
    assert "founding member" in run(seeded, "actor", "aes", columns=200).stdout


def test_an_event_is_one_row_in_a_profile_with_every_role_joined(seeded: str) -> None:
    facts = [
        json.loads(line)
        for line in run(seeded, "actor", "sergei-lavrov", "--format", "jsonl").stdout.splitlines()
    ]
    events = [fact for fact in facts if fact["section"] == "event"]
    assert [(fact["fact"], fact["role"]) for fact in events] == [
        ("aes-russia-consultations-1", "host, inviter")
    ]
    assert len(events[0]["evidence"]) == 2  # the evidence of both roles
    assert "host, inviter" in run(seeded, "actor", "sergei-lavrov", columns=120).stdout


# The pager: through a real terminal (a pseudo-terminal), never through a pipe.


@pytest.fixture
def sqlite_seeded(tmp_path: Path) -> str:
    database = str(tmp_path / "timeline.db")
    assert run(database, "db", "upgrade").exit_code == 0
    assert run(database, "seed").exit_code == 0
    return database


def _on_a_terminal(database: str, *args: str, pager: str | None) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdout; return its exit status and what reached the terminal."""
    env = {key: value for key, value in os.environ.items() if key not in ("PAGER", "LESS")}
    if pager is not None:
        env["PAGER"] = pager
    env["COLUMNS"] = "100"
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline", "--db", database, *args],
        stdout=secondary,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process is done with it
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    return process.wait(timeout=60), seen.decode("utf-8", "replace")


def test_on_a_terminal_the_table_goes_through_the_pager(sqlite_seeded: str, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    status, terminal = _on_a_terminal(sqlite_seeded, "show", pager=f"sh -c 'cat > {paged}'")
    assert status == 0
    assert "First session of the AES-Russia" in paged.read_text(encoding="utf-8")
    assert "First session" not in terminal


def test_no_pager_and_an_empty_pager_write_straight_to_the_terminal(
    sqlite_seeded: str, tmp_path: Path
) -> None:
    paged = tmp_path / "paged.txt"
    status, terminal = _on_a_terminal(sqlite_seeded, "show", "--no-pager", pager=f"sh -c 'cat > {paged}'")
    assert status == 0
    assert "First session of the AES-Russia" in terminal
    assert not paged.exists()
    status, terminal = _on_a_terminal(sqlite_seeded, "show", pager="")
    assert status == 0 and "First session of the AES-Russia" in terminal


def test_a_reader_who_quits_the_pager_early_ends_the_command_cleanly(sqlite_seeded: str) -> None:
    status, terminal = _on_a_terminal(sqlite_seeded, "actor", "aes", pager="true")
    assert status == 0, terminal
    assert "Error" not in terminal and "Traceback" not in terminal


def test_piped_output_is_never_paged(sqlite_seeded: str, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", sqlite_seeded, "show"],
        capture_output=True,
        text=True,
        env={**os.environ, "PAGER": f"sh -c 'cat > {paged}'"},
        check=False,
    )
    assert result.returncode == 0
    assert "First session of the" in result.stdout
    assert not paged.exists()
    assert "\x1b[" not in result.stdout
