"""Resolving a document's words for dates against its publication date, and showing the result."""

import datetime as dt

import pytest

from timeline.dates import Bound, DateError, When, format_when, parse_explicit, resolve, to_edtf
from timeline.vocab import Certainty, Precision

PUBLISHED = dt.date(2025, 4, 2)  # a Wednesday


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("words", "start", "end", "precision", "certainty", "shown"),
    [
        ("Tuesday", "2025-04-01", "2025-04-01", Precision.day, Certainty.inferred, "2025-04-01?"),
        ("on Wednesday", "2025-04-02", "2025-04-02", Precision.day, Certainty.inferred, "2025-04-02?"),
        ("next Friday", "2025-04-04", "2025-04-04", Precision.day, Certainty.inferred, "2025-04-04?"),
        (
            "April 3 and 4",
            "2025-04-03",
            "2025-04-04",
            Precision.day,
            Certainty.inferred,
            "2025-04-03–04?",
        ),
        (
            "3–4 April",
            "2025-04-03",
            "2025-04-04",
            Precision.day,
            Certainty.inferred,
            "2025-04-03–04?",
        ),
        ("December 30", "2024-12-30", "2024-12-30", Precision.day, Certainty.inferred, "2024-12-30?"),
        ("April 3, 2024", "2024-04-03", "2024-04-03", Precision.day, Certainty.stated, "2024-04-03"),
        ("in March 2023", "2023-03-01", "2023-03-31", Precision.month, Certainty.stated, "2023-03"),
        ("in 2023", "2023-01-01", "2023-12-31", Precision.year, Certainty.stated, "2023"),
        ("the 2010s", "2010-01-01", "2019-12-31", Precision.decade, Certainty.stated, "2010s"),
        ("last year", "2024-01-01", "2024-12-31", Precision.year, Certainty.inferred, "2024?"),
        (
            "this week",
            "2025-03-31",
            "2025-04-06",
            Precision.day,
            Certainty.inferred,
            "2025-03-31 – 2025-04-06?",
        ),
        ("five years ago", "2020-01-01", "2020-12-31", Precision.year, Certainty.approximate, "2020~"),
    ],
)
def test_words_resolve_to_a_span_at_their_precision(
    words: str, start: str, end: str, precision: Precision, certainty: Certainty, shown: str
) -> None:
    when = resolve(words, PUBLISHED)
    assert when.start == Bound(day(start), precision)
    assert when.end == Bound(day(end), precision)
    assert when.certainty is certainty
    assert when.text == words
    assert format_when(when) == shown


def test_more_than_a_decade_ago_has_no_start_and_ends_ten_years_back() -> None:
    when = resolve("more than a decade ago", PUBLISHED)
    assert when == When(
        None, Bound(day("2015-12-31"), Precision.year), Certainty.approximate, "more than a decade ago"
    )
    assert format_when(when) == "… – 2015~"
    assert to_edtf(when) == "../2015~"


def test_recent_years_run_from_five_years_back_to_publication() -> None:
    when = resolve("in recent years", PUBLISHED)
    assert when.start == Bound(day("2020-01-01"), Precision.year)
    assert when.end == Bound(PUBLISHED, Precision.day)
    assert when.certainty is Certainty.approximate


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("February 30", "impossible date 'February 30'"),
        ("April 31 and 32", "impossible date"),
        ("April 5 and 3", "ends before it starts"),
        ("2025-02-30", "impossible date '2025-02-30'"),
        ("2025-13", "impossible date '2025-13'"),
        ("soonish", "cannot resolve the date 'soonish'"),
        ("", "empty date"),
    ],
)
def test_impossible_or_unreadable_words_are_errors(words: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        resolve(words, PUBLISHED)


def test_explicit_intervals_and_open_bounds() -> None:
    when = parse_explicit("2012/2013-05", Certainty.inferred, "since 2012")
    assert when.start == Bound(day("2012-01-01"), Precision.year)
    assert when.end == Bound(day("2013-05-31"), Precision.month)
    assert to_edtf(when) == "2012?/2013-05?"
    assert parse_explicit("../2023", Certainty.inferred).start is None
    with pytest.raises(DateError, match="ends before it starts"):
        parse_explicit("2024/2023", Certainty.stated)
    with pytest.raises(DateError, match="no bounds"):
        parse_explicit("../..", Certainty.stated)


def test_decades_show_as_EDTF_unspecified_digits() -> None:
    assert to_edtf(parse_explicit("2010s", Certainty.stated)) == "201X"
    assert format_when(parse_explicit("201X", Certainty.approximate)) == "2010s~"


def test_a_coarser_span_never_counts_as_sharper() -> None:
    year = resolve("in 2025", PUBLISHED)
    days = resolve("April 3 and 4", PUBLISHED)
    assert year.is_coarser_than(days)
    assert not days.is_coarser_than(year)
    open_start = parse_explicit("../2025", Certainty.stated)
    assert open_start.is_coarser_than(year)
