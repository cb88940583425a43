"""`timeline relations`: each table on a real database, its filters, and how people see it at any width.

Besides the bundled document, a second one records Chad joining and leaving the AES, and meetings and
statements before, during and after its membership, so pairs have several meetings and a bloc's members
count only while they were members.
"""

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run

LATER = """\
Chad joined the AES on 1 February 2024 and left it on 1 March 2025.
Chad and Russia met in N'Djamena on 10 June 2024.
Chad and Russia met again on 2 April 2025.
Russia and Chad held a third meeting in 2022.
Chad issued a statement on 11 June 2024: "Our partnership with Russia deepens".
Chad and Niger released a joint statement on 3 April 2025.
"""

LATER_ANNOTATION = """\
source: {slug: chad-report, title: "Chad and the AES", published: 2025-06-01}
actors:
  - {slug: chad, kind: state, name: Chad, evidence: Chad joined the AES}
memberships:
  - member: chad
    of: aes
    role: member
    since: 1 February 2024
    until: 1 March 2025
    evidence: "Chad joined the AES on 1 February 2024 and left it on 1 March 2025"
events:
  - slug: chad-russia-2024
    kind: meeting
    title: Chad and Russia meet in N'Djamena
    when: 10 June 2024
    status: held
    evidence: "Chad and Russia met in N'Djamena on 10 June 2024"
    participants:
      - {actor: chad, role: host, evidence: "Chad and Russia met in N'Djamena"}
      - {actor: russia, role: visitor, evidence: "Chad and Russia met in N'Djamena"}
  - slug: chad-russia-2025
    kind: meeting
    title: Chad and Russia meet again
    when: 2 April 2025
    status: held
    evidence: "Chad and Russia met again on 2 April 2025"
    participants:
      - {actors: [chad, russia], role: participant, evidence: "Chad and Russia met again"}
  - slug: chad-russia-2022
    kind: meeting
    title: Russia and Chad meet
    when: in 2022
    status: held
    evidence: "Russia and Chad held a third meeting in 2022"
    participants:
      - {actors: [russia, chad], role: participant, evidence: "Russia and Chad held a third meeting"}
  - slug: chad-statement-2024
    kind: statement
    statement_kind: statement
    title: Chad on its partnership with Russia
    when: 11 June 2024
    status: held
    evidence: "Chad issued a statement on 11 June 2024"
    participants:
      - {actor: chad, role: issuer, evidence: "Chad issued a statement"}
    quotes:
      - text: Our partnership with Russia deepens
  - slug: chad-niger-statement-2025
    kind: statement
    statement_kind: joint_statement
    title: Joint statement of Chad and Niger
    when: 3 April 2025
    status: held
    evidence: "Chad and Niger released a joint statement on 3 April 2025"
    participants:
      - {actors: [chad, niger], role: issuer, evidence: "Chad and Niger released a joint statement"}
"""


@pytest.fixture
def later(seeded: str, tmp_path: Path) -> str:
    """The bundled document, then the one about Chad."""
    (tmp_path / "chad-report.txt").write_text(LATER, encoding="utf-8")
    (tmp_path / "chad-report.yaml").write_text(LATER_ANNOTATION, encoding="utf-8")
    result = run(seeded, "seed", str(tmp_path / "chad-report.yaml"))
    assert result.exit_code == 0, result.stderr
    return seeded


def rows(db: str, *args: str) -> list[dict[str, Any]]:
    result = run(db, "relations", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_pairs_count_meetings_together_with_the_first_and_last_day(later: str) -> None:
    pairs = {(row["actor"], row["other"]): row for row in rows(later, "pairs")}
    chad = pairs[("chad", "russia")]
    assert (chad["meetings"], chad["first_date"], chad["first_precision"]) == (3, "2022-01-01", "year")
    assert (chad["last_date"], chad["last_precision"], chad["last_certainty"]) == (
        "2025-04-02",
        "day",
        "stated",
    )
    # One row per unordered pair, under the earlier slug; every pair of the Moscow meeting once.
    assert ("russia", "chad") not in pairs
    assert pairs[("aes", "russia")]["meetings"] == 1
    assert pairs[("mali-foreign-minister", "sergei-lavrov")]["first_date"] == "2025-04-03"
    assert len(pairs) == 15 + 1  # six participants of the Moscow meeting, and Chad with Russia
    assert list(pairs) == sorted(pairs)


def test_pairs_of_one_actor_list_its_partners_most_meetings_first(later: str) -> None:
    partners = [(row["other"], row["meetings"]) for row in rows(later, "pairs", "--actor", "Russia")]
    assert partners == [
        ("chad", 3),
        ("aes", 1),
        ("burkina-faso-foreign-minister", 1),
        ("mali-foreign-minister", 1),
        ("niger-foreign-minister", 1),
        ("sergei-lavrov", 1),
    ]
    assert {row["actor"] for row in rows(later, "pairs", "--actor", "Russia")} == {"russia"}


def test_pairs_count_only_the_meetings_in_range(later: str) -> None:
    chad = [row for row in rows(later, "pairs", "--actor", "chad", "--from", "2024", "--to", "2024-12")]
    assert [(row["other"], row["meetings"], row["first_date"], row["last_date"]) for row in chad] == [
        ("russia", 1, "2024-06-10", "2024-06-10")
    ]


def test_bloc_counts_members_only_while_they_were_members(later: str) -> None:
    meetings = [row["meeting"] for row in rows(later, "meetings", "--bloc", "AES")]
    assert meetings == ["chad-russia-2024", "aes-russia-consultations-1"]  # not Chad's meetings of 2022, 2025
    any_time = [row["meeting"] for row in rows(later, "meetings", "--bloc", "AES", "--any-time")]
    assert any_time == [
        "chad-russia-2022",
        "chad-russia-2024",
        "chad-russia-2025",
        "aes-russia-consultations-1",
    ]
    statements = [row["statement"] for row in rows(later, "statements", "--bloc", "aes")]
    # Chad and Niger's statement of 3 April 2025 counts through Niger, a member then; Chad's own of 2024
    # through Chad, a member then.
    assert statements == [
        "chad-statement-2024",
        "aes-joint-statement-2025-04-01",
        "chad-niger-statement-2025",
    ]
    pairs = rows(later, "pairs", "--bloc", "aes", "--actor", "chad")
    assert [(row["other"], row["meetings"]) for row in pairs] == [("russia", 1)]


def test_bloc_changes_in_order_of_their_day(later: str) -> None:
    changes = [
        (row["date"], row["member"], row["change"], row["role"]) for row in rows(later, "bloc-changes")
    ]
    assert changes == [
        ("2023-01-01", "burkina-faso", "joined", "founding_member"),
        ("2023-01-01", "mali", "joined", "founding_member"),
        ("2023-01-01", "niger", "joined", "founding_member"),
        ("2024-02-01", "chad", "joined", "member"),
        ("2025-03-01", "chad", "left", "member"),
    ]
    people = run(later, "relations", "bloc-changes", columns=200).stdout
    assert re.search(r"2023 +Confederation of Sahel States +Mali +founding member", people)
    assert re.search(r"2025-03-01 +Confederation of Sahel States +Chad +left", people)
    assert [row["member"] for row in rows(later, "bloc-changes", "--from", "2024")] == ["chad", "chad"]


def test_one_row_per_statement_with_its_issuers(later: str) -> None:
    statements = rows(later, "statements")
    assert [(s["statement"], s["issuers"], s["reported_by"], s["concerns"]) for s in statements] == [
        ("chad-statement-2024", ["chad"], [], None),
        ("aes-joint-statement-2025-04-01", ["mali", "burkina-faso", "niger"], ["reuters"],
         "aes-russia-consultations-1"),
        ("chad-niger-statement-2025", ["chad", "niger"], [], None),
    ]  # fmt: skip
    assert statements[0]["quotes"] == ["Our partnership with Russia deepens"]
    assert statements[0]["statement_kind"] == "statement"
    assert [s["statement"] for s in rows(later, "statements", "--actor", "Reuters")] == [
        "aes-joint-statement-2025-04-01"
    ]
    people = run(later, "relations", "statements", columns=200).stdout
    assert people.count("Joint statement of Mali, Burkina Faso and Niger") == 1
    assert "reported by Reuters" in people


def test_as_of_a_day_lists_the_meetings_whose_span_contains_it(later: str) -> None:
    assert [row["meeting"] for row in rows(later, "meetings", "--as-of", "2025-04-04")] == [
        "aes-russia-consultations-1"
    ]
    assert [row["meeting"] for row in rows(later, "meetings", "--as-of", "2022-07-01")] == [
        "chad-russia-2022"
    ]
    assert rows(later, "meetings", "--as-of", "2025-04-05") == []
    statements = rows(later, "statements", "--as-of", "2024-06-11")
    assert [row["statement"] for row in statements] == ["chad-statement-2024"]


def test_meetings_one_row_each_with_participants_by_role(later: str) -> None:
    meetings = rows(later, "meetings")
    moscow = next(row for row in meetings if row["meeting"] == "aes-russia-consultations-1")
    assert (moscow["place"], moscow["series"], moscow["session"]) == ("Moscow", "AES-Russia consultations", 1)
    assert moscow["participants"][3] == {
        "actor": "sergei-lavrov",
        "name": "Sergei Lavrov",
        "roles": ["host", "inviter"],
    }
    assert [row["meeting"] for row in meetings] == [
        "chad-russia-2022", "chad-russia-2024", "chad-russia-2025", "aes-russia-consultations-1",
    ]  # fmt: skip
    people = run(later, "relations", "meetings", columns=120).stdout
    assert "host: Sergei Lavrov" in people
    assert "inviter: Sergei Lavrov" in people
    assert "session 1 of AES-Russia consultations" in people
    as_csv = list(csv.DictReader(io.StringIO(run(later, "relations", "meetings", "--format", "csv").stdout)))
    assert len(as_csv) == 4
    assert "sergei-lavrov (host, inviter)" in as_csv[3]["participants"]


def test_empty_tables_say_why(later: str) -> None:
    result = run(later, "relations", "memberships", "--as-of", "2020-01-01", columns=200)
    assert result.exit_code == 0, result.stderr
    assert (
        "No membership may hold on 2020-01-01. Memberships with a known span hold from its first to its "
        "last day; `timeline relations bloc-changes` shows when each starts and ends." in result.stdout
    )
    result = run(later, "relations", "meetings", "--as-of", "2021-01-01", columns=200)
    assert "No meeting's span contains 2021-01-01." in result.stdout
    assert "No relations match." in run(later, "relations", "relations", "--actor", "chad").stdout


def test_empty_database_says_how_to_fill_it(db: str) -> None:
    result = run(db, "relations", "pairs")
    assert result.exit_code == 0, result.stderr
    assert "No pairs yet: `timeline seed` loads a document." in result.stdout


def test_bad_filters_are_one_line_errors(later: str) -> None:
    for table in ("memberships", "posts", "meetings", "pairs", "statements", "relations", "bloc-changes"):
        result = run(later, "relations", table, "--actor", "Atlantis")
        assert result.exit_code == 5, table
        assert result.stderr.strip().splitlines() == [
            "Error: unknown actor 'Atlantis'; `timeline actors --text PART` lists the actors whose slug or names contain PART"
        ]
    result = run(later, "relations", "meetings", "--bloc", "Chadd")
    assert result.exit_code == 5
    assert result.stderr.strip() == "Error: unknown actor 'Chadd'; did you mean 'Chad'?"
    result = run(later, "relations", "bloc-changes", "--as-of", "2025-01-01")
    assert result.exit_code == 2
    assert "--as-of applies to memberships, posts, meetings, statements, relations, not bloc-changes" in (
        result.stderr
    )
    result = run(later, "relations", "pairs", "--from", "2025", "--to", "2024")
    assert result.exit_code == 2
    assert "--from is after --to" in result.stderr
    result = run(later, "relations", "meetings", "--any-time")
    assert result.exit_code == 2
    assert "--any-time applies to --bloc" in result.stderr


WIDTHS = (60, 80, 120)
TABLES = ("memberships", "posts", "meetings", "pairs", "statements", "relations", "bloc-changes")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_table_fits_the_screen_without_breaking_words(later: str, width: int) -> None:
    result = run(later, "relations", "--no-pager", columns=width)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    text = " ".join(line.strip() for line in lines)
    # Words people read whole: names, the source's slug, dates with their marks.
    for word in ("sahel-bloc-heads-to-moscow", "chad-report", "Confederation", "2025-04-03–04?",
                 "2025-04-03?", "consultations", "founding", "announced", "N'Djamena"):  # fmt: skip
        assert word in text, (width, word)
    stacked = width < 61
    assert ("Bloc memberships\n\nBloc " in result.stdout) is stacked


def test_each_table_alone_fits_at_60_and_80(later: str) -> None:
    for table in TABLES:
        for width in (60, 80):
            result = run(later, "relations", table, "--no-pager", columns=width)
            assert result.exit_code == 0, (table, result.stderr)
            assert max(len(line) for line in result.stdout.splitlines()) <= width, (table, width)


def test_machine_formats_stream_fixed_fields(later: str) -> None:
    from timeline.queries import relations as q

    fields = {
        "memberships": q.MEMBERSHIP_FIELDS,
        "posts": q.POST_FIELDS,
        "meetings": q.MEETING_FIELDS,
        "pairs": q.PAIR_FIELDS,
        "statements": q.STATEMENT_FIELDS,
        "relations": q.RELATION_FIELDS,
        "bloc-changes": q.BLOC_CHANGE_FIELDS,
    }
    for table, names in fields.items():
        as_csv = run(later, "relations", table, "--format", "csv").stdout
        assert as_csv.splitlines()[0] == ",".join(names), table
        as_json = json.loads(run(later, "relations", table, "--format", "json").stdout)
        assert as_json == rows(later, table), table
        assert all(list(row) == list(names) for row in as_json), table


def test_query_functions_are_lazy_and_take_one_filter(later: str) -> None:
    from timeline.queries import relations as q
    from timeline.storage.config import resolve_url
    from timeline.storage.db import open_session

    with open_session(resolve_url(later)) as session:
        query = q.RelationQuery(actor="Chad")
        for table in (
            q.memberships,
            q.posts,
            q.meetings,
            q.pairs,
            q.statements,
            q.actor_relations,
            q.bloc_changes,
        ):
            iterator = table(session, query)
            assert iter(iterator) is iterator, table
        assert str(q.count_meetings(session, q.RelationQuery(), 1)) == "3"
        assert str(q.count_pairs(session, q.RelationQuery(), 10)) == "6"
        assert str(q.count_pairs(session, q.RelationQuery(actor="russia"), 1)) == "5"
        assert str(q.count_bloc_changes(session, q.RelationQuery(bloc="aes"), 0)) == "5"


def test_readme_lists_the_fields_of_each_table() -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Relationship tables") :]
    section = section[: section.index("\n## ")] if "\n## " in section else section
    for table in TABLES:
        assert f"`{table}`" in section, table
