"""event.sort_date, the timeline's order, and its copy event_participant.event_sort_date, which stays its event's
sort_date whoever writes: timeline or plain SQL."""

from pathlib import Path

from tests.conftest import query, run
from tests.test_changes import execute
from tests.test_cli import events
from timeline.storage import migrations
from timeline.storage.config import resolve_url

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


# Dates as documents give them: (slug, start, start precision, end, end precision). The events known only
# by their end come after the dated ones, so their ids cannot put them in order.
DATES = (
    ("founding", "2023-06-01", "day", "2023-06-01", "day"),
    ("april-talks", "2023-04-15", "day", "2023-04-15", "day"),
    ("reform", "2012-03-04", "day", "2012-03-04", "day"),
    ("by-2023", None, None, "2023-12-31", "year"),
    ("by-april-2023", None, None, "2023-04-30", "month"),
    ("by-the-2010s", None, None, "2019-12-31", "decade"),
    ("by-may-20", None, None, "2023-05-20", "day"),
    ("by-the-first-decade", None, None, "0009-12-31", "decade"),  # its first year is 1: there is no year 0
    ("undated", None, None, None, None),
)
# Each event sorts on its start, else the first day of its end's precision unit, else 9999-12-31.
SORTED = [
    ("by-the-first-decade", "0001-01-01"),
    ("by-the-2010s", "2010-01-01"),
    ("reform", "2012-03-04"),
    ("by-2023", "2023-01-01"),
    ("by-april-2023", "2023-04-01"),
    ("april-talks", "2023-04-15"),
    ("by-may-20", "2023-05-20"),
    ("founding", "2023-06-01"),
    ("undated", "9999-12-31"),
]
# Before revision 9e8569991fa5: the start, else the end itself.
SORTED_BEFORE = [
    ("by-the-first-decade", "0009-12-31"),
    ("reform", "2012-03-04"),
    ("by-the-2010s", "2019-12-31"),
    ("april-talks", "2023-04-15"),
    ("by-april-2023", "2023-04-30"),
    ("by-may-20", "2023-05-20"),
    ("founding", "2023-06-01"),
    ("by-2023", "2023-12-31"),
    ("undated", "9999-12-31"),
]
TIMELINE = "SELECT slug, sort_date FROM event ORDER BY sort_date, id"
ACTORS_TIMELINE = (
    "SELECT e.slug, ep.event_sort_date FROM event_participant ep JOIN event e ON e.id = ep.event_id "
    "WHERE ep.actor_id = (SELECT id FROM actor WHERE slug = 'mali') ORDER BY ep.event_sort_date, ep.event_id"
)


def literal(value: str | None) -> str:
    return "NULL" if value is None else f"'{value}'"


def insert_dated_events(db: str) -> None:
    """The events of DATES, each with Mali taking part, by plain SQL."""
    execute(
        db,
        "INSERT INTO actor (slug, kind, name) VALUES ('mali', 'state', 'Mali')",
        *(
            "INSERT INTO event (slug, kind, title, status, start_date, start_precision, end_date, end_precision) "
            f"VALUES ('{slug}', 'meeting', '{slug}', 'held', {', '.join(map(literal, dates))})"
            for slug, *dates in DATES
        ),
        "INSERT INTO event_participant (event_id, actor_id, role) "
        "SELECT e.id, a.id, 'participant' FROM event e, actor a",
    )


def test_an_event_known_only_by_its_end_sorts_on_the_first_day_of_its_ends_unit(db: str) -> None:
    """ "By 2023" sorts with 2023's start, before what happened during 2023; so do a month and a decade,
    for everyone and in an actor's copy alike."""
    insert_dated_events(db)
    assert query(db, TIMELINE) == SORTED
    assert query(db, ACTORS_TIMELINE) == SORTED
    assert query(db, STALE) == []
    assert events(db) == [slug for slug, _ in SORTED]
    assert events(db, "--actor", "mali") == [slug for slug, _ in SORTED]


def test_a_sharper_end_precision_alone_moves_the_event_and_its_copies(db: str) -> None:
    insert_dated_events(db)
    execute(db, "UPDATE event SET end_precision = 'month' WHERE slug = 'by-2023'")  # by December 2023
    assert query(db, "SELECT sort_date FROM event WHERE slug = 'by-2023'") == [("2023-12-01",)]
    assert query(db, STALE) == []
    execute(db, "UPDATE event SET end_date = '2020-12-31', end_precision = 'decade' WHERE slug = 'by-2023'")
    assert query(db, "SELECT sort_date FROM event WHERE slug = 'by-2023'") == [("2020-01-01",)]
    assert query(db, STALE) == []


def test_downgrading_brings_back_the_end_as_sort_date_and_upgrading_recomputes_it(db: str) -> None:
    insert_dated_events(db)
    url = resolve_url(db)
    migrations.downgrade(url, "39c933177737")
    assert query(db, TIMELINE) == SORTED_BEFORE
    assert query(db, ACTORS_TIMELINE) == SORTED_BEFORE
    # The triggers of that revision keep the copies of its expression true.
    execute(db, "UPDATE event SET end_date = '2024-12-31' WHERE slug = 'by-2023'")
    assert query(db, "SELECT sort_date FROM event WHERE slug = 'by-2023'") == [("2024-12-31",)]
    assert query(db, STALE) == []
    execute(db, "UPDATE event SET end_date = '2023-12-31' WHERE slug = 'by-2023'")
    migrations.upgrade(url)  # a database holding such events: the column and every copy are recomputed
    assert query(db, TIMELINE) == SORTED
    assert query(db, ACTORS_TIMELINE) == SORTED
    assert query(db, STALE) == []
