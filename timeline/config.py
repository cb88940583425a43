"""Which database a command talks to, and how its address is shown to people."""

import os

from sqlalchemy.engine import URL, make_url

from timeline.errors import InputError

ENV_VAR = "TIMELINE_DATABASE_URL"
BACKENDS = ("sqlite", "postgresql", "mysql", "mariadb")
DEFAULT_PATH = "timeline.db"


def resolve_url(option: str | None = None) -> URL:
    """The database URL: the ``--db`` option, then ``$TIMELINE_DATABASE_URL``, then ``./timeline.db``.

    A value without ``://`` is a path to a SQLite file.
    """
    value = option or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" not in value:
        return URL.create("sqlite", database=value)
    url = make_url(value)
    if url.get_backend_name() not in BACKENDS:
        raise InputError(
            f"unsupported database {url.drivername!r}: give a SQLite file path, or a URL starting "
            "postgresql://, mysql:// or mariadb://"
        )
    # Bare server URLs get the drivers we install, not SQLAlchemy's historical defaults.
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    elif url.drivername in ("mysql", "mariadb"):
        url = url.set(drivername=f"{url.drivername}+pymysql")
    return url


def describe(url: URL) -> str:
    """The URL for messages: a SQLite file as its path, a server URL with its password masked."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)
