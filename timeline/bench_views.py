"""The benchmark's figures for the read commands: how soon a person sees the first screen, how much memory
the whole command takes, and how fast the machine formats stream, each beside hand-written SQL over raw
sqlite3 doing the same work in the same run.

A command runs as it does when piped (stdout a pipe, so no pager; ``COLUMNS=100``). Its first screen is
its first 40 lines, timed as they arrive on the pipe, less start-up: ``timeline show`` on the seeded
document (a few events), timed the same way in the same run, so what is left is what the database's size
costs. The command then runs to its end, under a small parent that reads its peak memory (see
``bench.command_run``) and kills it past a deadline or a memory cap, so that a command that reads
everything cannot take the machine with it; such a figure is reported, and missed.

A command that fails (one that does not exist yet, or an option it lacks) is a figure that could not be
measured: it is named with the command's last line, and the benchmark exits 2 after the others.
"""

import csv
import io
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from timeline.bench import (
    COLUMNS,
    Figure,
    Run,
    command_run,
    log,
    raw_sqlite_events,
    watched,
    watched_run,
)

SCREEN = 40  # lines: the first screen, and the rows each baseline computes
WIDTH = "100"  # COLUMNS for every command
SCREEN_GOAL = 0.300  # seconds beyond start-up
PEAK_GOAL = 200 * 2**20
CAP = 2**30  # a command past this much memory is killed: at five times the goal, it has missed it
DEADLINE = 30.0  # seconds for a human view to run to its end, first screen included
STREAM_DEADLINE = 120.0  # seconds for a machine format: past it, its rows/s is of the rows written so far
BUDGET = 6.0  # seconds of repeats per command: a slow command is timed fewer than --runs times


@dataclass(frozen=True)
class Unmeasured:
    """A figure the benchmark could not measure, and why, in the command's own last line."""

    name: str
    reason: str


@dataclass(frozen=True)
class Screen:
    """One run of a human view: seconds until its first screen had arrived (None if it never did), and the
    whole run as the measuring parent saw it."""

    first: float | None
    run: Run


def first_screen(argv: Sequence[str]) -> Screen:
    """Run ``argv`` with stdout a pipe, timing the arrival of its first ``SCREEN`` lines (all of them, if
    fewer), and read the rest to the end, within ``DEADLINE`` and ``CAP``. Raises CalledProcessError if the
    command fails on its own."""
    environment = {**os.environ, "COLUMNS": WIDTH}
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty stderr cannot block the reading
        start = time.perf_counter()
        process = subprocess.Popen(
            watched(argv, DEADLINE, CAP), stdout=subprocess.PIPE, stderr=errors, env=environment
        )
        assert process.stdout is not None
        lines, first = 0, None
        for _ in process.stdout:
            lines += 1
            if lines == SCREEN:
                first = time.perf_counter() - start
                break
        while process.stdout.read(1 << 16):
            pass
        if first is None:
            first = time.perf_counter() - start  # a short output: all of it is the first screen
        process.stdout.close()
        returncode = process.wait()
        errors.seek(0)
        run = watched_run(argv, returncode, errors.read().decode(errors="replace"))
    arrived = lines >= SCREEN or run.stopped is None
    return Screen(first if arrived else None, run)


# ---------------------------------------------------------------------------------------------------------
# The baselines: each computes the rows of its command's first screen, the way a person would ask sqlite3


def _ids(rows: Sequence[Sequence[Any]]) -> str:
    return ", ".join(str(int(row[0])) for row in rows) or "0"


def _evidence(
    connection: sqlite3.Connection, column: str, rows: Sequence[Sequence[Any]]
) -> dict[int, list[Any]]:
    """The quoted words behind the facts ``rows`` (their ids first) of one fact table, in source order."""
    found: dict[int, list[Any]] = {}
    for fact_id, *cited in connection.execute(
        f"SELECT ev.{column}, s.slug, ev.char_start, ev.char_end, ev.text FROM evidence ev "
        f"JOIN source s ON s.id = ev.source_id WHERE ev.{column} IN ({_ids(rows)}) "
        f"ORDER BY ev.{column}, s.published_date, s.slug, ev.char_start, ev.char_end"
    ):
        found.setdefault(fact_id, []).append(cited)
    return found


def _with_evidence(connection: sqlite3.Connection, column: str, sql: str, parameters: Any) -> list[Any]:
    rows = connection.execute(sql, parameters).fetchall()
    cited = _evidence(connection, column, rows)
    return [(*row, cited.get(row[0], [])) for row in rows]


SPAN_COLUMNS = ("start_date", "start_precision", "end_date", "end_precision", "date_certainty", "date_text")
SPAN = ", ".join(f"{{t}}.{column}" for column in SPAN_COLUMNS)
# Dated facts in the order the relationship tables use: earliest known day first, undated last.
CHRONOLOGICAL = (
    "COALESCE({t}.start_date, {t}.end_date) IS NULL, COALESCE({t}.start_date, {t}.end_date), {t}.end_date, "
    "{t}.slug"
)
ACTOR = "(SELECT id FROM actor WHERE slug = :actor)"
LIMIT = f"LIMIT {SCREEN}"


def memberships(connection: sqlite3.Connection, actor: str | None) -> list[Any]:
    """The first memberships by bloc, then date, with bloc and member names and their evidence."""
    where = f"WHERE m.member_id = {ACTOR} OR m.organization_id = {ACTOR}" if actor else ""
    return _with_evidence(
        connection,
        "membership_id",
        f"SELECT m.id, b.slug, COALESCE(b.name, b.description), a.slug, COALESCE(a.name, a.description), "
        f"m.role, {SPAN.format(t='m')} FROM membership m JOIN actor b ON b.id = m.organization_id "
        f"JOIN actor a ON a.id = m.member_id {where} "
        f"ORDER BY b.slug, {CHRONOLOGICAL.format(t='m')}, a.slug {LIMIT}",
        {"actor": actor},
    )


def posts(connection: sqlite3.Connection, actor: str | None) -> list[Any]:
    """The first post holdings by organization, post, then date, with holder names and their evidence."""
    where = f"WHERE h.holder_id = {ACTOR} OR p.organization_id = {ACTOR}" if actor else ""
    return _with_evidence(
        connection,
        "post_holding_id",
        f"SELECT h.id, p.slug, p.label, o.slug, a.slug, COALESCE(a.name, a.description), "
        f"a.name IS NOT NULL, {SPAN.format(t='h')} FROM post_holding h JOIN post p ON p.id = h.post_id "
        f"JOIN actor o ON o.id = p.organization_id JOIN actor a ON a.id = h.holder_id {where} "
        f"ORDER BY o.slug, p.role, {CHRONOLOGICAL.format(t='h')} {LIMIT}",
        {"actor": actor},
    )


def meetings(connection: sqlite3.Connection, actor: str | None) -> list[Any]:
    """Who met whom: the first meetings in timeline order (those the actor attended, if one is given), a
    row per participant with its roles, the first screen's worth."""
    page = (
        "SELECT ep.event_id FROM event_participant ep JOIN event e ON e.id = ep.event_id "
        f"WHERE ep.actor_id = {ACTOR} AND e.kind = 'meeting' ORDER BY ep.event_sort_date, ep.event_id"
        if actor
        # "+": walk the timeline's order, not every meeting by kind and then sort them
        else "SELECT id FROM event WHERE +kind = 'meeting' ORDER BY sort_date, id"
    )
    rows: dict[tuple[int, str], list[Any]] = {}
    for *row, role in connection.execute(
        f"SELECT e.id, e.slug, e.title, {SPAN.format(t='e')}, e.status, pl.name, ms.name, mt.session_number, "
        "a.slug, COALESCE(a.name, a.description), ep.role FROM event e "
        "JOIN meeting mt ON mt.event_id = e.id LEFT JOIN place pl ON pl.id = e.place_id "
        "LEFT JOIN meeting_series ms ON ms.id = mt.series_id "
        "JOIN event_participant ep ON ep.event_id = e.id JOIN actor a ON a.id = ep.actor_id "
        f"WHERE e.id IN ({page} {LIMIT}) ORDER BY e.sort_date, e.id, ep.id {LIMIT}",
        {"actor": actor},
    ):
        rows.setdefault((row[0], row[-2]), [*row, []])[-1].append(role)
    return list(rows.values())


def statements(connection: sqlite3.Connection, actor: str | None) -> list[Any]:
    """Statements by issuer (the actor's own, if one is given), in timeline order, with co-issuers,
    reporters, quotes and evidence."""
    where = f"AND a.id = {ACTOR}" if actor else ""
    rows = connection.execute(
        f"SELECT e.id, a.slug, COALESCE(a.name, a.description), e.slug, e.title, st.statement_kind, "
        f"{SPAN.format(t='e')}, c.slug FROM actor a "
        # CROSS JOIN keeps this order: actors by slug, each one's statements off its participation index
        "CROSS JOIN event_participant ep ON ep.actor_id = a.id AND ep.role = 'issuer' "
        "JOIN event e ON e.id = ep.event_id JOIN statement st ON st.event_id = e.id "
        f"LEFT JOIN event c ON c.id = st.concerns_event_id WHERE 1 = 1 {where} "
        f"ORDER BY a.slug, ep.event_sort_date, ep.event_id {LIMIT}",
        {"actor": actor},
    ).fetchall()
    ids = _ids(rows)
    others: dict[int, list[Any]] = {}
    for event_id, *other in connection.execute(
        "SELECT ep.event_id, ep.role, a.slug, COALESCE(a.name, a.description) FROM event_participant ep "
        f"JOIN actor a ON a.id = ep.actor_id WHERE ep.event_id IN ({ids}) "
        "AND ep.role IN ('issuer', 'reporter') ORDER BY ep.id"
    ):
        others.setdefault(event_id, []).append(other)
    quotes: dict[int, list[str]] = {}
    for statement_id, text in connection.execute(
        f"SELECT statement_id, text FROM quote WHERE statement_id IN ({ids}) ORDER BY id"
    ):
        quotes.setdefault(statement_id, []).append(text)
    cited = _evidence(connection, "event_id", rows)
    return [(*row, others.get(row[0], []), quotes.get(row[0], []), cited.get(row[0], [])) for row in rows]


def relations(connection: sqlite3.Connection, actor: str | None) -> list[Any]:
    """The first relations by subject, kind and object, with names and their evidence."""
    where = f"WHERE r.subject_id = {ACTOR} OR r.object_id = {ACTOR}" if actor else ""
    return _with_evidence(
        connection,
        "actor_relation_id",
        f"SELECT r.id, s.slug, COALESCE(s.name, s.description), r.kind, o.slug, "
        f"COALESCE(o.name, o.description), r.description, {SPAN.format(t='r')} FROM actor_relation r "
        f"JOIN actor s ON s.id = r.subject_id JOIN actor o ON o.id = r.object_id {where} "
        f"ORDER BY s.slug, r.kind, o.slug {LIMIT}",
        {"actor": actor},
    )


RELATIONS: dict[str, Callable[[sqlite3.Connection, str | None], list[Any]]] = {
    "memberships": memberships,
    "posts": posts,
    "meetings": meetings,
    "statements": statements,
    "relations": relations,
}

EVENTS = f"SELECT {COLUMNS} FROM event e LEFT JOIN place pl ON pl.id = e.place_id"
# Who acts for a bloc: the bloc, its members, and the officials holding a post of either.
BLOC = (
    "WITH bloc(id) AS (SELECT id FROM actor WHERE slug = :bloc), "
    "acting(id) AS (SELECT id FROM bloc UNION SELECT member_id FROM membership "
    "WHERE organization_id = (SELECT id FROM bloc)), "
    "officials(id) AS (SELECT h.holder_id FROM post_holding h JOIN post p ON p.id = h.post_id "
    "WHERE p.organization_id IN acting) "
)


def timeline_page(connection: sqlite3.Connection) -> list[Any]:
    """The first events in timeline order, with their actors and sources."""
    return raw_sqlite_events(connection, f"{EVENTS} ORDER BY e.sort_date, e.id {LIMIT}")


def bloc_page(connection: sqlite3.Connection, bloc: str) -> list[Any]:
    """The bloc's first events in timeline order, through the bloc, its members and their officials: the
    timeline walked in order, each event checked for one of them."""
    return raw_sqlite_events(
        connection,
        f"{BLOC}{EVENTS} WHERE EXISTS (SELECT 1 FROM event_participant ep WHERE ep.event_id = e.id "
        "AND (ep.actor_id IN acting OR ep.actor_id IN officials)) "
        f"ORDER BY e.sort_date, e.id {LIMIT}",
        {"bloc": bloc},
    )


def actor_page(connection: sqlite3.Connection, actor: str) -> list[Any]:
    """An actor's profile as far as its first screen: its names, its memberships and posts with their
    evidence, then its first events in timeline order with everyone taking part and the evidence."""
    parameters = {"actor": actor}
    header = connection.execute(
        "SELECT id, slug, kind, name, description FROM actor WHERE slug = :actor", parameters
    ).fetchone()
    aliases = connection.execute(
        f"SELECT alias FROM actor_alias WHERE actor_id = {ACTOR} ORDER BY alias", parameters
    ).fetchall()
    identifiers = connection.execute(
        f"SELECT scheme, value FROM actor_identifier WHERE actor_id = {ACTOR} ORDER BY scheme", parameters
    ).fetchall()
    facts = memberships(connection, actor) + posts(connection, actor)
    taking_part = _with_evidence(
        connection,
        "event_participant_id",
        "SELECT ep.id, ep.event_id, ep.role FROM event_participant ep "
        f"WHERE ep.actor_id = {ACTOR} ORDER BY ep.event_sort_date, ep.event_id, ep.id {LIMIT}",
        parameters,
    )
    events = raw_sqlite_events(
        connection,
        f"{EVENTS} WHERE e.id IN ({', '.join(str(row[1]) for row in taking_part) or '0'}) "
        "ORDER BY e.sort_date, e.id",
    )
    return [header, aliases, identifiers, facts, taking_part, events]


def actors_page(connection: sqlite3.Connection) -> list[Any]:
    """The first actors by slug with how many events each takes part in and how many memberships it has
    (as member or as bloc), and how many actors there are in all."""
    rows = connection.execute(
        "SELECT a.slug, a.kind, COALESCE(a.name, a.description), "
        "(SELECT count(DISTINCT event_id) FROM event_participant WHERE actor_id = a.id), "
        "(SELECT count(*) FROM membership WHERE member_id = a.id) "
        "+ (SELECT count(*) FROM membership WHERE organization_id = a.id) "
        f"FROM actor a ORDER BY a.slug {LIMIT}"
    ).fetchall()
    return [connection.execute("SELECT count(*) FROM actor").fetchone(), rows]


# The machine formats' baselines: the same rows, every one of them, written as CSV by the csv module.


def timeline_csv(connection: sqlite3.Connection, out: Any) -> int:
    """Every event in timeline order with its actors and sources; returns the rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ("event", "kind", "category", "title", *SPAN_COLUMNS, "status", "place", "actors", "sources")
    )
    rows = 0
    for row in connection.execute(
        f"SELECT e.slug, e.kind, e.category, e.title, {SPAN.format(t='e')}, e.status, pl.name, "
        "(SELECT group_concat(a.slug || ' (' || ep.role || ')', '; ') FROM event_participant ep "
        "JOIN actor a ON a.id = ep.actor_id WHERE ep.event_id = e.id), "
        "(SELECT group_concat(DISTINCT s.slug) FROM evidence ev JOIN source s ON s.id = ev.source_id "
        "WHERE ev.event_id = e.id) "
        "FROM event e LEFT JOIN place pl ON pl.id = e.place_id ORDER BY e.sort_date, e.id"
    ):
        writer.writerow(row)
        rows += 1
    return rows


def meetings_csv(connection: sqlite3.Connection, out: Any) -> int:
    """A row per meeting, in timeline order, with its participants ("slug (role)") and its sources in
    one cell each: what ``relations meetings`` writes."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("meeting", "title", *SPAN_COLUMNS, "status", "place", "series", "session",
                     "participants", "sources"))  # fmt: skip
    rows = 0
    for row in connection.execute(
        f"SELECT e.slug, e.title, {SPAN.format(t='e')}, e.status, pl.name, ms.name, mt.session_number, "
        "(SELECT group_concat(a.slug || ' (' || ep.role || ')', '; ') FROM event_participant ep "
        " JOIN actor a ON a.id = ep.actor_id WHERE ep.event_id = e.id), "
        "(SELECT group_concat(DISTINCT s.slug) FROM evidence ev JOIN source s ON s.id = ev.source_id "
        " WHERE ev.event_id = e.id) "
        "FROM event e JOIN meeting mt ON mt.event_id = e.id LEFT JOIN place pl ON pl.id = e.place_id "
        "LEFT JOIN meeting_series ms ON ms.id = mt.series_id "
        "WHERE +e.kind = 'meeting' ORDER BY e.sort_date, e.id"
    ):
        writer.writerow(row)
        rows += 1
    return rows


def _lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))


def _records(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as file:
        return sum(1 for _ in csv.reader(file)) - 1  # the header


# ---------------------------------------------------------------------------------------------------------


def largest_bloc(connection: sqlite3.Connection) -> str | None:
    """The bloc with the most memberships (None if no bloc has members)."""
    row = connection.execute(
        "SELECT a.slug FROM membership m JOIN actor a ON a.id = m.organization_id "
        "GROUP BY a.id ORDER BY count(*) DESC, a.slug LIMIT 1"
    ).fetchone()
    return None if row is None else str(row[0])


def attempt(name: str, measure: Callable[[], Figure]) -> Figure | Unmeasured:
    """The figure ``measure`` takes or, if its command fails, the figure ``name`` as not measured, with what
    the command said last ("Error: No such command 'actors'.")."""
    try:
        return measure()
    except subprocess.CalledProcessError as error:
        said = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        return Unmeasured(name, said[-1] if said else f"{error.cmd[0]} exited {error.returncode}")


def _megabytes(peak: int) -> str:
    return f"{peak / 2**20:,.0f} MB"


def _stop(run: Run) -> str:
    """Why a run was cut short, for the figure's name."""
    if run.stopped == "time":
        return f"; killed after {run.seconds:.0f} s"
    if run.stopped == "memory":
        return f"; killed past {_megabytes(CAP)} after {run.seconds:.0f} s"
    return ""


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def drawn(rows: Sequence[Sequence[Any]]) -> str:
    """The baseline's first screen: its rows as a plain Rich table at the commands' width, the least a
    program can do to show people rows (every value as text, no wrapping rules of its own)."""
    out = io.StringIO()
    console = Console(file=out, width=int(WIDTH), color_system=None)
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False)
    for row in rows[:SCREEN]:
        table.add_row(*(str(value) for value in row))
    console.print(table)
    return out.getvalue()


def screen_figure(
    command: str, argv: Sequence[str], baseline: Callable[[], list[Any]], startup: float, runs: int
) -> Figure:
    """The first screen of ``argv`` less ``startup``, beside ``baseline`` computing the same rows: medians
    of up to ``runs`` runs after a warm-up, ours and the baseline's in turn. A slow command runs as often
    as fits in ``BUDGET`` seconds (once at least); one cut short at a limit, only the once. The peak is the
    highest of every run."""
    warm = first_screen(argv)

    def work() -> str:  # the rows, then their screen
        return drawn(baseline())

    work()
    repeats = 0 if warm.run.stopped else min(runs, max(1, int(BUDGET / warm.run.seconds)))
    screens, bases = [], []
    for index in range(runs):
        if index < repeats:
            screens.append(first_screen(argv))
        bases.append(_seconds(work))
    screens = screens or [warm]
    done = [warm.run, *(screen.run for screen in screens)]
    peak = max(run.peak for run in done)
    stopped = next((run for run in done if run.stopped), None)
    firsts = [screen.first for screen in screens if screen.first is not None]
    if len(firsts) < len(screens):  # killed before its first screen: at least as long as it had run
        ours, note = max(0.0, stopped.seconds - startup) if stopped else 0.0, "; no first screen"
    else:
        ours, note = max(0.0, statistics.median(firsts) - startup), ""
    base = statistics.median(bases)
    return Figure(
        f"SQLite: {command}, first screen less start-up ({startup * 1000:.0f} ms); peak {_megabytes(peak)}"
        f"{note}{_stop(stopped) if stopped else ''}",
        "ms",
        ours * 1000,
        base * 1000,
        "hand-written SQL via sqlite3, the same rows, drawn as a plain Rich table",
        f"≤ {SCREEN_GOAL * 1000:g} ms, ≤ 2 × baseline; peak ≤ {_megabytes(PEAK_GOAL)}",
        stopped is None and ours <= SCREEN_GOAL and ours <= 2 * base and peak <= PEAK_GOAL,
    )


def stream_figure(
    command: str,
    argv: Sequence[str],
    output: Path,
    count: Callable[[Path], int],
    baseline: Callable[[Any], int],
) -> Figure:
    """Rows per second of ``argv`` writing everything to a file, beside ``baseline`` writing the same rows
    as CSV; each runs once (they are long). A run cut short is measured on the rows it wrote."""
    run = command_run(argv, output, STREAM_DEADLINE, CAP)
    rows = max(0, count(output) - (1 if run.stopped else 0))  # the last row of a killed run may be cut
    output.unlink()
    written = output.with_suffix(".baseline.csv")
    start = time.perf_counter()
    with written.open("w", newline="", encoding="utf-8") as out:
        base_rows = baseline(out)
    base_seconds = time.perf_counter() - start
    written.unlink()
    ours, base = rows / run.seconds, base_rows / base_seconds
    stop = _stop(run)
    return Figure(
        f"SQLite: {command} to a file ({rows:,} rows; peak {_megabytes(run.peak)}{stop})",
        "rows/s",
        ours,
        base,
        "raw sqlite3, the same rows written by the csv module",
        f"≥ 0.5 × baseline; peak ≤ {_megabytes(PEAK_GOAL)}",
        run.stopped is None and ours >= 0.5 * base and run.peak <= PEAK_GOAL,
        higher_is_better=True,
    )


def view_figures(
    database: Path, seeded: Path, workdir: Path, busiest: str, runs: int
) -> tuple[list[Figure], list[Unmeasured]]:
    """Every read command's first screen and peak on ``database``, and the machine formats' rows/s; the
    busiest actor is the one the other figures use, the bloc the one with the most memberships."""
    timeline = str(Path(sys.executable).parent / "timeline")
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    bloc = largest_bloc(connection)
    startups = [first_screen([timeline, "--db", str(seeded), "show"]).first for _ in range(runs + 1)][1:]
    startup = statistics.median(first for first in startups if first is not None)

    screens: list[tuple[str, list[str], Callable[[], list[Any]] | None]] = [
        ("timeline show", ["show"], lambda: timeline_page(connection)),
        (
            f"timeline show --bloc {bloc}",
            ["show", "--bloc", str(bloc)],
            (lambda: bloc_page(connection, str(bloc))) if bloc else None,
        ),
        (f"timeline actor {busiest}", ["actor", busiest], lambda: actor_page(connection, busiest)),
        ("timeline actors", ["actors"], lambda: actors_page(connection)),
    ]
    for table, baseline in RELATIONS.items():
        screens += [
            (f"timeline relations {table}", ["relations", table], partial(baseline, connection, None)),
            (
                f"timeline relations {table} --actor {busiest}",
                ["relations", table, "--actor", busiest],
                partial(baseline, connection, busiest),
            ),
        ]
    results: list[Figure | Unmeasured] = []
    for command, arguments, work in screens:
        name = f"SQLite: {command}, first screen"
        if work is None:
            results.append(Unmeasured(name, "no bloc has members"))
            continue
        log(f"first screen of {command}")
        argv = [timeline, "--db", str(database), *arguments]
        results.append(attempt(name, partial(screen_figure, command, argv, work, startup, runs)))

    streams: list[tuple[str, list[str], str, Callable[[Path], int], Callable[[Any], int]]] = [
        (
            "timeline relations meetings --format jsonl",
            ["relations", "meetings", "--format", "jsonl"],
            "meetings.jsonl",
            _lines,
            lambda out: meetings_csv(connection, out),
        ),
        (
            "timeline show --format csv",
            ["show", "--format", "csv"],
            "timeline.csv",
            _records,
            lambda out: timeline_csv(connection, out),
        ),
    ]
    for command, arguments, file_name, count, writer in streams:
        log(command)
        argv = [timeline, "--db", str(database), *arguments]
        measure = partial(stream_figure, command, argv, workdir / file_name, count, writer)
        results.append(attempt(f"SQLite: {command}", measure))
    connection.close()
    figures = [result for result in results if isinstance(result, Figure)]
    return figures, [result for result in results if isinstance(result, Unmeasured)]
