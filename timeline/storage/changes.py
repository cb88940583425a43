"""The triggers behind change tracking: every insert, update and delete of a row lands in ``change_log``.

A revision that adds change tracking, or changes tracked tables, freezes a ``Schema`` (the tables and their
foreign keys as of that revision) and calls ``install`` with it; ``uninstall`` removes the triggers again.
SQLite rebuilds a table in batch migrations and loses its triggers, so such a revision installs again.
Triggers, not application code, so that plain SQL changes are tracked too.

Per backend:
- PostgreSQL: statement-level triggers with transition tables, one INSERT per statement however many rows.
- SQLite: row-level triggers. Rows deleted or nulled by a foreign key action fire their own triggers.
- MariaDB / MySQL: row-level triggers. Foreign key actions fire no triggers there, so each table also gets
  a BEFORE DELETE trigger that logs the rows its deletion will cascade to (deleted) or null (updated).
  A session can skip them by setting @timeline_untracked (see ``suspended``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, MetaData, text

UNTRACKED = frozenset({"alembic_version", "change_log"})
PREFIX = "trk_"
OPERATIONS = ("insert", "update", "delete")


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key with an ON DELETE action: deleting the parent row deletes or nulls the child row."""

    child: str
    column: str
    parent: str
    parent_column: str
    action: str  # "CASCADE" or "SET NULL"


@dataclass(frozen=True)
class Schema:
    """What the triggers need to know: the tracked tables with their primary keys, and the foreign keys
    with ON DELETE actions. A revision freezes it as written then (``Schema.of(Base.metadata)`` printed
    with ``repr``), so its SQL is the same online and offline, today and later."""

    tables: dict[str, str]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @classmethod
    def of(cls, metadata: MetaData) -> "Schema":
        tables = {}
        foreign_keys = []
        for table in sorted(metadata.tables.values(), key=lambda table: table.name):
            if table.name in UNTRACKED:
                continue
            (primary_key,) = table.primary_key.columns
            tables[table.name] = primary_key.name
            for constraint in sorted(table.foreign_key_constraints, key=lambda fk: tuple(fk.column_keys)):
                action = (constraint.ondelete or "").upper()
                if action in ("CASCADE", "SET NULL"):
                    (element,) = constraint.elements
                    foreign_keys.append(
                        ForeignKey(
                            table.name,
                            element.parent.name,
                            element.column.table.name,
                            element.column.name,
                            action,
                        )
                    )
        return cls(tables, tuple(foreign_keys))


def _cascade_logging(table: str, schema: Schema, now: str) -> Iterator[str]:
    """INSERT ... SELECT statements logging what deleting OLD, a row of ``table``, does to other rows.

    A path of foreign keys is walked from the deleted row down through the cascades; each row reached is
    logged as deleted (ON DELETE CASCADE) or updated (ON DELETE SET NULL).
    """

    def walk(
        parent: str, parent_alias: str, path: list[tuple[str, str, str]], seen: frozenset[str]
    ) -> Iterator[str]:
        for child in (key for key in schema.foreign_keys if key.parent == parent):
            alias = f"t{len(path)}"
            here = [
                *path,
                (child.child, alias, f"{alias}.{child.column} = {parent_alias}.{child.parent_column}"),
            ]
            # From the row reached, joined back up the path to the first link, which names OLD.
            joins = "".join(
                f" JOIN {ancestor} {ancestor_alias} ON {here[index + 1][2]}"
                for index, (ancestor, ancestor_alias, _) in reversed(list(enumerate(here[:-1])))
            )
            operation = "delete" if child.action == "CASCADE" else "update"
            yield (
                f"INSERT INTO change_log (table_name, row_id, operation, changed_at) "
                f"SELECT '{child.child}', {alias}.{schema.tables[child.child]}, '{operation}', {now} "
                f"FROM {child.child} {alias}{joins} WHERE {here[0][2]}"
            )
            if child.action == "CASCADE" and child.child not in seen:
                yield from walk(child.child, alias, here, seen | {child.child})

    yield from walk(table, "OLD", [], frozenset({table}))


def _sqlite(table: str, primary_key: str) -> Iterator[str]:
    now = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"
    for operation in OPERATIONS:
        row = "OLD" if operation == "delete" else "NEW"
        yield (
            f"CREATE TRIGGER {PREFIX}{table}_{operation} AFTER {operation.upper()} ON {table} BEGIN "
            f"INSERT INTO change_log (table_name, row_id, operation, changed_at) "
            f"VALUES ('{table}', {row}.{primary_key}, '{operation}', {now}); END"
        )


def _postgresql(table: str, primary_key: str) -> Iterator[str]:
    for operation in OPERATIONS:
        name = f"{PREFIX}{table}_{operation}"
        rows = "old_rows" if operation == "delete" else "new_rows"
        yield (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO change_log (table_name, row_id, operation, changed_at) "
            f"SELECT '{table}', {primary_key}, '{operation}', clock_timestamp() AT TIME ZONE 'UTC' "
            f"FROM {rows} ORDER BY {primary_key}; RETURN NULL; END $$"
        )
        yield (
            f"CREATE TRIGGER {name} AFTER {operation.upper()} ON {table} "
            f"REFERENCING {'OLD' if operation == 'delete' else 'NEW'} TABLE AS {rows} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )


def _mysql(table: str, primary_key: str, schema: Schema) -> Iterator[str]:
    now = "UTC_TIMESTAMP(6)"
    # A session sets @timeline_untracked to load rows whose history it brings along (timeline import).
    for operation in OPERATIONS:
        row = "OLD" if operation == "delete" else "NEW"
        yield (
            f"CREATE TRIGGER {PREFIX}{table}_{operation} AFTER {operation.upper()} ON {table} FOR EACH ROW "
            f"BEGIN IF @timeline_untracked IS NULL THEN "
            f"INSERT INTO change_log (table_name, row_id, operation, changed_at) "
            f"VALUES ('{table}', {row}.{primary_key}, '{operation}', {now}); END IF; END"
        )
    cascades = list(_cascade_logging(table, schema, now))
    if cascades:
        body = "; ".join(cascades)
        yield (
            f"CREATE TRIGGER {PREFIX}{table}_cascade BEFORE DELETE ON {table} FOR EACH ROW "
            f"BEGIN IF @timeline_untracked IS NULL THEN {body}; END IF; END"
        )


def install(connection: Connection, schema: Schema) -> None:
    """Create (or recreate) the tracking triggers on every table of ``schema``.

    Works offline too (``timeline db upgrade --sql``): it only emits statements, reads nothing.
    """
    uninstall(connection, schema)
    dialect = connection.dialect.name
    for table, primary_key in schema.tables.items():
        if dialect == "sqlite":
            statements = _sqlite(table, primary_key)
        elif dialect == "postgresql":
            statements = _postgresql(table, primary_key)
        else:
            statements = _mysql(table, primary_key, schema)
        for statement in statements:
            connection.execute(text(statement.replace(":", r"\:")))


def uninstall(connection: Connection, schema: Schema) -> None:
    """Drop the tracking triggers of every table of ``schema`` (and, on PostgreSQL, their functions)."""
    dialect = connection.dialect.name
    for table in schema.tables:
        for name in [
            *(f"{PREFIX}{table}_{operation}" for operation in OPERATIONS),
            f"{PREFIX}{table}_cascade",
        ]:
            if dialect == "postgresql":
                statement = f"DROP FUNCTION IF EXISTS {name}() CASCADE"  # and the trigger with it
            else:
                statement = f"DROP TRIGGER IF EXISTS {name}"
            connection.execute(text(statement))


@contextmanager
def suspended(connection: Connection, schema: Schema) -> Iterator[None]:
    """No tracking inside the block, for loading rows that bring their own history (``timeline import``).

    SQLite and PostgreSQL drop the triggers and recreate them in the same transaction, so a failed load
    leaves them in place; MariaDB and MySQL, whose DDL would commit, skip them for this session instead.
    """
    if connection.dialect.name in ("mysql", "mariadb"):
        connection.execute(text("SET @timeline_untracked = 1"))
        try:
            yield
        finally:
            connection.execute(text("SET @timeline_untracked = NULL"))
        return
    uninstall(connection, schema)
    yield
    install(connection, schema)


def backfill(connection: Connection, schema: Schema) -> None:
    """Log every existing row of ``schema``'s tables as inserted, table by table in primary-key order."""
    for table, primary_key in schema.tables.items():
        connection.execute(
            text(
                f"INSERT INTO change_log (table_name, row_id, operation, changed_at) "
                f"SELECT '{table}', {primary_key}, 'insert', CURRENT_TIMESTAMP "
                f"FROM {table} ORDER BY {primary_key}"
            )
        )
