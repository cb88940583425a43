"""Database accounts: whether the one connected could do harm outside timeline's rows, and the SQL for a
least-privilege reader role to run `timeline sql` and nightly exports with.

SQLite has no accounts: whoever may read the file may read the database, and the file's permissions are
the only rights there are.
"""

import re

from sqlalchemy import Connection

from timeline.errors import InputError

# The predefined PostgreSQL roles that reach the server's files and programs.
SERVER_FILE_ROLES = ("pg_read_server_files", "pg_write_server_files", "pg_execute_server_program")
# MariaDB and MySQL privileges that reach outside the databases' rows: files, settings, other sessions.
SERVER_PRIVILEGES = frozenset({"ALL PRIVILEGES", "ALL", "SUPER", "FILE"})

_ROLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_HOST = re.compile(r"[A-Za-z0-9_.%:-]{1,255}")


def privileged(connection: Connection) -> str | None:
    """How the connected account could reach beyond timeline's rows ("a superuser", …), or None."""
    backend = connection.dialect.name
    if backend == "postgresql":
        member = " OR ".join(f"pg_has_role(current_user, '{role}', 'MEMBER')" for role in SERVER_FILE_ROLES)
        superuser, files = connection.exec_driver_sql(
            f"SELECT rolsuper, {member} FROM pg_roles WHERE rolname = current_user"
        ).one()
        if superuser:
            return "a PostgreSQL superuser"
        return "a member of a role that reads or writes the server's files" if files else None
    if backend in ("mysql", "mariadb"):
        held: set[str] = set()
        for (grant,) in connection.exec_driver_sql("SHOW GRANTS"):
            found = re.match(r"GRANT (.+?) ON \*\.\* TO ", str(grant))
            if found:
                held |= {privilege.strip().upper() for privilege in found.group(1).split(",")}
        risky = sorted(held & SERVER_PRIVILEGES)
        return f"an account with {' and '.join(risky)} on every database" if risky else None
    return None


def reader_sql(connection: Connection, role: str) -> list[str]:
    """The statements that create ``role``, a login that can read timeline's database and nothing more.

    PostgreSQL: SELECT on every table and view in timeline's schema, and on those its owner creates there
    later (upgrades), with read-only transactions by default. MariaDB and MySQL: SELECT and SHOW VIEW on
    timeline's database; ``role`` may be ``name@host`` (the host defaults to %). None sets a password:
    ``create_reader`` does, when it runs them.
    """
    backend = connection.dialect.name
    name, _, host = role.partition("@")
    if not _ROLE.fullmatch(name) or (host and (backend == "postgresql" or not _HOST.fullmatch(host))):
        raise InputError(
            f"{role!r} is not a role name: letters, digits and _ (on MariaDB, name@host), at most 63"
        )
    quoted = connection.dialect.identifier_preparer.quote_identifier  # names as the server gives them
    if backend == "postgresql":
        database = quoted(connection.exec_driver_sql("SELECT current_database()").scalar_one())
        schema = quoted(connection.exec_driver_sql("SELECT current_schema()").scalar_one())
        return [
            f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
            f'THEN CREATE ROLE "{name}" LOGIN; END IF; END$$',
            f'GRANT CONNECT ON DATABASE {database} TO "{name}"',
            f'GRANT USAGE ON SCHEMA {schema} TO "{name}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO "{name}"',
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO "{name}"',
            f'ALTER ROLE "{name}" SET default_transaction_read_only = on',
        ]
    database = quoted(connection.exec_driver_sql("SELECT DATABASE()").scalar_one())
    account = f"'{name}'@'{host or '%'}'"
    return [
        f"CREATE USER IF NOT EXISTS {account} ACCOUNT LOCK",
        f"GRANT SELECT, SHOW VIEW ON {database}.* TO {account}",
    ]


def create_reader(connection: Connection, role: str, password: str | None) -> None:
    """Run ``reader_sql``, and give ``role`` its ``password`` if there is one; the caller commits."""
    for statement in reader_sql(connection, role):
        connection.exec_driver_sql(statement.replace("%", "%%"))  # both drivers read % as a placeholder
    if password is not None:
        _set_password(connection, role, password)


def _set_password(connection: Connection, role: str, password: str) -> None:
    """Set ``role``'s password (and unlock it, on MariaDB). The password goes to the server only."""
    if connection.dialect.name == "postgresql":
        # ALTER ROLE takes no parameters, so the password goes hashed by libpq (SCRAM, as the server asks),
        # never in plain text that a statement log would keep.
        driver = connection.connection.driver_connection
        hashed = driver.pgconn.encrypt_password(password.encode(), role.encode()).decode()  # type: ignore[union-attr]
        connection.exec_driver_sql(f"ALTER ROLE \"{role}\" PASSWORD '{hashed}'")
        return
    name, _, host = role.partition("@")
    account = f"'{name}'@'{host or '%'}'".replace("%", "%%")  # the statement is a format string to PyMySQL
    # PyMySQL quotes the parameter itself, as the server's sql_mode needs.
    connection.exec_driver_sql(f"ALTER USER {account} IDENTIFIED BY %s ACCOUNT UNLOCK", (password,))


def password_hint(connection: Connection, role: str) -> str:
    """How to give ``role`` a password by hand, as an SQL comment."""
    if connection.dialect.name == "postgresql":
        return f"-- then give {role} a password, in psql: \\password {role}"
    name, _, host = role.partition("@")
    account = f"'{name}'@'{host or '%'}'"
    return f"-- then give it a password: ALTER USER {account} IDENTIFIED BY '…' ACCOUNT UNLOCK;"
