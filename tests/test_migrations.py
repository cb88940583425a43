"""The migrations: one head, up and down on every backend, a stairway over every revision, no drift from the
models, and usable both from a checkout (`alembic upgrade head`) and from an installed wheel."""

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from tests.conftest import ROOT, dump, query, run
from tests.test_derived import STALE
from timeline.models import Base
from timeline.models.events import sort_date_sql, sort_day
from timeline.resources import migrations_folder
from timeline.storage import migrations, schema_version
from timeline.storage.config import resolve_url

REVISIONS = [revision.revision for revision in reversed(list(migrations.script().walk_revisions()))]


def tables(db: str) -> set[str]:
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_there_is_exactly_one_head_and_the_fast_check_agrees_with_alembic() -> None:
    script = ScriptDirectory(str(migrations_folder()))
    assert len(script.get_heads()) == 1
    assert schema_version.head() == script.get_current_head()
    assert schema_version.revisions() == {rev.revision: rev.down_revision for rev in script.walk_revisions()}


def test_revision_files_are_date_prefixed() -> None:
    for path in (migrations_folder() / "versions").glob("*.py"):
        assert path.name[:11].replace("_", "").isdigit(), path.name


def test_upgrade_creates_every_model_table_and_downgrade_removes_them(empty_db: str) -> None:
    assert run(empty_db, "db", "upgrade").exit_code == 0
    assert tables(empty_db) == set(Base.metadata.tables) | {"alembic_version"}
    result = run(empty_db, "db", "downgrade", "base")
    assert result.exit_code == 0, result.stderr
    assert tables(empty_db) == {"alembic_version"}
    assert query(empty_db, "SELECT count(*) FROM alembic_version") == [(0,)]
    assert run(empty_db, "db", "upgrade").exit_code == 0
    assert run(empty_db, "db", "current").stdout == f"{schema_version.head()} (head)\n"


@pytest.mark.parametrize("revision", REVISIONS)
def test_stairway_each_revision_upgrades_downgrades_and_upgrades_again(empty_db: str, revision: str) -> None:
    url = resolve_url(empty_db)
    down = schema_version.revisions()[revision] or "base"
    if down != "base":
        migrations.upgrade(url, down)
    migrations.upgrade(url, revision)
    migrations.downgrade(url, down)
    assert migrations.current(url) == (None if down == "base" else down)
    migrations.upgrade(url, revision)
    assert migrations.current(url) == revision


def test_models_and_migrations_agree(db: str) -> None:
    assert migrations.drift(resolve_url(db)) == []
    result = run(db, "db", "check")
    assert result.exit_code == 0, result.stderr
    assert "schema matches the models" in result.stderr


def normalized(expression: str) -> str:
    """An expression without what a database changes when it stores one: spacing, parentheses, quotes,
    case (as Alembic compares them)."""
    return re.sub(r"[\s()'\"`]", "", expression).lower()


def test_the_databases_sort_date_expression_is_the_models(db: str) -> None:
    """Alembic's comparison leaves out a generated column's expression (it would only warn), so `db check`
    cannot see a migration that computes event.sort_date otherwise than the model: this test does."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            (column,) = [c for c in inspect(connection).get_columns("event") if c["name"] == "sort_date"]
            dialect = connection.dialect.name
    finally:
        engine.dispose()
    assert normalized(column["computed"]["sqltext"]) == normalized(sort_date_sql(dialect))


def test_db_check_fails_on_drift(db: str) -> None:
    engine = create_engine(resolve_url(db))
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE event ADD COLUMN mood VARCHAR(20)"))
    engine.dispose()
    result = run(db, "db", "check")
    assert result.exit_code == 1
    assert "mood" in result.stderr
    assert (
        result.stderr.strip().splitlines()[-1].endswith("differs from the models in 1 way(s), listed above")
    )


def test_upgrade_sql_prints_the_ddl_without_touching_the_database(empty_db: str) -> None:
    result = run(empty_db, "db", "upgrade", "--sql")
    assert result.exit_code == 0, result.stderr
    assert "CREATE TABLE event" in result.stdout
    assert "CONSTRAINT ck_evidence_one_fact CHECK" in result.stdout
    assert tables(empty_db) <= set()  # offline mode connects to nothing


def test_history_marks_head_and_current(db: str) -> None:
    result = run(db, "db", "history", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert f'"revision": "{schema_version.head()}"' in result.stdout
    assert '"head": true, "current": true' in result.stdout


def test_alembic_upgrade_head_from_the_repository_root(tmp_path: Path) -> None:
    database = tmp_path / "by-alembic.db"
    environment = {**os.environ, "TIMELINE_DATABASE_URL": str(database)}
    alembic = Path(sys.executable).with_name("alembic")
    result = subprocess.run(
        [str(alembic), "upgrade", "head"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert run(str(database), "db", "current").stdout == f"{schema_version.head()} (head)\n"
    result = subprocess.run(
        [str(alembic), "-x", f"db={tmp_path / 'x.db'}", "upgrade", "head"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.db").exists()


@pytest.mark.slow
def test_an_installed_wheel_carries_the_migrations_and_seeds(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("timeline-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "timeline/migrations/env.py" in names
    assert any(name.startswith("timeline/migrations/versions/") for name in names)
    assert "timeline/seeds/sahel-bloc-heads-to-moscow.txt" in names
    assert {"timeline/drafting/data/lexicon.yaml", "timeline/drafting/data/states.yaml"} <= set(names)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(site)}
    environment.pop("TIMELINE_DATABASE_URL", None)
    # A report the project has never seen: drafted, then seeded as drafted.
    (elsewhere / "report.txt").write_text(
        "Ghana joins talks\n\nGhana's foreign minister Samuel Ablakwa will visit Abuja on Monday for talks "
        "with Nigerian President Bola Tinubu, the two governments said.\n",
        encoding="utf-8",
    )
    commands = (
        ["db", "upgrade"],
        ["seed"],
        ["draft", "report.txt", "--published", "2025-01-07"],
        ["seed", "report.yaml"],
        ["show", "--format", "csv"],
    )
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-m", "timeline", *command],
            cwd=elsewhere,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert "aes-russia-consultations-1" in result.stdout
    assert "samuel-ablakwa (visitor); bola-tinubu (host)," in result.stdout
    assert "2025-01-13?" in result.stdout  # "will visit ... on Monday": the Monday after publication
    where = subprocess.run(
        [sys.executable, "-c", "import timeline; print(timeline.__file__)"],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(site))
    assert (elsewhere / "timeline.db").exists()


def test_foreign_keys_and_checks_are_enforced_on_every_backend(db: str) -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    from timeline.storage.db import make_engine

    engine = make_engine(resolve_url(db))
    try:
        statements = [
            "INSERT INTO event_topic (event_id, topic) VALUES (12345, 'orphan')",  # no such event
            "INSERT INTO actor (slug, kind, name) VALUES ('x', 'planet', 'X')",  # not a kind
            "INSERT INTO actor (slug, kind) VALUES ('y', 'state')",  # neither named nor described
        ]
        for statement in statements:
            with pytest.raises((IntegrityError, OperationalError)), engine.begin() as connection:
                connection.execute(text(statement))
    finally:
        engine.dispose()
    assert query(db, "SELECT count(*) FROM actor") == [(0,)]


def columns(db: str) -> dict[str, set[str]]:
    """Every table and its columns, as the database reports them."""
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            return {
                table: {column["name"] for column in inspector.get_columns(table)}
                for table in inspector.get_table_names()
                if table != "alembic_version"
            }
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", REVISIONS)
def test_each_revision_declares_exactly_what_its_downgrade_drops(empty_db: str, revision: str) -> None:
    url = resolve_url(empty_db)
    down = schema_version.revisions()[revision] or "base"
    migrations.upgrade(url, revision)
    before = columns(empty_db)
    migrations.downgrade(url, down)
    after = columns(empty_db)
    dropped: dict[str, list[str] | None] = {table: None for table in before if table not in after}
    for table in after:
        gone = sorted(before.get(table, set()) - after[table])
        if gone:
            dropped[table] = gone
    declared = {
        table: sorted(cols) if cols else None for table, cols in migrations.downgrade_drops(revision).items()
    }
    assert dropped == declared


def test_downgrade_refuses_to_drop_data_without_force(seeded: str) -> None:
    before = dump(seeded)
    result = run(seeded, "db", "downgrade", "base")
    assert result.exit_code == 6
    (message,) = result.stderr.strip().splitlines()
    assert message.startswith(
        "Error: downgrading to base would drop data: change_log (180 rows), evidence (70 rows), quote (1 row)"
    )
    assert message.endswith("export it first, or rerun with --force to drop it")
    assert dump(seeded) == before
    result = run(seeded, "db", "downgrade", "base", "--force")
    assert result.exit_code == 0, result.stderr
    assert columns(seeded) == {}


LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"
# Columns the database computes, whose values follow the definition of the revision it is at.
RECOMPUTED = {"event": ("sort_date",), "event_participant": ("event_sort_date",)}


@pytest.mark.parametrize("revision", REVISIONS)
def test_data_at_each_revision_survives_the_upgrade_to_head(db: str, revision: str) -> None:
    """Representative data at ``revision`` (both test documents, seeded at head and downgraded to it)
    comes through the upgrade to head unchanged, in every column the revision has; the columns the
    database computes (event.sort_date and its copies) come out as the head computes them."""
    assert run(db, "seed", str(Path(__file__).parent.parent / "seeds"), str(LATER)).exit_code == 0
    url = resolve_url(db)
    migrations.downgrade(url, revision, force=True)
    at_revision = dump_with_columns(db)
    migrations.upgrade(url)
    at_head = dump_with_columns(db)
    for table, (names, rows) in at_revision.items():
        if table == "alembic_version":
            continue
        head_names, head_rows = at_head[table]
        names = [name for name in names if name not in RECOMPUTED.get(table, ())]
        rows = [tuple(row[at_revision[table][0].index(name)] for name in names) for row in rows]
        keep = [head_names.index(name) for name in names]
        kept = [tuple(row[i] for i in keep) for row in head_rows]
        if table == "change_log":  # append-only: a revision that fills a new column logs those updates
            kept = kept[: len(rows)]
        assert kept == rows, table
    assert query(db, STALE) == []
    days = query(db, "SELECT start_date, end_date, end_precision, sort_date FROM event ORDER BY id")
    assert [day for *_, day in days] == [
        sort_day(day_or_none(start), day_or_none(end), precision).isoformat()
        for start, end, precision, _ in days
    ]


def day_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def dump_with_columns(db: str) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            result = {}
            for table in inspector.get_table_names():
                names = [column["name"] for column in inspector.get_columns(table)]
                key = inspector.get_pk_constraint(table)["constrained_columns"] or names
                rows = connection.execute(
                    text(f"SELECT {', '.join(names)} FROM {table} ORDER BY {', '.join(key)}")
                )
                result[table] = (names, [tuple(row) for row in rows])
            return result
    finally:
        engine.dispose()


def test_an_autogenerate_that_finds_nothing_writes_no_revision_and_says_so(tmp_path: Path) -> None:
    database = tmp_path / "timeline.db"
    assert run(str(database), "db", "upgrade").exit_code == 0
    versions = ROOT / "alembic" / "versions"
    before = set(versions.iterdir())
    alembic = Path(sys.executable).parent / "alembic"
    result = subprocess.run(
        [str(alembic), "-x", f"db={database}", "revision", "--autogenerate", "-m", "nothing"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    written = set(versions.iterdir()) - before
    for path in written:  # leave the checkout as it was, whatever the outcome
        path.unlink()
    assert result.returncode == 0, result.stderr
    assert not written
    assert "No changes in the models: no revision written." in result.stdout


@pytest.mark.parametrize("how", ["engine", "sqlalchemy.url"])
def test_env_takes_an_engine_or_alembic_ini_s_url_as_standard_tools_pass_them(
    tmp_path: Path, how: str
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    database = tmp_path / "timeline.db"
    cfg = Config(str(ROOT / "alembic.ini"))
    engine = create_engine(f"sqlite:///{database}")
    if how == "engine":
        cfg.attributes["connection"] = engine
    else:
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{database}")
    try:
        command.upgrade(cfg, "head")
    finally:
        engine.dispose()
    result = run(str(database), "db", "check")
    assert result.exit_code == 0, result.stderr
