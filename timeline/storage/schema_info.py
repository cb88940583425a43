"""The schema as a live database has it: tables, views and columns, with their descriptions.

Descriptions come from the database's own comments where it keeps them (PostgreSQL, MariaDB), and
otherwise from where they are written: the models for tables, timeline.views for views.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, Inspector, inspect

from timeline.models import Base
from timeline.storage.views import VIEWS

INTERNAL = {"alembic_version": "Alembic's record of the schema revision the database is at."}
INTERNAL_COLUMNS = {("alembic_version", "version_num"): "The revision id; `timeline db current` reads it."}


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    nullable: bool
    description: str | None


@dataclass(frozen=True)
class RelationInfo:
    name: str
    kind: str  # "table" or "view"
    description: str | None
    columns: tuple[ColumnInfo, ...]


def _table_comment(inspector: Inspector, name: str) -> str | None:
    try:
        return inspector.get_table_comment(name).get("text")
    except NotImplementedError:  # SQLite keeps no comments
        return None


def describe(connection: Connection) -> list[RelationInfo]:
    """Every table, then every view, by name, with their columns in database order."""
    inspector = inspect(connection)
    relations = []
    for kind, names in (("table", inspector.get_table_names()), ("view", inspector.get_view_names())):
        for name in sorted(names):
            model = Base.metadata.tables.get(name)
            view_description, view_columns = VIEWS.get(name, (None, {}))
            written = model.comment if model is not None else view_description or INTERNAL.get(name)
            columns = []
            for column in inspector.get_columns(name):
                column_written = (
                    model.columns[column["name"]].comment
                    if model is not None and column["name"] in model.columns
                    else view_columns.get(column["name"]) or INTERNAL_COLUMNS.get((name, column["name"]))
                )
                columns.append(
                    ColumnInfo(
                        name=column["name"],
                        type=str(column["type"]),
                        nullable=bool(column.get("nullable", True)),
                        description=column.get("comment") or column_written,
                    )
                )
            description = _table_comment(inspector, name) or written
            relations.append(RelationInfo(name, kind, description, tuple(columns)))
    return relations
