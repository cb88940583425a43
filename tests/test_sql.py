"""`timeline sql` runs analysts' SQL read-only, enforced by the database, and `timeline schema` documents it."""

import json

import pytest

from tests.conftest import dump, run
from timeline.models import Base
from timeline.storage.views import VIEWS


def rows(db: str, *args: str) -> list[dict[str, object]]:
    result = run(db, "sql", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_sql_with_named_parameters_in_every_format(seeded: str) -> None:
    query = "SELECT member, member_name FROM membership_view WHERE bloc = :bloc ORDER BY member"
    assert rows(seeded, query, "-p", "bloc=aes") == [
        {"member": "burkina-faso", "member_name": "Burkina Faso"},
        {"member": "mali", "member_name": "Mali"},
        {"member": "niger", "member_name": "Niger"},
    ]
    result = run(seeded, "sql", query, "-p", "bloc=aes", "--format", "csv")
    assert result.stdout == "member,member_name\nburkina-faso,Burkina Faso\nmali,Mali\nniger,Niger\n"
    result = run(
        seeded, "sql", "SELECT count(*) AS n FROM event WHERE id = :id", "-p", "id=1", "--format", "jsonl"
    )
    assert result.stdout == '{"n": 1}\n'
    table = run(seeded, "sql", query, "-p", "bloc=aes", columns=60).stdout
    assert "member_name" in table and "Burkina Faso" in table


def test_a_query_from_stdin(seeded: str) -> None:
    from click.testing import CliRunner

    from timeline.cli import cli

    result = CliRunner().invoke(
        cli, ["--db", seeded, "sql", "--format", "jsonl"], input="SELECT slug FROM source\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == '{"slug": "sahel-bloc-heads-to-moscow"}\n'


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM actor",
        "UPDATE event SET status = 'cancelled'",
        "INSERT INTO event_topic (event_id, topic) VALUES (1, 'sabotage')",
        "DROP TABLE evidence",
        "CREATE TABLE scratch (id INTEGER)",
        "COMMIT; DELETE FROM actor",
    ],
)
def test_sql_that_would_change_anything_is_refused_and_changes_nothing(seeded: str, statement: str) -> None:
    before = dump(seeded)
    result = run(seeded, "sql", statement)
    assert result.exit_code == 4, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: SQL refused: ")
    assert dump(seeded) == before


def test_bad_sql_and_missing_parameters_are_one_line_errors(seeded: str) -> None:
    result = run(seeded, "sql", "SELEKT 1")
    assert result.exit_code == 4
    assert len(result.stderr.strip().splitlines()) == 1
    result = run(seeded, "sql", "SELECT * FROM actor WHERE slug = :slug")
    assert result.exit_code == 4
    assert "SQL error:" in result.stderr and "slug" in result.stderr
    result = run(seeded, "sql", "SELECT 1", "-p", "no-equals")
    assert result.exit_code == 2
    assert "'no-equals' is not NAME=VALUE" in result.stderr


def test_the_connection_is_usable_for_writes_after_a_read_only_query(seeded: str) -> None:
    assert run(seeded, "sql", "SELECT 1 AS one").exit_code == 0
    later = run(seeded, "seed")
    assert later.exit_code == 0, later.stderr


def test_schema_documents_every_table_view_and_column_from_the_live_database(db: str) -> None:
    result = run(db, "schema", "--format", "json")
    assert result.exit_code == 0, result.stderr
    relations = {relation["name"]: relation for relation in json.loads(result.stdout)}
    assert set(relations) == set(Base.metadata.tables) | set(VIEWS) | {"alembic_version"}
    assert {name for name, relation in relations.items() if relation["kind"] == "view"} == set(VIEWS)
    for name, relation in relations.items():
        assert relation["description"], name
        for column in relation["columns"]:
            assert column["description"], f"{name}.{column['name']}"
    assert relations["evidence"]["description"].startswith("The words of a source each fact rests on")
    markdown = run(db, "schema", "--format", "markdown").stdout
    assert "## `timeline_view` (view)" in markdown
    assert "| `char_start` |" in markdown
    table = run(db, "schema", columns=120).stdout
    assert "membership_view (view)" in table and "Bloc memberships over time" in table
