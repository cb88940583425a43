"""The documented views answer analysts' questions in plain SQL, on every backend and in their own tools."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from tests.backends import Backend
from tests.conftest import query
from timeline.models import FACT_COLUMNS
from timeline.storage.config import resolve_url
from timeline.storage.views import VIEWS

MEMBERS_AS_OF = """
SELECT member_name, role, date_text FROM membership_view
WHERE bloc = 'aes'
  AND (start_date IS NULL OR start_date <= '2025-04-01')
  AND (end_date IS NULL OR end_date >= '2025-04-01')
ORDER BY member_name
"""

LAVROV_WITH_EVIDENCE = """
SELECT p.event, p.role, e.quote FROM participant_view p
JOIN evidence_view e ON e.fact_table = 'event_participant' AND e.fact_id = p.event_participant_id
WHERE p.actor = 'sergei-lavrov'
ORDER BY p.event, p.role
"""

MEMBERS = [
    ("Burkina Faso", "founding_member", "in 2023"),
    ("Mali", "founding_member", "in 2023"),
    ("Niger", "founding_member", "in 2023"),
]
LAVROV = [
    (
        "aes-russia-consultations-1",
        "host",
        "the ministers are scheduled to meet Russian Foreign Minister Sergei Lavrov during their visit",
    ),
    ("aes-russia-consultations-1", "inviter", "following his formal invitation"),
]


def test_every_documented_view_exists_with_exactly_its_documented_columns(db: str) -> None:
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            assert sorted(inspector.get_view_names()) == sorted(VIEWS)
            for name, (_, columns) in VIEWS.items():
                assert [column["name"] for column in inspector.get_columns(name)] == list(columns), name
    finally:
        engine.dispose()


def test_members_of_the_aes_as_of_a_day(seeded: str) -> None:
    assert query(seeded, MEMBERS_AS_OF) == MEMBERS


def test_everything_lavrov_took_part_in_with_the_quoted_evidence(seeded: str) -> None:
    assert query(seeded, LAVROV_WITH_EVIDENCE) == LAVROV


def test_the_flat_timeline_lists_actors_and_sources_in_order(seeded: str) -> None:
    rows = query(
        seeded,
        "SELECT actors, sources, place, series, session_number FROM timeline_view WHERE event = 'aes-russia-consultations-1'",
    )
    assert rows == [
        (
            "Foreign Minister of Mali (visitor); Foreign Minister of Burkina Faso (visitor); Foreign Minister of Niger (visitor); "
            "Sergei Lavrov (host); Sergei Lavrov (inviter); Confederation of Sahel States (party); Russia (party)",
            "sahel-bloc-heads-to-moscow",
            "Moscow",
            "AES-Russia consultations",
            1,
        )
    ]


def test_statements_with_issuers_and_quotes(seeded: str) -> None:
    rows = query(seeded, "SELECT statement, issuers, reported_by, concerns, quote FROM statement_view")
    assert len(rows) == 1
    assert rows[0][:4] == (
        "aes-joint-statement-2025-04-01",
        "Mali; Burkina Faso; Niger",
        "Reuters",
        "aes-russia-consultations-1",
    )
    assert rows[0][4].startswith("This Moscow meeting represents")


def test_evidence_view_slices_the_source_text(seeded: str) -> None:
    rows = query(
        seeded,
        """SELECT e.quote, substr(s.text, e.char_start + 1, e.char_end - e.char_start)
           FROM evidence_view e JOIN source s ON s.slug = e.source""",
    )
    assert len(rows) == 70 and all(quote == sliced for quote, sliced in rows)
    tables = {table for (table,) in query(seeded, "SELECT DISTINCT fact_table FROM evidence_view")}
    assert tables == set(FACT_COLUMNS)  # every kind of fact the seed states has its evidence


def command_line(backend: Backend, db: str, sql: str) -> list[list[str]]:
    """Run ``sql`` with the backend's own command-line client, as an analyst would; rows of text cells."""
    if backend.name == "sqlite":
        argv = ["sqlite3", "-batch", "-separator", "\t", db, sql]
    elif backend.name == "postgresql":
        url = make_url(db)
        argv = [
            "psql",
            "-X",
            "-A",
            "-t",
            "-F",
            "\t",
            "-h",
            str(url.host),
            "-p",
            str(url.port or 5432),
            "-U",
            str(url.username),
            "-d",
            str(url.database),
            "-c",
            sql,
        ]
    else:
        url = make_url(db)
        argv = [
            "mysql",
            "-B",
            "-N",
            "-h",
            str(url.host),
            "-P",
            str(url.port or 3306),
            "-u",
            str(url.username),
            str(url.database),
            "-e",
            sql,
        ]
    if shutil.which(argv[0]) is None:
        pytest.skip(f"{argv[0]} is not installed")
    result = subprocess.run(argv, capture_output=True, text=True, check=True)
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_the_views_answer_in_each_backends_own_command_line_client(backend: Backend, seeded: str) -> None:
    assert command_line(backend, seeded, MEMBERS_AS_OF) == [list(row) for row in MEMBERS]
    assert command_line(backend, seeded, LAVROV_WITH_EVIDENCE) == [list(row) for row in LAVROV]


def test_datasette_answers_from_the_views(backend: Backend, seeded: str) -> None:
    if backend.name != "sqlite":
        pytest.skip("Datasette opens SQLite files")
    datasette = Path(sys.executable).with_name("datasette")
    if not datasette.exists():
        pytest.skip("datasette is not installed")
    name = Path(seeded).stem
    for sql, expected in ((MEMBERS_AS_OF, MEMBERS), (LAVROV_WITH_EVIDENCE, LAVROV)):
        result = subprocess.run(
            [
                str(datasette),
                seeded,
                "--get",
                f"/{name}.json?_shape=arrays&sql=" + quote(" ".join(sql.split())),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert [tuple(row) for row in json.loads(result.stdout)["rows"]] == expected
