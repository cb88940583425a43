"""Change tracking: every insert, update and delete, by timeline or by plain SQL, lands in change_log."""

import pytest
from sqlalchemy import text

from tests.conftest import query
from timeline.models import Base
from timeline.storage import changes, migrations
from timeline.storage.config import resolve_url
from timeline.storage.db import make_engine

TRACKED = sorted(set(Base.metadata.tables) - changes.UNTRACKED)


def execute(db: str, *statements: str) -> None:
    """Plain SQL as an analyst would run it, through timeline's engine (foreign keys on, on SQLite too)."""
    engine = make_engine(resolve_url(db))
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def logged(db: str, table: str, operation: str) -> list[int]:
    rows = query(
        db,
        "SELECT row_id FROM change_log WHERE table_name = :table AND operation = :operation ORDER BY row_id",
        table=table,
        operation=operation,
    )
    return sorted({row_id for (row_id,) in rows})


def test_the_newest_tracking_revision_covers_every_table_of_the_models() -> None:
    for revision in migrations.script().walk_revisions():
        schema = getattr(revision.module, "SCHEMA", None)
        if schema is not None:
            assert schema == changes.Schema.of(Base.metadata), (
                f"revision {revision.revision} tracks an older schema"
            )
            return
    pytest.fail("no revision installs change tracking")


def test_every_seeded_row_is_logged_as_inserted(seeded: str) -> None:
    for table in TRACKED:
        primary_key = Base.metadata.tables[table].primary_key.columns.values()[0].name
        ids = [
            row_id for (row_id,) in query(seeded, f"SELECT {primary_key} FROM {table} ORDER BY {primary_key}")
        ]
        assert logged(seeded, table, "insert") == ids, table
    ids = [change_id for (change_id,) in query(seeded, "SELECT id FROM change_log ORDER BY id")]
    assert ids == list(range(1, len(ids) + 1))


def test_plain_sql_updates_and_deletes_are_logged_with_what_cascades(seeded: str) -> None:
    event_id, meeting_place = query(
        seeded, "SELECT id, place_id FROM event WHERE slug = 'aes-russia-consultations-1'"
    )[0]
    participants = [
        row_id
        for (row_id,) in query(
            seeded, f"SELECT id FROM event_participant WHERE event_id = {event_id} ORDER BY id"
        )
    ]
    topics = [
        row_id
        for (row_id,) in query(seeded, f"SELECT id FROM event_topic WHERE event_id = {event_id} ORDER BY id")
    ]
    evidence = [
        row_id
        for (row_id,) in query(
            seeded,
            f"""SELECT id FROM evidence WHERE event_id = {event_id}
                OR event_participant_id IN (SELECT id FROM event_participant WHERE event_id = {event_id})
                OR event_topic_id IN (SELECT id FROM event_topic WHERE event_id = {event_id})""",
        )
    ]
    statement_id = query(seeded, "SELECT event_id FROM statement")[0][0]

    execute(seeded, "UPDATE actor SET description = 'Capital-based bloc' WHERE slug = 'aes'")
    execute(seeded, f"DELETE FROM place WHERE id = {meeting_place}")  # nulls event.place_id
    execute(
        seeded, f"DELETE FROM event WHERE id = {event_id}"
    )  # cascades to its parts, nulls statement.concerns

    aes = query(seeded, "SELECT id FROM actor WHERE slug = 'aes'")[0][0]
    assert logged(seeded, "actor", "update") == [aes]
    assert logged(seeded, "place", "delete") == [meeting_place]
    assert logged(seeded, "event", "delete") == [event_id]
    assert event_id in logged(seeded, "event", "update")  # its place was nulled before it was deleted
    assert logged(seeded, "meeting", "delete") == [event_id]
    assert logged(seeded, "event_participant", "delete") == participants
    assert logged(seeded, "event_topic", "delete") == topics
    assert logged(seeded, "evidence", "delete") == sorted(evidence)
    assert logged(seeded, "statement", "update") == [statement_id]
    assert query(seeded, "SELECT count(*) FROM event_participant WHERE event_id = :id", id=event_id) == [(0,)]


def test_tracking_survives_a_downgrade_and_upgrade_and_backfills_existing_rows(seeded: str) -> None:
    url = resolve_url(seeded)
    tracking = next(r for r in migrations.script().walk_revisions() if getattr(r.module, "SCHEMA", None))
    assert isinstance(tracking.down_revision, str)  # the tracking revision has one parent
    migrations.downgrade(url, tracking.down_revision, force=True)
    migrations.upgrade(url)
    assert logged(seeded, "evidence", "insert") == [
        row_id for (row_id,) in query(seeded, "SELECT id FROM evidence ORDER BY id")
    ]
    execute(seeded, "DELETE FROM quote")
    assert len(logged(seeded, "quote", "delete")) == 1
