"""participations take their event's sort date whatever a writer puts there

The triggers of revision 27da04f3384f filled event_participant.event_sort_date only when a writer left
it out, so a wrong value (from a bundle or a plain UPDATE) stayed and an actor's page came out wrong.
Version 2 of the triggers (timeline/storage/derived.py) sets it from the event on every insert, and on every
update of the participation's event or of the copy itself; the upgrade corrects the rows already there.
No table is rebuilt, so change tracking stays as it is.

Revision ID: 39c933177737
Revises: 27da04f3384f
Create Date: 2026-11-30 03:34:02.655632
"""

from collections.abc import Sequence

from alembic import op

from timeline.storage import derived

# revision identifiers, used by Alembic.
revision: str = "39c933177737"
down_revision: str | Sequence[str] | None = "27da04f3384f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What downgrade() removes: table -> its dropped columns, or None for the whole table. `timeline db
# downgrade` reads it to refuse dropping data without --force; a test checks it against the real downgrade.
downgrade_drops: dict[str, list[str] | None] = {}


def upgrade() -> None:
    """Upgrade schema."""
    derived.install(op.get_bind(), version=2)  # also corrects a wrong copy already stored


def downgrade() -> None:
    """Downgrade schema."""
    derived.install(op.get_bind(), version=1)  # the copies stay true: version 1 keeps what it finds
