"""event_participant.event_sort_date stays its event's sort_date, whoever writes: timeline or plain SQL."""

from pathlib import Path

from tests.conftest import query, run
from tests.test_changes import execute
from tests.test_cli import events
from timeline import migrations
from timeline.config import resolve_url

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
    execute(
        seeded,
        "UPDATE event_participant SET event_sort_date = '1900-01-01' WHERE event_id = "
        "(SELECT id FROM event WHERE slug = 'aes-russia-consultations-1')",
        "UPDATE event SET start_date = '2001-05-06', start_precision = 'day' "
        "WHERE slug = 'aes-russia-consultations-1'",
    )
    assert query(seeded, STALE) == []


def test_a_wrong_copy_is_corrected_whoever_writes_it_and_an_actors_page_stays_true(seeded: str) -> None:
    """The copy is the database's: a plain UPDATE or INSERT that sets it wrongly gets the event's date."""
    timeline, first_page = (
        events(seeded, "--actor", "mali"),
        events(seeded, "--actor", "mali", "--limit", "2"),
    )
    assert len(timeline) > 2
    execute(
        seeded,
        "UPDATE event_participant SET event_sort_date = '2999-01-01' WHERE event_id = "
        "(SELECT id FROM event WHERE slug = 'aes-founding')",
        "UPDATE event_participant SET event_sort_date = NULL WHERE event_id = "
        "(SELECT id FROM event WHERE slug = 'aes-russia-consultations-1')",
        "INSERT INTO event_participant (event_id, actor_id, role, event_sort_date) SELECT e.id, a.id, "
        "'subject', '1000-01-01' FROM event e, actor a WHERE e.slug = 'aes-founding' AND a.slug = 'russia'",
    )
    assert query(seeded, STALE) == []
    assert events(seeded, "--actor", "mali") == timeline
    assert events(seeded, "--actor", "mali", "--limit", "2") == first_page
    assert "aes-founding" in events(seeded, "--actor", "russia")


def test_upgrading_corrects_a_wrong_copy_the_first_triggers_kept(seeded: str) -> None:
    url = resolve_url(seeded)
    migrations.downgrade(url, "27da04f3384f")  # version 1 of the triggers: a copy a writer gives is kept
    execute(seeded, "UPDATE event_participant SET event_sort_date = '2999-01-01' WHERE role = 'host'")
    assert len(query(seeded, STALE)) == 1
    migrations.upgrade(url)
    assert query(seeded, STALE) == []
