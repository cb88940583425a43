"""How a timeline is kept in a database.

Connecting to each backend (``db``, ``config``), the schema's life cycle through Alembic (``migrations``,
``schema_version``), what the database keeps true by itself (``changes``: change tracking; ``derived``:
copied columns; ``views``: the analysts' views), the schema's descriptions (``schema_info``), and
analysts' read-only SQL with the accounts it runs as (``sql_guard``, ``sql``, ``accounts``).
"""
