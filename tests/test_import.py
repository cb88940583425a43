"""`timeline import`: an export moves between backends losslessly, and a damaged one is refused whole."""

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.backends import Backend
from tests.conftest import SEEDS, dump, query, run
from tests.test_cli import events
from tests.test_derived import STALE
from tests.test_export import export, tree
from timeline.export.bundle import Manifest, checksum

LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"


@pytest.fixture
def sqlite_source(tmp_path: Path) -> str:
    """A SQLite file with both documents, its history including an update and a deletion."""
    source = Backend("sqlite", tmp_path).migrated()
    assert run(source, "seed").exit_code == 0
    assert run(source, "seed", str(LATER)).exit_code == 0
    assert run(source, "sql", "SELECT 1").exit_code == 0
    return source


def imported(db: str, bundle: Path) -> None:
    result = run(db, "import", str(bundle))
    assert result.exit_code == 0, result.stderr
    assert "imported" in result.stderr


def test_export_import_export_is_byte_identical_from_sqlite_to_every_backend(
    sqlite_source: str, db: str, tmp_path: Path
) -> None:
    export(sqlite_source, tmp_path / "before")
    imported(db, tmp_path / "before")
    export(db, tmp_path / "after")
    assert tree(tmp_path / "after") == tree(tmp_path / "before")


def test_and_back_from_every_backend_to_sqlite(db: str, tmp_path: Path) -> None:
    assert run(db, "seed", str(SEEDS), str(LATER)).exit_code == 0
    export(db, tmp_path / "before")
    target = Backend("sqlite", tmp_path).migrated()
    imported(target, tmp_path / "before")
    export(target, tmp_path / "after")
    assert tree(tmp_path / "after") == tree(tmp_path / "before")


def test_an_imported_database_carries_on(sqlite_source: str, db: str, tmp_path: Path) -> None:
    first_only = Backend("sqlite", tmp_path).migrated()
    assert run(first_only, "seed").exit_code == 0
    export(first_only, tmp_path / "bundle")
    imported(db, tmp_path / "bundle")
    before = query(db, "SELECT max(id) FROM change_log")[0][0]
    result = run(db, "seed", str(LATER))  # new rows need new ids: the id sequences moved past the import
    assert result.exit_code == 0, result.stderr
    assert query(db, "SELECT name FROM actor WHERE slug = 'mali-foreign-minister'") == [("Abdoulaye Diop",)]
    assert query(db, "SELECT min(id) FROM change_log WHERE id > :w", w=before)[0][0] == before + 1


def refused(db: str, bundle: Path, *messages: str) -> None:
    """The import fails with one line holding one of ``messages``, and the database is as it was."""
    before = dump(db)
    result = run(db, "import", str(bundle))
    assert result.exit_code == 4, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert any(message in line for message in messages), line
    assert dump(db) == before


def copy_of(good: Path, bad: Path) -> Path:
    """A copy of the export at ``good`` (a link to its folder) to damage."""
    shutil.copytree(good.resolve(), bad)
    return bad


def resigned(bundle: Path, path: str) -> None:
    """Record the file's new size and checksum in the manifest, so only its content is wrong."""
    manifest = json.loads((bundle / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == path:
            entry["bytes"], entry["sha256"] = checksum(bundle / path)
    (bundle / "manifest.json").write_text(json.dumps(manifest))


def test_a_damaged_bundle_is_refused_and_nothing_is_written(
    sqlite_source: str, db: str, tmp_path: Path
) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    actors = bad / "tables/actor.jsonl"
    actors.write_bytes(actors.read_bytes().replace(b"Mali", b"Mall", 1))
    refused(db, bad, f"{actors}: checksum mismatch: the file is damaged or incomplete")


def test_a_truncated_line_is_refused_even_with_a_matching_checksum(
    sqlite_source: str, db: str, tmp_path: Path
) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    # Everything before evidence loads first; the broken last line must undo it all.
    evidence = bad / "tables/evidence.jsonl"
    evidence.write_bytes(evidence.read_bytes()[:-40])
    resigned(bad, "tables/evidence.jsonl")
    lines = len(evidence.read_text().splitlines())
    refused(db, bad, f"{evidence}:{lines}: truncated or malformed line")


def test_bundles_from_a_newer_schema_or_incremental_exports_are_refused(
    sqlite_source: str, db: str, tmp_path: Path
) -> None:
    full = export(sqlite_source, tmp_path / "good")
    newer = copy_of(tmp_path / "good", tmp_path / "newer")
    manifest = json.loads((newer / "manifest.json").read_text())
    manifest["schema_revision"] = "ffffffffffff"
    (newer / "manifest.json").write_text(json.dumps(manifest))
    refused(db, newer, "the bundle is from a newer schema (ffffffffffff) than this timeline knows")
    export(sqlite_source, tmp_path / "delta", "--since", str(full.watermark))
    refused(
        db, tmp_path / "delta", f"an incremental export (changes since {full.watermark}) cannot be imported"
    )
    refused(db, tmp_path, "no manifest.json: not a timeline export")


def test_import_refuses_a_database_that_holds_data(seeded: str, sqlite_source: str, tmp_path: Path) -> None:
    export(sqlite_source, tmp_path / "bundle")
    refused(
        seeded, tmp_path / "bundle", "already holds data (table change_log): import into an empty database"
    )


def test_manifest_reads_back(sqlite_source: str, tmp_path: Path) -> None:
    manifest = export(sqlite_source, tmp_path / "bundle")
    assert Manifest.read(tmp_path / "bundle") == manifest
    assert any(entry.path == "tables/change_log.jsonl" and entry.rows > 0 for entry in manifest.files)


def test_a_bundle_that_breaks_a_foreign_key_is_refused_whole(
    sqlite_source: str, db: str, tmp_path: Path
) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    participants = bad / "tables/event_participant.jsonl"
    lines = participants.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[-1])
    row["actor_id"] = 999_999
    lines[-1] = json.dumps(row, ensure_ascii=False)
    participants.write_text("\n".join(lines) + "\n", encoding="utf-8")
    resigned(bad, "tables/event_participant.jsonl")
    refused(db, bad, "points to a actor row it does not contain", "the bundle does not fit the schema")


# -- a bundle that is self-consistent but lies: every invariant is checked again on the way in -------------


def edited(bundle: Path, table: str, edit: Callable[[dict[str, Any]], None], row: int = 0) -> None:
    """Apply ``edit`` to one row of the bundle's table (``row`` counts from 0) and fix the manifest."""
    path = bundle / f"tables/{table}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[row])
    edit(record)
    lines[row] = json.dumps(record, ensure_ascii=False).encode("utf-8", "backslashreplace").decode()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    resigned(bundle, f"tables/{table}.jsonl")


def _set(**values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda record: record.update(values)


def _shift(record: dict[str, Any]) -> None:
    record["char_start"] += 1
    record["char_end"] += 1


def _upper(record: dict[str, Any]) -> None:
    record["text"] = record["text"].upper()  # MariaDB's collations would call these equal


def _padded(record: dict[str, Any]) -> None:
    record["text"] += " "  # and these


@pytest.mark.parametrize(
    "edit",
    [_set(text="the Confederation of Sahel States (EU)"), _shift, _upper, _padded, _set(char_end=10**9)],
    ids=["text", "offsets", "case", "trailing-space", "far-end"],
)
def test_evidence_that_does_not_slice_its_source_is_refused(
    sqlite_source: str, db: str, tmp_path: Path, edit: Callable[[dict[str, Any]], None]
) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    edited(bad, "evidence", edit)
    refused(db, bad, "the bundle's evidence row 1: its text is not characters")


def test_a_source_whose_sha256_is_not_its_texts_is_refused(
    sqlite_source: str, db: str, tmp_path: Path
) -> None:
    export(sqlite_source, tmp_path / "good")
    wrong = copy_of(tmp_path / "good", tmp_path / "wrong")
    edited(wrong, "source", _set(sha256="0" * 64))
    refused(db, wrong, "the bundle's source row 1: its sha256 is not the SHA-256 of its text")
    # The text rewritten, and the evidence with it: the hash still gives it away.
    rewritten = copy_of(tmp_path / "good", tmp_path / "rewritten")
    edited(rewritten, "source", lambda record: record.update(text=record["text"].replace("Moscow", "Paris")))
    refused(db, rewritten, "the bundle's source row 1: its sha256 is not the SHA-256 of its text")


def test_text_with_a_nul_character_is_refused_on_every_backend(
    sqlite_source: str, db: str, tmp_path: Path
) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")

    def nul(record: dict[str, Any]) -> None:
        record["text"] = "\0" + record["text"]
        record["sha256"] = hashlib.sha256(record["text"].encode("utf-8")).hexdigest()

    edited(bad, "source", nul)
    refused(db, bad, f"{bad / 'tables/source.jsonl'}:1: a NUL character (U+0000)")


def test_derived_columns_are_recomputed_not_trusted(sqlite_source: str, db: str, tmp_path: Path) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    edited(bad, "event_participant", _set(event_sort_date="1000-01-01"))
    edited(bad, "actor_alias", _set(normalized="russia"))
    imported(db, bad)
    assert query(db, STALE) == []
    assert query(db, "SELECT normalized FROM actor_alias WHERE id = 1") == [
        ("confederation of sahel states",)
    ]
    assert events(db, "--actor", "russia") == events(sqlite_source, "--actor", "russia")
    assert events(db, "--actor", "mali", "--limit", "2") == events(
        sqlite_source, "--actor", "mali", "--limit", "2"
    )


@pytest.mark.parametrize(
    ("table", "field", "value", "says"),
    [
        (
            "evidence",
            "actor_id",
            2**63,
            "actor_id 9223372036854775808 is outside evidence.actor_id's range, -2147483648 to 2147483647",
        ),
        ("evidence", "char_start", True, "char_start must be a whole number, not true"),
        ("evidence", "char_end", 92.0, "char_end must be a whole number, not 92.0"),
        ("actor", "name", ["Mali"], 'name must be text, not ["Mali"]'),
        ("membership", "start_date", "banana", "start_date 'banana' is not a day (YYYY-MM-DD)"),
        ("event", "start_date", 20250403, "start_date must be a day as text (YYYY-MM-DD), not 20250403"),
        (
            "change_log",
            "changed_at",
            "2025-02-30T00:00:00",
            "changed_at '2025-02-30T00:00:00' is not a timestamp (YYYY-MM-DD HH:MM:SS)",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_with_its_file_and_line(
    sqlite_source: str, db: str, tmp_path: Path, table: str, field: str, value: Any, says: str
) -> None:
    # Found by tests/test_fuzz.py: a 20-digit number was a traceback, and SQLite kept any text as a date,
    # which the next `timeline show` could not read.
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    edited(bad, table, _set(**{field: value}))
    refused(db, bad, f"{bad / 'tables' / table}.jsonl:1: {says}")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (None, "not a timeline manifest (files[0].path must be text, not null)"),
        (7, "not a timeline manifest (files[0].path must be text, not 7)"),
        ("../../etc/hostname", "file path '../../etc/hostname' is not a relative path inside the bundle"),
        ("/etc/hostname", "file path '/etc/hostname' is not a relative path inside the bundle"),
        ("tables/../tables/actor.jsonl", "is not a relative path inside the bundle"),
        ("tables/outside.jsonl", "tables/outside.jsonl: leads outside the bundle"),
        ("tables/pipe.jsonl", "tables/pipe.jsonl: not a regular file"),
    ],
)
def test_manifest_paths_must_be_files_inside_the_bundle(
    sqlite_source: str, tmp_path: Path, path: object, message: str
) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    (tmp_path / "secret.txt").write_text("not for the database\n")
    (bad / "tables/outside.jsonl").symlink_to(tmp_path / "secret.txt")
    os.mkfifo(bad / "tables/pipe.jsonl")  # reading it would wait forever
    manifest = json.loads((bad / "manifest.json").read_text())
    manifest["files"][0]["path"] = path
    (bad / "manifest.json").write_text(json.dumps(manifest))
    refused(Backend("sqlite", tmp_path).migrated(), bad, message)


def test_a_manifest_that_is_not_a_file_is_refused_without_waiting(tmp_path: Path) -> None:
    (tmp_path / "bundle").mkdir()
    os.mkfifo(tmp_path / "bundle" / "manifest.json")  # reading it would wait for a writer forever
    refused(
        Backend("sqlite", tmp_path).migrated(),
        tmp_path / "bundle",
        f"{tmp_path / 'bundle' / 'manifest.json'}: not a regular file: not a timeline export",
    )


@pytest.mark.parametrize(
    ("table", "values", "message"),
    [
        (
            "event",
            {"start_date": "2025-02-30"},
            "start_date '2025-02-30' is not a day: February 2025 has no day 30",
        ),
        (
            "event",
            {"start_date": "0000-01-01"},
            "start_date '0000-01-01' is not a day: years run from 0001 to 9999",
        ),
        ("event", {"start_date": "20250402"}, "start_date '20250402' is not a day (YYYY-MM-DD)"),
        ("event", {"description": {"a": 1}}, 'description must be text, not {"a": 1}'),
        ("event", {"id": "1"}, 'id must be a whole number, not "1"'),
        ("event", {"id": None}, "id must have a value, not null"),
        ("actor", {"name": "x" * 201}, "name is 201 characters long; actor.name holds at most 200"),
        ("actor", {"kind": "blob"}, "kind 'blob' is not one of: bloc, state, person, group, organization"),
        ("actor", {"name": "Ma\ud800li"}, "name holds U+D800, half of a surrogate pair, which is not text"),
        ("change_log", {"changed_at": "yesterday"}, "changed_at 'yesterday' is not a timestamp"),
    ],
    ids=[
        "impossible date",
        "year 0",
        "not ISO",
        "nested object",
        "number as text",
        "null id",
        "201 characters",
        "outside the vocabulary",
        "lone surrogate",
        "not a timestamp",
    ],
)
def test_a_value_some_backend_would_refuse_names_its_file_and_line_on_every_backend(
    sqlite_source: str, db: str, tmp_path: Path, table: str, values: dict[str, Any], message: str
) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    edited(bad, table, _set(**values), row=1)
    refused(db, bad, f"Error: {bad / 'tables' / table}.jsonl:2: {message}")


def test_a_line_that_is_not_utf8_names_its_file_and_line(sqlite_source: str, db: str, tmp_path: Path) -> None:
    export(sqlite_source, tmp_path / "good")
    bad = copy_of(tmp_path / "good", tmp_path / "bad")
    actors = bad / "tables/actor.jsonl"
    lines = actors.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"kind"', b'"\xff\xfekind"')
    actors.write_bytes(b"".join(lines))
    resigned(bad, "tables/actor.jsonl")
    refused(db, bad, f"Error: {actors}:2: not UTF-8 text")
