"""Options several commands share."""

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "csv", "json", "jsonl")


def format_option(function: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for people; csv, json or jsonl stream to stdout for other programs.",
    )(function)


def _parse_bound(value: str | None, side: str, param: click.Parameter) -> dt.date | None:
    if value is None:
        return None
    from timeline.dates import DateError, parse_explicit
    from timeline.vocab import Certainty

    try:
        when = parse_explicit(value, Certainty.stated)
    except DateError as error:
        raise click.BadParameter(str(error), param=param) from None
    bound = when.start if side == "start" else when.end
    if bound is None or "/" in value:
        raise click.BadParameter(f"{value!r} is not a single date (YYYY, YYYY-MM or YYYY-MM-DD)", param=param)
    return bound.date


def first_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Option callback: YYYY, YYYY-MM or YYYY-MM-DD, as the first day it covers."""
    return _parse_bound(value, "start", param)


def last_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Option callback: YYYY, YYYY-MM or YYYY-MM-DD, as the last day it covers."""
    return _parse_bound(value, "end", param)


def one_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Option callback: exactly one day, YYYY-MM-DD."""
    if value is None:
        return None
    from timeline.dates import DateError, ImpossibleDate, parse_explicit
    from timeline.vocab import Certainty, Precision

    try:
        when = parse_explicit(value, Certainty.stated)
    except ImpossibleDate as error:  # 2025-02-30, 0000-01-01
        raise click.BadParameter(str(error), param=param) from None
    except DateError:
        when = None
    if when is None or when.start is None or when.start.precision is not Precision.day or "/" in value:
        raise click.BadParameter(f"{value!r} is not a day: give YYYY-MM-DD", param=param)
    return when.start.date
