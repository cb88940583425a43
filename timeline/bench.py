"""The benchmark: a million-event database, each figure measured beside its physical baseline in one run.

Run from a checkout (it times `alembic current` with the checkout's alembic.ini):

    python -m pip install '.[bench]' && python -m timeline.bench

It generates a synthetic bundle, imports it into SQLite (and, if it answers, PostgreSQL), and prints each
figure with its baseline, their ratio and the goal; the exit status is 1 if a goal is missed, 2 if a figure
could not be measured. Query and start-up figures are medians of several runs; the import and the export
are timed once each, being long. The read commands people run (first screen, peak memory, machine formats)
are measured by ``timeline.bench_views``.
Then it drafts the hand-annotated reports (``timeline.drafting.evaluate``) and prints the drafts' precision
and recall per kind of fact against the hand annotations, beside the goals.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline.errors import TimelineError
from timeline.storage.config import resolve_url

if TYPE_CHECKING:
    from timeline.bench_views import Unmeasured

REPOSITORY = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    name: str
    unit: str
    ours: float
    baseline: float
    baseline_name: str
    goal: str
    met: bool
    higher_is_better: bool = False

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of ``work`` over ``runs`` runs, after one untimed warm-up run."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_seconds(
    ours: Callable[[], object], base: Callable[[], object], runs: int, batch: float = 0.02
) -> tuple[float, float]:
    """Median seconds per call of ``ours`` and of ``base``, timed in alternating batches of about ``batch``
    seconds each, so that a change in the machine's load falls on both alike."""
    ours(), base()
    start = time.perf_counter()
    ours()
    repeat = max(1, int(batch / max(time.perf_counter() - start, 1e-6)))
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for work, found in ((ours, times[0]), (base, times[1])):
            start = time.perf_counter()
            for _ in range(repeat):
                work()
            found.append((time.perf_counter() - start) / repeat)
    return statistics.median(times[0]), statistics.median(times[1])


def command_seconds(argv: Sequence[str], runs: int, env: dict[str, str] | None = None) -> float:
    def work() -> None:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)

    return median_seconds(work, runs)


# Runs a command and reports its own wall time and peak memory. A child inherits its parent's peak
# resident memory through fork and exec, so the command is started from this small process, not the
# benchmark (whose peak, after the import, would be reported as the command's). Given a deadline (seconds)
# or a memory cap (bytes), it watches the command and kills it past either, so that a command that grows
# without bound cannot take the machine down with it; the last line says which limit stopped it, if any.
_PEAK = """
import os, sys, time
deadline, cap = float(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[3], sys.argv[3:])
stopped = "-"
if deadline or cap:
    page = os.sysconf("SC_PAGE_SIZE")
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if stopped == "-":
            try:
                with open(f"/proc/{pid}/statm") as statm:
                    resident = int(statm.read().split()[1]) * page
            except (OSError, IndexError, ValueError):
                resident = 0
            if deadline and time.perf_counter() - start > deadline:
                stopped = "time"
            elif cap and resident > cap:
                stopped = "memory"
            if stopped != "-":
                os.kill(pid, 9)
        time.sleep(0.01)
else:
    _, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss * 1024, stopped, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


class Run(NamedTuple):
    """One run of a command: its wall time, its peak resident memory (bytes), and the limit that stopped
    it ("time" or "memory"), if one did."""

    seconds: float
    peak: int
    stopped: str | None


def watched(argv: Sequence[str], deadline: float = 0.0, cap: int = 0) -> list[str]:
    """The command line that runs ``argv`` under the measuring parent, with its limits (0: none)."""
    return [sys.executable, "-c", _PEAK, str(deadline), str(cap), *argv]


def watched_run(argv: Sequence[str], returncode: int, stderr: str) -> Run:
    """The measuring parent's figures, read off its stderr (its line comes last); a command that failed on
    its own (not stopped at a limit) raises CalledProcessError with its own stderr."""
    *said, measured = stderr.strip().splitlines()
    elapsed, peak, stopped = measured.split()
    if returncode != 0 and stopped == "-":
        raise subprocess.CalledProcessError(returncode, list(argv), stderr="\n".join(said).encode())
    return Run(float(elapsed), int(peak), None if stopped == "-" else stopped)


def command_run(argv: Sequence[str], stdout: Path, deadline: float = 0.0, cap: int = 0) -> Run:
    """One run of a command writing to ``stdout``, stopped past ``deadline`` seconds or ``cap`` bytes."""
    with stdout.open("wb") as out:
        result = subprocess.run(watched(argv, deadline, cap), stdout=out, stderr=subprocess.PIPE, text=True)
    return watched_run(argv, result.returncode, result.stderr)


def command_peak(argv: Sequence[str], stdout: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one run of a command writing to ``stdout``."""
    run = command_run(argv, stdout)
    return run.seconds, run.peak


def timeline_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "timeline", *args]


# ---------------------------------------------------------------------------------------------------------
# The physical baselines: the same work done with the plainest tools


def raw_sqlite_import(database: Path, bundle: Path) -> int:
    """What `timeline import` does, with the sqlite3 module alone: parse every line, insert with executemany
    in one transaction, tracking triggers off and the change log written at the end, keys checked once."""
    from timeline.models import Base
    from timeline.storage import changes

    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("BEGIN IMMEDIATE")
    triggers = [row[0] for row in connection.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")]
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        connection.execute(f"DROP TRIGGER {name}")
    rows = 0
    for table in Base.metadata.sorted_tables:
        if table.name in changes.UNTRACKED:
            continue
        columns = [column.name for column in table.columns if column.computed is None]
        statement = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        with (bundle / "tables" / f"{table.name}.jsonl").open(encoding="utf-8") as file:
            batch = []
            for line in file:
                record = json.loads(line)
                batch.append([record[name] for name in columns])
                if len(batch) == 10_000:
                    connection.executemany(statement, batch)
                    rows += len(batch)
                    batch = []
            connection.executemany(statement, batch)
            rows += len(batch)
        primary_key = table.primary_key.columns.values()[0].name
        connection.execute(
            f"INSERT INTO change_log (table_name, row_id, operation, changed_at) SELECT '{table.name}', "
            f"{primary_key}, 'insert', CURRENT_TIMESTAMP FROM {table.name} ORDER BY {primary_key}"
        )
    for sql in triggers:
        connection.execute(sql)
    if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise RuntimeError("the bundle breaks a foreign key")
    connection.execute("COMMIT")
    connection.close()
    return rows


COLUMNS = (
    "e.id, e.slug, e.kind, e.category, e.title, e.description, e.status, e.start_date, e.start_precision, "
    "e.end_date, e.end_precision, e.date_certainty, e.date_text, pl.name, e.sort_date"
)
ACTING = (
    "SELECT id FROM actor WHERE slug = :slug UNION SELECT h.holder_id FROM post_holding h "
    "JOIN post p ON p.id = h.post_id WHERE p.organization_id = (SELECT id FROM actor WHERE slug = :slug)"
)
PAGE = {
    # A busy actor: its next 100 events read in order off (actor_id, event_sort_date, event_id), with the
    # next 100 of its officials; the page is the first 100 of these.
    "busy": f"SELECT {COLUMNS} FROM (SELECT event_id FROM (SELECT event_id FROM event_participant "
    "WHERE actor_id = (SELECT id FROM actor WHERE slug = :slug) "
    "ORDER BY event_sort_date, event_id LIMIT 100) "
    "UNION SELECT event_id FROM (SELECT event_id FROM event_participant "
    "WHERE actor_id IN (SELECT h.holder_id FROM post_holding h JOIN post p ON p.id = h.post_id "
    "WHERE p.organization_id = (SELECT id FROM actor WHERE slug = :slug)) "
    "ORDER BY event_sort_date, event_id LIMIT 100)) c "
    "JOIN event e ON e.id = c.event_id LEFT JOIN place pl ON pl.id = e.place_id "
    "ORDER BY e.sort_date, e.id LIMIT 100",
    # A quiet actor: start from its own few events.
    "quiet": f"SELECT {COLUMNS} FROM event e LEFT JOIN place pl ON pl.id = e.place_id WHERE e.id IN "
    f"(SELECT event_id FROM event_participant WHERE actor_id IN ({ACTING})) "
    "ORDER BY e.sort_date, e.id LIMIT 100",
    "range": f"SELECT {COLUMNS} FROM event e LEFT JOIN place pl ON pl.id = e.place_id "
    "WHERE e.sort_date >= :first AND e.sort_date <= :last AND e.sort_date < '9999-12-31' "
    "ORDER BY e.sort_date, e.id LIMIT 100",
}


def raw_sqlite_page(
    connection: sqlite3.Connection, page: str, parameters: dict[str, Any]
) -> list[dict[str, Any]]:
    """A timeline page the way a person would write it for sqlite3: the page, then its actors and sources
    (by timeline's own statements for those two), put together per event (the least any caller does)."""
    return raw_sqlite_events(connection, PAGE[page], parameters)


def raw_sqlite_events(connection: sqlite3.Connection, sql: str, parameters: Any = ()) -> list[dict[str, Any]]:
    """The events ``sql`` selects (``COLUMNS``, in order), with their actors and sources, as
    raw_sqlite_page puts them together."""
    from timeline.queries.timeline import _PARTICIPANTS, _SOURCES, _for_page

    rows = connection.execute(sql, parameters).fetchall()
    ids = [row[0] for row in rows] or [0]
    actors: dict[int, list[tuple[str, str, str]]] = {}
    for event_id, slug, name, description, role in connection.execute(_for_page(_PARTICIPANTS, ids)):
        actors.setdefault(event_id, []).append((slug, name or description, role))
    sources: dict[int, list[str]] = {}
    for event_id, slug in connection.execute(_for_page(_SOURCES, ids)):
        sources.setdefault(event_id, []).append(slug)
    day = dt.date.fromisoformat
    return [
        {
            "event": row[1],
            "kind": row[2],
            "title": row[4],
            "status": row[6],
            "start": day(row[7]) if row[7] else None,
            "end": day(row[9]) if row[9] else None,
            "actors": actors.get(row[0], []),
            "sources": sources.get(row[0], []),
        }
        for row in rows
    ]


def our_statements(url: Any, query: Any) -> list[str]:
    """The SQL timeline runs for the first page of ``query``, values written in: the page, then its
    participants and sources."""
    from timeline.queries.timeline import _PARTICIPANTS, _SOURCES, _for_page, _select
    from timeline.storage.db import open_session

    with open_session(url) as session:
        dialect = session.connection().dialect
        page = _select(session, query, size=100)
        ids = [row[0] for row in session.connection().execute(page)] or [0]
        compiled = str(page.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        return [compiled, _for_page(_PARTICIPANTS, ids), _for_page(_SOURCES, ids)]


def psql_page_seconds(url: Any, statements: list[str], runs: int) -> float:
    """The same statements through psql, timed by psql itself (\\timing): the median total per page."""
    script = "\\timing on\n" + "".join(";\n".join(statements) + ";\n" for _ in range(runs + 1))
    argv = [
        "psql",
        "-X",
        "-q",
        "-o",
        "/dev/null",
        "-h",
        str(url.host or "127.0.0.1"),
        "-p",
        str(url.port or 5432),
        "-U",
        str(url.username or "postgres"),
        "-d",
        str(url.database),
    ]
    result = subprocess.run(argv, input=script, capture_output=True, text=True, check=True)
    times = [float(line.split()[1]) / 1000 for line in result.stdout.splitlines() if line.startswith("Time:")]
    count = len(statements)
    # The first page warms up.
    per_page = [sum(times[index : index + count]) for index in range(count, len(times), count)]
    return statistics.median(per_page)


# ---------------------------------------------------------------------------------------------------------
# timeline's side


def our_page(session: Any, query: Any) -> Callable[[], object]:
    from timeline.queries.timeline import timeline

    return lambda: list(timeline(session, query))


def actors_by_share(database_url: Any) -> tuple[str, str]:
    """The busiest actor, and an actor of median activity."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        counts = connection.execute(
            text(
                "SELECT a.slug, c.n FROM (SELECT actor_id, count(*) AS n FROM event_participant "
                "GROUP BY actor_id) c "
                "JOIN actor a ON a.id = c.actor_id ORDER BY c.n DESC, a.slug"
            )
        ).all()
    engine.dispose()
    return counts[0][0], counts[len(counts) // 2][0]


def query_figures(
    backend: str,
    busiest: str,
    typical: str,
    measure: Callable[[Any, str, dict[str, Any]], tuple[float, float]],
) -> list[Figure]:
    """The page figures; ``measure(query, page, parameters)`` gives the seconds of timeline's page for
    ``query`` and of the baseline's (``PAGE[page]`` with ``parameters``)."""
    from timeline.queries.timeline import TimelineQuery

    year = dt.date(2000, 1, 1), dt.date(2000, 12, 31)
    cases = [
        (
            f"first page (100) of the busiest actor's timeline ({busiest})",
            TimelineQuery(actors=(busiest,), limit=100),
            "busy",
            {"slug": busiest},
            0.005,
        ),
        (
            f"first page (100) of a typical actor's timeline ({typical})",
            TimelineQuery(actors=(typical,), limit=100),
            "quiet",
            {"slug": typical},
            0.002,
        ),
        (
            "first page (100) of a one-year date range (2000)",
            TimelineQuery(first=year[0], last=year[1], limit=100),
            "range",
            {"first": year[0].isoformat(), "last": year[1].isoformat()},
            0.002,
        ),
    ]
    figures = []
    for name, query, page, parameters, ceiling in cases:
        ours, base = measure(query, page, parameters)
        # The millisecond ceilings are for the SQLite file; on a server the ratio to psql is the measure.
        within = ours <= ceiling or backend != "SQLite"
        goal = f"≤ 2 × baseline and ≤ {ceiling * 1000:g} ms" if backend == "SQLite" else "≤ 2 × baseline"
        figures.append(
            Figure(
                f"{backend}: {name}",
                "ms",
                ours * 1000,
                base * 1000,
                "hand-written SQL via sqlite3" if backend == "SQLite" else "the same SQL via psql",
                goal,
                ours <= 2 * base and within,
            )
        )
    return figures


# ---------------------------------------------------------------------------------------------------------


def run(
    events: int, runs: int, workdir: Path, postgresql: str | None
) -> tuple[list[Figure], list["Unmeasured"]]:
    """Every figure, and the figures that could not be measured (``bench_views.Unmeasured``)."""
    from timeline.bench_views import view_figures
    from timeline.storage.db import open_session
    from timeline.synthetic import generate

    figures: list[Figure] = []
    bundle = workdir / f"bundle-{events}"
    if not (bundle / "manifest.json").is_file():
        shutil.rmtree(bundle, ignore_errors=True)
        log(f"generating {events:,} events")
        generate(bundle, events)

    # Import: timeline import against raw sqlite3 doing the same work.
    ours_db, raw_db, empty = workdir / "timeline.db", workdir / "raw.db", workdir / "empty.db"
    for path in (ours_db, raw_db, empty):
        path.unlink(missing_ok=True)
    subprocess.run(timeline_cli("--db", str(empty), "db", "upgrade"), check=True, capture_output=True)
    shutil.copyfile(empty, ours_db)
    shutil.copyfile(empty, raw_db)
    log("importing with timeline import")
    start = time.perf_counter()
    subprocess.run(timeline_cli("--db", str(ours_db), "import", str(bundle)), check=True, capture_output=True)
    ours_seconds = time.perf_counter() - start
    log("importing with raw sqlite3")
    start = time.perf_counter()
    rows = raw_sqlite_import(raw_db, bundle)
    raw_seconds = time.perf_counter() - start
    raw_db.unlink()
    figures.append(
        Figure(
            f"SQLite: import of {events:,} events with participants and evidence ({rows:,} rows)",
            "rows/s",
            rows / ours_seconds,
            rows / raw_seconds,
            "raw sqlite3 executemany, one transaction",
            "≥ 0.5 × baseline",
            rows / ours_seconds >= 0.5 * rows / raw_seconds,
            higher_is_better=True,
        )
    )

    # Query figures on SQLite.
    url = resolve_url(str(ours_db))
    with sqlite3.connect(ours_db) as statistics_connection:
        statistics_connection.execute("ANALYZE")
    busiest, typical = actors_by_share(url)
    raw = sqlite3.connect(ours_db)
    log("timing queries on SQLite")
    with open_session(url) as session:

        def paired(query: Any, page: str, parameters: dict[str, Any]) -> tuple[float, float]:
            return paired_seconds(
                our_page(session, query), lambda: raw_sqlite_page(raw, page, parameters), runs
            )

        figures += query_figures("SQLite", busiest, typical, paired)
    raw.close()

    # CSV export of the flat timeline.
    log("exporting the flat timeline as CSV")
    query = "SELECT * FROM timeline_view ORDER BY event_id"
    ours_time, ours_peak = command_peak(
        timeline_cli("--db", str(ours_db), "sql", query, "--format", "csv"), workdir / "ours.csv"
    )
    base_time, _ = command_peak(["sqlite3", "-csv", "-header", str(ours_db), query], workdir / "sqlite3.csv")
    figures.append(
        Figure(
            f"SQLite: CSV export of the flat timeline (all {events:,} events; "
            f"peak memory {ours_peak / 2**20:.0f} MB)",
            "s",
            ours_time,
            base_time,
            "sqlite3 -csv, the same query",
            "≤ 2.5 × baseline, peak ≤ 100 MB",
            ours_time <= 2.5 * base_time and ours_peak <= 100 * 2**20,
        )
    )

    # Start-up: --help, and show on the seeded document, against the tools next to it.
    seeded = workdir / "seeded.db"
    seeded.unlink(missing_ok=True)
    subprocess.run(timeline_cli("--db", str(seeded), "db", "upgrade"), check=True, capture_output=True)
    subprocess.run(timeline_cli("--db", str(seeded), "seed"), check=True, capture_output=True)
    scripts = Path(sys.executable).parent
    log("timing start-up")
    ours = command_seconds([str(scripts / "timeline"), "--help"], runs)
    base = command_seconds([str(scripts / "sqlite-utils"), "--help"], runs)
    figures.append(
        Figure(
            "timeline --help, wall time",
            "ms",
            ours * 1000,
            base * 1000,
            "sqlite-utils --help",
            "≤ 0.75 × baseline",
            ours <= 0.75 * base,
        )
    )
    ours = command_seconds([str(scripts / "timeline"), "--db", str(seeded), "show"], runs)
    alembic = [
        str(scripts / "alembic"),
        "-c",
        str(REPOSITORY / "alembic.ini"),
        "-x",
        f"db={seeded}",
        "current",
    ]
    base = command_seconds(alembic, runs)
    figures.append(
        Figure(
            "timeline show on the seeded document, wall time",
            "ms",
            ours * 1000,
            base * 1000,
            "alembic current, same database",
            "≤ 1.0 × baseline",
            ours <= base,
        )
    )

    # The read commands as people run them: first screen and peak, and the machine formats' rows/s.
    views, unmeasured = view_figures(ours_db, seeded, workdir, busiest, runs)
    figures += views

    if postgresql:
        figures += postgresql_figures(postgresql, bundle, busiest, typical, runs)
    return figures, unmeasured


def postgresql_figures(admin_url: str, bundle: Path, busiest: str, typical: str, runs: int) -> list[Figure]:
    from sqlalchemy import create_engine, text

    from timeline.storage.db import open_session

    admin = resolve_url(admin_url)
    name = f"timeline_bench_{os.getpid()}"  # its own, so two runs on one server keep apart
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        url = admin.set(database=name)
        target = url.render_as_string(hide_password=False)
        log("importing into PostgreSQL")
        subprocess.run(timeline_cli("--db", target, "db", "upgrade"), check=True, capture_output=True)
        subprocess.run(timeline_cli("--db", target, "import", str(bundle)), check=True, capture_output=True)
        log("timing queries on PostgreSQL")
        with open_session(url) as session:
            session.execute(text("ANALYZE"))
            session.commit()

            def apart(query: Any, _page: str, _parameters: dict[str, Any]) -> tuple[float, float]:
                ours = median_seconds(our_page(session, query), runs)
                return ours, psql_page_seconds(url, our_statements(url, query), runs)

            return query_figures("PostgreSQL", busiest, typical, apart)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()


def missing_tools(scripts: Path, need_psql: bool) -> list[str]:
    """What the benchmark needs and cannot find, said so a user knows the command that fixes it."""
    problems = []
    for script, extra in (("sqlite-utils", "bench"), ("alembic", ""), ("timeline", "")):
        if not (scripts / script).is_file():
            install = f"python -m pip install '.[{extra}]'" if extra else "python -m pip install ."
            problems.append(f"{script} is not installed beside {scripts / 'python'} (run: {install})")
    if shutil.which("sqlite3") is None:
        problems.append("the sqlite3 command-line shell is not on PATH (install the sqlite3 package)")
    if need_psql and shutil.which("psql") is None:
        problems.append("psql is not on PATH (install postgresql-client, or pass --postgresql '')")
    if not (REPOSITORY / "alembic.ini").is_file():
        problems.append(f"run it from a checkout: {REPOSITORY / 'alembic.ini'} is missing")
    return problems


def postgresql_unreachable(admin_url: str) -> str | None:
    """Why the PostgreSQL figures cannot run, or None if the server answers."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    url = resolve_url(admin_url)
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
    except ImportError:
        return "its driver is not installed (run: python -m pip install '.[bench]')"
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except SQLAlchemyError:
        return f"{url} does not answer"
    finally:
        engine.dispose()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def report(figures: Sequence[Figure], unmeasured: Sequence["Unmeasured"] = ()) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="timeline benchmark", title_justify="left")
    for column in ("Figure", "timeline", "Baseline", "Ratio", "Goal", ""):
        table.add_column(column, overflow="fold")
    for figure in figures:
        table.add_row(
            figure.name,
            f"{figure.ours:,.1f} {figure.unit}" if figure.unit != "rows/s" else f"{figure.ours:,.0f} rows/s",
            (
                f"{figure.baseline:,.1f} {figure.unit}"
                if figure.unit != "rows/s"
                else f"{figure.baseline:,.0f} rows/s"
            )
            + f"\n{figure.baseline_name}",
            f"{figure.ratio:.2f} ×",
            figure.goal,
            "met" if figure.met else "MISSED",
        )
    for missing in unmeasured:
        table.add_row(missing.name, missing.reason, "", "", "", "NOT MEASURED")
    Console(width=160).print(table)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timeline.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=_positive, default=1_000_000, help="events in the database")
    parser.add_argument("--runs", type=_positive, default=15, help="runs per median (queries and start-up)")
    parser.add_argument(
        "--workdir", type=Path, help="keep the bundle and databases here (default: a temporary folder)"
    )
    parser.add_argument(
        "--postgresql",
        default=os.environ.get(
            "TIMELINE_BENCH_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="an administrative URL (it creates and drops a timeline_bench_PID database); '' to skip",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    arguments = parser.parse_args(argv)
    problems = missing_tools(Path(sys.executable).parent, need_psql=bool(arguments.postgresql))
    if problems:
        print(f"timeline.bench: {'; '.join(problems)}", file=sys.stderr)
        return 2
    postgresql = arguments.postgresql or None
    why = postgresql and postgresql_unreachable(postgresql)
    if why:
        log(f"PostgreSQL figures skipped: {why}")
        postgresql = None
    workdir = arguments.workdir or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        figures, unmeasured = run(arguments.events, arguments.runs, workdir, postgresql)
    except subprocess.CalledProcessError as error:
        said = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        print(
            f"timeline.bench: {' '.join(map(str, error.cmd))} exited {error.returncode}"
            + (f": {said[-1]}" if said else ""),
            file=sys.stderr,
        )
        return 2
    except (RuntimeError, TimelineError) as error:  # the raw baseline's own checks, or a bad --events
        print(f"timeline.bench: {error}", file=sys.stderr)
        return 2
    finally:
        if arguments.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    from timeline.drafting import evaluate

    log("drafting the hand-annotated reports")
    drafting = evaluate.evaluations()
    if arguments.format == "json":
        figures_json = [{**asdict(figure), "ratio": figure.ratio} for figure in figures]
        print(
            json.dumps(
                {
                    "figures": figures_json,
                    "unmeasured": [asdict(figure) for figure in unmeasured],
                    "drafting": evaluate.rows(drafting),
                },
                indent=2,
            )
        )
    else:
        report(figures, unmeasured)
        evaluate.report(drafting)
    log(f"done in {time.perf_counter() - started:.0f} s")
    for figure in unmeasured:
        print(f"timeline.bench: could not measure {figure.name}: {figure.reason}", file=sys.stderr)
    if unmeasured:
        return 2
    met = all(figure.met for figure in figures) and not any(result.missed() for result in drafting)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
