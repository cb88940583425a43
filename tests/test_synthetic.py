"""`timeline generate`: synthetic bundles that are reproducible, true to their manifest, skewed like real
data, quote their sources exactly, and load into the real schema without breaking a single constraint."""

import datetime as dt
import hashlib
import json
import sqlite3
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run
from timeline.dates import window
from timeline.export.bundle import FORMAT_VERSION, MANIFEST, Manifest, checksum
from timeline.models import FACT_COLUMNS, Base
from timeline.queries.actors import normalize
from timeline.storage.schema_version import head
from timeline.synthetic import generate
from timeline.vocab import Precision

EVENTS, ACTORS = 3000, 300
TABLES = [table for table in Base.metadata.sorted_tables if table.name != "change_log"]  # foreign-key order
DATED = ("event", "membership", "post_holding", "actor_relation")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "bundle"
    generate(folder, EVENTS, seed=1, actors=ACTORS)
    return folder


def rows(bundle: Path, table: str) -> list[dict[str, Any]]:
    with (bundle / "tables" / f"{table}.jsonl").open(encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.*"))}


def test_the_same_seed_gives_identical_bytes_and_another_seed_different_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", 400, seed=5, actors=100)
    generate(tmp_path / "b", 400, seed=5, actors=100)
    generate(tmp_path / "c", 400, seed=6, actors=100)
    first, again, other = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert first == again
    assert set(first) == set(other)
    assert first["tables/event.jsonl"] != other["tables/event.jsonl"]
    assert first["tables/actor.jsonl"] != other["tables/actor.jsonl"]


def test_the_manifest_lists_every_table_with_its_true_rows_size_and_checksum(bundle: Path) -> None:
    manifest = Manifest.read(bundle)
    assert (manifest.format, manifest.schema_revision, manifest.watermark, manifest.since) == (
        FORMAT_VERSION,
        head(),
        0,
        None,
    )
    paths = [entry.path for entry in manifest.files]
    assert paths == sorted(f"tables/{table.name}.jsonl" for table in TABLES)
    assert sorted(files(bundle)) == sorted([*paths, MANIFEST])
    for entry in manifest.files:
        path = bundle / entry.path
        assert (entry.bytes, entry.sha256) == checksum(path)
        assert entry.rows == len(path.read_bytes().splitlines())
    counts = {entry.path: entry.rows for entry in manifest.files}
    assert counts["tables/event.jsonl"] == EVENTS
    assert counts["tables/actor.jsonl"] == ACTORS


def test_rows_have_the_exporters_shape(bundle: Path) -> None:
    """One JSON object per line as json.dumps writes it, the table's columns as keys, ids ascending."""
    for table in TABLES:
        lines = (bundle / "tables" / f"{table.name}.jsonl").read_text(encoding="utf-8").splitlines()
        keys = []
        for line in lines:
            record = json.loads(line)
            assert json.dumps(record, ensure_ascii=False) == line
            assert set(record) == {column.name for column in table.columns}
            (key,) = table.primary_key.columns
            keys.append(record[key.name])
        assert keys == sorted(keys) and len(set(keys)) == len(keys), table.name


def test_a_few_actors_take_part_in_much_of_the_timeline_and_most_in_little(bundle: Path) -> None:
    participants = rows(bundle, "event_participant")
    per_actor = Counter(row["actor_id"] for row in participants)
    counts = sorted((per_actor.get(actor, 0) for actor in range(1, ACTORS + 1)), reverse=True)
    total = sum(counts)
    events_of: dict[int, set[int]] = defaultdict(set)
    for row in participants:
        events_of[row["actor_id"]].add(row["event_id"])
    assert sum(counts[: ACTORS // 100]) / total > 0.08  # the top 1% take eight times their share and more
    assert sum(counts[: ACTORS // 10]) / total > 0.45
    assert max(len(events) for events in events_of.values()) / EVENTS > 0.05
    assert statistics.median(counts) < 0.5 * total / ACTORS
    per_event = Counter(row["event_id"] for row in participants)
    assert set(per_event.values()) <= {1, 2, 3, 4, 5}  # 1-4 drawn, plus a reporter for some statements
    assert len(per_event) == EVENTS


def test_events_mix_precisions_certainties_statuses_and_kinds(bundle: Path) -> None:
    events = rows(bundle, "event")
    precision = Counter(row["start_precision"] or row["end_precision"] for row in events)
    assert precision["day"] > precision["month"] > precision["year"] > precision["decade"] > 0
    assert precision["day"] / EVENTS > 0.5
    assert 0 < precision[None] < 0.02 * EVENTS  # a few undated events, which sort last
    certainty = Counter(row["date_certainty"] for row in events)
    assert certainty["stated"] > certainty["inferred"] > certainty["approximate"] > 0
    status = Counter(row["status"] for row in events)
    assert status["held"] / EVENTS > 0.75 and min(status.values()) > 0 and len(status) == 4
    kinds = Counter(row["kind"] for row in events)
    assert 0.28 < kinds["meeting"] / EVENTS < 0.4 and 0.2 < kinds["statement"] / EVENTS < 0.3
    years = [int(row["sort_date"][:4]) for row in events if row["sort_date"] != "9999-12-31"]
    assert min(years) < 1960 and max(years) >= 2024
    assert len(rows(bundle, "meeting")) == kinds["meeting"]
    assert len(rows(bundle, "statement")) == kinds["statement"]
    quotes = len(rows(bundle, "quote"))
    assert 0.35 < quotes / kinds["statement"] < 0.65


def test_every_date_is_a_bound_of_its_precision(bundle: Path) -> None:
    """A start is the first day of its unit and an end the last, as timeline.dates.window defines them."""
    for table in DATED:
        for row in rows(bundle, table):
            for side, edge in (("start", 0), ("end", 1)):
                if row[f"{side}_date"] is None:
                    assert row[f"{side}_precision"] is None
                    continue
                day = dt.date.fromisoformat(row[f"{side}_date"])
                assert window(day, Precision(row[f"{side}_precision"]))[edge] == day, (table, row)
            if row["start_date"] and row["end_date"]:
                assert row["start_date"] <= row["end_date"]


def test_evidence_quotes_its_source_exactly_and_every_fact_has_some(bundle: Path) -> None:
    sources = {row["id"]: row for row in rows(bundle, "source")}
    for source in sources.values():
        assert source["sha256"] == hashlib.sha256(source["text"].encode("utf-8")).hexdigest()
    evidence = rows(bundle, "evidence")
    supported: dict[str, set[int]] = defaultdict(set)
    for row in evidence:
        text = sources[row["source_id"]]["text"]
        assert text[row["char_start"] : row["char_end"]] == row["text"]
        (column,) = [column for column in FACT_COLUMNS.values() if row[column] is not None]
        supported[column].add(row[column])
    for table, column in FACT_COLUMNS.items():
        assert supported[column] == {row["id"] for row in rows(bundle, table)}, table
    statement_source = {row["id"]: row["updated_by_source_id"] for row in rows(bundle, "event")}
    quote_evidence = {row["quote_id"]: row for row in evidence if row["quote_id"] is not None}
    for quote in rows(bundle, "quote"):
        assert quote_evidence[quote["id"]]["text"] == quote["text"]
        assert quote_evidence[quote["id"]]["source_id"] == statement_source[quote["statement_id"]]


def test_actors_are_findable_by_their_names_and_officials_by_their_posts(bundle: Path) -> None:
    actors = rows(bundle, "actor")
    aliases: dict[int, set[str]] = defaultdict(set)
    for alias in rows(bundle, "actor_alias"):
        assert alias["normalized"] == normalize(alias["alias"])
        aliases[alias["actor_id"]].add(alias["alias"])
    for actor in actors:
        assert (actor["name"] or actor["description"]) in aliases[actor["id"]]
    kinds = Counter(actor["kind"] for actor in actors)
    assert kinds["bloc"] >= 2 and kinds["state"] >= 20 and kinds["person"] > ACTORS / 2
    assert kinds["group"] > 0 and kinds["organization"] > 0
    unnamed = [actor["description"] for actor in actors if actor["name"] is None]
    assert unnamed and all(
        description.startswith(("Foreign Minister of ", "Head of State of ", "Secretary General of "))
        for description in unnamed
    )
    schemes = Counter(identifier["scheme"] for identifier in rows(bundle, "actor_identifier"))
    assert schemes["iso3166_1_alpha2"] == schemes["iso3166_1_alpha3"] == kinds["state"]


@pytest.mark.slow
def test_every_row_satisfies_the_real_schema(bundle: Path, tmp_path: Path) -> None:
    """Insert every row into a migrated database with foreign keys on: no constraint may fail, and the
    database computes the same sort_date as the bundle carries."""
    path = tmp_path / "timeline.db"
    subprocess.run([sys.executable, "-m", "timeline", "--db", str(path), "db", "upgrade"], check=True)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        for table in TABLES:
            columns = [column.name for column in table.columns if column.computed is None]
            statement = (
                f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            )
            connection.executemany(
                statement, ([row[name] for name in columns] for row in rows(bundle, table.name))
            )
        connection.commit()
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        computed = [day for (day,) in connection.execute("SELECT sort_date FROM event ORDER BY id")]
    finally:
        connection.close()
    assert computed == [row["sort_date"] for row in rows(bundle, "event")]


@pytest.mark.slow
def test_a_bundle_imports_and_exports_back_byte_for_byte(bundle: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "timeline.db")
    assert run(db, "db", "upgrade").exit_code == 0
    result = run(db, "import", str(bundle))
    assert result.exit_code == 0, result.stderr
    assert run(db, "export", str(tmp_path / "export"), "--format", "jsonl").exit_code == 0
    generated = files(bundle / "tables")
    exported = files(tmp_path / "export" / "tables")
    assert {name: exported[name] for name in generated} == generated


def test_the_command_writes_a_bundle_and_refuses_a_folder_in_use(tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    result = run(None, "generate", str(target), "--events", "50", "--actors", "40", "--seed", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    manifest = Manifest.read(target)
    total = sum(entry.rows for entry in manifest.files)
    assert result.stderr == f"{target}: 50 events, {total:,} rows in 17 files (seed 3, 40 actors)\n"
    again = run(None, "generate", str(target), "--events", "50")
    assert again.exit_code == 4
    assert "not an empty folder" in again.stderr
    assert run(None, "generate", str(tmp_path / "small"), "--events", "5", "--actors", "5").exit_code == 4
