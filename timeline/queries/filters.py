"""Conditions shared by the queries: "as of a date", and date ranges over the date-span columns."""

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_


def as_of(model: Any, day: dt.date) -> ColumnElement[bool]:
    """The fact may hold on ``day``: its span, widened to its precision, contains the day.

    An unknown bound counts as open, so a holding with no dates holds on every day.
    """
    return and_(
        or_(model.start_date.is_(None), model.start_date <= day),
        or_(model.end_date.is_(None), model.end_date >= day),
    )


def overlaps(model: Any, first: dt.date | None, last: dt.date | None) -> ColumnElement[bool]:
    """The span may meet the range [first, last] (an unknown bound counts as open); undated rows never do."""
    conditions: list[ColumnElement[bool]] = [or_(model.start_date.is_not(None), model.end_date.is_not(None))]
    if first is not None:
        conditions.append(or_(model.end_date.is_(None), model.end_date >= first))
    if last is not None:
        conditions.append(or_(model.start_date.is_(None), model.start_date <= last))
    return and_(*conditions)


def chronological(model: Any) -> list[Any]:
    """Order by the earliest known day (start, else end), undated last, then by end and slug."""
    sort_day = case((model.start_date.is_not(None), model.start_date), else_=model.end_date)
    return [case((sort_day.is_(None), 1), else_=0), sort_day, model.end_date, model.slug]
