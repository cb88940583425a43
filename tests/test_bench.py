"""The benchmark command runs end to end (on a tiny bundle: its ratios mean nothing at this size, so only
its shape is checked) and names what it lacks before doing any work; the read commands' harness times a
first screen off a pipe, stops a command at its limits, and names a command it could not run."""

import json
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from tests.backends import reachable, server_url
from timeline import bench_views
from timeline.bench import REPOSITORY, command_peak, missing_tools
from timeline.bench_views import Unmeasured, attempt, first_screen, screen_figure

SQLITE_FIGURES = [
    "SQLite: import of 300 events",
    "SQLite: first page (100) of the busiest actor's timeline",
    "SQLite: first page (100) of a typical actor's timeline",
    "SQLite: first page (100) of a one-year date range",
    "SQLite: CSV export of the flat timeline",
    "timeline --help, wall time",
    "timeline show on the seeded document, wall time",
]
# The read commands, first screen and peak, then the machine formats. Some commands are being written: until
# they exist, they are named as not measured (and the benchmark exits 2), in this same order.
VIEW_FIGURES = [
    "SQLite: timeline show, first screen",
    "SQLite: timeline show --bloc ",
    "SQLite: timeline actor ",
    "SQLite: timeline actors, first screen",
    *(
        name
        for table in ("memberships", "posts", "meetings", "statements", "relations")
        for name in (
            f"SQLite: timeline relations {table}, first screen",
            f"SQLite: timeline relations {table} --actor ",
        )
    ),
    "SQLite: timeline relations meetings --format jsonl",
    "SQLite: timeline show --format csv",
]
POSTGRESQL_FIGURES = [
    "PostgreSQL: first page (100) of the busiest actor's timeline",
    "PostgreSQL: first page (100) of a typical actor's timeline",
    "PostgreSQL: first page (100) of a one-year date range",
]


def test_the_benchmark_measures_every_figure_beside_its_baseline(tmp_path: Path) -> None:
    if shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 command-line shell, the CSV figure's baseline, is not installed")
    on_postgresql = reachable("postgresql") is None and shutil.which("psql") is not None
    admin = server_url("postgresql").render_as_string(hide_password=False) if on_postgresql else ""
    argv = [sys.executable, "-m", "timeline.bench", "--events", "300", "--runs", "1", "--format", "json"]
    result = subprocess.run(
        [*argv, "--workdir", str(tmp_path), "--postgresql", admin],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = json.loads(result.stdout)
    figures, unmeasured = output["figures"], output["unmeasured"]
    # 1: a goal missed, which tiny data may do; 2: a figure not measured, each named on a line of its own
    assert result.returncode == (2 if unmeasured else 1) or (result.returncode == 0 and not unmeasured)
    assert [line for line in result.stderr.splitlines() if line.startswith("timeline.bench:")] == [
        f"timeline.bench: could not measure {figure['name']}: {figure['reason']}" for figure in unmeasured
    ]
    assert {row["documents"] for row in output["drafting"]} == {
        "bundled report",
        "dev reports",
        "held-out reports",
    }
    views = [figure for figure in figures if any(figure["name"].startswith(name) for name in VIEW_FIGURES)]
    measured = [figure for figure in figures if figure not in views]
    expected = SQLITE_FIGURES + (POSTGRESQL_FIGURES if on_postgresql else [])
    assert len(measured) == len(expected)
    for figure, name in zip(measured, expected, strict=True):
        assert figure["name"].startswith(name)
        assert figure["ours"] > 0 and figure["baseline"] > 0
        assert figure["ratio"] == figure["ours"] / figure["baseline"]
        assert figure["met"] in (True, False) and figure["goal"]
    assert figures[len(SQLITE_FIGURES) : len(SQLITE_FIGURES) + len(views)] == views  # before PostgreSQL's
    # Every read command is either measured or named as not measured, none twice, in order.
    named = [figure["name"] for figure in views] + [figure["name"] for figure in unmeasured]
    order = [
        next(index for index, prefix in enumerate(VIEW_FIGURES) if name.startswith(prefix)) for name in named
    ]
    assert sorted(order) == list(range(len(VIEW_FIGURES)))
    for figure in views:
        assert figure["ours"] >= 0 and figure["baseline"] > 0  # beyond start-up: at this size, maybe nothing
        assert "peak" in figure["name"] and figure["met"] in (True, False)
    for figure in unmeasured:
        assert figure["reason"] and "\n" not in figure["reason"]
    assert (tmp_path / "bundle-300" / "manifest.json").is_file()  # --workdir keeps its files


def test_missing_tools_are_named_with_the_command_that_installs_them(tmp_path: Path) -> None:
    problems = missing_tools(tmp_path, need_psql=False)
    assert problems[0] == (
        f"sqlite-utils is not installed beside {tmp_path / 'python'} (run: python -m pip install '.[bench]')"
    )
    assert any(problem.startswith("alembic is not installed") for problem in problems)
    if shutil.which("sqlite3") is not None:  # the test extras install the rest
        assert missing_tools(Path(sys.executable).parent, need_psql=False) == []


def test_a_missing_tool_stops_the_benchmark_before_it_starts(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline.bench", "--events", "300", "--workdir", str(tmp_path)],
        cwd=REPOSITORY,
        env={"PATH": str(tmp_path)},  # no sqlite3 shell, no psql
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("timeline.bench: the sqlite3 command-line shell is not on PATH")
    assert "psql is not on PATH" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing generated


def test_a_failing_step_is_reported_by_its_own_command_and_words(tmp_path: Path) -> None:
    failing = [
        sys.executable,
        "-c",
        "import sys; print('warming up', file=sys.stderr); sys.exit('no such table: x')",
    ]
    with pytest.raises(subprocess.CalledProcessError) as caught:
        command_peak(failing, tmp_path / "out")
    assert caught.value.cmd == failing and caught.value.returncode == 1
    assert caught.value.stderr == b"warming up\nno such table: x"  # the measuring parent's line left out


def test_a_bad_size_is_a_usage_error() -> None:
    argv = [sys.executable, "-m", "timeline.bench", "--events", "0"]
    result = subprocess.run(argv, cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith("argument --events: '0' is not a positive whole number")


def test_a_first_screen_is_timed_as_its_lines_arrive_and_the_command_read_to_its_end() -> None:
    screen = [
        sys.executable,
        "-c",
        "import sys, time\nfor i in range(40): print(i)\nsys.stdout.flush(); time.sleep(1); print('more')",
    ]
    measured = first_screen(screen)
    assert measured.first is not None and measured.first < measured.run.seconds - 0.5  # before the pause
    assert measured.run.stopped is None and measured.run.peak > 0
    short = first_screen([sys.executable, "-c", "print('one line')"])  # all of a short output is its screen
    assert short.first is not None and short.run.stopped is None


def test_a_command_past_its_memory_cap_is_killed_and_the_figure_missed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench_views, "CAP", 100 * 2**20)
    hog = (
        "import sys, time\nfor i in range(50): print(i)\nsys.stdout.flush(); x = b'x' * 2**29; time.sleep(30)"
    )
    figure = screen_figure("hog", [sys.executable, "-c", hog], list, 0.0, 3)
    assert figure.met is False
    assert "; killed past 100 MB after " in figure.name and "no first screen" not in figure.name


def test_a_command_with_no_first_screen_by_its_deadline_is_killed_and_the_figure_missed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench_views, "DEADLINE", 1.0)
    figure = screen_figure(
        "sleeper", [sys.executable, "-c", "print('a'); import time; time.sleep(30)"], list, 0.0, 3
    )
    assert figure.met is False and figure.ours >= 1000  # ms: at least as long as it ran
    assert figure.name.endswith("; no first screen; killed after 1 s")


def test_a_command_that_does_not_exist_yet_is_named_as_not_measured_with_its_own_words() -> None:
    timeline = [str(Path(sys.executable).parent / "timeline"), "--db", "unused.db"]
    for arguments, said in (
        (["nosuch"], "Error: No such command 'nosuch'."),
        (["relations", "memberships", "--nosuch", "x"], "Error: No such option '--nosuch'."),
    ):
        measure = partial(screen_figure, "new", [*timeline, *arguments], list, 0.0, 1)
        assert attempt("SQLite: new, first screen", measure) == Unmeasured("SQLite: new, first screen", said)
