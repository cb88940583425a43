"""Bad input: one clear line on stderr naming what and where, a non-zero exit, and nothing written."""

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import create_engine, text

from tests.backends import Backend, server_url
from tests.conftest import dump, query, run
from timeline.errors import SchemaStateError
from timeline.seeding.annotation import MAX_DOCUMENT_BYTES
from timeline.storage.config import resolve_url
from timeline.storage.schema_version import head, require_current

LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"


def one_line_error(result: Result, exit_code: int) -> str:
    assert result.exit_code == exit_code, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    return lines[0]


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (which must occur once) and return the 1-based line where it was."""
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, old
    line = content[: content.index(old)].count("\n") + 1
    path.write_text(content.replace(old, new), encoding="utf-8")
    return line


def annotation(seeds: Path) -> Path:
    return seeds / "sahel-bloc-heads-to-moscow.yaml"


# -- annotations -------------------------------------------------------------------------------------------


def test_yaml_syntax_error_names_file_line_and_column(db: str, seeds: Path) -> None:
    line = edit(annotation(seeds), "    kind: bloc\n", "    kind: [bloc\n")
    before = dump(db)
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert re.fullmatch(
        rf"Error: {re.escape(str(annotation(seeds)))}:{line + 1}:\d+: YAML syntax error: .+", message
    )
    assert dump(db) == before


def test_missing_field_names_the_entry(db: str, seeds: Path) -> None:
    line = edit(annotation(seeds), "    title: First session of the AES-Russia consultations\n", "")
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert message == (
        f"Error: {annotation(seeds)}:{line - 3}: new event 'aes-russia-consultations-1' needs 'kind', 'title' and 'status'"
    )
    assert query(db, "SELECT count(*) FROM actor") == [(0,)]


def test_missing_evidence_is_an_error_not_a_warning(db: str, seeds: Path) -> None:
    edit(
        annotation(seeds),
        'RUS, wikidata: Q159}\n    evidence: "to launch formal diplomatic consultations with Russia"\n',
        "RUS, wikidata: Q159}\n",
    )
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert message.endswith("missing field 'evidence': quote the words of the document this rests on")


def test_misspelt_field_is_named_with_a_suggestion(db: str, seeds: Path) -> None:
    line = edit(
        annotation(seeds),
        "    session_label: first official session\n",
        "    session_lable: first official session\n",
    )
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert (
        message
        == f"Error: {annotation(seeds)}:{line}: unknown field 'session_lable' (did you mean 'session_label'?)"
    )


def test_unknown_vocabulary_word_lists_the_allowed_ones(db: str, seeds: Path) -> None:
    line = edit(annotation(seeds), "    status: announced\n", "    status: rumoured\n")
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert (
        message
        == f"Error: {annotation(seeds)}:{line}: status 'rumoured' is not one of: announced, held, postponed, cancelled"
    )


def test_unknown_reference_suggests_close_matches(db: str, seeds: Path) -> None:
    line = edit(
        annotation(seeds),
        "      - actor: sergei-lavrov\n        role: host\n",
        "      - actor: Lavrof\n        role: host\n",
    )
    before = dump(db)
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert message == f"Error: {annotation(seeds)}:{line}: unknown actor 'Lavrof'; did you mean 'Lavrov'?"
    assert dump(db) == before


def test_impossible_date_is_named(db: str, seeds: Path) -> None:
    line = edit(annotation(seeds), "    when: April 3 and 4\n", "    when: February 30\n")
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert (
        message == f"Error: {annotation(seeds)}:{line}: impossible date 'February 30': February has no day 30"
    )


def test_unreadable_date_suggests_the_explicit_form(db: str, seeds: Path) -> None:
    edit(annotation(seeds), "    when: recent\n", "    when: a while back\n")
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert (
        "cannot resolve the date 'a while back'; give it explicitly, e.g. {text: 'a while back', date: 2012}"
        in message
    )


def test_a_wrong_quote_leaves_the_database_exactly_as_it_was(seeded: str, tmp_path: Path) -> None:
    later = tmp_path / LATER.name
    shutil.copy(LATER, later)
    shutil.copy(LATER.with_suffix(".txt"), later.with_suffix(".txt"))
    # The bad quote is the last fact of the file: everything before it was already applied, then undone.
    line = edit(
        later,
        "evidence: The ministers discussed security cooperation and trade}",
        "evidence: The ministers discussed trade}",
    )
    before = dump(seeded)
    message = one_line_error(run(seeded, "seed", str(later)), 4)
    assert (
        message
        == f"Error: {later}:{line}: quote not found in {later.with_suffix('.txt').name}: 'The ministers discussed trade'"
    )
    assert dump(seeded) == before


def test_a_failed_seed_on_a_terminal_takes_its_progress_bar_away(seeded: str, tmp_path: Path) -> None:
    # Found by tests/test_fuzz.py: the bar stayed drawn, the cursor hidden, the error glued to the bar.
    later = tmp_path / LATER.name
    shutil.copy(LATER, later)
    shutil.copy(LATER.with_suffix(".txt"), later.with_suffix(".txt"))
    edit(later, "discussed security cooperation and trade}", "discussed trade}")
    result = run(seeded, "seed", str(later), env={"TTY_COMPATIBLE": "1"})  # Rich draws as on a terminal
    assert result.exit_code == 4
    drawn, shown, error = result.stderr.rpartition("\x1b[?25h")  # the cursor shown again, last
    assert "\x1b[?25l" in drawn and shown
    assert re.fullmatch(r"(\r|\x1b\[1A|\x1b\[2K)*Error: [^\x1b]*\n", error), error


def test_a_quote_differing_only_in_a_no_break_space_says_so(db: str, seeds: Path) -> None:
    edit(
        annotation(seeds),
        'News agency.\n    evidence: "reported\\u00a0by\\u00a0Reuters"\n',
        'News agency.\n    evidence: "reported by Reuters"\n',
    )
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert "quote not found in sahel-bloc-heads-to-moscow.txt: 'reported by Reuters'" in message
    assert "the document has NO-BREAK SPACE U+00A0 where the quote has SPACE at character 9" in message


def test_an_ambiguous_quote_asks_for_more_words_or_an_occurrence(db: str, seeds: Path) -> None:
    edit(
        annotation(seeds),
        'Q159}\n    evidence: "to launch formal diplomatic consultations with Russia"\n',
        'Q159}\n    evidence: "Russia"\n',
    )
    message = one_line_error(run(db, "seed", str(seeds)), 4)
    assert (
        "quote 'Russia' occurs 9 times in sahel-bloc-heads-to-moscow.txt: quote more words, or add occurrence: 1 to 9"
        in message
    )
    edit(
        annotation(seeds),
        'Q159}\n    evidence: "Russia"\n',
        'Q159}\n    evidence: {quote: "Russia", occurrence: 1}\n',
    )
    assert run(db, "seed", str(seeds)).exit_code == 0


def test_a_changed_document_is_detected_by_its_hash(seeded: str, seeds: Path) -> None:
    document = seeds / "sahel-bloc-heads-to-moscow.txt"
    document.write_text(
        document.read_text(encoding="utf-8").replace("Sahel bloc Heads", "Sahel Bloc Heads"), encoding="utf-8"
    )
    before = dump(seeded)
    message = one_line_error(run(seeded, "seed", str(seeds)), 4)
    assert (
        "the document sahel-bloc-heads-to-moscow.txt changed since it was seeded as source 'sahel-bloc-heads-to-moscow'"
        in message
    )
    assert dump(seeded) == before


def test_a_missing_document_or_annotation_is_named(db: str, seeds: Path) -> None:
    (seeds / "sahel-bloc-heads-to-moscow.txt").unlink()
    assert "cannot read the document" in one_line_error(run(db, "seed", str(seeds)), 4)
    assert (
        one_line_error(run(db, "seed", str(seeds / "nothing.yaml")), 4)
        == f"Error: {seeds / 'nothing.yaml'}: no such annotation file"
    )


# -- documents: only text files beside their annotation ----------------------------------------------------


DOCUMENT_LINE = "  document: sahel-bloc-heads-to-moscow.txt\n"


def refused_document(db: str, seeds: Path, message: str, *paths: Path) -> None:
    """Seeding fails with one ``file:line`` error ending in ``message``; nothing is written."""
    before = dump(db)
    line = one_line_error(run(db, "seed", *(str(path) for path in paths or (seeds,))), 4)
    assert re.fullmatch(rf"Error: {re.escape(str(annotation(seeds)))}:\d+: .+", line), line
    assert message in line, line
    assert dump(db) == before


@pytest.mark.parametrize("document", ["/proc/self/environ", "../../../../../../../etc/passwd", "/dev/zero"])
def test_a_document_outside_the_annotations_folder_is_refused(
    sqlite_db: str, seeds: Path, document: str
) -> None:
    edit(annotation(seeds), DOCUMENT_LINE, f"  document: {document}\n")
    refused_document(sqlite_db, seeds, "is outside the annotation's folder")


def test_a_link_out_of_the_folder_is_refused(sqlite_db: str, seeds: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(
        (seeds / "sahel-bloc-heads-to-moscow.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (seeds / "linked.txt").symlink_to(secret)
    edit(annotation(seeds), DOCUMENT_LINE, "  document: linked.txt\n")
    refused_document(sqlite_db, seeds, "is outside the annotation's folder")
    # A link that stays inside the folder is fine.
    (seeds / "linked.txt").unlink()
    (seeds / "linked.txt").symlink_to(seeds / "sahel-bloc-heads-to-moscow.txt")
    result = run(sqlite_db, "seed", str(seeds))
    assert result.exit_code == 0, result.stderr


def test_a_pipe_is_not_a_document(sqlite_db: str, seeds: Path) -> None:
    os.mkfifo(seeds / "pipe.txt")  # reading it would wait for a writer forever
    edit(annotation(seeds), DOCUMENT_LINE, "  document: pipe.txt\n")
    refused_document(sqlite_db, seeds, "the document " + str(seeds / "pipe.txt") + " is not a regular file")


def test_an_annotation_that_is_a_pipe_is_refused(sqlite_db: str, seeds: Path) -> None:
    os.mkfifo(seeds / "waiting.yaml")
    message = one_line_error(run(sqlite_db, "seed", str(seeds)), 4)
    assert message == f"Error: {seeds / 'waiting.yaml'}: cannot read the annotation: not a regular file"


def test_a_document_larger_than_the_limit_is_refused(sqlite_db: str, seeds: Path) -> None:
    document = seeds / "sahel-bloc-heads-to-moscow.txt"
    with document.open("a", encoding="utf-8") as file:
        file.write("x" * MAX_DOCUMENT_BYTES)
    refused_document(sqlite_db, seeds, "is larger than 10 MiB")


def test_a_document_with_a_nul_character_is_refused_on_every_backend(db: str, seeds: Path) -> None:
    document = seeds / "sahel-bloc-heads-to-moscow.txt"
    document.write_bytes(b"\0" + document.read_bytes())
    refused_document(db, seeds, "holds a NUL character (line 1): it is not text")


def test_a_document_named_on_the_command_line_may_be_anywhere(
    sqlite_db: str, seeds: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "library" / "report.txt"
    elsewhere.parent.mkdir()
    (seeds / "sahel-bloc-heads-to-moscow.txt").rename(elsewhere)
    edit(annotation(seeds), DOCUMENT_LINE, f"  document: {elsewhere}\n")
    refused_document(sqlite_db, seeds, f"the document {elsewhere} is outside the annotation's folder {seeds}")
    result = run(sqlite_db, "seed", str(annotation(seeds)), str(elsewhere))
    assert result.exit_code == 0, result.stderr
    assert query(sqlite_db, "SELECT file_name FROM source") == [("report.txt",)]
    # Naming a document no annotation uses is still a mistake.
    message = one_line_error(
        run(sqlite_db, "seed", str(annotation(seeds)), str(elsewhere), "/etc/hostname"), 4
    )
    assert message == (
        "Error: /etc/hostname: not an annotation, no hostname.yaml beside it, "
        "and no annotation names it as its document"
    )


# -- names given on the command line -----------------------------------------------------------------------


def test_unknown_actor_on_the_command_line_suggests_close_matches(seeded: str) -> None:
    message = one_line_error(run(seeded, "actor", "Lavrof"), 5)
    assert message == "Error: unknown actor 'Lavrof'; did you mean 'Lavrov'?"
    message = one_line_error(run(seeded, "show", "--actor", "Burkina"), 5)
    assert message == "Error: unknown actor 'Burkina'; did you mean 'Burkina Faso'?"


def test_bad_dates_on_the_command_line_are_usage_errors(seeded: str) -> None:
    result = run(seeded, "show", "--from", "2025-02-30")
    assert result.exit_code == 2
    assert "impossible date '2025-02-30'" in result.stderr
    result = run(seeded, "relations", "memberships", "--as-of", "2025")
    assert result.exit_code == 2
    assert "'2025' is not a day: give YYYY-MM-DD" in result.stderr


# -- the database's state ----------------------------------------------------------------------------------


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    for command in (
        ("show",),
        ("seed",),
        ("relations",),
        ("actor", "mali"),
        ("db", "current"),
        ("db", "check"),
    ):
        message = one_line_error(run(str(path), *command), 3)
        assert message == f"Error: database {path} does not exist: create it with `timeline db upgrade`"
    assert not path.exists()


def test_sqlite_uri_settings_create_no_file_beside_the_database(
    sqlite_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by tests/test_fuzz.py: with ?uri=true SQLAlchemy hands SQLite "x.db?mode=ro" (or
    # ":memory:?passwd=...") as one file name, which SQLite then created, empty, beside the database.
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    for url in (f"sqlite:///{sqlite_db}?uri=true&mode=ro", "sqlite:///:memory:?uri=true&passwd=pw-Secret"):
        for command in (("db", "current"), ("show",), ("sql", "SELECT 1")):
            message = one_line_error(run(url, *command), 3)
            assert "file name, which does not exist: name the database as a SQLite URI" in message
            assert "pw-Secret" not in message
    assert sorted(tmp_path.rglob("*")) == before
    # Written as a SQLite URI, the same settings open the database.
    result = run(f"sqlite:///file:{sqlite_db}?uri=true&mode=ro", "db", "current")
    assert result.exit_code == 0, result.stderr


def test_a_database_without_the_schema_is_not_altered(empty_db: str) -> None:
    if Path(empty_db).suffix == ".db":
        create_engine(resolve_url(empty_db)).dispose()  # SQLite: an empty file, as `sqlite3 x.db` leaves
        Path(empty_db).touch()
    before = dump(empty_db)
    message = one_line_error(run(empty_db, "show"), 3)
    assert message.endswith("has no timeline schema: create it with `timeline db upgrade`")
    assert dump(empty_db) == before == {}


def test_a_database_ahead_of_the_code_says_so(seeded: str) -> None:
    engine = create_engine(resolve_url(seeded))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    message = one_line_error(run(seeded, "show"), 3)
    assert "is ahead of the code (revision ffffffffffff is unknown to timeline" in message
    assert "upgrade timeline, or downgrade the database with the newer version" in message


def test_a_database_behind_the_code_says_how_to_upgrade(seeded: str) -> None:
    engine = create_engine(resolve_url(seeded))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'older000000'"))
        # The code's revision graph with one more, older revision than the database has.
        graph = {"older000000": None, head(): "older000000"}
        with pytest.raises(SchemaStateError) as raised:
            require_current(connection, "test.db", graph)
    engine.dispose()
    assert str(raised.value.message) == (
        f"database test.db is behind the code (at revision older000000, code needs {head()}): run `timeline db upgrade`"
    )


def test_passwords_never_appear_in_errors(backend: Backend) -> None:
    if backend.name == "sqlite":
        pytest.skip("SQLite has no passwords")
    url = server_url(backend.name).set(password="s3cr3t-pw", database="timeline_no_such_database")
    for command in (("show",), ("db", "current"), ("seed",)):
        result = run(url.render_as_string(hide_password=False), *command)
        assert result.exit_code != 0
        assert "s3cr3t-pw" not in result.stdout + result.stderr
        assert "***" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_unsupported_database_urls_are_named() -> None:
    message = one_line_error(run("oracle://scott@db/orcl", "show"), 4)
    assert message == (
        "Error: unsupported database 'oracle': give a SQLite file path, or a URL starting postgresql://, mysql:// or mariadb://"
    )


# Found by tests/test_fuzz.py: each of these was a traceback.
@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        ("sqlite://:memory:", 4, "the database URL is malformed (not a URL)"),
        ("sqlite:///{db}?mode=ro&Secret=1", 4, "SQLite takes no such setting in the URL: only timeout,"),
        (
            "sqlite://?passwd=pw-Secret@",
            4,
            "a SQLite URL names a file, not a user or a host: write sqlite:///PATH",
        ),
        (
            "sqlite:///{db}?timeout=soon",
            4,
            "the driver cannot take the URL's settings: could not convert string to float: 'soon'",
        ),
        (
            "sqlite:///{db}?uri=maybe",
            4,
            "the driver cannot take the URL's settings: String is not true/false: 'maybe'",
        ),
        (
            "sqlite:///{db}?isolation_level=IMMEDIATE&isolation_level=EXCLUSIVE",
            4,
            "the driver cannot take the URL's settings: isolation_level",
        ),
        (
            "sqlite+aiosqlite:///{db}",
            1,
            "the sqlite+aiosqlite driver is missing (aiosqlite): give a file path or a sqlite:/// URL",
        ),
    ],
)
def test_sqlite_url_settings_the_driver_cannot_take_are_one_line(
    sqlite_db: str, url: str, status: int, says: str
) -> None:
    for command in (("db", "current"), ("show",), ("sql", "SELECT 1")):
        assert says in one_line_error(run(url.format(db=sqlite_db), *command), status)


def test_url_settings_mariadbs_driver_cannot_take_are_one_line(backend: Backend) -> None:
    if backend.name != "mariadb":
        pytest.skip("PyMySQL's settings")
    for setting, says in (
        ("connect_timeout=soon", "invalid literal for int() with base 10: 'soon'"),
        ("charset=nope", "'NoneType' object has no attribute 'encoding'"),
        ("local_infile=maybe", "String is not true/false: 'maybe'"),
    ):
        url = f"{server_url('mariadb').render_as_string(hide_password=False)}?{setting}"
        for command in (("db", "current"), ("sql", "SELECT 1")):
            message = one_line_error(run(url, *command), 4)
            assert message.endswith(f"the driver cannot take the URL's settings: {says}"), message


def test_a_mariadb_url_without_a_database_is_refused_before_connecting() -> None:
    # Found by tests/test_fuzz.py: against a real server, every command failed in SQLAlchemy's has_table.
    for url in ("mysql://analyst:pw-Secret@127.0.0.1:1/", "mariadb://analyst@127.0.0.1:1"):
        message = one_line_error(run(url, "db", "current"), 4)
        assert "names no database: add it after the host, as in mysql://user@host/timeline" in message
        assert "pw-Secret" not in message
