"""Issue 12's holes, each reproduced on every backend it applies to: no password, however written in the
URL, reaches any output.
"""

import pytest
from click.testing import Result
from sqlalchemy.engine import make_url

from tests.backends import Backend, server_url
from tests.conftest import BACKENDS, run
from timeline.config import masked, resolve_url


def on(*names: str) -> pytest.MarkDecorator:
    """Run the test on these backends only (those of them this run tests)."""
    return pytest.mark.parametrize("backend", [name for name in names if name in BACKENDS], indirect=True)


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
