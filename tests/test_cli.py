"""The CLI as people and scripts use it: Rich tables at a fixed width, and csv / json / jsonl for pipes."""

import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, run
from timeline.queries.timeline import FIELDS


def lines(output: str) -> str:
    """Rich pads lines to the console width; compare without the padding."""
    return "\n".join(line.rstrip() for line in output.splitlines()) + "\n"


def events(db: str, *args: str) -> list[str]:
    result = run(db, "show", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line)["event"] for line in result.stdout.splitlines()]


SHOW_MEETING_AND_STATEMENT = """\
Timeline
Date            Kind         Event                                                                    Status     Sources
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
2025-04-01?     statement    Joint statement of Mali, Burkina Faso and Niger on the consultations     held       [1]
                             with Russia
                             Mali, Burkina Faso, Niger (issuer); Reuters (reporter)

2025-04-03–04?  meeting      First session of the AES-Russia consultations                            announced  [1]
                             at Moscow
                             Foreign Minister of Mali, Foreign Minister of Burkina Faso, Foreign
                             Minister of Niger (visitor); Sergei Lavrov (host, inviter);
                             Confederation of Sahel States, Russia (party)

[1] Sahel bloc Heads to Moscow For Talks (2025-04-02) [sahel-bloc-heads-to-moscow]
Dates: ? inferred from the publication date, ~ approximate, … open or unknown
"""


def test_show_prints_a_rich_timeline_at_a_fixed_width_without_colour(seeded: str) -> None:
    result = run(seeded, "show", "--kind", "meeting", "--kind", "statement", columns=120)
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == SHOW_MEETING_AND_STATEMENT
    assert "\x1b[" not in result.stdout
    assert result.stderr == ""


def test_show_lists_every_event_in_date_order_undated_bounds_first_known_day(seeded: str) -> None:
    assert events(seeded) == [
        "sahel-jihadist-insurgency",  # … – 2015: ordered by its only known day, the end
        "sahel-coups",  # 2020 – 2025-04-02
        "russia-expansion-in-africa",  # 2020 – 2025-04-02, entered after the coups
        "aes-founding",  # 2023
        "western-forces-withdrawal",  # … – 2023
        "aes-joint-statement-2025-04-01",
        "aes-russia-consultations-1",
    ]


def test_actor_filter_counts_the_officials_holding_its_posts(seeded: str) -> None:
    assert events(seeded, "--actor", "Mali") == [
        "sahel-jihadist-insurgency",
        "sahel-coups",
        "aes-founding",
        "aes-joint-statement-2025-04-01",
        "aes-russia-consultations-1",  # through the foreign minister of Mali
    ]
    # Several actors: events involving all of them.
    assert events(seeded, "--actor", "mali", "--actor", "Lavrov") == ["aes-russia-consultations-1"]


def test_bloc_filter_includes_its_members_while_they_are_members(seeded: str) -> None:
    # The AES was formed in 2023: its members' events count from then on; --any-time counts them all.
    assert (
        events(seeded, "--bloc", "Sahel bloc")
        == events(seeded, "--bloc", "aes")
        == ["aes-founding", "aes-joint-statement-2025-04-01", "aes-russia-consultations-1"]
    )
    assert events(seeded, "--bloc", "aes", "--any-time") == events(seeded, "--actor", "mali")
    assert "sahel-coups" in events(seeded, "--bloc", "aes", "--any-time")


def test_kind_status_dates_and_text_filters(seeded: str) -> None:
    assert events(seeded, "--kind", "coup", "--kind", "founding") == ["sahel-coups", "aes-founding"]
    assert events(seeded, "--status", "announced") == ["aes-russia-consultations-1"]
    # Dates select by an event's sort date: its start, or the first day of its end's unit when the start
    # is unknown.
    assert events(seeded, "--from", "2025-04-02") == ["aes-russia-consultations-1"]
    assert events(seeded, "--to", "2015") == ["sahel-jihadist-insurgency"]
    assert events(seeded, "--from", "2023", "--to", "2023") == ["aes-founding", "western-forces-withdrawal"]
    assert events(seeded, "--from", "2020-01", "--to", "2020-01") == [
        "sahel-coups",
        "russia-expansion-in-africa",
    ]
    assert events(seeded, "--text", "JIHADIST") == ["sahel-jihadist-insurgency"]
    assert events(seeded, "--text", "100%") == []
    assert events(seeded, "--limit", "2") == ["sahel-jihadist-insurgency", "sahel-coups"]


def test_machine_formats_have_stable_fields_in_order_and_agree(seeded: str) -> None:
    as_csv = run(seeded, "show", "--format", "csv").stdout
    as_json = json.loads(run(seeded, "show", "--format", "json").stdout)
    as_jsonl = [json.loads(line) for line in run(seeded, "show", "--format", "jsonl").stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert as_csv.splitlines()[0] == ",".join(FIELDS)
    assert [list(item) for item in as_json] == [list(FIELDS)] * 7
    assert as_json == as_jsonl
    assert [row["event"] for row in rows] == [item["event"] for item in as_json]
    meeting = next(item for item in as_json if item["kind"] == "meeting")
    assert meeting["date"] == "2025-04-03?/2025-04-04?"
    assert meeting["start_date"] == "2025-04-03" and meeting["date_certainty"] == "inferred"
    assert meeting["actors"][3] == {
        "actor": "sergei-lavrov",
        "name": "Sergei Lavrov",
        "roles": ["host", "inviter"],
    }
    csv_meeting = next(row for row in rows if row["kind"] == "meeting")
    assert "sergei-lavrov (host, inviter)" in csv_meeting["actors"]
    assert "\x1b[" not in as_csv


def test_empty_listings_are_valid_in_every_format(seeded: str) -> None:
    assert run(seeded, "show", "--kind", "agreement", "--format", "json").stdout == "[]\n"
    assert run(seeded, "show", "--kind", "agreement", "--format", "jsonl").stdout == ""
    assert run(seeded, "show", "--kind", "agreement", "--format", "csv").stdout == ",".join(FIELDS) + "\n"


def test_relations_memberships_as_of_a_date(seeded: str) -> None:
    def members(day: str) -> list[str]:
        result = run(seeded, "relations", "memberships", "--as-of", day, "--format", "jsonl")
        assert result.exit_code == 0, result.stderr
        return [json.loads(line)["member"] for line in result.stdout.splitlines()]

    assert members("2025-04-01") == ["burkina-faso", "mali", "niger"]
    assert members("2022-12-31") == []


def test_relations_tables_in_machine_formats(seeded: str) -> None:
    posts = [
        json.loads(line)
        for line in run(seeded, "relations", "posts", "--format", "jsonl").stdout.splitlines()
    ]
    assert [(p["post_label"], p["holder_name"], p["holder_named"]) for p in posts] == [
        ("Foreign Minister of Burkina Faso", "Foreign Minister of Burkina Faso", False),
        ("Foreign Minister of Mali", "Foreign Minister of Mali", False),
        ("Foreign Minister of Niger", "Foreign Minister of Niger", False),
        ("Foreign Minister of Russia", "Sergei Lavrov", True),
    ]
    assert posts[3]["evidence"] == [
        {
            "source": "sahel-bloc-heads-to-moscow",
            "char_start": 763,
            "char_end": 801,
            "text": "Russian Foreign Minister Sergei Lavrov",
        }
    ]
    meetings = list(
        csv.DictReader(io.StringIO(run(seeded, "relations", "meetings", "--format", "csv").stdout))
    )
    # One row per meeting, its participants with their roles in one cell.
    assert [(m["meeting"], m["participants"]) for m in meetings] == [
        (
            "aes-russia-consultations-1",
            "mali-foreign-minister (visitor); burkina-faso-foreign-minister (visitor); "
            "niger-foreign-minister (visitor); sergei-lavrov (host, inviter); aes (party); russia (party)",
        )
    ]
    statements = json.loads(run(seeded, "relations", "statements", "--format", "json").stdout)
    # One row per statement, its issuers listed.
    assert [(s["issuers"], s["reported_by"], s["concerns"]) for s in statements] == [
        (["mali", "burkina-faso", "niger"], ["reuters"], "aes-russia-consultations-1"),
    ]
    relations = json.loads(
        run(seeded, "relations", "relations", "--as-of", "2025-04-01", "--format", "json").stdout
    )
    assert ("western-powers", "criticism", "russia") in {
        (r["subject"], r["kind"], r["object"]) for r in relations
    }


def test_relations_prints_every_table_for_people(seeded: str) -> None:
    result = run(seeded, "relations", columns=200)
    assert result.exit_code == 0, result.stderr
    for title in (
        "Bloc memberships",
        "Posts and holders",
        "Meetings",
        "Who met whom",
        "Statements",
        "Relations between actors",
        "Who joined or left which bloc",
    ):
        assert title in result.stdout
    assert "Foreign Minister of Mali (name unknown)" in result.stdout


def test_relations_refuses_ambiguous_requests(seeded: str) -> None:
    result = run(seeded, "relations", "--format", "csv")
    assert result.exit_code == 2
    assert (
        "--format csv needs one table: timeline relations "
        "{memberships,posts,meetings,pairs,statements,relations,bloc-changes}" in result.stderr
    )
    result = run(seeded, "relations", "pairs", "--as-of", "2025-04-01")
    assert result.exit_code == 2
    assert (
        "--as-of applies to memberships, posts, meetings, statements, relations, not pairs" in result.stderr
    )


ACTOR_NIGER_MINISTER = """\
Actor    Foreign Minister of Niger [niger-foreign-minister]
Kind     person
Name     unknown: known only by post
Aliases  foreign minister of Niger

Mentions
Date            Fact                                                                                    Role
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
                Foreign Minister of Niger
                “THE foreign ministers of Mali, Burkina Faso, and Niger” [1]

Posts
Date            Fact                                                                                    Role
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
                holds Foreign Minister of Niger                                                         foreign minister
                “THE foreign ministers of Mali, Burkina Faso, and Niger” [1]

Events
Date            Fact                                                                         Role              Status
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
2025-04-03–04?  First session of the AES-Russia consultations                                visitor           announced
                “THE foreign ministers of Mali, Burkina Faso, and Niger will visit Moscow”
                [1]

[1] Sahel bloc Heads to Moscow For Talks (2025-04-02) [sahel-bloc-heads-to-moscow]
Dates: ? inferred from the publication date, ~ approximate, … open or unknown
"""


def test_actor_profile_for_people(seeded: str) -> None:
    result = run(seeded, "actor", "foreign minister of niger", columns=120)
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == ACTOR_NIGER_MINISTER


def test_actor_profile_in_machine_formats_carries_every_fact_with_evidence(seeded: str) -> None:
    facts = json.loads(run(seeded, "actor", "AES", "--format", "json").stdout)
    sections = [fact["section"] for fact in facts]
    assert sections[:5] == ["alias"] * 5
    assert {"mention", "membership", "event", "relation"} <= set(sections)
    memberships = [fact for fact in facts if fact["section"] == "membership"]
    assert [fact["other"] for fact in memberships] == ["burkina-faso", "mali", "niger"]
    assert all(fact["evidence"] for fact in facts if fact["section"] not in ("alias", "identifier"))
    mali = [
        json.loads(line) for line in run(seeded, "actor", "mali", "--format", "jsonl").stdout.splitlines()
    ]
    assert {"section": "identifier", "fact": "wikidata:Q912"}.items() <= next(
        fact for fact in mali if fact["fact"] == "wikidata:Q912"
    ).items()
    statements = [fact for fact in mali if fact["section"] == "statement"]
    assert statements[0]["summary"].endswith("between the AES and Russia”")


def test_user_text_is_never_read_as_markup(db: str, tmp_path: Path) -> None:
    (tmp_path / "brackets.txt").write_text(
        "Ministers met [bold]in secret[/bold] on 2 May 2025.\n", encoding="utf-8"
    )
    (tmp_path / "brackets.yaml").write_text(
        textwrap.dedent(
            """\
            source: {title: "Brackets [red]test[/red]", published: 2025-05-03}
            actors:
              - {slug: ministers, kind: group, name: "Ministers [b]", evidence: Ministers}
            events:
              - slug: secret-meeting
                kind: meeting
                title: "Met [bold]in secret[/bold]"
                when: 2 May 2025
                status: held
                evidence: "met [bold]in secret[/bold]"
                participants: [{actor: ministers, role: participant, evidence: Ministers met}]
            """
        ),
        encoding="utf-8",
    )
    assert run(db, "seed", str(tmp_path)).exit_code == 0
    result = run(db, "show", columns=150)
    assert "Met [bold]in secret[/bold]" in result.stdout
    assert "Ministers [b] (participant)" in result.stdout
    assert "[1] Brackets [red]test[/red] (2025-05-03) [brackets]" in result.stdout


def test_python_dash_m_timeline_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == "timeline, version 0.1.0"


@pytest.mark.parametrize(
    ("argv", "forbidden"),
    [
        (["--help"], ("sqlalchemy", "alembic", "rich")),
        (["show", "--help"], ("alembic",)),
    ],
)
def test_help_imports_no_database_machinery(argv: list[str], forbidden: tuple[str, ...]) -> None:
    program = (
        "import sys\n"
        "from timeline.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='timeline')\nexcept SystemExit:\n    pass\n"
        f"print([name for name in {forbidden!r} if name in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_reading_commands_never_import_alembic(seeded: str) -> None:
    program = (
        "import sys\n"
        "from timeline.cli import cli\n"
        f"try:\n    cli.main(['--db', {seeded!r}, 'show', '--format', 'csv'], prog_name='timeline')\n"
        "except SystemExit:\n    pass\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
