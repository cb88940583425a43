"""Which database a command talks to, and how its address (and any text about it) is shown to people.

Passwords never reach a message: ``masked`` is the one function that makes a URL, or text that may hold one,
fit to print, and a URL that cannot be read is refused in one line that quotes none of it.
"""

import os
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, quote_plus, unquote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from timeline.errors import InputError

ENV_VAR = "TIMELINE_DATABASE_URL"
BACKENDS = ("sqlite", "postgresql", "mysql", "mariadb")
DEFAULT_PATH = "timeline.db"

# Query-string keys the drivers read a password from (psycopg: password; PyMySQL: password, passwd). A key
# ending in password or passwd holds one too: libpq's sslpassword, or ?password after a stray "?".
SECRET_KEYS = frozenset({"password", "pass", "passwd", "pwd"})
MASK = "***"

# host[:port], the host a name, an IPv4 address or an [IPv6] one (a socket folder goes in ?host=).
_ADDRESS = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]*)(?::(.*))?", re.DOTALL)
# In text: the password of anything written like a URL (up to the last @ before the host, so an unencoded @
# in it is covered), and the value of a password key in a query string or a key=value connection string.
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][\w+.-]*://[^\s:/@]*:)[^\s/]*@")
_KEY_PASSWORD = re.compile(
    r"(?i)(\b(?:\w*passw(?:or)?d|"
    + "|".join(sorted(SECRET_KEYS))
    + r")\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;,'\"]+)"
)


def resolve_url(option: str | None = None) -> URL:
    """The database URL: the ``--db`` option, then ``$TIMELINE_DATABASE_URL``, then ``./timeline.db``.

    A value without ``://`` is a path to a SQLite file. A URL that cannot be read raises InputError in one
    line that quotes nothing of it, since what cannot be read cannot be told apart from its password.
    """
    value = option or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" not in value:
        return URL.create("sqlite", database=value)
    url = _parse(value)
    if url.get_backend_name() not in BACKENDS:
        raise InputError(
            f"unsupported database {url.drivername!r}: give a SQLite file path, or a URL starting "
            "postgresql://, mysql:// or mariadb://"
        )
    if url.get_backend_name() in ("mysql", "mariadb") and not url.database:
        # A MariaDB session without a current database has no tables to look in.
        raise InputError(
            f"the database URL {masked(url)} names no database: add it after the host, as in "
            "mysql://user@host/timeline"
        )
    # Bare server URLs get the drivers we install, not SQLAlchemy's historical defaults.
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    elif url.drivername in ("mysql", "mariadb"):
        url = url.set(drivername=f"{url.drivername}+pymysql")
    return url


def _malformed(what: str) -> InputError:
    return InputError(
        f"the database URL is malformed ({what}): percent-encode / ? # % in its user name and password "
        "(as %2F %3F %23 %25)"
    )


def _parse(value: str) -> URL:
    """``value`` as a URL, reading its user and password up to the last @ before the host.

    SQLAlchemy alone ends the password at the first @, so ``user:pa@ss@host`` would connect to the host
    ``ss@host`` and show ``ss`` in every message; here the password is ``pa@ss``, and a host, port or
    query that cannot be right is refused.
    """
    scheme, _, rest = value.partition("://")
    if scheme.partition("+")[0] == "sqlite":
        try:
            url = make_url(value)
        except (ArgumentError, ValueError):  # sqlite://:memory: reads ":memory:" as a host and a port
            raise _malformed("not a URL") from None
        if url.username or url.password or url.host or url.port:  # sqlite://?passwd=x@ has a "user"
            raise InputError(
                "the database URL is malformed: a SQLite URL names a file, not a user or a host: "
                "write sqlite:///PATH"
            )
        return url
    authority, *after = re.split(r"([/?#])", rest, maxsplit=1)
    tail = "".join(after)
    userinfo, at, hostport = authority.rpartition("@")
    # An @ or # past the host is a password that held / ? or # unencoded: refuse it rather than guess.
    path, _, query_string = tail.partition("?")
    if "@" in path or (not at and "@" in query_string) or "#" in tail:
        raise _malformed("an @ or # after the host")
    if not re.fullmatch(r"[A-Za-z][\w+]*", scheme):
        raise _malformed("the scheme")
    address = _ADDRESS.fullmatch(hostport)
    if address is None:
        raise _malformed("the host")
    host, port = address.groups()
    if port is not None and not re.fullmatch(r"[0-9]{1,5}", port):
        raise _malformed("the port is not a number")
    query: dict[str, str | list[str]] = {}
    for key, item in parse_qsl(query_string):
        previous = query.get(key)
        query[key] = item if previous is None else [*_listed(previous), item]
    user, colon, password = userinfo.partition(":")
    return URL.create(
        scheme,
        username=unquote(user) if at else None,
        password=unquote(password) if colon else None,
        host=host.strip("[]") or None,
        port=int(port) if port else None,
        database=unquote(path[1:]) if path else None,
        query=query,
    )


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def is_secret(key: str) -> bool:
    """Whether the query-string setting ``key`` holds a password (see SECRET_KEYS)."""
    letters = re.sub(r"[^a-z]", "", key.lower())
    return letters in SECRET_KEYS or letters.endswith(("password", "passwd"))


def secrets(url: URL) -> list[str]:
    """The passwords ``url`` carries: its own and any given in its query string."""
    found = [url.password] if url.password else []
    for key, value in url.query.items():
        if is_secret(key):
            found += [value] if isinstance(value, str) else list(value)
    return [str(secret) for secret in found if secret]


def masked(value: URL | str, known: URL | None = None) -> str:
    """``value`` fit to print, with every password in it replaced by ``***``.

    A URL shows without its password or any password in its query string. Text (a driver's error message,
    say) loses the password of anything in it written like a URL or a ``password=`` setting, and every
    password of ``known``, the URL it is about, wherever it occurs.
    """
    if isinstance(value, URL):
        shown = value.set(query={}).render_as_string(hide_password=True)
        items = [
            f"{quote_plus(key)}={MASK if is_secret(key) else quote_plus(item)}"
            for key, items in sorted(value.query.items())
            for item in ([items] if isinstance(items, str) else items)
        ]
        return f"{shown}?{'&'.join(items)}" if items else shown
    # The known passwords first: a pattern below could take only part of one (up to a quote, say).
    text = _without(value, secrets(known) if known is not None else ())
    text = _URL_PASSWORD.sub(rf"\g<1>{MASK}@", text)
    return _KEY_PASSWORD.sub(rf"\g<1>{MASK}", text)


def _without(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):  # a password that holds another goes first
        text = text.replace(secret, MASK)
        encoded = quote(secret, safe="")
        if encoded != secret:
            text = text.replace(encoded, MASK)
    return text


def describe(url: URL) -> str:
    """The URL for messages: a SQLite file as its path, a server URL with its passwords masked."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return masked(url)
