"""Fixtures: a fresh real database per test, on every backend, and a way to run the CLI against it.

The backends are SQLite (always), PostgreSQL and MariaDB (when their servers answer). Choose with
TIMELINE_TEST_BACKENDS=sqlite,postgresql,mariadb. Without a server the tests on it are skipped with the
reason; under CI=true an unreachable server fails the run instead.
"""

import datetime as dt
import os
import shutil
from collections import Counter
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, inspect, text

from tests.backends import Backend, reachable
from timeline.cli import cli
from timeline.storage.config import resolve_url

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BACKENDS = [
    name.strip() for name in os.environ.get("TIMELINE_TEST_BACKENDS", "sqlite,postgresql,mariadb").split(",")
]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    name = request.param
    if name != "sqlite":
        problem = reachable(name)
        if problem is not None:
            message = f"{name} server unreachable: {problem}"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
    handle = Backend(name, tmp_path_factory.mktemp(name))
    yield handle
    handle.close()


@pytest.fixture
def empty_db(backend: Backend) -> Iterator[str]:
    """A new database with no tables, as a path (SQLite) or URL."""
    url = backend.empty()
    yield url
    backend.drop(url)


@pytest.fixture
def db(backend: Backend) -> Iterator[str]:
    """A new database at the head revision, built by the migrations."""
    url = backend.migrated()
    yield url
    backend.drop(url)


@pytest.fixture
def seeded(db: str) -> str:
    """The migrated database with the bundled document seeded."""
    result = run(db, "seed")
    assert result.exit_code == 0, result.stderr
    return db


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the bundled seeds, to break."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    """For what is read before any database is touched: a SQLite file is enough."""
    (tmp_path / "db").mkdir()
    return Backend("sqlite", tmp_path / "db").migrated()


def run(db: str | None, *args: str, columns: int = 120, env: dict[str, str] | None = None) -> Result:
    """Run the timeline CLI in-process, as a user would, against ``db``."""
    runner = CliRunner()
    environment = {"COLUMNS": str(columns), "TIMELINE_DATABASE_URL": None, **(env or {})}
    arguments = ["--db", db, *args] if db is not None else list(args)
    return runner.invoke(cli, arguments, env=environment, catch_exceptions=False)


def dump(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: two equal dumps mean nothing changed."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            result = {}
            for table in sorted(tables):
                key = inspect(connection).get_pk_constraint(table)["constrained_columns"] or ["1"]
                order = ", ".join(key)
                result[table] = [
                    tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
                ]
            return result
    finally:
        engine.dispose()


def query(db: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Plain SQL against the database, as an analyst would write it; dates come back as ISO text on
    every backend (SQLite stores them as text)."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(sql), params)
            return [
                tuple(value.isoformat() if isinstance(value, dt.date) else value for value in row)
                for row in rows
            ]
    finally:
        engine.dispose()


_outcomes: Counter[tuple[str, str]] = Counter()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    callspec = getattr(item, "callspec", None)
    name = callspec.params.get("backend", "none") if callspec else "none"
    # A test whose backends were all filtered out (TIMELINE_TEST_BACKENDS) carries pytest's NOTSET.
    report.backend = name if isinstance(name, str) else "none"  # type: ignore[attr-defined]
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _outcomes[(getattr(report, "backend", "none"), report.outcome)] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many tests ran on each backend: the CI log shows that every backend was really exercised."""
    terminalreporter.section("tests by backend")
    for backend_name in sorted({name for name, _ in _outcomes}):
        counts = ", ".join(
            f"{count} {outcome}"
            for (name, outcome), count in sorted(_outcomes.items())
            if name == backend_name
        )
        terminalreporter.write_line(f"{'no database' if backend_name == 'none' else backend_name}: {counts}")
