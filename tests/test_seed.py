"""Seeding the first document: every fact the brief lists is in the database, with evidence, by plain SQL."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, dump, query, run
from timeline.models import FACT_COLUMNS

DOCUMENT = SEEDS / "sahel-bloc-heads-to-moscow.txt"
ANNOTATION = SEEDS / "sahel-bloc-heads-to-moscow.yaml"


def test_bundled_document_is_the_shared_one_byte_for_byte() -> None:
    import hashlib

    digest = hashlib.sha256(DOCUMENT.read_bytes()).hexdigest()
    assert digest == "8935c35e018fbbc192564bc5a276a46b0ab3cba9d074e7d9466a1893c546e0cb"


def test_aes_has_its_three_founding_members_since_2023(seeded: str) -> None:
    rows = query(
        seeded,
        """SELECT member.name, m.role, m.start_date, m.start_precision, m.end_date, m.date_text
           FROM membership m
           JOIN actor bloc ON bloc.id = m.organization_id
           JOIN actor member ON member.id = m.member_id
           WHERE bloc.slug = 'aes' ORDER BY member.name""",
    )
    assert rows == [
        ("Burkina Faso", "founding_member", "2023-01-01", "year", None, "in 2023"),
        ("Mali", "founding_member", "2023-01-01", "year", None, "in 2023"),
        ("Niger", "founding_member", "2023-01-01", "year", None, "in 2023"),
    ]
    aliases = {
        row[0]
        for row in query(
            seeded, "SELECT alias FROM actor_alias JOIN actor ON actor.id = actor_id WHERE slug = 'aes'"
        )
    }
    assert {"AES", "Sahel bloc", "AES bloc", "Confederation of Sahel States"} <= aliases


def test_lavrov_is_russias_foreign_minister(seeded: str) -> None:
    rows = query(
        seeded,
        """SELECT holder.name, post.label, state.name
           FROM post_holding h JOIN post ON post.id = h.post_id
           JOIN actor holder ON holder.id = h.holder_id
           JOIN actor state ON state.id = post.organization_id
           WHERE holder.slug = 'sergei-lavrov'""",
    )
    assert rows == [("Sergei Lavrov", "Foreign Minister of Russia", "Russia")]


def test_three_foreign_ministers_are_known_only_by_post(seeded: str) -> None:
    rows = query(
        seeded,
        """SELECT person.description, state.slug
           FROM actor person
           JOIN post_holding h ON h.holder_id = person.id
           JOIN post ON post.id = h.post_id
           JOIN actor state ON state.id = post.organization_id
           WHERE person.kind = 'person' AND person.name IS NULL ORDER BY state.slug""",
    )
    assert rows == [
        ("Foreign Minister of Burkina Faso", "burkina-faso"),
        ("Foreign Minister of Mali", "mali"),
        ("Foreign Minister of Niger", "niger"),
    ]


def test_one_announced_meeting_in_moscow_with_the_four_ministers_in_their_roles(seeded: str) -> None:
    meetings = query(
        seeded,
        """SELECT e.slug, e.start_date, e.end_date, e.start_precision, e.date_certainty, e.date_text, e.status,
                  e.category, p.name, s.name, m.session_number
           FROM event e JOIN meeting m ON m.event_id = e.id
           JOIN place p ON p.id = e.place_id
           JOIN meeting_series s ON s.id = m.series_id""",
    )
    assert meetings == [
        (
            "aes-russia-consultations-1", "2025-04-03", "2025-04-04", "day", "inferred",
            "April 3 and 4", "announced", "CONSULT", "Moscow", "AES-Russia consultations", 1,
        )
    ]  # fmt: skip
    participants = query(
        seeded,
        """SELECT a.slug, ep.role FROM event_participant ep
           JOIN actor a ON a.id = ep.actor_id JOIN event e ON e.id = ep.event_id
           WHERE e.slug = 'aes-russia-consultations-1' AND a.kind = 'person' ORDER BY a.slug, ep.role""",
    )
    assert participants == [
        ("burkina-faso-foreign-minister", "visitor"),
        ("mali-foreign-minister", "visitor"),
        ("niger-foreign-minister", "visitor"),
        ("sergei-lavrov", "host"),
        ("sergei-lavrov", "inviter"),
    ]
    topics = {row[0] for row in query(seeded, "SELECT topic FROM event_topic")}
    assert topics == {"defence", "security", "economic development", "diplomacy"}


def test_one_joint_statement_by_the_three_governments_reported_by_reuters_with_the_quote(seeded: str) -> None:
    statements = query(
        seeded,
        """SELECT e.slug, e.start_date, e.end_date, s.statement_kind, concerned.slug
           FROM statement s JOIN event e ON e.id = s.event_id
           JOIN event concerned ON concerned.id = s.concerns_event_id""",
    )
    assert statements == [
        (
            "aes-joint-statement-2025-04-01",
            "2025-04-01",
            "2025-04-01",
            "joint_statement",
            "aes-russia-consultations-1",
        )
    ]
    roles = query(
        seeded,
        """SELECT a.slug, ep.role FROM event_participant ep JOIN actor a ON a.id = ep.actor_id
           JOIN event e ON e.id = ep.event_id WHERE e.kind = 'statement' ORDER BY ep.role, a.slug""",
    )
    assert roles == [
        ("burkina-faso", "issuer"),
        ("mali", "issuer"),
        ("niger", "issuer"),
        ("reuters", "reporter"),
    ]
    quotes = query(seeded, "SELECT text FROM quote")
    assert quotes == [
        (
            "This Moscow meeting represents an important step in establishing strategic, pragmatic, dynamic and "
            "supportive cooperation and partnership relations in areas of common interest between the AES and Russia",
        )
    ]


def test_background_events_and_relations_are_recorded(seeded: str) -> None:
    events = dict(query(seeded, "SELECT slug, kind FROM event"))
    assert events == {
        "aes-russia-consultations-1": "meeting",
        "aes-joint-statement-2025-04-01": "statement",
        "aes-founding": "founding",
        "western-forces-withdrawal": "withdrawal",
        "sahel-coups": "coup",
        "sahel-jihadist-insurgency": "conflict",
        "russia-expansion-in-africa": "cooperation",
    }
    insurgency = query(
        seeded,
        "SELECT start_date, end_date, end_precision, date_certainty, date_text FROM event WHERE slug = 'sahel-jihadist-insurgency'",
    )
    assert insurgency == [(None, "2015-12-31", "year", "approximate", "more than a decade ago")]
    relations = set(
        query(
            seeded,
            """SELECT s.slug, r.kind, o.slug FROM actor_relation r
               JOIN actor s ON s.id = r.subject_id JOIN actor o ON o.id = r.object_id""",
        )
    )
    assert relations == {
        ("mali", "distancing", "western-powers"),
        ("burkina-faso", "distancing", "western-powers"),
        ("niger", "distancing", "western-powers"),
        ("aes", "realignment", "russia"),
        ("aes", "partnership", "russia"),
        ("aes", "criticism", "western-powers"),
        ("western-powers", "criticism", "russia"),
    }
    kinds = dict(query(seeded, "SELECT slug, kind FROM actor WHERE kind IN ('group', 'organization')"))
    assert kinds == {"western-powers": "group", "reuters": "organization", "jihadist-insurgents": "group"}


def test_source_is_stored_verbatim_with_metadata(seeded: str) -> None:
    rows = query(
        seeded,
        "SELECT slug, title, wire_service, language, published_date, published_precision, published_certainty, sha256, text FROM source",
    )
    assert len(rows) == 1
    slug, title, wire, language, published, precision, certainty, sha, body = rows[0]
    assert (slug, title, wire, language) == (
        "sahel-bloc-heads-to-moscow",
        "Sahel bloc Heads to Moscow For Talks",
        "Reuters",
        "en",
    )
    assert (published, precision, certainty) == ("2025-04-02", "day", "inferred")
    assert sha == "8935c35e018fbbc192564bc5a276a46b0ab3cba9d074e7d9466a1893c546e0cb"
    assert body == DOCUMENT.read_bytes().decode("utf-8")


def test_every_fact_row_has_evidence_whose_offsets_slice_the_document_to_the_quoted_words(
    seeded: str,
) -> None:
    for table in FACT_COLUMNS:
        missing = query(
            seeded,
            f"SELECT id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.{table}_id = t.id)",
        )
        assert missing == [], f"{table} rows without evidence: {missing}"
    document = DOCUMENT.read_bytes().decode("utf-8")
    rows = query(
        seeded,
        """SELECT e.char_start, e.char_end, e.text,
                  substr(s.text, e.char_start + 1, e.char_end - e.char_start)
           FROM evidence e JOIN source s ON s.id = e.source_id""",
    )
    assert len(rows) > 60
    for start, end, words, sliced in rows:
        assert document[start:end] == words == sliced


def test_seeding_twice_changes_nothing(seeded: str) -> None:
    before = dump(seeded)
    result = run(seeded, "seed")
    assert result.exit_code == 0
    assert "added 0 row(s)" in result.stderr and "changed 0" in result.stderr
    assert dump(seeded) == before


def test_dry_run_reports_but_writes_nothing(db: str) -> None:
    before = dump(db)
    result = run(db, "seed", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "would add 180 row(s)" in result.stderr
    assert "dry run: nothing was written" in result.stderr
    assert dump(db) == before


def test_seed_accepts_the_document_the_annotation_or_the_folder(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    for target in (folder / DOCUMENT.name, folder / ANNOTATION.name, folder):
        result = run(db, "seed", str(target))
        assert result.exit_code == 0, result.stderr
    assert query(db, "SELECT count(*) FROM source") == [(1,)]


@pytest.mark.parametrize("words", ["Tuesday", "April 3 and 4", "in 2023", "more than a decade ago"])
def test_the_documents_relative_dates_keep_their_words(seeded: str, words: str) -> None:
    found = query(
        seeded,
        "SELECT count(*) FROM event WHERE date_text = :words",
        words=words,
    ) + query(seeded, "SELECT count(*) FROM membership WHERE date_text = :words", words=words)
    assert sum(count for (count,) in found) >= 1
