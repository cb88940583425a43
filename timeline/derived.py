"""A column the database keeps in step with another table: ``event_participant.event_sort_date``.

An actor's timeline in date order is read off the index ``(actor_id, event_sort_date, event_id)`` on
event_participant, which needs each participation to carry its event's ``sort_date``. Triggers keep the
copy true whoever writes, timeline or plain SQL: a participation without it gets it from its event, and an
event whose dates change passes the new sort date to its participations. timeline's own writers fill it in
themselves, so no trigger rewrites their rows.
"""

from sqlalchemy import Connection, text

from timeline.models.events import UNDATED

PREFIX = "drv_"
TRIGGERS = ("participant_insert", "participant_event", "event_dates")
SORT_DATE = f"COALESCE({{row}}.start_date, {{row}}.end_date, '{UNDATED.isoformat()}')"  # event.sort_date


def _sqlite() -> list[str]:
    # SQLite cannot change NEW in a BEFORE trigger: fill the row in just after it is written.
    fill = (
        "UPDATE event_participant SET event_sort_date = "
        "(SELECT sort_date FROM event WHERE id = NEW.event_id) WHERE id = NEW.id"
    )
    return [
        f"CREATE TRIGGER {PREFIX}participant_insert AFTER INSERT ON event_participant "
        f"WHEN NEW.event_sort_date IS NULL BEGIN {fill}; END",
        f"CREATE TRIGGER {PREFIX}participant_event AFTER UPDATE OF event_id ON event_participant "
        f"BEGIN {fill}; END",
        f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE OF start_date, end_date ON event "
        f"WHEN {SORT_DATE.format(row='NEW')} IS NOT {SORT_DATE.format(row='OLD')} BEGIN "
        f"UPDATE event_participant SET event_sort_date = {SORT_DATE.format(row='NEW')} "
        "WHERE event_id = NEW.id; END",
    ]


def _postgresql() -> list[str]:
    return [
        f"CREATE FUNCTION {PREFIX}participant_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.event_sort_date IS NULL OR (TG_OP = 'UPDATE' AND NEW.event_id <> OLD.event_id) THEN "
        "NEW.event_sort_date := (SELECT sort_date FROM event WHERE id = NEW.event_id); END IF; "
        "RETURN NEW; END $$",
        f"CREATE TRIGGER {PREFIX}participant_insert BEFORE INSERT OR UPDATE OF event_id ON event_participant "
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}participant_insert()",
        f"CREATE FUNCTION {PREFIX}event_dates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "UPDATE event_participant SET event_sort_date = NEW.sort_date WHERE event_id = NEW.id; "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE OF start_date, end_date ON event FOR EACH ROW "
        f"WHEN (NEW.sort_date IS DISTINCT FROM OLD.sort_date) EXECUTE FUNCTION {PREFIX}event_dates()",
    ]


def _mysql() -> list[str]:
    lookup = "(SELECT sort_date FROM event WHERE id = NEW.event_id)"
    return [
        f"CREATE TRIGGER {PREFIX}participant_insert BEFORE INSERT ON event_participant FOR EACH ROW "
        f"BEGIN IF NEW.event_sort_date IS NULL THEN SET NEW.event_sort_date = {lookup}; END IF; END",
        f"CREATE TRIGGER {PREFIX}participant_event BEFORE UPDATE ON event_participant FOR EACH ROW "
        f"BEGIN IF NEW.event_id <> OLD.event_id THEN SET NEW.event_sort_date = {lookup}; END IF; END",
        f"CREATE TRIGGER {PREFIX}event_dates AFTER UPDATE ON event FOR EACH ROW "
        f"BEGIN IF NOT ({SORT_DATE.format(row='NEW')} <=> {SORT_DATE.format(row='OLD')}) THEN "
        f"UPDATE event_participant SET event_sort_date = {SORT_DATE.format(row='NEW')} "
        "WHERE event_id = NEW.id; END IF; END",
    ]


def install(connection: Connection) -> None:
    """Create the triggers (after dropping any left), and fill the column for the rows already there."""
    uninstall(connection)
    dialect = connection.dialect.name
    statements = _sqlite() if dialect == "sqlite" else _postgresql() if dialect == "postgresql" else _mysql()
    for statement in statements:
        connection.execute(text(statement.replace(":", r"\:")))
    connection.execute(
        text(
            "UPDATE event_participant SET event_sort_date = "
            "(SELECT sort_date FROM event WHERE event.id = event_participant.event_id) "
            "WHERE event_sort_date IS NULL"
        )
    )


def uninstall(connection: Connection) -> None:
    dialect = connection.dialect.name
    for name in TRIGGERS:
        if dialect == "postgresql":
            connection.execute(text(f"DROP FUNCTION IF EXISTS {PREFIX}{name}() CASCADE"))
        else:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {PREFIX}{name}"))
