"""Issue 12's holes, each reproduced on every backend it applies to: `timeline sql` reads and nothing more,
whatever the account may do; a query stops at its timeout and at Ctrl-C, on the server too; a reader role
holds SELECT only; and no password, however written in the URL, reaches any output.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.backends import Backend, server_url
from tests.conftest import BACKENDS, ROOT, dump, query, run
from timeline.errors import InputError
from timeline.storage.config import masked, resolve_url
from timeline.storage.db import open_session
from timeline.storage.sql import run as run_query
from timeline.storage.sql_guard import DIALECTS, ReadQuery, read_query

# Runs until stopped, on every backend.
ENDLESS = {
    "sqlite": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
    "postgresql": "SELECT pg_sleep(60)",
    "mariadb": "SELECT SLEEP(60)",
}


def refused(result: Result) -> str:
    """The one line of a refused query; nothing on stdout."""
    assert result.exit_code == 4, (result.exit_code, result.stdout, result.stderr)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: SQL refused: "), line
    assert result.stdout == ""
    return line


def on(*names: str) -> pytest.MarkDecorator:
    """Run the test on these backends only (those of them this run tests)."""
    return pytest.mark.parametrize("backend", [name for name in names if name in BACKENDS], indirect=True)


def marker() -> Path:
    return Path("/tmp") / f"timeline-test-{uuid.uuid4().hex}"


# -- what `timeline sql` refuses, on the account the tests use (a superuser / root) ----------------------


@on("postgresql")
def test_copy_to_program_runs_no_shell_command(seeded: str, backend: Backend) -> None:
    before, touched = dump(seeded), marker()
    psql_url = make_url(seeded).set(drivername="postgresql").render_as_string(hide_password=False)
    program = f"psql '{psql_url}' -c 'DELETE FROM actor_alias'; touch {touched}"
    quoted = program.replace("'", "''")
    line = refused(run(seeded, "sql", f"COPY (SELECT 1) TO PROGRAM '{quoted}'"))
    assert "COPY is not a read query" in line
    assert not touched.exists()
    assert dump(seeded) == before


@on("postgresql")
@pytest.mark.parametrize(
    ("statement", "says"),
    [
        ("SELECT pg_read_file('/etc/passwd')", "pg_read_file() reaches outside"),
        ("SELECT * FROM pg_catalog.pg_ls_dir('.')", "pg_ls_dir() reaches outside"),
        ("SELECT U&\"pg\\005fread_file\"('/etc/passwd')", "Unicode escapes"),
        ("SELECT lo_export(lo_from_bytea(0, 'x'), '{file}')", "lo_export() reaches outside"),
        ("COPY actor TO '{file}'", "COPY is not a read query"),
        ("SELECT set_config('default_transaction_read_only', 'off', false)", "set_config() reaches outside"),
        ("SELECT * FROM query_to_xml('SELECT 1', true, true, '')", "query_to_xml() reaches outside"),
        ("SELECT pg_terminate_backend(pg_backend_pid())", "pg_terminate_backend() reaches outside"),
        ("SET default_transaction_read_only = off", "SET is not a read query"),
        ("LOCK TABLE actor", "LOCK is not a read query"),
        ("SELECT * FROM actor FOR UPDATE", "FOR UPDATE and FOR SHARE lock rows"),
        ("SELECT * INTO scratch FROM actor", "INTO stores a query's result"),
        ("WITH gone AS (DELETE FROM actor_alias RETURNING *) SELECT * FROM gone", "may not hold DELETE"),
        ("EXPLAIN ANALYZE DELETE FROM actor_alias", "DELETE is not a read query"),
    ],
)
def test_postgresql_files_programs_and_settings_are_out_of_reach(
    seeded: str, backend: Backend, statement: str, says: str
) -> None:
    before, file = dump(seeded), marker()
    assert says in refused(run(seeded, "sql", statement.format(file=file)))
    assert not file.exists()
    assert dump(seeded) == before


# MariaDB migrates each test's database afresh (it cannot clone one), so its reproductions share one.
MARIADB_HOLES = [
    ("SELECT 1 INTO OUTFILE '{file}'", "INTO stores a query's result"),
    ("SELECT * FROM actor INTO DUMPFILE '{file}'", "INTO stores a query's result"),
    ("SELECT LOAD_FILE('/etc/passwd')", "LOAD_FILE() reaches outside"),
    ("SELECT GET_LOCK('timeline.writer', 0)", "GET_LOCK() reaches outside"),
    ("SET GLOBAL max_connections = 1", "SET is not a read query"),
    ("COMMIT; SET SESSION TRANSACTION READ WRITE; DELETE FROM actor_alias", "one statement at a time"),
    ("SELECT * FROM actor LOCK IN SHARE MODE", "FOR UPDATE and FOR SHARE lock rows"),
    ("SELECT /*+ SET_VAR(max_statement_time=0) */ SLEEP(60)", "optimizer hints"),
    ("HANDLER actor OPEN", "HANDLER is not a read query"),
]


@on("mariadb")
def test_mariadb_files_settings_and_several_statements_are_out_of_reach(
    seeded: str, backend: Backend
) -> None:
    # The URL asks for several statements per call, as in the issue; timeline turns that off.
    url = f"{seeded}?client_flag=65536"
    before, file = dump(seeded), marker()
    max_connections = query(seeded, "SELECT @@GLOBAL.max_connections")
    for statement, says in MARIADB_HOLES:
        assert says in refused(run(url, "sql", statement.format(file=file))), statement
    # MariaDB runs the text of a /*! … */ comment; timeline sends the query without it.
    result = run(
        url, "sql", f"SELECT 1 AS one /*! INTO OUTFILE '{file}' */ FROM actor LIMIT 1", "--format", "csv"
    )
    assert (result.exit_code, result.stdout) == (0, "one\n1\n"), result.stderr
    assert not file.exists()
    assert dump(seeded) == before
    assert query(seeded, "SELECT @@GLOBAL.max_connections") == max_connections


@on("sqlite")
@pytest.mark.parametrize(
    "statement",
    [
        "ATTACH DATABASE '{file}' AS elsewhere",
        "VACUUM INTO '{file}'",
        "SELECT load_extension('{file}')",
        "SELECT writefile('{file}', 'x')",
        "PRAGMA query_only = OFF",
    ],
)
def test_sqlite_creates_no_file(seeded: str, backend: Backend, statement: str) -> None:
    before, file = dump(seeded), marker()
    refused(run(seeded, "sql", statement.format(file=file)))
    assert not file.exists()
    assert dump(seeded) == before


def test_a_colon_inside_a_string_is_not_a_parameter(seeded: str, backend: Backend) -> None:
    # PyMySQL used to splice the quoted value into the string literal, making the value SQL:
    # here it called LOAD_FILE, which the check had never seen.
    smuggled = "), LENGTH(LOAD_FILE(0x2f6574632f706173737764)), ("
    result = run(seeded, "sql", "SELECT (':x') AS a", "-p", f"x={smuggled}", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "a\n:x\n"
    # Every colon and backslash in a string reaches the database as written.
    statement = "SELECT ':x:y' AS b, 'q::r' AS c, 'C:\\:' AS d, '\\:x' AS e"
    result = run(seeded, "sql", statement, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    backslash = "" if backend.name == "mariadb" else "\\"  # MariaDB reads \: as an escaped colon
    assert result.stdout == f"b,c,d,e\n:x:y,q::r,C:{backslash}:,{backslash}:x\n"


def test_what_runs_is_what_was_read_without_its_comments() -> None:
    query = read_query(
        "-- who\nSELECT slug /* the actor */ FROM actor\nWHERE slug = :slug; -- end", "mariadb"
    )
    assert query.text == "SELECT slug FROM actor\nWHERE slug = :slug"
    # MariaDB runs `--x` as minus minus x, as the parser reads it; a comment that would turn it into `-- x`
    # is refused rather than guessed at.
    assert read_query("SELECT 1 --1", "mariadb").text == "SELECT 1 --1"
    with pytest.raises(InputError, match="reads differently without its comments"):
        read_query("SELECT 1 --/**/1", "mariadb")
    assert read_query("SELECT ':x', \":b\", :y", "postgresql").text == "SELECT '\\:x', \"\\:b\", :y"


@pytest.mark.parametrize(
    ("backend_name", "statement"),
    [
        ("postgresql", "SELECT 1 /* nested /* comment */ pg_read_file('x') */"),
        ("postgresql", "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM actor"),
        ("postgresql", "TABLE actor"),
        ("postgresql", "VALUES (1), (2)"),
        ("postgresql", "SELECT $$'$$ AS quote, E'\\'' AS also, 'a\\' AS backslash"),
        ("mariadb", "EXPLAIN FORMAT=JSON SELECT * FROM actor"),
        ("mariadb", "SELECT 'it''s', 'a\\'b', \"c\\\"d\""),
        ("sqlite", "EXPLAIN QUERY PLAN SELECT * FROM actor"),
        ("sqlite", "SELECT [a'], 'b\\'"),
        ("sqlite", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 3) SELECT * FROM r"),
    ],
)
def test_read_queries_are_accepted(backend_name: str, statement: str) -> None:
    assert read_query(statement, backend_name).dialect == DIALECTS[backend_name]


@pytest.mark.parametrize(
    ("backend_name", "statement", "says"),
    [
        ("postgresql", "SELECT \"pg_read_file\"('/etc/passwd')", "pg_read_file() reaches outside"),
        ("postgresql", "SELECT pg_read_file /* a gap */ ('/etc/passwd')", "pg_read_file() reaches outside"),
        ("postgresql", "SELECT U&\"pg\\005fread_file\"('/etc/passwd')", "Unicode escapes"),
        (
            "postgresql",
            "SELECT dblink_exec('dbname=x', 'DELETE FROM actor')",
            "dblink_exec() reaches outside",
        ),
        ("postgresql", "SELECT nextval('actor_id_seq')", "nextval() reaches outside"),
        ("postgresql", "SELECT 1; SELECT 2", "one statement at a time"),
        ("postgresql", "EXPLAIN EXPLAIN SELECT 1", "EXPLAIN needs a read query"),
        ("postgresql", "DO $$BEGIN DELETE FROM actor; END$$", "DO is not a read query"),
        ("postgresql", "CALL cleanup()", "CALL is not a read query"),
        ("postgresql", "SELECT 1\x0bFROM actor", "control characters"),
        ("postgresql", "SELECT * FROM (DELETE FROM actor RETURNING *) AS gone", "does not read as one query"),
        ("mariadb", "SELECT 1 INTO @x", "INTO stores a query's result"),
        ("mariadb", "DESCRIBE actor", "DESCRIBE is not a read query"),
        ("mariadb", "ANALYZE SELECT * FROM actor", "ANALYZE is not a read query"),
        ("mariadb", "DO SLEEP(1)", "DO is not a read query"),
        ("sqlite", "SELECT [x'], load_extension('evil'), [']", "load_extension() reaches outside"),
        ("sqlite", "SELECT fts3_tokenizer('simple')", "fts3_tokenizer() reaches outside"),
        ("sqlite", "DETACH elsewhere", "DETACH is not a read query"),
        ("sqlite", "  ;  ", "the query is empty"),
    ],
)
def test_anything_but_one_read_query_is_refused(backend_name: str, statement: str, says: str) -> None:
    with pytest.raises(InputError, match=r"^SQL refused: ") as raised:
        read_query(statement, backend_name)
    assert says in raised.value.message


def test_deep_nesting_is_read_up_to_a_point_then_refused_in_one_line() -> None:
    assert read_query(f"SELECT {'(' * 100}1{')' * 100}", "postgresql").text.startswith("SELECT ((")
    with pytest.raises(InputError, match=r"^SQL refused: it nests too deeply to be read$"):
        read_query(f"SELECT {'(' * 5000}1{')' * 5000}", "postgresql")


def test_the_database_refuses_a_write_that_got_past_the_check(seeded: str) -> None:
    """The read-only session is the second wall: a query made without the check still changes nothing."""
    before = dump(seeded)
    url = resolve_url(seeded)
    unchecked = ReadQuery("DELETE FROM actor_alias", DIALECTS[url.get_backend_name()])
    with (
        open_session(url, read_only=True) as session,
        pytest.raises(InputError, match=r"^SQL error: "),
        run_query(session.connection(), unchecked, {}, timeout=10) as result,
    ):
        list(result.rows)
    assert dump(seeded) == before


# -- time limits and Ctrl-C ------------------------------------------------------------------------------


def test_a_long_query_stops_at_the_timeout(db: str, backend: Backend) -> None:
    started = time.monotonic()
    result = run(db, "sql", ENDLESS[backend.name], "--timeout", "1")
    assert time.monotonic() - started < 10
    assert result.exit_code == 4
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: SQL error: the query ran longer than the 1s timeout and was stopped; "
        "give --timeout more seconds, or 0 for none"
    )
    assert result.stdout == ""


def _running(db: str, backend: Backend) -> list[tuple[object, ...]]:
    """The test's endless query as the server lists it, if it is still running there."""
    if backend.name == "postgresql":
        return query(db, "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'")
    return query(db, "SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(60)%'")


@pytest.mark.slow
def test_ctrl_c_stops_the_query_on_the_server_too(db: str, backend: Backend) -> None:
    command = [sys.executable, "-m", "timeline", "--db", db, "sql", ENDLESS[backend.name], "--timeout", "0"]
    environment = {**os.environ, "TIMELINE_DATABASE_URL": ""}
    with subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:  # fmt: skip
        deadline = time.monotonic() + 20
        while backend.name != "sqlite" and not _running(db, backend) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=15)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "Error: interrupted: the query was stopped, on the database too"
    assert stdout == ""
    if backend.name != "sqlite":
        assert _running(db, backend) == []


# -- accounts: the superuser warning and the reader role ------------------------------------------------


@on("postgresql", "mariadb")
def test_a_superuser_is_warned_on_stderr(seeded: str, backend: Backend) -> None:
    result = run(seeded, "sql", "SELECT count(*) AS n FROM actor", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith("warning: connected as ")
    assert warning.endswith("; run timeline sql as a reader role (timeline db reader)")
    assert result.stdout.startswith("n\n")


@pytest.fixture
def reader(seeded: str, backend: Backend) -> Iterator[str]:
    """A reader role made by `timeline db reader --apply --password` on the seeded database: its URL."""
    role, password = f"timeline_reader_{uuid.uuid4().hex[:8]}", "R3ad:only@pw"
    result = run_with_input(
        seeded, f"{password}\n{password}\n", "db", "reader", role, "--apply", "--password"
    )
    assert result.exit_code == 0, result.stderr
    assert password not in result.stdout + result.stderr
    url = make_url(seeded).set(username=role, password=password).render_as_string(hide_password=False)
    yield url
    engine = create_engine(resolve_url(seeded), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if backend.name == "postgresql":
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        else:
            connection.execute(text(f"DROP USER '{role}'@'%'"))
    engine.dispose()


def run_with_input(db: str, given: str, *args: str) -> Result:
    from click.testing import CliRunner

    from timeline.cli import cli

    return CliRunner().invoke(cli, ["--db", db, *args], input=given, env={"TIMELINE_DATABASE_URL": None})


@on("postgresql", "mariadb")
def test_the_reader_role_reads_exports_and_cannot_write(
    reader: str, seeded: str, backend: Backend, tmp_path: Path
) -> None:
    result = run(
        reader, "sql", "SELECT slug FROM actor WHERE slug = :slug", "-p", "slug=mali", "--format", "csv"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, "slug\nmali\n", "")
    assert run(reader, "show", "--format", "jsonl").exit_code == 0
    exported = run(reader, "export", str(tmp_path / "export"))
    assert exported.exit_code == 0, exported.stderr
    assert (tmp_path / "export" / "manifest.json").exists()
    # Whatever a reader sends straight to the server, even out of a read-only transaction, its rights stop it.
    before = dump(seeded)
    engine = create_engine(resolve_url(reader))
    with engine.connect() as connection:
        if backend.name == "postgresql":
            connection.execute(text("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"))
            connection.commit()
        for statement in ("DELETE FROM actor_alias", "CREATE TABLE scratch (id INTEGER)"):
            with pytest.raises(Exception, match=r"denied"):
                connection.execute(text(statement))
            connection.rollback()
    engine.dispose()
    assert dump(seeded) == before


def test_db_reader_prints_grants_without_a_password(seeded: str, backend: Backend) -> None:
    if backend.name == "sqlite":
        result = run(seeded, "db", "reader", "analyst")
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: SQLite has no accounts: readers need only read permission on the file (chmod), or a copy\n"
        )
        return
    result = run(seeded, "db", "reader", "analyst")
    assert result.exit_code == 0, result.stderr
    assert "GRANT SELECT" in result.stdout
    assert "IDENTIFIED BY '…'" in result.stdout or "\\password analyst" in result.stdout
    assert "DELETE" not in result.stdout and "INSERT" not in result.stdout
    assert run(seeded, "db", "reader", "an'alyst").exit_code == 4
    assert run(seeded, "db", "reader", "analyst", "--password").exit_code == 2


# -- passwords -------------------------------------------------------------------------------------------


def leaked(result: Result, password: str) -> list[str]:
    """Which pieces of ``password`` (split at @ and :) appear in the command's output."""
    pieces = {password, *password.replace(":", "@").split("@")} - {""}
    return sorted(piece for piece in pieces if piece in result.stdout + result.stderr)


PASSWORD = "Tr0ub4dor@horse:battery"


def _urls(backend: Backend, host: str, port: int, database: str) -> list[tuple[str, str]]:
    """(URL, password) pairs writing a password in each way the issue found printed."""
    scheme = "postgresql" if backend.name == "postgresql" else "mysql"
    user = server_url(backend.name).username
    at = f"{host}:{port}/{database}"
    return [
        (f"{scheme}://{user}@{at}?connect_timeout=5&password={PASSWORD}", PASSWORD),
        (f"{scheme}://{user}:Tr0ub4dor@horse-battery@{at}", "Tr0ub4dor@horse-battery"),
        (f"{scheme}://{user}:{PASSWORD}@{at}", PASSWORD),
    ]


@on("postgresql", "mariadb")
@pytest.mark.parametrize("command", [("db", "upgrade"), ("db", "check"), ("show",), ("sql", "SELECT 1")])
def test_no_password_is_printed_when_the_server_cannot_be_reached(
    backend: Backend, command: tuple[str, ...]
) -> None:
    for url, password in _urls(backend, "127.0.0.1", 1, "timeline"):
        result = run(url, *command)
        assert result.exit_code != 0
        assert leaked(result, password) == [], (url, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@on("postgresql")  # its test server trusts local connections, so any password gets in
def test_no_password_is_printed_by_commands_that_succeed(db: str, backend: Backend) -> None:
    address = make_url(db)
    for url, password in _urls(backend, str(address.host), address.port or 5432, str(address.database)):
        for command in (("db", "upgrade"), ("db", "check"), ("db", "history"), ("db", "current")):
            result = run(url, *command)
            assert result.exit_code == 0, result.stderr
            assert leaked(result, password) == [], (url, command, result.stdout + result.stderr)
        assert f"{address.host}:{address.port}/{address.database}" in run(url, "db", "upgrade").stderr


@pytest.mark.parametrize(
    ("url", "password"),
    [
        ("postgresql://analyst:pw-Secret@db.example.org:/timeline", "pw-Secret"),
        ("postgresql://analyst:pw-Secret@db.example.org:54x2/timeline", "pw-Secret"),
        ("postgresql://analyst:pw/Secret@db.example.org/timeline", "pw/Secret"),
        ("mysql://analyst:pw?Secret@db.example.org/timeline", "pw?Secret"),
        ("mysql://analyst:pw#Secret@db.example.org/timeline", "pw#Secret"),
        ("postgresql://analyst:pw-Secret@db example.org/timeline", "pw-Secret"),
    ],
)
def test_a_malformed_url_is_one_line_that_quotes_none_of_it(url: str, password: str) -> None:
    for command in (("show",), ("db", "upgrade"), ("sql", "SELECT 1")):
        result = run(url, *command)
        assert result.exit_code == 4
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("Error: the database URL is malformed (")
        assert "percent-encode / ? # % in its user name and password" in line
        assert "Traceback" not in result.stdout + result.stderr
        for piece in ("pw", "Secret", "analyst", "example"):
            assert piece not in line, (piece, line)


def test_an_unencoded_at_sign_stays_in_the_password() -> None:
    url = resolve_url("postgresql://analyst:Tr0ub4dor@horse-battery@127.0.0.1:5432/x")
    assert (url.username, url.password, url.host, url.port) == (
        "analyst",
        "Tr0ub4dor@horse-battery",
        "127.0.0.1",
        5432,
    )
    encoded = resolve_url("mysql://analyst:Tr0ub4dor%40horse%3Abattery@db/x")
    assert encoded.password == "Tr0ub4dor@horse:battery"
    assert resolve_url("postgresql://a@h/x?password=p@ss").query["password"] == "p@ss"


def test_masked_hides_every_password_a_url_or_message_holds() -> None:
    url = resolve_url("postgresql://analyst:Tr0ub4dor@horse@db:5432/x?password=other&sslmode=require")
    assert masked(url) == "postgresql+psycopg://analyst:***@db:5432/x?password=***&sslmode=require"
    message = (
        "could not connect to mysql://root:Tr0ub4dor@horse@db/x; "
        "dsn: host=db password='two words' user=root PASSWD=plain&x=1 (Tr0ub4dor%40horse)"
    )
    assert masked(message, url) == (
        "could not connect to mysql://root:***@db/x; dsn: host=db password=*** user=root PASSWD=***&x=1 (***)"
    )


def test_a_password_under_a_key_that_names_one_is_hidden_too() -> None:
    # Found by tests/test_fuzz.py: "??password=" (a stray "?") showed the password; libpq's sslpassword
    # (the client key's passphrase) was shown the same way.
    url = resolve_url("postgresql://analyst@db/x??password=first&sslpassword=second&sslmode=require")
    assert masked(url) == "postgresql+psycopg://analyst@db/x?%3Fpassword=***&sslmode=require&sslpassword=***"
    assert masked("connection failed: sslpassword=second ssl_key_password=third", url) == (
        "connection failed: sslpassword=*** ssl_key_password=***"
    )
    assert masked("no bypass=1 here", resolve_url("postgresql://a@db/x?bypass=1")) == "no bypass=1 here"


def test_a_password_holding_a_quote_is_hidden_whole() -> None:
    # Found by tests/test_fuzz.py: the password=value pattern took the password up to its quote, before
    # the known password was looked for, and the rest of it showed.
    url = resolve_url("postgresql://analyst@db/x?password=it%27s-Secret")
    assert masked("connection failed: password=it's-Secret", url) == "connection failed: password=***"
