"""The hot queries use their indexes on every backend, as EXPLAIN shows on a realistic synthetic database."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from tests.backends import Backend
from tests.conftest import run
from timeline.models import EventParticipant, Post, PostHolding
from timeline.queries.timeline import (
    _PARTICIPANTS,
    _SOURCES,
    BUSY,
    TimelineQuery,
    _for_page,
    _prepared,
    _select,
)
from timeline.storage.config import resolve_url
from timeline.storage.db import make_engine
from timeline.synthetic import generate

EVENTS = 40_000


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plans") / "bundle"
    generate(folder, EVENTS, seed=7, actors=2_000)
    return folder


@pytest.fixture(scope="module")
def big(backend: Backend, bundle: Path) -> Iterator[Session]:
    """A migrated database holding the synthetic bundle, with fresh planner statistics."""
    url = backend.migrated()
    result = run(url, "import", str(bundle))
    assert result.exit_code == 0, result.stderr
    engine = make_engine(resolve_url(url))
    with engine.connect() as connection:
        if backend.name == "mariadb":
            connection.exec_driver_sql("ANALYZE TABLE event, event_participant, evidence")
        else:
            connection.exec_driver_sql("ANALYZE")
        connection.commit()
    with Session(engine) as session:
        yield session
    engine.dispose()
    backend.drop(url)


def plan(session: Session, statement: Select | str) -> str:  # type: ignore[type-arg]
    """The backend's plan for ``statement`` (a statement, or SQL text), as one lower-case text."""
    connection = session.connection()
    sql = (
        statement
        if isinstance(statement, str)
        else str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    )
    dialect = connection.dialect.name
    prefix = {"sqlite": "EXPLAIN QUERY PLAN ", "postgresql": "EXPLAIN "}.get(dialect, "EXPLAIN ")
    rows = connection.execute(text(prefix + sql.replace(":", r"\:"))).all()
    return "\n".join(" | ".join(str(value) for value in row) for row in rows).lower()


def actor_by_rank(session: Session, busiest: bool) -> str:
    from timeline.models import Actor

    counts = (
        select(EventParticipant.actor_id, Actor.slug)
        .join(Actor, Actor.id == EventParticipant.actor_id)
        .group_by(EventParticipant.actor_id, Actor.slug)
        .order_by(text("count(*) DESC"))
    )
    rows = session.execute(counts).all()
    slug: str = rows[0].slug if busiest else rows[len(rows) // 2].slug
    return slug


def uses(found: str, index: str) -> None:
    assert index in found, found


def reads_by_index(session: Session, found: str, table: str, alias: str | None = None) -> None:
    """Every access to ``table`` (named by ``alias``, or ``table_1``... by SQLAlchemy) goes through an index
    (any: SQLite names its own)."""
    dialect = session.connection().dialect.name
    named = re.compile(rf"\b{alias}\b" if alias else rf"\b{table}(_\d+)?\b")
    if dialect == "sqlite":
        lines = [
            line for line in found.splitlines() if named.search(line.split(" | ")[-1].split(" using ")[0])
        ]
        assert lines and all(
            ("using" in line and "index" in line) or "primary key" in line for line in lines
        ), found
    elif dialect == "postgresql":
        lines = [line for line in found.splitlines() if re.search(rf" on {table}\b", line)]
        # A bitmap heap scan reads the rows a bitmap index scan (the line below it) found.
        assert lines and all("index" in line or "bitmap heap scan" in line for line in lines), found
    else:
        rows = [line.split(" | ") for line in found.splitlines()]
        mine = [row for row in rows if named.fullmatch(row[2])]
        assert mine and all(row[5] != "none" for row in mine), found  # the "key" column


def test_the_timeline_page_is_read_off_the_order_index(big: Session) -> None:
    found = plan(big, _select(big, TimelineQuery(), size=100))
    uses(found, "ix_event_sort_date_id")
    assert "temp b-tree for order by" not in found and "filesort" not in found, found


def test_a_busy_actors_page_is_read_in_order_off_its_participations(big: Session) -> None:
    query = TimelineQuery(actors=(actor_by_rank(big, busiest=True),))
    found = plan(big, _select(big, query, size=100))
    uses(found, "ix_event_participant_actor_id_event_sort_date")
    reads_by_index(big, found, "event_participant")


def test_a_quiet_actors_page_is_read_the_same_way(big: Session) -> None:
    found = plan(big, _select(big, TimelineQuery(actors=(actor_by_rank(big, busiest=False),)), size=100))
    uses(found, "ix_event_participant_actor_id_event_sort_date")
    reads_by_index(big, found, "event_participant")


def test_a_second_actor_is_probed_per_event_of_the_first(big: Session) -> None:
    query = TimelineQuery(actors=(actor_by_rank(big, busiest=True), actor_by_rank(big, busiest=False)))
    statement = _select(big, query, size=100)
    assert "exists" in str(statement).lower()
    reads_by_index(big, plan(big, statement), "event_participant")


def busiest_bloc(session: Session) -> str:
    from timeline.models import Actor, Membership

    blocs = (
        select(Actor.slug)
        .join(Membership, Membership.organization_id == Actor.id)
        .group_by(Actor.slug)
        .order_by(func.count().desc(), Actor.slug)
    )
    return session.scalars(blocs.limit(1)).one()


def test_a_blocs_page_walks_the_order_index_and_probes_participation(big: Session) -> None:
    query = TimelineQuery(bloc=busiest_bloc(big))
    shape, _ = _prepared(big, query)
    assert shape.busy_bloc
    found = plan(big, _select(big, query, size=100))
    reads_by_index(big, found, "event_participant")
    if big.connection().dialect.name not in ("mysql", "mariadb"):  # MariaDB makes EXISTS a semi-join
        uses(found, "ix_event_sort_date_id")


def test_a_date_range_is_an_index_range(big: Session) -> None:
    import datetime as dt

    query = TimelineQuery(first=dt.date(2000, 1, 1), last=dt.date(2000, 12, 31))
    uses(plan(big, _select(big, query, size=100)), "ix_event_sort_date_id")


def test_a_pages_evidence_and_participants_come_by_index(big: Session) -> None:
    ids = list(range(1, 101))
    uses(plan(big, _for_page(_SOURCES, ids)), "uq_evidence_event_span")
    reads_by_index(big, plan(big, _for_page(_PARTICIPANTS, ids)), "event_participant", alias="ep")


def test_a_bloc_is_busy_from_its_groups_participations_on(big: Session) -> None:
    """The bloc, its members and their officials: busy exactly when they take part BUSY times or more."""
    bloc = busiest_bloc(big)
    group = (
        big.execute(
            text(
                "SELECT id FROM actor WHERE slug = :bloc UNION SELECT m.member_id FROM membership m "
                "JOIN actor b ON b.id = m.organization_id WHERE b.slug = :bloc"
            ),
            {"bloc": bloc},
        )
        .scalars()
        .all()
    )
    officials = (
        big.execute(
            select(PostHolding.holder_id)
            .join(Post, Post.id == PostHolding.post_id)
            .where(Post.organization_id.in_(group))
        )
        .scalars()
        .all()
    )
    taking_part = big.scalar(
        select(func.count())
        .select_from(EventParticipant)
        .where(EventParticipant.actor_id.in_({*group, *officials}))
    )
    assert taking_part is not None and taking_part >= BUSY
    assert _prepared(big, TimelineQuery(bloc=bloc))[0].busy_bloc
    # A bloc of one quiet state is not busy.
    quiet = actor_by_rank(big, busiest=False)
    assert not _prepared(big, TimelineQuery(bloc=quiet))[0].busy_bloc
