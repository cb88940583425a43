"""A column the database keeps in step with another table: ``event_participant.event_sort_date``.

An actor's timeline in date order is read off the index ``(actor_id, event_sort_date, event_id)`` on
event_participant, which needs each participation to carry its event's ``sort_date``. Triggers keep the
copy true whoever writes, timeline, plain SQL or an imported bundle: a participation that is inserted, or
whose event or copy is updated, gets the copy from its event whatever the writer put there, and an event
whose dates change passes the new sort date to its participations.

The triggers changed twice, so each revision installs its own version, frozen like change tracking's
``SCHEMA``: version 1 (revision 27da04f3384f) filled in a copy the writer left out and trusted one it gave;
version 2 (revision 39c933177737) sets the copy from the event on every insert and update of it; version 3
(revision 9e8569991fa5, where sort_date came to depend on the end's precision) passes an event's new sort
date on when its end's precision changes too, reading the event's own generated column instead of
recomputing it, so the column's expression is written once.
"""

from sqlalchemy import Connection, text

PREFIX = "drv_"
TRIGGERS = ("participant_insert", "participant_event", "event_dates")
# event.sort_date as versions 1 and 2 knew it (revision 441611cd2acb), recomputed by their SQLite and
# MariaDB triggers; frozen, since downgrading to those revisions brings that expression back.
SORT_DATE_V1 = "COALESCE({row}.start_date, {row}.end_date, '9999-12-31')"
LOOKUP = "(SELECT sort_date FROM event WHERE id = NEW.event_id)"


def _event_dates_v3(dialect: str) -> list[str]:
    """Version 3: an event whose sort date changes, whichever date column changed it, passes it on."""
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE OF start_date, end_date, end_precision "
            "ON event WHEN NEW.sort_date IS NOT OLD.sort_date BEGIN "
            "UPDATE event_participant SET event_sort_date = NEW.sort_date WHERE event_id = NEW.id; END",
        ]
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {PREFIX}event_dates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE event_participant SET event_sort_date = NEW.sort_date WHERE event_id = NEW.id; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE OF start_date, end_date, end_precision "
            "ON event FOR EACH ROW WHEN (NEW.sort_date IS DISTINCT FROM OLD.sort_date) "
            f"EXECUTE FUNCTION {PREFIX}event_dates()",
        ]
    return [
        f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE ON event FOR EACH ROW "
        "BEGIN IF NOT (NEW.sort_date <=> OLD.sort_date) THEN "
        "UPDATE event_participant SET event_sort_date = NEW.sort_date WHERE event_id = NEW.id; END IF; END",
    ]


def _event_dates(dialect: str) -> list[str]:
    """Versions 1 and 2: the trigger that passes an event's new sort date to its participations."""
    new, old = SORT_DATE_V1.format(row="NEW"), SORT_DATE_V1.format(row="OLD")
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE OF start_date, end_date ON event "
            f"WHEN {new} IS NOT {old} BEGIN "
            f"UPDATE event_participant SET event_sort_date = {new} WHERE event_id = NEW.id; END",
        ]
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {PREFIX}event_dates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE event_participant SET event_sort_date = NEW.sort_date WHERE event_id = NEW.id; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE OF start_date, end_date ON event FOR EACH ROW "
            f"WHEN (NEW.sort_date IS DISTINCT FROM OLD.sort_date) EXECUTE FUNCTION {PREFIX}event_dates()",
        ]
    return [
        f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE ON event FOR EACH ROW "
        f"BEGIN IF NOT ({new} <=> {old}) THEN "
        f"UPDATE event_participant SET event_sort_date = {new} WHERE event_id = NEW.id; END IF; END",
    ]


def _participant_v1(dialect: str) -> list[str]:
    """Version 1: a copy the writer leaves out is filled in; one the writer gives is kept."""
    if dialect == "sqlite":
        # SQLite cannot change NEW in a BEFORE trigger: fill the row in just after it is written.
        fill = f"UPDATE event_participant SET event_sort_date = {LOOKUP} WHERE id = NEW.id"
        return [
            f"CREATE TRIGGER {PREFIX}participant_insert AFTER INSERT ON event_participant "
            f"WHEN NEW.event_sort_date IS NULL BEGIN {fill}; END",
            f"CREATE TRIGGER {PREFIX}participant_event AFTER UPDATE OF event_id ON event_participant "
            f"BEGIN {fill}; END",
        ]
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {PREFIX}participant_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.event_sort_date IS NULL OR (TG_OP = 'UPDATE' AND NEW.event_id <> OLD.event_id) THEN "
            f"NEW.event_sort_date := {LOOKUP}; END IF; "
            "RETURN NEW; END $$",
            f"CREATE TRIGGER {PREFIX}participant_insert BEFORE INSERT OR UPDATE OF event_id "
            f"ON event_participant FOR EACH ROW EXECUTE FUNCTION {PREFIX}participant_insert()",
        ]
    return [
        f"CREATE TRIGGER {PREFIX}participant_insert BEFORE INSERT ON event_participant FOR EACH ROW "
        f"BEGIN IF NEW.event_sort_date IS NULL THEN SET NEW.event_sort_date = {LOOKUP}; END IF; END",
        f"CREATE TRIGGER {PREFIX}participant_event BEFORE UPDATE ON event_participant FOR EACH ROW "
        f"BEGIN IF NEW.event_id <> OLD.event_id THEN SET NEW.event_sort_date = {LOOKUP}; END IF; END",
    ]


def _participant_v2(dialect: str) -> list[str]:
    """Version 2: every insert, and every update of the event or the copy, takes the copy from the event."""
    if dialect == "sqlite":
        # After the row is written, and only if it is wrong: SQLite cannot change NEW, and an update that
        # changes nothing would log a change for nothing.
        fill = f"UPDATE event_participant SET event_sort_date = {LOOKUP} WHERE id = NEW.id"
        return [
            f"CREATE TRIGGER {PREFIX}participant_insert AFTER INSERT ON event_participant "
            f"WHEN NEW.event_sort_date IS NOT {LOOKUP} BEGIN {fill}; END",
            f"CREATE TRIGGER {PREFIX}participant_event AFTER UPDATE OF event_id, event_sort_date "
            f"ON event_participant WHEN NEW.event_sort_date IS NOT {LOOKUP} BEGIN {fill}; END",
        ]
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {PREFIX}participant_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"NEW.event_sort_date := {LOOKUP}; RETURN NEW; END $$",
            f"CREATE TRIGGER {PREFIX}participant_insert BEFORE INSERT OR UPDATE OF event_id, event_sort_date "
            f"ON event_participant FOR EACH ROW EXECUTE FUNCTION {PREFIX}participant_insert()",
        ]
    return [
        f"CREATE TRIGGER {PREFIX}participant_insert BEFORE INSERT ON event_participant FOR EACH ROW "
        f"SET NEW.event_sort_date = {LOOKUP}",
        f"CREATE TRIGGER {PREFIX}participant_event BEFORE UPDATE ON event_participant FOR EACH ROW "
        f"SET NEW.event_sort_date = {LOOKUP}",
    ]


def statements(dialect: str, version: int) -> list[str]:
    """The CREATE statements of trigger ``version`` (1, 2 or 3) for ``dialect``."""
    participant = {1: _participant_v1, 2: _participant_v2, 3: _participant_v2}[version]
    event_dates = {1: _event_dates, 2: _event_dates, 3: _event_dates_v3}[version]
    dialect = dialect if dialect in ("sqlite", "postgresql") else "mysql"
    return [*participant(dialect), *event_dates(dialect)]


def install(connection: Connection, version: int) -> None:
    """Create the triggers of ``version`` (after dropping any left), and bring the rows already there in
    line: version 1 fills a missing copy, versions 2 and 3 also correct a wrong one."""
    uninstall(connection)
    for statement in statements(connection.dialect.name, version):
        connection.execute(text(statement.replace(":", r"\:")))
    lookup = "(SELECT sort_date FROM event WHERE event.id = event_participant.event_id)"
    wrong = "event_sort_date IS NULL" + (f" OR event_sort_date <> {lookup}" if version >= 2 else "")
    connection.execute(text(f"UPDATE event_participant SET event_sort_date = {lookup} WHERE {wrong}"))


def uninstall(connection: Connection) -> None:
    dialect = connection.dialect.name
    for name in TRIGGERS:
        if dialect == "postgresql":
            connection.execute(text(f"DROP FUNCTION IF EXISTS {PREFIX}{name}() CASCADE"))
        else:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {PREFIX}{name}"))
