"""undated start sorts by the first day of the end's precision

event.sort_date was the start, else the end, so an event known only to end "by 2023" (2023-12-31 at year
precision) sorted on 2023-12-31, after everything that happened during 2023. It becomes the start, else
the first day of the end's precision unit (2023-01-01; 2023-04-01 for "by April 2023"; 2010-01-01 for "by
the 2010s"), else 9999-12-31. A generated column's expression cannot be altered in place on SQLite or
PostgreSQL 15, so the column is dropped and added again (in place, last in the table as before, no table
copy on SQLite so change tracking stays) and its index rebuilt. The derived triggers name the column and
go first; version 3 of them (timeline/storage/derived.py) copies it on any change of the end's precision too, and
reinstalling them recomputes every participation's copy.

Revision ID: 9e8569991fa5
Revises: 39c933177737
Create Date: 2026-12-06 04:38:29.741467
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from timeline.storage import derived

# revision identifiers, used by Alembic.
revision: str = "9e8569991fa5"
down_revision: str | Sequence[str] | None = "39c933177737"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What downgrade() removes: table -> its dropped columns, or None for the whole table. `timeline db
# downgrade` reads it to refuse dropping data without --force; a test checks it against the real downgrade.
downgrade_drops: dict[str, list[str] | None] = {}

# The expressions, frozen as written at this revision (timeline.models.events.SORT_DATE holds the current
# ones): MariaDB and MySQL share "mysql".
SORT_DATE = {
    "sqlite": (
        "COALESCE(start_date, CASE end_precision"
        " WHEN 'month' THEN substr(end_date, 1, 8) || '01'"
        " WHEN 'year' THEN substr(end_date, 1, 5) || '01-01'"
        " WHEN 'decade' THEN max(substr(end_date, 1, 3) || '0-01-01', '0001-01-01')"
        " ELSE end_date END, '9999-12-31')"
    ),
    "postgresql": (
        "COALESCE(start_date, CASE end_precision"
        " WHEN 'month'::text THEN date_trunc('month'::text, end_date::timestamp without time zone)::date"
        " WHEN 'year'::text THEN date_trunc('year'::text, end_date::timestamp without time zone)::date"
        " WHEN 'decade'::text THEN GREATEST(date_trunc('decade'::text, end_date::timestamp without time zone)"
        "::date, '0001-01-01'::date)"
        " ELSE end_date END, '9999-12-31'::date)"
    ),
    "mysql": (
        "COALESCE(start_date, CASE end_precision"
        " WHEN 'month' THEN end_date - INTERVAL (dayofmonth(end_date) - 1) DAY"
        " WHEN 'year' THEN end_date - INTERVAL (dayofyear(end_date) - 1) DAY"
        " WHEN 'decade' THEN end_date - INTERVAL (dayofyear(end_date) - 1) DAY"
        " - INTERVAL least(year(end_date) MOD 10, year(end_date) - 1) YEAR"
        " ELSE end_date END, '9999-12-31')"
    ),
}
COMMENT = (
    "The timeline's order: the start, else the first day of the end's precision unit (2023-01-01 for an end "
    "in 2023); 9999-12-31 when undated."
)
# As revision 441611cd2acb made it.
OLD_SORT_DATE = "COALESCE(start_date, end_date, '9999-12-31')"
OLD_COMMENT = "The timeline's order: the first known day (start, else end); 9999-12-31 when undated."


def _replace_sort_date(expression: str, comment: str) -> None:
    """Drop event.sort_date and add it again computed by ``expression``, with its index."""
    dialect = op.get_context().dialect.name
    # PostgreSQL (before 18) can only store a generated column; SQLite can only add a virtual one in place.
    stored = True if dialect == "postgresql" else None
    # No table copy on SQLite: it drops and adds a virtual generated column in place.
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_event_sort_date_id")
        batch_op.drop_column("sort_date")
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "sort_date",
                sa.Date(),
                sa.Computed(sa.text(expression), persisted=stored),
                nullable=True,
                comment=comment,
            )
        )
        batch_op.create_index("ix_event_sort_date_id", ["sort_date", "id"], unique=False)


def _dialect() -> str:
    name = op.get_context().dialect.name
    return name if name in ("sqlite", "postgresql") else "mysql"


def upgrade() -> None:
    """Upgrade schema."""
    derived.uninstall(op.get_bind())  # they name the column, which SQLite and PostgreSQL refuse to drop
    _replace_sort_date(SORT_DATE[_dialect()], COMMENT)
    derived.install(op.get_bind(), version=3)  # also recomputes every participation's copy


def downgrade() -> None:
    """Downgrade schema."""
    derived.uninstall(op.get_bind())
    _replace_sort_date(OLD_SORT_DATE, OLD_COMMENT)
    derived.install(op.get_bind(), version=2)  # the copies go back to the old expression's days
