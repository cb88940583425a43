"""The benchmark command runs end to end (on a tiny bundle: its ratios mean nothing at this size, so only
its shape is checked) and names what it lacks before doing any work."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import reachable, server_url
from timeline.bench import REPOSITORY, command_peak, missing_tools

SQLITE_FIGURES = [
    "SQLite: import of 300 events",
    "SQLite: first page (100) of the busiest actor's timeline",
    "SQLite: first page (100) of a typical actor's timeline",
    "SQLite: first page (100) of a one-year date range",
    "SQLite: CSV export of the flat timeline",
    "timeline --help, wall time",
    "timeline show on the seeded document, wall time",
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
    assert result.returncode in (0, 1), result.stderr  # 1: a goal missed, which tiny data may do
    output = json.loads(result.stdout)
    figures = output["figures"]
    assert {row["documents"] for row in output["drafting"]} == {
        "bundled report",
        "dev reports",
        "held-out reports",
    }
    expected = SQLITE_FIGURES + (POSTGRESQL_FIGURES if on_postgresql else [])
    assert len(figures) == len(expected)
    for figure, name in zip(figures, expected, strict=True):
        assert figure["name"].startswith(name)
        assert figure["ours"] > 0 and figure["baseline"] > 0
        assert figure["ratio"] == figure["ours"] / figure["baseline"]
        assert figure["met"] in (True, False) and figure["goal"]
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
