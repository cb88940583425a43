"""A later document adds to what an earlier one created: names an official, holds a meeting, sharpens a date."""

from pathlib import Path

import pytest

from tests.conftest import dump, query, run

LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"


@pytest.fixture
def updated(seeded: str) -> str:
    result = run(seeded, "seed", str(LATER))
    assert result.exit_code == 0, result.stderr
    return seeded


def test_officials_known_by_post_get_their_names_without_re_entry(updated: str) -> None:
    names = dict(query(updated, "SELECT slug, name FROM actor WHERE kind = 'person'"))
    assert names == {
        "mali-foreign-minister": "Abdoulaye Diop",
        "burkina-faso-foreign-minister": "Karamoko Jean-Marie Traoré",
        "niger-foreign-minister": "Bakary Yaou Sangaré",
        "sergei-lavrov": "Sergei Lavrov",
    }
    # The first document's facts now show the name: the meeting's visitors are the same rows.
    visitors = query(
        updated,
        """SELECT a.name FROM event_participant ep JOIN actor a ON a.id = ep.actor_id
           WHERE ep.role = 'visitor' ORDER BY a.name""",
    )
    assert visitors == [("Abdoulaye Diop",), ("Bakary Yaou Sangaré",), ("Karamoko Jean-Marie Traoré",)]
    aliases = {
        row[0]
        for row in query(
            updated,
            "SELECT alias FROM actor_alias JOIN actor ON actor.id = actor_id WHERE slug = 'mali-foreign-minister'",
        )
    }
    assert aliases == {"foreign minister of Mali", "Abdoulaye Diop"}


def test_the_announced_meeting_is_held_with_stated_dates_and_both_sources_as_evidence(updated: str) -> None:
    meeting = query(
        updated,
        "SELECT status, start_date, end_date, date_certainty, date_text FROM event WHERE slug = 'aes-russia-consultations-1'",
    )
    assert meeting == [("held", "2025-04-03", "2025-04-04", "stated", "April 3-4, 2025")]
    sources = query(
        updated,
        """SELECT DISTINCT s.slug FROM evidence e JOIN source s ON s.id = e.source_id
           JOIN event ev ON ev.id = e.event_id WHERE ev.slug = 'aes-russia-consultations-1' ORDER BY s.slug""",
    )
    assert sources == [("aes-ministers-in-moscow",), ("sahel-bloc-heads-to-moscow",)]
    host_evidence = query(
        updated,
        """SELECT count(*) FROM evidence e JOIN event_participant ep ON ep.id = e.event_participant_id
           JOIN actor a ON a.id = ep.actor_id WHERE a.slug = 'sergei-lavrov' AND ep.role = 'host'""",
    )
    assert host_evidence == [(2,)]
    topics = {row[0] for row in query(updated, "SELECT topic FROM event_topic")}
    assert "trade" in topics


def test_reseeding_the_older_document_does_not_undo_the_newer_one(updated: str) -> None:
    before = dump(updated)
    result = run(updated, "seed")
    assert result.exit_code == 0, result.stderr
    assert "added 0 row(s)" in result.stderr and "changed 0" in result.stderr
    assert dump(updated) == before


def test_seeding_both_together_applies_them_oldest_first(db: str) -> None:
    result = run(db, "seed", str(LATER), str(Path(__file__).parent.parent / "seeds"))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert "sahel-bloc-heads-to-moscow.yaml" in lines[0] and "aes-ministers-in-moscow.yaml" in lines[1]
    assert query(db, "SELECT status FROM event WHERE slug = 'aes-russia-consultations-1'") == [("held",)]


def test_timeline_shows_the_names_and_the_held_status(updated: str) -> None:
    result = run(updated, "show", "--kind", "meeting", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert '"status": "held"' in result.stdout
    assert '"name": "Abdoulaye Diop", "roles": ["visitor"]' in result.stdout


def test_a_dry_run_lists_every_stored_field_the_later_document_would_change(seeded: str) -> None:
    before = dump(seeded)
    result = run(seeded, "seed", str(LATER), "--dry-run")
    assert result.exit_code == 0, result.stderr
    changes = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert changes == [
        "actor mali-foreign-minister: name (none) → 'Abdoulaye Diop'",
        "actor burkina-faso-foreign-minister: name (none) → 'Karamoko Jean-Marie Traoré'",
        "actor niger-foreign-minister: name (none) → 'Bakary Yaou Sangaré'",
        "event aes-russia-consultations-1: date 2025-04-03–04? → 2025-04-03–04",
        "event aes-russia-consultations-1: status announced → held",
    ]
    assert dump(seeded) == before
