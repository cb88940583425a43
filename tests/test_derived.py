"""event_participant.event_sort_date stays its event's sort_date, whoever writes: timeline or plain SQL."""

from pathlib import Path

from tests.conftest import query, run
from tests.test_changes import execute

LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"
STALE = (
    "SELECT ep.id, ep.event_sort_date, e.sort_date FROM event_participant ep JOIN event e ON e.id = ep.event_id "
    "WHERE ep.event_sort_date IS NULL OR ep.event_sort_date <> e.sort_date"
)


def participations(db: str) -> int:
    return int(query(db, "SELECT count(*) FROM event_participant")[0][0])


def test_seeding_both_documents_keeps_every_copy_true(seeded: str) -> None:
    assert participations(seeded) > 0
    assert query(seeded, STALE) == []
    result = run(seeded, "seed", str(LATER))  # sharpens a date of an event seeded before
    assert result.exit_code == 0, result.stderr
    assert query(seeded, STALE) == []


def test_a_plain_sql_date_change_reaches_the_participations(seeded: str) -> None:
    execute(
        seeded,
        "UPDATE event SET start_date = '1999-02-03', start_precision = 'day' "
        "WHERE slug = 'aes-russia-consultations-1'",
    )
    assert query(seeded, STALE) == []
    days = query(
        seeded,
        "SELECT DISTINCT ep.event_sort_date FROM event_participant ep JOIN event e ON e.id = ep.event_id "
        "WHERE e.slug = 'aes-russia-consultations-1'",
    )
    assert [str(day) for (day,) in days] == ["1999-02-03"]


def test_a_plain_sql_participation_gets_its_events_date(seeded: str) -> None:
    execute(
        seeded,
        "INSERT INTO event_participant (event_id, actor_id, role) SELECT e.id, a.id, 'subject' "
        "FROM event e, actor a WHERE e.slug = 'aes-russia-consultations-1' AND a.slug = 'niger'",
        "UPDATE event_participant SET event_id = (SELECT id FROM event WHERE slug = 'aes-russia-consultations-1') "
        "WHERE id = (SELECT min(id) FROM (SELECT id FROM event_participant WHERE event_id <> "
        "(SELECT id FROM event WHERE slug = 'aes-russia-consultations-1')) moved)",
    )
    assert query(seeded, STALE) == []


def test_a_wrong_copy_written_by_hand_is_not_kept_when_the_event_moves(seeded: str) -> None:
    """A writer may set the copy itself (timeline does); a later date change rewrites it from the event."""
    execute(
        seeded,
        "UPDATE event_participant SET event_sort_date = '1900-01-01' WHERE event_id = "
        "(SELECT id FROM event WHERE slug = 'aes-russia-consultations-1')",
        "UPDATE event SET start_date = '2001-05-06', start_precision = 'day' "
        "WHERE slug = 'aes-russia-consultations-1'",
    )
    assert query(seeded, STALE) == []
