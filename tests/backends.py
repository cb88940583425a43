"""Real databases for the tests: SQLite files, and throwaway databases on PostgreSQL and MariaDB servers.

Each test gets its own database. A migrated database is cloned from one migrated once per run (a file
copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL); MariaDB, which cannot clone, migrates
each one. Server addresses come from environment variables, defaulting to the local services:

    TIMELINE_TEST_POSTGRESQL_URL  postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    TIMELINE_TEST_MARIADB_URL     mysql+pymysql://root@127.0.0.1:3306/test
"""

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from timeline.storage import migrations
from timeline.storage.config import resolve_url

SERVER_DEFAULTS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306/test",
}


def server_url(name: str) -> URL:
    return make_url(os.environ.get(f"TIMELINE_TEST_{name.upper()}_URL", SERVER_DEFAULTS[name]))


def reachable(name: str) -> str | None:
    """None if the server answers, else why not (one line)."""
    engine = create_engine(server_url(name), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except Exception as error:  # any driver failure means: not usable here
        return str(error).splitlines()[0]
    finally:
        engine.dispose()


@dataclass
class Backend:
    """One kind of database; hands out fresh databases and removes them afterwards."""

    name: str
    scratch: Path
    _template: str | None = field(default=None, init=False)
    _admin: Engine | None = field(default=None, init=False)

    @property
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(server_url(self.name), isolation_level="AUTOCOMMIT")
        return self._admin

    def _url(self, database: str) -> str:
        if self.name == "sqlite":
            return str(self.scratch / database)
        return server_url(self.name).set(database=database).render_as_string(hide_password=False)

    def empty(self) -> str:
        """A new database with no tables."""
        name = f"timeline_test_{uuid.uuid4().hex[:12]}"
        if self.name == "sqlite":
            return self._url(f"{name}.db")
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        return self._url(name)

    def migrated(self) -> str:
        """A new database at the head revision, built by the migrations."""
        if self.name == "mariadb":
            url = self.empty()
            migrations.upgrade(resolve_url(url))
            return url
        if self._template is None:
            template = self.empty()
            migrations.upgrade(resolve_url(template))
            self._template = template
        name = f"timeline_test_{uuid.uuid4().hex[:12]}"
        if self.name == "sqlite":
            target = self.scratch / f"{name}.db"
            shutil.copyfile(self._template, target)
            return str(target)
        template_name = make_url(self._template).database
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template_name}"))
        return self._url(name)

    def drop(self, url: str) -> None:
        if self.name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)
            return
        name = make_url(url).database
        with self.admin.connect() as connection:
            if self.name == "postgresql":
                connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))

    def close(self) -> None:
        if self._template is not None:
            self.drop(self._template)
        if self._admin is not None:
            self._admin.dispose()
