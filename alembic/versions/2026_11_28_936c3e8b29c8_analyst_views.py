"""analyst views: timeline, memberships, post holders, participants, statements and evidence

Stable, documented views for plain SQL (descriptions in timeline/storage/views.py). Only string aggregation
differs between backends; each view is otherwise the same SQL everywhere.

Revision ID: 936c3e8b29c8
Revises: 2fc15df6ce7c
Create Date: 2026-11-28 04:50:45.010313
"""

from collections.abc import Sequence

from alembic import op

from timeline.storage.views import VIEWS

# revision identifiers, used by Alembic.
revision: str = "936c3e8b29c8"
down_revision: str | Sequence[str] | None = "2fc15df6ce7c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What downgrade() removes: table -> its dropped columns, or None for the whole table. `timeline db
# downgrade` reads it to refuse dropping data without --force; a test checks it against the real downgrade.
downgrade_drops: dict[str, list[str] | None] = {}


def _aggregate(dialect: str, expression: str, source: str, order: str, distinct: bool = False) -> str:
    """A scalar subquery joining ``expression`` over ``source`` (FROM ... WHERE ...) with "; ", in order."""
    if dialect == "postgresql":
        unique = "DISTINCT " if distinct else ""
        return f"(SELECT string_agg({unique}{expression}, '; ' ORDER BY {order}) FROM {source})"
    if dialect in ("mysql", "mariadb"):
        unique = "DISTINCT " if distinct else ""
        return f"(SELECT GROUP_CONCAT({unique}{expression} ORDER BY {order} SEPARATOR '; ') FROM {source})"
    # SQLite before 3.44 has no ORDER BY inside group_concat: aggregate an ordered subquery instead.
    unique = "DISTINCT " if distinct else ""
    return f"(SELECT group_concat(item, '; ') FROM (SELECT {unique}{expression} AS item FROM {source} ORDER BY {order}))"


def _concat(dialect: str, *parts: str) -> str:
    return f"CONCAT({', '.join(parts)})" if dialect in ("mysql", "mariadb") else " || ".join(parts)


DATES = (
    "{t}.start_date, {t}.start_precision, {t}.end_date, {t}.end_precision, {t}.date_certainty, {t}.date_text"
)


def _views(dialect: str) -> dict[str, str]:
    actor_label = _concat(dialect, "COALESCE(pa.name, pa.description)", "' ('", "pp.role", "')'")
    return {
        "timeline_view": f"""
            SELECT e.id AS event_id, e.slug AS event, e.kind, e.category, e.title, e.description, e.status,
                   {DATES.format(t="e")}, pl.name AS place, ms.name AS series, m.session_number,
                   {_aggregate(dialect, actor_label, "event_participant pp JOIN actor pa ON pa.id = pp.actor_id WHERE pp.event_id = e.id", "pp.id")} AS actors,
                   {_aggregate(dialect, "s.slug", "evidence ev JOIN source s ON s.id = ev.source_id WHERE ev.event_id = e.id", "s.slug", distinct=True)} AS sources
            FROM event e
            LEFT JOIN place pl ON pl.id = e.place_id
            LEFT JOIN meeting m ON m.event_id = e.id
            LEFT JOIN meeting_series ms ON ms.id = m.series_id""",
        "membership_view": f"""
            SELECT m.id AS membership_id, b.slug AS bloc, COALESCE(b.name, b.description) AS bloc_name,
                   a.slug AS member, COALESCE(a.name, a.description) AS member_name, m.role, {DATES.format(t="m")}
            FROM membership m
            JOIN actor b ON b.id = m.organization_id
            JOIN actor a ON a.id = m.member_id""",
        "post_holder_view": f"""
            SELECT h.id AS post_holding_id, p.slug AS post, p.label AS post_label, o.slug AS organization,
                   a.slug AS holder, a.name AS holder_name, a.description AS holder_description, {DATES.format(t="h")}
            FROM post_holding h
            JOIN post p ON p.id = h.post_id
            JOIN actor o ON o.id = p.organization_id
            JOIN actor a ON a.id = h.holder_id""",
        "participant_view": f"""
            SELECT ep.id AS event_participant_id, e.id AS event_id, e.slug AS event, e.title AS event_title,
                   e.kind AS event_kind, e.status, {DATES.format(t="e")}, pl.name AS place, a.slug AS actor,
                   COALESCE(a.name, a.description) AS actor_name, a.kind AS actor_kind, ep.role
            FROM event_participant ep
            JOIN event e ON e.id = ep.event_id
            JOIN actor a ON a.id = ep.actor_id
            LEFT JOIN place pl ON pl.id = e.place_id""",
        "statement_view": f"""
            SELECT st.event_id AS statement_id, e.slug AS statement, e.title, st.statement_kind, {DATES.format(t="e")},
                   c.slug AS concerns,
                   {_aggregate(dialect, "COALESCE(pa.name, pa.description)", "event_participant pp JOIN actor pa ON pa.id = pp.actor_id WHERE pp.event_id = e.id AND pp.role = 'issuer'", "pp.id")} AS issuers,
                   {_aggregate(dialect, "COALESCE(pa.name, pa.description)", "event_participant pp JOIN actor pa ON pa.id = pp.actor_id WHERE pp.event_id = e.id AND pp.role = 'reporter'", "pp.id")} AS reported_by,
                   q.id AS quote_id, q.text AS quote
            FROM statement st
            JOIN event e ON e.id = st.event_id
            LEFT JOIN event c ON c.id = st.concerns_event_id
            LEFT JOIN quote q ON q.statement_id = st.event_id""",
        "evidence_view": """
            SELECT ev.id AS evidence_id, s.slug AS source, s.title AS source_title, s.published_date,
                   ev.char_start, ev.char_end, ev.text AS quote,
                   CASE WHEN ev.actor_id IS NOT NULL THEN 'actor'
                        WHEN ev.membership_id IS NOT NULL THEN 'membership'
                        WHEN ev.post_holding_id IS NOT NULL THEN 'post_holding'
                        WHEN ev.actor_relation_id IS NOT NULL THEN 'actor_relation'
                        WHEN ev.event_id IS NOT NULL THEN 'event'
                        WHEN ev.event_participant_id IS NOT NULL THEN 'event_participant'
                        WHEN ev.event_topic_id IS NOT NULL THEN 'event_topic'
                        ELSE 'quote' END AS fact_table,
                   COALESCE(ev.actor_id, ev.membership_id, ev.post_holding_id, ev.actor_relation_id, ev.event_id,
                            ev.event_participant_id, ev.event_topic_id, ev.quote_id) AS fact_id
            FROM evidence ev
            JOIN source s ON s.id = ev.source_id""",
    }


def upgrade() -> None:
    """Create the views; on PostgreSQL, describe them and their columns with COMMENT ON."""
    dialect = op.get_context().dialect.name
    for name, select in _views(dialect).items():
        op.execute(f"CREATE VIEW {name} AS {select}")
        if dialect == "postgresql":
            description, columns = VIEWS[name]
            op.execute(f"COMMENT ON VIEW {name} IS {_literal(description)}")
            for column, text in columns.items():
                op.execute(f"COMMENT ON COLUMN {name}.{column} IS {_literal(text)}")


def downgrade() -> None:
    """Drop the views (no data lives in them)."""
    for name in reversed(list(_views(op.get_context().dialect.name))):
        op.execute(f"DROP VIEW {name}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
