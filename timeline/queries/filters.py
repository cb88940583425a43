"""Conditions and orders shared by the queries: "as of a date", and the orders of dated rows."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_

from timeline.models import Event


def as_of(model: Any, day: dt.date) -> ColumnElement[bool]:
    """The fact may hold on ``day``: its span, widened to its precision, contains the day.

    An unknown bound counts as open, so a holding with no dates holds on every day.
    """
    return and_(
        or_(model.start_date.is_(None), model.start_date <= day),
        or_(model.end_date.is_(None), model.end_date >= day),
    )


# Events in timeline order: an index on (sort_date, id) serves it.
TIMELINE_ORDER = (Event.sort_date, Event.id)


def chronological(model: Any) -> list[Any]:
    """Order rows with dates (memberships, holdings, relations) by their earliest known day, undated last,
    then by end and slug. Events use TIMELINE_ORDER instead."""
    sort_day = case((model.start_date.is_not(None), model.start_date), else_=model.end_date)
    return [case((sort_day.is_(None), 1), else_=0), sort_day, model.end_date, model.slug]


# Past this many rows beyond a page, people are told "more than" instead of a count.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class Count:
    """How many rows there are past a point: ``at_least`` when counting stopped at a cap."""

    rows: int
    at_least: bool = False

    def __str__(self) -> str:
        return f"{'more than ' if self.at_least else ''}{self.rows:,}"
