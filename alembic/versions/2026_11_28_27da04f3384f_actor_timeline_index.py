"""actor timeline index: each participation carries its event's sort date, so an actor's page is an index range

event_participant.event_sort_date is kept by triggers (timeline/storage/derived.py); the index
(actor_id, event_sort_date, event_id) replaces (actor_id, event_id) and serves both.

Revision ID: 27da04f3384f
Revises: 441611cd2acb
Create Date: 2026-11-28 06:27:06.782481
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from timeline.storage import derived

# revision identifiers, used by Alembic.
revision: str = "27da04f3384f"
down_revision: str | Sequence[str] | None = "441611cd2acb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What downgrade() removes: table -> its dropped columns, or None for the whole table. `timeline db
# downgrade` reads it to refuse dropping data without --force; a test checks it against the real downgrade.
downgrade_drops: dict[str, list[str] | None] = {"event_participant": ["event_sort_date"]}
# A copy of event.sort_date: dropping it loses nothing the database cannot recompute.
derived_columns: dict[str, list[str]] = {"event_participant": ["event_sort_date"]}


def upgrade() -> None:
    """Upgrade schema."""
    # In place on SQLite (no table copy, so its triggers stay); the new index before the old one goes, as
    # MariaDB keeps one on actor_id for its foreign key at all times.
    with op.batch_alter_table("event_participant", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "event_sort_date",
                sa.Date(),
                nullable=True,
                comment="The event's sort_date, kept by the database, so an actor's events come in timeline order.",
            )
        )
    derived.install(op.get_bind(), version=1)  # fills the column for the rows already there
    with op.batch_alter_table("event_participant", schema=None, recreate="never") as batch_op:
        batch_op.create_index(
            "ix_event_participant_actor_id_event_sort_date",
            ["actor_id", "event_sort_date", "event_id"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_event_participant_actor_id_event_id"))


def downgrade() -> None:
    """Downgrade schema."""
    derived.uninstall(op.get_bind())
    with op.batch_alter_table("event_participant", schema=None, recreate="never") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_participant_actor_id_event_id"), ["actor_id", "event_id"], unique=False
        )
        batch_op.drop_index("ix_event_participant_actor_id_event_sort_date")
        batch_op.drop_column("event_sort_date")
