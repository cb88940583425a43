"""Failures the README promises as one line: extreme input, values a server refuses, full disks, bad
revisions, missing databases, and whatever no one foresaw. Each is one line on stderr with its exit status,
never a traceback, and nothing is written."""

import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.backends import Backend, server_url
from tests.conftest import ROOT, dump, query, run
from tests.test_bad_input import annotation, edit, one_line_error
from timeline import __version__
from timeline.storage.config import describe, resolve_url
from timeline.storage.db import WRITER_LOCK_WAIT_SECONDS, open_session
from timeline.storage.schema_version import head, revisions

# -- dates: impossible, or outside the calendar -------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    date: 2025-04-02\n",
            "    date: 2025-02-30\n",
            "publication date: impossible date '2025-02-30': February 2025 has no day 30",
        ),
        (
            "    date: 2025-04-02\n",
            "    date: 0000-01-01\n",
            "publication date: impossible date '0000-01-01': years run from 0001 to 9999",
        ),
        (
            "    since: in 2023\n",
            "    since: in 0000\n",
            "impossible date '0000': years run from 0001 to 9999",
        ),
        (
            "    when: recent\n",
            "    when: 2026 years ago\n",
            "2026 year(s) before 2025-04-02 falls outside the calendar: years run from 0001 to 9999",
        ),
        (
            "    when: recent\n",
            "    when: 2025-02-30\n",
            "impossible date '2025-02-30': February 2025 has no day 30",
        ),
    ],
)
def test_an_impossible_or_extreme_date_names_its_line(
    sqlite_db: str, seeds: Path, old: str, new: str, message: str
) -> None:
    line = edit(annotation(seeds), old, new)
    if "publication date" in message:
        line -= 1  # the error names the 'published:' field the date is under
    before = dump(sqlite_db)
    assert one_line_error(run(sqlite_db, "seed", str(seeds)), 4) == (
        f"Error: {annotation(seeds)}:{line}: {message}"
    )
    assert dump(sqlite_db) == before


def test_yesterday_in_a_document_of_the_first_day_of_the_calendar_names_its_line(
    sqlite_db: str, seeds: Path
) -> None:
    edit(annotation(seeds), "    date: 2025-04-02\n", "    date: 0001-01-01\n")
    line = edit(annotation(seeds), "    since: in recent years\n", "    since: yesterday\n")
    assert one_line_error(run(sqlite_db, "seed", str(seeds)), 4) == (
        f"Error: {annotation(seeds)}:{line}: 'yesterday' from 0001-01-01 falls outside the calendar: "
        "years run from 0001 to 9999"
    )


# -- YAML nested too deep -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "source: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "source: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
        "source:\n" + "".join(" " * depth + "a:\n" for depth in range(1, 3_000)),
    ],
    ids=["lists", "flow mappings", "block mappings"],
)
def test_yaml_nested_thousands_deep_is_refused_at_its_line(sqlite_db: str, tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    message = one_line_error(run(sqlite_db, "seed", str(path)), 4)
    assert message.startswith(f"Error: {path}:")
    assert message.endswith(": nested deeper than 64 levels: an annotation needs fewer than ten")


# -- values a server would refuse: checked first, the same on every backend ---------------------------------

MALI = "  - slug: mali\n    kind: state\n    name: Mali\n"


def refused(db: str, seeds: Path, line: int, message: str) -> None:
    """Seeding ``seeds`` fails with ``file:line: message``, exit 4, and writes nothing."""
    before = dump(db)
    assert one_line_error(run(db, "seed", str(seeds)), 4) == f"Error: {annotation(seeds)}:{line}: {message}"
    assert dump(db) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * 201, "name is 201 characters long; actor.name holds at most 200"),
        ('"Ma\\0li"', "name holds a NUL character (U+0000), which actor.name cannot hold on PostgreSQL"),
        ('"Ma\\ud800li"', "name holds U+D800, half of a surrogate pair, which is not text"),
    ],
    ids=["201 characters", "NUL", "lone surrogate"],
)
def test_a_name_no_backend_would_store_names_its_line(db: str, seeds: Path, value: str, message: str) -> None:
    line = edit(annotation(seeds), MALI, MALI.replace("name: Mali", f"name: {value}"))
    refused(db, seeds, line, message)


def test_a_description_over_64_KiB_is_refused_on_every_backend(db: str, seeds: Path) -> None:
    line = edit(
        annotation(seeds),
        MALI + "    description: West African state, led by a military junta after a coup.\n",
        MALI + f"    description: {'é' * 40_000}\n",
    )
    refused(
        db,
        seeds,
        line,
        "description is 80,000 bytes of UTF-8; actor.description holds at most 65,535 on MariaDB",
    )


def test_a_number_past_a_32_bit_integer_names_its_entry(db: str, seeds: Path) -> None:
    edit(annotation(seeds), "    session: 1\n", "    session: 99999999999\n")
    line = edit(
        annotation(seeds), "  - slug: aes-russia-consultations-1\n", "  - slug: aes-russia-consultations-1\n"
    )
    refused(
        db,
        seeds,
        line,
        "session_number 99999999999 is outside meeting.session_number's range, -2147483648 to 2147483647",
    )


def test_a_new_slug_is_lower_case_ascii_on_every_backend(seeded: str, seeds: Path) -> None:
    # On MariaDB the source's slug would match the stored one whatever its case.
    line = edit(
        annotation(seeds), "  slug: sahel-bloc-heads-to-moscow\n", "  slug: Sahel-Bloc-Heads-To-Moscow\n"
    )
    refused(
        seeded,
        seeds,
        line,
        "slug 'Sahel-Bloc-Heads-To-Moscow' is not lower-case ASCII without spaces "
        "(say 'sahel-bloc-heads-to-moscow'): slugs differing only in case or accents are one slug on MariaDB",
    )


def test_a_slug_differing_only_in_case_does_not_update_the_stored_row(seeded: str, seeds: Path) -> None:
    line = edit(
        annotation(seeds),
        "  - {slug: russia/foreign-minister, of: russia, role: foreign minister}\n",
        "  - {slug: Russia/Foreign-Minister, of: russia, role: foreign minister}\n",
    )
    refused(
        seeded,
        seeds,
        line,
        "slug 'Russia/Foreign-Minister' is not lower-case ASCII without spaces "
        "(say 'russia/foreign-minister'): slugs differing only in case or accents are one slug on MariaDB",
    )


def test_a_post_whose_role_differs_only_in_case_is_the_same_post(db: str, seeds: Path) -> None:
    post = "  - {slug: russia/foreign-minister, of: russia, role: foreign minister}\n"
    line = edit(
        annotation(seeds),
        post,
        post + "  - {slug: russia/top-diplomat, of: russia, role: Foreign Minister}\n",
    )
    refused(
        db,
        seeds,
        line + 1,
        "'russia' already has the post 'foreign minister', as 'russia/foreign-minister'",
    )


def test_an_identifier_is_written_as_its_scheme_writes_it(db: str, seeds: Path) -> None:
    line = edit(annotation(seeds), "MLI, wikidata: Q912}", "MLI, wikidata: q912}")
    refused(db, seeds, line, "wikidata 'q912' is not a Wikidata item id: Q and digits, e.g. Q912")


def test_aliases_and_topics_differing_only_in_case_or_accents_are_one_on_every_backend(
    db: str, seeds: Path
) -> None:
    edit(
        annotation(seeds),
        "    aliases: [AES, Sahel bloc, AES bloc, Alliance of Sahel States]\n",
        "    aliases: [AES, Sahel bloc, AES bloc, Alliance of Sahel States, SAHEL BLOC, Sahel blöc]\n",
    )
    edit(
        annotation(seeds),
        "      - {<<: *topics, topic: diplomacy}\n",
        "      - {<<: *topics, topic: diplomacy}\n      - {<<: *topics, topic: Diplomacy}\n",
    )
    result = run(db, "seed", str(seeds))
    assert result.exit_code == 0, result.stderr
    assert query(db, "SELECT alias FROM actor_alias WHERE normalized IN ('sahel bloc', 'sahel blöc')") == [
        ("Sahel bloc",)
    ]
    assert query(db, "SELECT topic FROM event_topic WHERE lower(topic) = 'diplomacy'") == [("diplomacy",)]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            MALI,
            MALI + "    evidence: {quote: Mali, occurrence: 1}\n" + MALI,
            "actor 'mali' is already given at line {first}",
        ),
        (
            "  - {<<: *founding, member: niger}\n",
            "  - {<<: *founding, member: niger}\n  - {<<: *founding, member: niger, since: in 2024}\n",
            "membership 'niger@aes' is already given at line {first}",
        ),
        (
            "  - {slug: mali/foreign-minister, of: mali, role: foreign minister}\n",
            "  - {slug: mali/foreign-minister, of: mali, role: foreign minister}\n" * 2,
            "post 'mali/foreign-minister' is already given at line {first}",
        ),
    ],
    ids=["actor", "membership by its made slug", "post"],
)
def test_a_slug_given_twice_in_one_file_is_refused_not_merged(
    db: str, seeds: Path, old: str, new: str, message: str
) -> None:
    first = edit(annotation(seeds), old, new)
    second = first + (old.count("\n") + 1 if old == MALI else old.count("\n"))
    refused(
        db,
        seeds,
        second,
        message.format(first=first) + ": merge the two entries, or give this one a slug of its own",
    )


# -- export: the file system refuses ------------------------------------------------------------------------


@contextmanager
def read_only(*folders: Path) -> Iterator[None]:
    """``folders`` refuse every change inside them, even to root (who ignores permissions, not the
    immutable flag), as on a read-only file system."""
    if os.geteuid() != 0:
        for folder in folders:
            folder.chmod(0o555)
        try:
            yield
        finally:
            for folder in folders:
                folder.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("as root, a read-only folder needs chattr +i")
    made = []
    try:
        for folder in folders:
            if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
                pytest.skip(f"chattr +i is refused on {folder}'s file system")
            made.append(folder)
        yield
    finally:
        for folder in made:
            subprocess.run(["chattr", "-i", str(folder)], check=True)


def files(folder: Path) -> dict[str, bytes]:
    """Every file and link under ``folder`` (hidden ones too), with its bytes or its link's text."""
    return {
        str(path.relative_to(folder)): os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_symlink() or path.is_file()
    }


def test_a_first_export_into_a_read_only_folder_is_one_line(sqlite_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with read_only(folder):
        message = one_line_error(run(sqlite_db, "export", str(folder / "nightly")), 1)
    assert re.fullmatch(
        rf"Error: cannot export to {re.escape(str(folder / 'nightly'))}: "
        rf"(Permission denied|Operation not permitted|Read-only file system): {re.escape(str(folder))}/"
        r"\.nightly\.exports-[0-9a-f]{8}; nothing was published, and any earlier export is as it was",
        message,
    ), message
    assert list(folder.iterdir()) == []


def test_an_export_into_a_read_only_folder_leaves_the_previous_one_intact(
    sqlite_db: str, tmp_path: Path
) -> None:
    target = tmp_path / "nightly"
    assert run(sqlite_db, "export", str(target)).exit_code == 0
    before = files(tmp_path)
    with read_only(tmp_path, tmp_path / ".nightly.exports"):
        message = one_line_error(run(sqlite_db, "export", str(target)), 1)
    assert message.startswith(f"Error: cannot export to {target}: ")
    assert message.endswith("; nothing was published, and any earlier export is as it was")
    assert files(tmp_path) == before


def test_a_file_system_that_refuses_a_write_midway_leaves_the_previous_export_intact(
    sqlite_db: str, tmp_path: Path
) -> None:
    """A write refused halfway through a file, as on a full disk: here a file-size limit (EFBIG), which
    binds root too; SQLite's own 32 KiB index of its log fits under it."""
    bundle = tmp_path / "bundle"
    assert run(None, "generate", str(bundle), "--events", "200", "--actors", "20").exit_code == 0
    assert run(sqlite_db, "import", str(bundle)).exit_code == 0
    target = tmp_path / "nightly"
    assert run(sqlite_db, "export", str(target)).exit_code == 0
    before = files(tmp_path / ".nightly.exports") | {"target": os.readlink(target).encode()}

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    process = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", sqlite_db, "export", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limited,
    )
    assert process.returncode == 1, process.stderr
    assert process.stdout == ""
    assert process.stderr == (
        f"Error: cannot export to {target}: File too large; nothing was published, and any earlier export "
        "is as it was\n"
    )
    assert files(tmp_path / ".nightly.exports") | {"target": os.readlink(target).encode()} == before


def test_a_state_file_in_a_read_only_folder_is_refused_before_exporting(
    sqlite_db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    with read_only(folder):
        message = one_line_error(
            run(sqlite_db, "export", str(tmp_path / "nightly"), "--state", str(folder / "state.json")), 1
        )
    assert re.fullmatch(
        rf"Error: cannot write the state file {re.escape(str(folder / 'state.json'))}: "
        r"(Permission denied|Operation not permitted|Read-only file system): .+; nothing was exported",
        message,
    ), message
    assert not os.path.lexists(tmp_path / "nightly") and not (tmp_path / ".nightly.exports").exists()


def test_the_first_run_with_a_state_file_is_a_full_export_that_imports(
    seeded: str, empty_db: str, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    result = run(seeded, "export", str(tmp_path / "nightly"), "--state", str(state))
    assert result.exit_code == 0, result.stderr
    assert "full export" in result.stderr
    assert run(empty_db, "db", "upgrade").exit_code == 0
    imported = run(empty_db, "import", str(tmp_path / "nightly"))
    assert imported.exit_code == 0, imported.stderr
    assert dump(empty_db) == dump(seeded)


# -- db: revisions ------------------------------------------------------------------------------------------

FIRST = next(revision for revision, down in revisions().items() if down is None)


def test_db_downgrade_sql_prints_the_sql_down_from_the_newest_revision(db: str) -> None:
    before = dump(db)
    result = run(db, "db", "downgrade", FIRST, "--sql")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("-- Running downgrade") == len(revisions()) - 1
    assert f"-- Running downgrade {head()} -> " in result.stdout
    ranged = run(db, "db", "downgrade", f"{head()}:{FIRST}", "--sql")
    assert ranged.exit_code == 0, ranged.stderr
    assert ranged.stdout == result.stdout
    assert dump(db) == before  # offline: the database is not even read


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("upgrade", "nosuchrev"), "Can't locate revision identified by 'nosuchrev'"),
        (("upgrade", "nosuchrev", "--sql"), "Can't locate revision identified by 'nosuchrev'"),
        (("upgrade", "abc:head", "--sql"), "Can't locate revision identified by 'abc'"),
        (("downgrade", "nosuchrev"), "No such revision or branch 'nosuchrev'"),
        (("downgrade", "nosuchrev", "--sql"), "Can't locate revision identified by 'nosuchrev'"),
        (("downgrade", "head+1"), "No such revision or branch 'head+1'"),
    ],
)
def test_a_revision_no_migration_has_is_a_usage_error(
    db: str, arguments: tuple[str, ...], message: str
) -> None:
    before = dump(db)
    assert one_line_error(run(db, "db", *arguments), 2) == (
        f"Error: {message}; `timeline db history` lists the revisions"
    )
    assert dump(db) == before


def test_db_upgrade_and_downgrade_refuse_a_database_ahead_of_the_code(db: str) -> None:
    engine = create_engine(resolve_url(db))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    before = dump(db)
    for arguments in (("upgrade",), ("downgrade", FIRST)):
        message = one_line_error(run(db, "db", *arguments), 3)
        assert message.endswith(
            "is ahead of the code (revision ffffffffffff is unknown to timeline "
            f"{__version__}): upgrade timeline, or downgrade the database with the newer version"
        )
    assert dump(db) == before


# -- SQLite: writers queue ----------------------------------------------------------------------------------


def test_a_sqlite_writer_waits_for_the_writer_before_it_as_long_as_on_a_server(sqlite_db: str) -> None:
    with open_session(resolve_url(sqlite_db), write=True) as session:
        waits = session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert waits == WRITER_LOCK_WAIT_SECONDS * 1000 > 60_000


def test_a_sqlite_seed_queues_behind_another_writer(sqlite_db: str) -> None:
    holder = sqlite3.connect(sqlite_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        seed = subprocess.Popen(
            [sys.executable, "-m", "timeline", "--db", sqlite_db, "seed"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)
        assert seed.poll() is None  # waiting, not failed
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _, stderr = seed.communicate(timeout=120)
    assert seed.returncode == 0, stderr
    assert query(sqlite_db, "SELECT count(*) FROM source") == [(1,)]


def test_a_sqlite_writer_that_waited_its_limit_says_so_in_one_line(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("timeline.storage.db.WRITER_LOCK_WAIT_SECONDS", 1)
    before = dump(sqlite_db)
    holder = sqlite3.connect(sqlite_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        message = one_line_error(run(sqlite_db, "seed"), 1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert message == f"Error: database {sqlite_db}: another writer held the lock for 1s; try again later"
    assert dump(sqlite_db) == before


# -- a server database that does not exist ------------------------------------------------------------------


def test_a_server_database_that_does_not_exist_is_status_3_with_the_fix(
    backend: Backend, tmp_path: Path
) -> None:
    if backend.name == "sqlite":
        pytest.skip("a missing SQLite file has its own test (test_a_missing_sqlite_file_is_not_created)")
    url = server_url(backend.name).set(database="timeline_no_such_database")
    where = describe(url)
    bundle = tmp_path / "bundle"
    assert run(None, "generate", str(bundle), "--events", "5", "--actors", "20").exit_code == 0
    for command in (
        ("show",),
        ("seed",),
        ("db", "upgrade"),
        ("db", "current"),
        ("export", str(tmp_path / "nightly")),
        ("import", str(bundle)),
    ):
        message = one_line_error(run(url.render_as_string(hide_password=False), *command), 3)
        assert message == (
            f"Error: database {where} does not exist: create the database, then `timeline db upgrade`"
        ), command


# -- whatever no one foresaw: one line naming the command, --debug for the traceback -------------------------


def fail_with(error: BaseException) -> Callable[..., object]:
    def fail(*_args: object, **_kwargs: object) -> object:
        raise error

    return fail


def test_an_unexpected_failure_is_one_line_naming_the_command_and_the_exception(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("timeline.queries.timeline.timeline", fail_with(ValueError("first line\nsecond")))
    assert one_line_error(run(sqlite_db, "show"), 1) == (
        "Error: timeline show: ValueError: first line (run with --debug for the traceback)"
    )
    monkeypatch.setattr("timeline.storage.migrations.history", fail_with(RecursionError()))
    assert one_line_error(run(sqlite_db, "db", "history"), 1) == (
        "Error: timeline db history: RecursionError (run with --debug for the traceback)"
    )


def test_debug_prints_the_traceback_before_the_line(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("timeline.queries.timeline.timeline", fail_with(ValueError("first line")))
    result = run(sqlite_db, "--debug", "show")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "ValueError: first line" in lines[-2]
    assert lines[-1] == "Error: timeline show: ValueError: first line"
    assert result.stdout == ""


def test_an_unexpected_failure_never_prints_a_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        "timeline.export.export",
        fail_with(OSError("cannot reach postgresql://analyst:s3cr3t-pw@db.example.org/timeline")),
    )
    for debug in ((), ("--debug",)):
        result = run(
            "postgresql://analyst:s3cr3t-pw@db.example.org/timeline", *debug, "export", str(tmp_path)
        )
        assert result.exit_code == 1
        assert "s3cr3t-pw" not in result.stderr
        assert (
            result.stderr.strip()
            .splitlines()[-1]
            .startswith(
                "Error: timeline export: OSError: cannot reach postgresql://analyst:***@db.example.org/timeline"
            )
        )


def test_ctrl_c_anywhere_is_status_130(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("timeline.queries.timeline.timeline", fail_with(KeyboardInterrupt()))
    assert one_line_error(run(sqlite_db, "show"), 130) == "Error: timeline show: interrupted"


# -- dates on the command line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("show", "--from", "0000"),
            "Invalid value for '--from': impossible date '0000': years run from 0001",
        ),
        (
            ("show", "--to", "0000-01"),
            "Invalid value for '--to': impossible date '0000-01': years run from 0001",
        ),
        (
            ("relations", "memberships", "--as-of", "0000-01-01"),
            "Invalid value for '--as-of': impossible date '0000-01-01': years run from 0001 to 9999",
        ),
        (
            ("relations", "memberships", "--as-of", "2025-02-30"),
            "Invalid value for '--as-of': impossible date '2025-02-30': February 2025 has no day 30",
        ),
    ],
)
def test_a_date_outside_the_calendar_on_the_command_line_is_a_usage_error(
    sqlite_db: str, arguments: tuple[str, ...], message: str
) -> None:
    result = run(sqlite_db, *arguments)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"Error: {message}")
    assert "Traceback" not in result.stderr
