"""Resolving a document's words for dates against its publication date, and showing the result."""

import datetime as dt

import pytest

from timeline.dates import (
    Bound,
    DateError,
    ImpossibleDate,
    When,
    format_explicit,
    format_when,
    parse_explicit,
    resolve,
    resolve_anchored,
    to_edtf,
)
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


# The forms added for what reports commonly write; each shown as EDTF, which carries the precision of both
# bounds and the certainty.
@pytest.mark.parametrize(
    ("words", "edtf"),
    [
        ("last January", "2025-01?"),
        ("last April", "2024-04?"),  # the publication's own month is not "last" April
        ("next May", "2025-05?"),
        ("next April", "2026-04?"),
        ("this June", "2025-06?"),
        ("next month", "2025-05?"),
        ("next year", "2026?"),
        ("earlier this month", "2025-04?/2025-04-02?"),
        ("later this month", "2025-04-02?/2025-04?"),
        ("earlier this year", "2025?/2025-04-02?"),
        ("later this year", "2025-04-02?/2025?"),
        ("earlier this week", "2025-03-31?/2025-04-02?"),
        ("this weekend", "2025-04-05?/2025-04-06?"),
        ("over the weekend", "2025-03-29?/2025-03-30?"),
        ("early 2024", "2024-01~/2024-04~"),
        ("mid-2024", "2024-05~/2024-08~"),
        ("late 2023", "2023-09~/2023-12~"),
        ("in early 2024", "2024-01~/2024-04~"),
        ("mid-April", "2025-04-11~/2025-04-20~"),
        ("late February 2024", "2024-02-21~/2024-02-29~"),
        ("end-March", "2025-03-21~/2025-03-31~"),
        ("by the end of the year", "2025-10~/2025-12~"),
        ("early next year", "2026-01~/2026-04~"),
        ("the early 1990s", "1990~/1993~"),
        ("the first half of 2025", "2025-01/2025-06"),
        ("the third quarter of 2024", "2024-07/2024-09"),
        ("two months ago", "2025-02~"),
        ("three weeks ago", "2025-03-10~/2025-03-16~"),
        ("two days ago", "2025-03-31~"),
        ("a few years ago", "2021~/2023~"),
        ("decades ago", "../200X~"),
        ("more than two months ago", "../2025-02~"),
        ("fifty years ago", "197X~"),
        ("in recent months", "2024-10~/2025-04-02~"),
        ("the past few years", "2020~/2025-04-02~"),
        ("the past two years", "2023~/2025-04-02~"),
        ("over the past decade", "2015~/2025-04-02~"),
        ("over the next year", "2025-04-02~/2026~"),
        ("in the coming months", "2025-04-02~/2025-10~"),
        ("the next few weeks", "2025-04-02~/2025-04-30~"),
        ("Tuesday, April 1", "2025-04-01?"),
        ("Tuesday 1 April 2025", "2025-04-01"),
        ("before 2019", "../2018"),
        ("after March 2020", "2020-04/.."),
        ("through 2025", "2025"),
        ("from 2012 to 2014", "2012/2014"),
        ("between 2019 and 2021", "2019/2021"),
        ("2019–20", "2019/2020"),
        ("March to May 2024", "2024-03/2024-05"),
        ("March 30 to April 2", "2025-03-30?/2025-04-02?"),
        ("30 March – 2 April 2025", "2025-03-30/2025-04-02"),
        ("December 30 – January 2, 2025", "2024-12-30/2025-01-02"),
        ("mid-2024 to 2025", "2024-05~/2025~"),
    ],
)
def test_report_forms_resolve_against_publication(words: str, edtf: str) -> None:
    when = resolve(words, PUBLISHED)
    assert to_edtf(when) == edtf
    assert when.text == words


@pytest.mark.parametrize(
    ("anchor", "words", "explicit"),
    [
        ("in 2012", "a year later", "2013"),
        ("in 2012", "two years earlier", "2010"),
        ("in 2012", "the following year", "2013"),
        ("in 2012", "the previous year", "2011"),
        ("in 2012", "that year", "2012"),
        ("in 2012", "later that year", "2012"),
        ("in 2012", "two days later", "2012/2013"),  # somewhere in 2012, two days on
        ("March 2023", "the following month", "2023-04"),
        ("March 2023", "a year later", "2024"),
        ("March 2023", "later that year", "2023-04/2023"),
        ("March 2023", "earlier that year", "2023/2023-02"),
        ("April 3 and 4", "the next day", "2025-04-05"),  # forward from the anchor's end
        ("April 3 and 4", "the day before", "2025-04-02"),  # back from its start
        ("April 3 and 4", "a week later", "2025-04-11"),
        ("April 3 and 4", "the following week", "2025-04-07/2025-04-13"),
        ("April 3 and 4", "days later", "2025-04-06/2025-04-13"),
        ("April 3 and 4", "a few days later", "2025-04-06/2025-04-08"),
        ("April 3 and 4", "the same day", "2025-04-03/2025-04-04"),
        ("April 3 and 4", "later that month", "2025-04-05/2025-04"),
        ("April 3 and 4", "a month later", "2025-05"),
    ],
)
def test_anchored_words_count_from_another_date(anchor: str, words: str, explicit: str) -> None:
    when = resolve_anchored(words, resolve(anchor, PUBLISHED))
    assert format_explicit(when) == explicit
    assert when == parse_explicit(explicit, Certainty.inferred, words)


def test_anchored_words_alone_ask_for_an_explicit_date() -> None:
    with pytest.raises(DateError, match="counts from another date of the document"):
        resolve("a year later", PUBLISHED)
    with pytest.raises(DateError, match="no single precision"):
        resolve_anchored("a year later", resolve("recently", PUBLISHED))


@pytest.mark.parametrize(
    "words",
    ["February 30", "April 5 and 3", "Wednesday, April 1", "30–31 February 2024"],
)
def test_impossible_dates_are_their_own_error(words: str) -> None:
    with pytest.raises(ImpossibleDate):
        resolve(words, PUBLISHED)


@pytest.mark.parametrize("words", ["the next day", "last day", "the next year's", "soon"])
def test_ambiguous_or_anchored_words_are_not_read_from_publication(words: str) -> None:
    with pytest.raises(DateError):
        resolve(words, PUBLISHED)


def test_explicit_dates_round_trip() -> None:
    for value in ("2013", "2010s", "2025-04-05", "2012/2013-05", "../2015", "2020-04/.."):
        assert format_explicit(parse_explicit(value, Certainty.inferred)) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000-01-01", "impossible date '0000-01-01': years run from 0001 to 9999"),
        ("0000", "impossible date '0000': years run from 0001 to 9999"),
        ("0000s", "impossible date '0000s': years run from 0001 to 9999"),
        ("../0000", "impossible date '0000': years run from 0001 to 9999"),
        ("2025-02-30", "impossible date '2025-02-30': February 2025 has no day 30"),
        ("2025-13", "impossible date '2025-13': there is no month 13"),
    ],
)
def test_explicit_dates_outside_the_calendar_or_impossible_are_date_errors(value: str, message: str) -> None:
    with pytest.raises(ImpossibleDate) as raised:
        parse_explicit(value, Certainty.stated)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("words", "published", "message"),
    [
        ("in 0000", PUBLISHED, "impossible date '0000': years run from 0001 to 9999"),
        ("2026 years ago", PUBLISHED, "2026 year(s) before 2025-04-02 falls outside the calendar"),
        ("2024 years ago", PUBLISHED, "'2024 years ago' from 2025-04-02 falls outside the calendar"),
        ("yesterday", day("0001-01-01"), "'yesterday' from 0001-01-01 falls outside the calendar"),
        ("last week", day("0001-01-03"), "'last week' from 0001-01-03 falls outside the calendar"),
        ("in recent years", day("0003-06-01"), "'in recent years' from 0003-06-01 falls outside"),
        ("tomorrow", day("9999-12-31"), "'tomorrow' from 9999-12-31 falls outside the calendar"),
        ("next year", day("9999-01-01"), "'next year' from 9999-01-01 falls outside the calendar"),
        ("in the coming decades", day("9990-01-01"), "2 decade(s) after 9990-01-01 falls outside"),
    ],
)
def test_words_counting_past_either_end_of_the_calendar_are_date_errors(
    words: str, published: dt.date, message: str
) -> None:
    with pytest.raises(ImpossibleDate) as raised:
        resolve(words, published)
    assert str(raised.value).startswith(message)
    assert str(raised.value).endswith("years run from 0001 to 9999")


def test_words_near_the_ends_of_the_calendar_resolve_when_they_stay_inside() -> None:
    assert format_when(resolve("today", day("0001-01-01"))) == "0001-01-01?"
    assert format_when(resolve("March 9999", day("0001-01-01"))) == "9999-03"
    assert format_when(resolve("yesterday", day("9999-12-31"))) == "9999-12-30?"
    with pytest.raises(ImpossibleDate) as raised:
        resolve_anchored("the previous decade", resolve("in 0001", day("0001-05-05")))
    assert str(raised.value) == (
        "1 decade(s) before 0001-01-01 falls outside the calendar: years run from 0001 to 9999"
    )
