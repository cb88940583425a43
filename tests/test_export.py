"""`timeline export`: complete, deterministic, atomic, incremental, with exit codes a script can trust."""

import csv
import fcntl
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, query, run
from tests.test_changes import execute
from timeline.export.bundle import Manifest, checksum
from timeline.export.dumps import BATCH, BATCH_BYTES, batched_rows, rows_per_batch
from timeline.models import Base
from timeline.storage.config import resolve_url
from timeline.storage.schema_version import head
from timeline.storage.views import VIEWS

LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"
TABLES = sorted(set(Base.metadata.tables) - {"change_log"})


def export(db: str, target: Path, *args: str) -> Manifest:
    result = run(db, "export", str(target), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return Manifest.read(target)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def jsonl(target: Path, name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (target / name).read_text(encoding="utf-8").splitlines()]


def test_a_full_export_holds_every_table_and_view_with_a_true_manifest(seeded: str, tmp_path: Path) -> None:
    manifest = export(seeded, tmp_path / "out")
    target = tmp_path / "out"
    assert target.is_symlink()
    assert manifest.schema_revision == head()
    assert manifest.since is None
    assert manifest.watermark == query(seeded, "SELECT max(id) FROM change_log")[0][0]
    paths = {entry.path for entry in manifest.files}
    for fmt in ("csv", "jsonl"):
        assert {f"tables/{table}.{fmt}" for table in TABLES} <= paths
        assert {f"views/{view}.{fmt}" for view in VIEWS} <= paths
    for entry in manifest.files:
        assert checksum(target / entry.path) == (entry.bytes, entry.sha256), entry.path
        if entry.path.startswith("tables/"):
            table = Path(entry.path).stem
            assert entry.rows == query(seeded, f"SELECT count(*) FROM {table}")[0][0], entry.path
    actors = list(csv.DictReader(io.StringIO((target / "tables/actor.csv").read_text(encoding="utf-8"))))
    assert [actor["slug"] for actor in actors][:3] == ["aes", "mali", "burkina-faso"]
    assert actors[9]["name"] == ""  # the unnamed minister: NULL is an empty cell
    assert jsonl(target, "tables/actor.jsonl")[9]["name"] is None
    members = jsonl(target, "views/membership_view.jsonl")
    assert [(row["member"], row["start_date"]) for row in members] == [
        ("mali", "2023-01-01"),
        ("burkina-faso", "2023-01-01"),
        ("niger", "2023-01-01"),
    ]


def test_two_exports_of_unchanged_data_are_byte_identical(seeded: str, tmp_path: Path) -> None:
    formats = ["--format", "csv", "--format", "jsonl", "--format", "parquet", "--format", "timelinejs",
               "--format", "ical", "--format", "graphml"]  # fmt: skip
    export(seeded, tmp_path / "first", *formats)
    export(seeded, tmp_path / "second", *formats)
    first, second = tree(tmp_path / "first"), tree(tmp_path / "second")
    # Three formats of every table, of the change history and of every view; three people's files; the manifest.
    assert len(first) == 3 * (len(TABLES) + 1 + len(VIEWS)) + 3 + 1
    assert first == second


def test_an_incremental_export_holds_exactly_the_new_and_changed_rows(seeded: str, tmp_path: Path) -> None:
    full = export(seeded, tmp_path / "full")
    assert run(seeded, "seed", str(LATER)).exit_code == 0
    delta = export(seeded, tmp_path / "delta", "--since", str(full.watermark))
    assert delta.since == full.watermark and delta.watermark > full.watermark
    target = tmp_path / "delta"
    assert not (target / "views").exists()
    for table in TABLES:
        primary_key = Base.metadata.tables[table].primary_key.columns.values()[0].name
        changed = sorted(
            row_id
            for (row_id,) in query(
                seeded,
                "SELECT DISTINCT row_id FROM change_log WHERE table_name = :t AND id > :w",
                t=table,
                w=full.watermark,
            )
        )
        assert [row[primary_key] for row in jsonl(target, f"tables/{table}.jsonl")] == changed, table
    assert {row["slug"] for row in jsonl(target, "tables/actor.jsonl")} == {
        "mali-foreign-minister",
        "burkina-faso-foreign-minister",
        "niger-foreign-minister",
    }
    assert [row["status"] for row in jsonl(target, "tables/event.jsonl")] == ["held"]
    assert jsonl(target, "tables/source.jsonl")[0]["slug"] == "aes-ministers-in-moscow"
    assert jsonl(target, "tombstones.jsonl") == []


def test_deletions_arrive_as_tombstones(seeded: str, tmp_path: Path) -> None:
    full = export(seeded, tmp_path / "full")
    topic = query(seeded, "SELECT id FROM event_topic WHERE topic = 'diplomacy'")[0][0]
    evidence = [
        row_id
        for (row_id,) in query(seeded, f"SELECT id FROM evidence WHERE event_topic_id = {topic} ORDER BY id")
    ]
    execute(seeded, f"DELETE FROM event_topic WHERE id = {topic}")  # its evidence goes with it
    export(seeded, tmp_path / "delta", "--since", str(full.watermark))
    stones = jsonl(tmp_path / "delta", "tombstones.jsonl")
    assert [(stone["table_name"], stone["row_id"]) for stone in stones] == [("event_topic", topic)] + [
        ("evidence", row_id) for row_id in evidence
    ]
    assert all(stone["change_id"] > full.watermark and stone["deleted_at"] for stone in stones)
    assert jsonl(tmp_path / "delta", "tables/event_topic.jsonl") == []


def test_a_state_file_carries_the_watermark_from_one_nightly_run_to_the_next(
    seeded: str, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    first = export(seeded, tmp_path / "nightly", "--state", str(state))
    assert first.since is None  # the first run is a full export, which `timeline import` takes
    assert json.loads(state.read_text())["watermark"] == first.watermark
    assert len(jsonl(tmp_path / "nightly", "tables/actor.jsonl")) == 13
    quiet = export(seeded, tmp_path / "nightly", "--state", str(state))
    assert quiet.since == first.watermark and all(entry.rows == 0 for entry in quiet.files)
    assert run(seeded, "seed", str(LATER)).exit_code == 0
    third = export(seeded, tmp_path / "nightly", "--state", str(state))
    assert third.since == first.watermark
    assert len(jsonl(tmp_path / "nightly", "tables/actor.jsonl")) == 3
    # Only the newest two exports are kept beside the link.
    assert (
        len(
            [
                path
                for path in (tmp_path / ".nightly.exports").iterdir()
                if not path.name.startswith(".") and path.is_dir()
            ]
        )
        == 2
    )


def test_people_formats_from_the_database(seeded: str, tmp_path: Path) -> None:
    import icalendar
    import networkx

    target = tmp_path / "people"
    manifest = export(seeded, target, "--format", "timelinejs", "--format", "ical", "--format", "graphml")
    assert {entry.path for entry in manifest.files} == {"timeline.json", "meetings.ics", "network.graphml"}
    document = json.loads((target / "timeline.json").read_text(encoding="utf-8"))
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert len(slides) == 7
    meeting = slides["aes-russia-consultations-1"]
    assert meeting["start_date"] == {"year": 2025, "month": 4, "day": 3}
    assert meeting["end_date"] == {"year": 2025, "month": 4, "day": 4}
    assert slides["aes-founding"]["start_date"] == {"year": 2023}
    for slide in document["events"]:
        date = slide["start_date"]
        assert isinstance(date["year"], int)
        assert "day" not in date or "month" in date  # TimelineJS: no day without a month
    calendar = icalendar.Calendar.from_ical((target / "meetings.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "aes-russia-consultations-1@timeline"
    assert event.decoded("DTSTART").isoformat() == "2025-04-03"
    assert event.decoded("DTEND").isoformat() == "2025-04-05"
    assert str(event["STATUS"]) == "TENTATIVE"
    graph = networkx.read_graphml(target / "network.graphml")
    assert graph.number_of_nodes() == 13
    assert graph.number_of_edges() == 7 + 3
    assert graph.nodes["mali-foreign-minister"]["label"] == "Foreign Minister of Mali"


def test_parquet_holds_the_same_rows_as_jsonl(seeded: str, tmp_path: Path) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "parquet"
    export(seeded, target, "--format", "jsonl", "--format", "parquet")
    for name in ("tables/event", "views/timeline_view", "tables/evidence"):
        table = pyarrow_parquet.read_table(target / f"{name}.parquet")
        assert table.to_pylist() == jsonl(target, f"{name}.jsonl"), name


def test_bad_requests_are_refused_with_their_exit_codes(seeded: str, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    result = run(seeded, "export", str(tmp_path / "taken"))
    assert result.exit_code == 4
    assert (
        result.stderr.strip()
        == f"Error: {tmp_path / 'taken'} exists and is not an export timeline made: choose a new path, or remove it"
    )
    result = run(seeded, "export", str(tmp_path / "out"), "--since", "999999")
    assert result.exit_code == 4 and "watermark 999999 is ahead of the database" in result.stderr
    result = run(seeded, "export", str(tmp_path / "out"), "--since", "1", "--format", "ical")
    assert result.exit_code == 4 and "an incremental export writes tables only" in result.stderr
    (tmp_path / "bad-state.json").write_text("{not json")
    result = run(seeded, "export", str(tmp_path / "out"), "--state", str(tmp_path / "bad-state.json"))
    assert result.exit_code == 4 and "not a timeline export state file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_second_export_into_the_same_target_at_once_says_try_later(seeded: str, tmp_path: Path) -> None:
    export(seeded, tmp_path / "out")
    with (tmp_path / ".out.exports" / "lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = run(seeded, "export", str(tmp_path / "out"))
    assert result.exit_code == 75
    assert "another export into" in result.stderr and "try again later" in result.stderr


def _grow(db: str, rows: int) -> None:
    """Enough rows that an export takes a while."""
    execute(
        db,
        f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
            INSERT INTO event_topic (event_id, topic) SELECT 1, 'topic ' || i FROM n""",
    )


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_an_export_killed_half_way_leaves_the_previous_export_whole(
    backend: object, seeded: str, tmp_path: Path, how: signal.Signals
) -> None:
    if getattr(backend, "name", "") != "sqlite":
        pytest.skip("one backend is enough to prove the file handling")
    target = tmp_path / "out"
    before = export(seeded, target, "--format", "csv", "--format", "jsonl", "--format", "parquet")
    old = tree(target)
    _grow(seeded, 300_000)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "timeline",
            "--db",
            seeded,
            "export",
            str(target),
            "--format",
            "csv",
            "--format",
            "jsonl",
            "--format",
            "parquet",
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    store = tmp_path / ".out.exports"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it is writing files into its partial folder
        partial = [path for path in store.glob(".partial-*/tables/*") if path.stat().st_size > 0]
        if partial:
            break
        time.sleep(0.01)
    else:
        pytest.fail("the export never started writing")
    os.kill(process.pid, how)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert Manifest.read(target) == before
    assert tree(target) == old
    for entry in before.files:
        assert checksum(target / entry.path) == (entry.bytes, entry.sha256)
    if how == signal.SIGTERM:
        assert not list(store.glob(".partial-*"))  # it cleaned up after itself
    after = export(seeded, target, "--format", "csv")
    assert after.watermark > before.watermark
    assert not list(store.glob(".partial-*"))


def test_export_reads_one_consistent_snapshot(seeded: str, tmp_path: Path) -> None:
    """Everything in one export agrees with its watermark, even when rows arrive during the export."""
    from sqlalchemy import create_engine

    from timeline.storage.config import resolve_url

    manifest = export(seeded, tmp_path / "out")
    engine = create_engine(resolve_url(seeded))
    with engine.connect() as connection:
        counted = connection.execute(
            text("SELECT count(*) FROM change_log WHERE id <= :w"), {"w": manifest.watermark}
        ).scalar()
    engine.dispose()
    rows = sum(
        entry.rows
        for entry in manifest.files
        if entry.path.startswith("tables/")
        and entry.path.endswith(".csv")
        and entry.path != "tables/change_log.csv"
    )
    assert counted == rows  # every row is logged once as inserted, and nothing else happened


def test_batches_hold_few_wide_rows_and_many_narrow_ones(empty_db: str) -> None:
    """Memory stays flat in the width of rows too: whole documents stream a few at a time, on every
    backend's own cursor, in order and without a row lost."""
    engine = create_engine(resolve_url(empty_db))
    document = "x" * 2**15  # a 32 KiB article: BATCH_BYTES holds 128 of them
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE wide (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
        connection.execute(
            text("INSERT INTO wide VALUES (:id, :body)"), [{"id": n, "body": document} for n in range(300)]
        )
        connection.execute(text("CREATE TABLE narrow (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL)"))
        connection.execute(
            text("INSERT INTO narrow VALUES (:id, :label)"),
            [{"id": n, "label": f"row {n}"} for n in range(12_000)],
        )
    try:
        with engine.connect() as connection:
            wide = list(batched_rows(connection, "SELECT id, body FROM wide ORDER BY id", {}))
            narrow = list(batched_rows(connection, "SELECT id, label FROM narrow ORDER BY id", {}))
        assert [len(rows) for rows in wide] == [10, 128, 128, 34]
        assert [row[0] for rows in wide for row in rows] == list(range(300))
        assert [len(rows) for rows in narrow] == [10, 5000, 5000, 1990]
        assert [row[0] for rows in narrow for row in rows] == list(range(12_000))
    finally:
        engine.dispose()


def test_an_import_batch_is_bounded_by_bytes_as_well_as_rows() -> None:
    assert rows_per_batch(60) == BATCH  # a participation row
    assert rows_per_batch(60, most=10_000) == 10_000
    assert rows_per_batch(20_000) == BATCH_BYTES // 20_000  # a news article
    assert rows_per_batch(50 * 2**20) == 1  # a document larger than a batch still moves, alone


def test_tables_users_add_beside_timelines_do_not_stop_an_export(seeded: str, tmp_path: Path) -> None:
    """Analysts add their own tables over direct SQL, keyed or not; the export is of timeline's tables."""
    execute(
        seeded,
        "CREATE TABLE my_notes (note TEXT)",
        "CREATE TABLE my_pairs (a INTEGER, b INTEGER, PRIMARY KEY (a, b))",
    )
    manifest = export(seeded, tmp_path / "out")
    assert {entry.path for entry in manifest.files} == set(tree(tmp_path / "out")) - {"manifest.json"}
    assert not any("my_" in entry.path for entry in manifest.files)
    assert {Path(entry.path).stem for entry in manifest.files if entry.path.startswith("tables/")} == set(
        Base.metadata.tables
    )


def test_the_command_offers_exactly_the_formats_the_exporter_writes() -> None:
    from timeline.cli.export import FORMATS
    from timeline.export import PEOPLE_FORMATS
    from timeline.export.dumps import TABLE_FORMATS

    assert (*TABLE_FORMATS, *PEOPLE_FORMATS) == FORMATS


# -- what export may replace or remove: only what it made -------------------------------------------------


@pytest.fixture
def sqlite_seeded(tmp_path: Path) -> str:
    """A seeded SQLite file: what export does to the file system is the same on every backend."""
    from tests.backends import Backend

    (tmp_path / "db").mkdir()
    database = Backend("sqlite", tmp_path / "db").migrated()
    assert run(database, "seed").exit_code == 0
    return database


def everything(folder: Path) -> dict[str, str | bytes]:
    """Every entry under ``folder`` without following links: files' bytes, links' text, folders."""
    found: dict[str, str | bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "/"
    return found


def exports_like(folder: Path, count: int) -> None:
    """Folders that look like old exports: each holds a manifest.json, as exports do."""
    for number in range(count):
        (folder / f"backup-{number}").mkdir(parents=True)
        (folder / f"backup-{number}" / "manifest.json").write_text("{}")
        (folder / f"backup-{number}" / "thesis.txt").write_text(f"chapter {number}")


def refused_export(db: str, target: Path, message: str) -> None:
    """Export into ``target`` fails with one line holding ``message``, and nothing beside it changes."""
    before = everything(target.parent)
    result = run(db, "export", str(target))
    assert result.exit_code == 4, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert message in line, line
    assert everything(target.parent) == before


def test_a_foreign_exports_folder_is_refused_and_left_untouched(sqlite_seeded: str, tmp_path: Path) -> None:
    work = tmp_path / "work"
    exports_like(work / ".out.exports", 3)
    refused_export(
        sqlite_seeded,
        work / "out",
        f"{work / '.out.exports'} exists and is not a folder timeline export made (it has no .timeline-exports)",
    )


def test_an_exports_folder_that_links_elsewhere_is_refused_and_left_untouched(
    sqlite_seeded: str, tmp_path: Path
) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    exports_like(elsewhere, 3)
    (work / ".out.exports").symlink_to(elsewhere)
    before = everything(elsewhere)
    refused_export(sqlite_seeded, work / "out", "is not a folder timeline export made")
    assert everything(elsewhere) == before
    # Even a link to a folder export made itself: the store is a folder of its own, never a link.
    export(sqlite_seeded, tmp_path / "real")
    (work / ".out.exports").unlink()
    (work / ".out.exports").symlink_to(tmp_path / ".real.exports")
    refused_export(sqlite_seeded, work / "out", "is not a folder timeline export made")


@pytest.mark.parametrize("points_to", ["/", "home", "nowhere", ".out.exports/../home"])
def test_a_link_export_did_not_make_is_refused_and_left_as_it_is(
    sqlite_seeded: str, tmp_path: Path, points_to: str
) -> None:
    work = tmp_path / "work"
    (work / "home").mkdir(parents=True)
    (work / "home" / "notes.txt").write_text("mine")
    if points_to.startswith(".out.exports"):  # a marked store, but a link export would never write
        export(sqlite_seeded, work / "out")
        (work / "out").unlink()
    (work / "out").symlink_to(points_to)
    refused_export(
        sqlite_seeded,
        work / "out",
        f"{work / 'out'} is a link timeline export did not make: choose a new path",
    )


def test_a_file_or_folder_at_the_target_is_refused(sqlite_seeded: str, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("mine")
    refused_export(sqlite_seeded, tmp_path / "file", "exists and is not an export timeline made")
    (tmp_path / "folder").mkdir()
    exports_like(tmp_path / "folder", 1)
    refused_export(sqlite_seeded, tmp_path / "folder", "exists and is not an export timeline made")


def test_export_keeps_its_own_two_newest_and_nothing_else_is_removed(
    sqlite_seeded: str, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    export(sqlite_seeded, target)
    store = tmp_path / ".out.exports"
    assert json.loads((store / ".timeline-exports").read_text())["format"] == "timeline-exports/1"
    exports_like(store, 2)  # someone's folders inside the store: not export's to remove
    (store / "full-to-1-0badc0de").symlink_to(tmp_path)  # named like an export, but a link
    (store / ".link-0badc0de").mkdir()  # named like a leftover link, but a folder
    (store / ".partial-0123456789ab").symlink_to(tmp_path)  # named like a partial folder, but a link
    for _ in range(3):
        export(sqlite_seeded, target)
    ours = [path for path in store.iterdir() if path.name.startswith("full-to-") and not path.is_symlink()]
    assert len(ours) == 2 and target.resolve() in ours
    assert (store / "backup-0" / "thesis.txt").read_text() == "chapter 0"
    assert (store / "backup-1" / "manifest.json").is_file()
    assert os.readlink(store / "full-to-1-0badc0de") == str(tmp_path)
    assert (store / ".link-0badc0de").is_dir() and (store / ".partial-0123456789ab").is_symlink()
    assert (tmp_path / "out").is_symlink()  # nothing behind the links was touched


def test_an_export_of_a_missing_database_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    result = run(str(tmp_path / "missing.db"), "export", str(tmp_path / "work" / "out"))
    assert result.exit_code == 3, result.stderr
    assert list((tmp_path / "work").iterdir()) == []
    assert not (tmp_path / "missing.db").exists()


def test_a_failed_first_export_leaves_nothing_behind_on_every_backend(empty_db: str, tmp_path: Path) -> None:
    result = run(empty_db, "export", str(tmp_path / "out"))
    assert result.exit_code == 3, result.stderr
    assert [path for path in tmp_path.iterdir() if "out" in path.name] == []
