"""Options several commands share."""

import datetime as dt
import functools
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


def check_filters(first: dt.date | None, last: dt.date | None, any_time: bool, bloc: str | None) -> None:
    """The checks --from/--to and --any-time need wherever they are taken, as Click's usage errors."""
    if first and last and first > last:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    if any_time and bloc is None:
        raise click.UsageError("--any-time applies to --bloc: give --bloc NAME")


def listing_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--format, --limit, --all and --no-pager, given to the command as one ``output`` (an Output)."""

    @functools.wraps(function)
    def command(
        *args: Any, fmt: str, limit: int | None, everything: bool, no_pager: bool, **kwargs: Any
    ) -> Any:
        from timeline.render.formats import Output

        return function(*args, output=Output(fmt, limit, everything, not no_pager), **kwargs)

    options = (
        click.option(
            "--no-pager",
            is_flag=True,
            help="Print straight to the terminal. Otherwise a table longer than the screen goes through "
            "$PAGER (default less); never when stdout is not a terminal.",
        ),
        click.option(
            "--all",
            "everything",
            is_flag=True,
            help="Show people every row, not the first page of 100 (machine formats stream every row).",
        ),
        click.option(
            "--limit", type=click.IntRange(min=1), metavar="N", help="At most N rows, in every format."
        ),
        format_option,
    )
    for option in options:
        command = option(command)
    return command
