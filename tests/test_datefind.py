"""Finding a raw document's dates: every date expression, its exact words, resolved as seeding resolves them."""

import datetime as dt
import re
from pathlib import Path

import pytest

from timeline.dates import parse_explicit, resolve, to_edtf
from timeline.drafting.datefind import DateMention, find_dateline, find_dates
from timeline.vocab import Certainty

PUBLISHED = dt.date(2025, 4, 2)  # a Wednesday
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_MARK = re.compile(r"⟦(.*?)⟧")


def marked(source: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without its ⟦marks⟧, and the spans the marks enclosed."""
    text, spans, position = "", [], 0
    for match in _MARK.finditer(source):
        text += source[position : match.start()]
        spans.append((len(text), len(text) + len(match.group(1))))
        text += match.group(1)
        position = match.end()
    return text + source[position:], spans


def found(text: str) -> list[tuple[int, int, str | None, str | None]]:
    return [(m.start, m.end, to_edtf(m.when), m.explicit) for m in find_dates(text, PUBLISHED)]


def agrees_with_seeding(mention: DateMention, text: str) -> bool:
    """What an annotation writing the mention's words (or its explicit date) would store."""
    assert text[mention.start : mention.end] == mention.words
    if mention.explicit is None:
        return resolve(mention.words, PUBLISHED) == mention.when
    return parse_explicit(mention.explicit, Certainty.inferred, mention.words) == mention.when


# Each mention is marked ⟦so⟧ and listed as its EDTF, or (EDTF, explicit date) for words that count from
# another date.
CASES: list[tuple[str, list[str | tuple[str, str]]]] = [
    ("The summit opened on ⟦April 3, 2025⟧ and closed ⟦3 April 2025⟧.", ["2025-04-03", "2025-04-03"]),
    ("Talks on ⟦April 3⟧ and ⟦April 3 and 4⟧.", ["2025-04-03?", "2025-04-03?/2025-04-04?"]),
    (
        "Held ⟦April 3-4, 2025⟧, ⟦3–4 April⟧ and ⟦12–13 May⟧.",
        ["2025-04-03/2025-04-04", "2025-04-03?/2025-04-04?", "2025-05-12?/2025-05-13?"],
    ),
    ("Seen ⟦Jan. 5⟧, ⟦Sept. 3, 2024⟧ and ⟦Dec 1⟧.", ["2025-01-05?", "2024-09-03", "2024-12-01?"]),
    (
        "In ⟦October⟧, in ⟦March 2023⟧, ⟦last January⟧, ⟦next month⟧, ⟦earlier this month⟧.",
        ["2025-10?", "2023-03", "2025-01?", "2025-05?", "2025-04?/2025-04-02?"],
    ),
    (
        "It came ⟦Tuesday⟧, on ⟦Monday⟧, ⟦last Friday⟧ and ⟦next Thursday⟧.",
        ["2025-04-01?", "2025-03-31?", "2025-03-28?", "2025-04-03?"],
    ),
    (
        "In ⟦1967⟧, in ⟦2023⟧, ⟦since 2019⟧, ⟦by 2023⟧, ⟦the 1990s⟧ and in ⟦the 2010s⟧.",
        ["1967", "2023", "2019", "2023", "199X", "201X"],
    ),
    (
        "⟦Today⟧, ⟦yesterday⟧, ⟦this week⟧ and ⟦last year⟧.",
        ["2025-04-02?", "2025-04-01?", "2025-03-31?/2025-04-06?", "2024?"],
    ),
    (
        "⟦Earlier this year⟧ and ⟦later this year⟧, ⟦in recent years⟧ and ⟦recently⟧.",
        ["2025?/2025-04-02?", "2025-04-02?/2025?", "2020~/2025-04-02~", "2020~/2025-04-02~"],
    ),
    ("⟦Five years ago⟧, ⟦more than a decade ago⟧, ⟦nearly two decades ago⟧.", ["2020~", "../2015~", "200X~"]),
    (
        "In ⟦early 2024⟧, ⟦late 2023⟧, ⟦mid-2024⟧, ⟦by the end of the year⟧ and ⟦mid-April⟧.",
        [
            "2024-01~/2024-04~",
            "2023-09~/2023-12~",
            "2024-05~/2024-08~",
            "2025-10~/2025-12~",
            "2025-04-11~/2025-04-20~",
        ],
    ),
    (
        "⟦From 2012 to 2014⟧, ⟦between 2019 and 2021⟧, the ⟦2019–2023⟧ plan, the ⟦2023⟧ coup, the vote of ⟦2024⟧.",
        ["2012/2014", "2019/2021", "2019/2023", "2023", "2024"],
    ),
    (
        "⟦March 30-April 2, 2025⟧, ⟦Tuesday, April 1, 2025⟧, ⟦Before 2019⟧ and ⟦after March 2020⟧.",
        ["2025-03-30/2025-04-02", "2025-04-01", "../2018", "2020-04/.."],
    ),
    (
        "⟦Over the past decade⟧, ⟦in the coming months⟧, ⟦over the next year⟧, ⟦two months ago⟧, ⟦a few years ago⟧.",
        ["2015~/2025-04-02~", "2025-04-02~/2025-10~", "2025-04-02~/2026~", "2025-02~", "2021~/2023~"],
    ),
    (
        "⟦Tuesday⟧’s statement and ⟦Tuesday⟧'s vote; ⟦This week⟧’s visit.",
        ["2025-04-01?", "2025-04-01?", "2025-03-31?/2025-04-06?"],
    ),
    (
        "The ⟦May 2024⟧ talks; in ⟦May⟧; ⟦since May⟧; ⟦May 5⟧ was the day.",
        ["2024-05", "2025-05?", "2025-05?", "2025-05-05?"],
    ),
    (
        "In ⟦2012⟧ the junta took power. ⟦A year later⟧ it fell. ⟦Two years later⟧, elections. "
        "⟦The following year⟧, a coup.",
        ["2012", ("2013?", "2013"), ("2015?", "2015"), ("2016?", "2016")],
    ),
    (
        "They met on ⟦April 3 and 4⟧. ⟦The next day⟧ they signed; ⟦a week later⟧ it was ratified.",
        ["2025-04-03?/2025-04-04?", ("2025-04-05?", "2025-04-05"), ("2025-04-12?", "2025-04-12")],
    ),
    (
        "In ⟦March 2023⟧ the bloc met. ⟦Later that year⟧ it split.",
        ["2023-03", ("2023-04?/2023?", "2023-04/2023")],
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_every_date_is_found_with_its_words_and_resolved(
    source: str, expected: list[str | tuple[str, str]]
) -> None:
    text, spans = marked(source)
    wanted = [
        (start, end, *(item if isinstance(item, tuple) else (item, None)))
        for (start, end), item in zip(spans, expected, strict=True)
    ]
    assert found(text) == wanted
    assert all(agrees_with_seeding(mention, text) for mention in find_dates(text, PUBLISHED))


@pytest.mark.parametrize(
    "text",
    [
        "They may meet again, and protesters march on.",
        "1,500 troops, Resolution 2728, the G20, 2,000 km, the 2030 Agenda, Vision 2063, Agenda 2063.",
        "A force of 1500 men and a 2000 troop convoy crossed 1500 km; COP28 and UNSCR 2719 followed.",
        "February 30 is not a date, nor is February 30, 2025, nor Wednesday, April 1.",
        "Theresa May spoke, as did officials briefed by May.",
        "The Good Friday Agreement, Super Tuesday and the October Revolution.",
        "Russia Today reported it, and This Week aired it.",
        "The next day nobody came.",  # nothing before it to count from
        "It was in force as recently as 2019.",  # "recently" here is no period
        "The Strategy 2021–2025 and the 2021–2025 Plan.",
    ],
)
def test_words_that_are_not_dates_are_not_found(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_an_impossible_date_gives_no_shorter_date_inside_it() -> None:
    assert find_dates("It ended on February 30.", PUBLISHED) == []


def test_words_after_a_date_that_cannot_anchor_them_are_left_out() -> None:
    mentions = find_dates("Attacks grew recently. A year later the bloc formed.", PUBLISHED)
    assert [m.words for m in mentions] == ["recently"]


def test_the_bundled_document() -> None:
    text = (SEEDS / "sahel-bloc-heads-to-moscow.txt").read_text(encoding="utf-8")
    mentions = find_dates(text, PUBLISHED)
    assert [(m.start, m.end, m.words, to_edtf(m.when), m.explicit) for m in mentions] == [
        (114, 127, "April 3 and 4", "2025-04-03?/2025-04-04?", None),
        (223, 230, "Tuesday", "2025-04-01?", None),
        (539, 545, "recent", "2020~/2025-04-02~", None),
        (1208, 1212, "2023", "2023", None),
        (1570, 1592, "more than a decade ago", "../2015~", None),
        (1795, 1810, "in recent years", "2020~/2025-04-02~", None),
        (2043, 2052, "This week", "2025-03-31?/2025-04-06?", None),
    ]
    assert text[2043:2053] == "This week’"
    assert all(agrees_with_seeding(mention, text) for mention in mentions)
    assert find_dateline(text) is None  # the copy carries no date


def test_every_case_agrees_with_what_seeding_stores() -> None:
    for source, _ in CASES:
        text, _spans = marked(source)
        for mention in find_dates(text, PUBLISHED):
            assert agrees_with_seeding(mention, text), mention


FOLLOW_UP = (
    "\n\nThe ministers held a first round of talks in Moscow on April 3 and 4, the Russian foreign ministry said "
    "on Friday. Mali’s junta seized power in August 2020 and again in May 2021; Burkina Faso followed in 2022 "
    "and Niger in July 2023. A year later the three left the Economic Community of West African States, "
    "whose leaders had given them until January 2025 to reconsider. Russia has deployed instructors to the "
    "region since late 2023, and officials said a second session could be held later this year.\n"
)


def test_a_longer_report_gives_every_date_it_states() -> None:
    bundled = (SEEDS / "sahel-bloc-heads-to-moscow.txt").read_text(encoding="utf-8")
    assert len(find_dates(bundled + FOLLOW_UP, PUBLISHED)) > 10


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("JAKARTA, Jan 7, 2025 (Reuters) - Indonesia said on Tuesday", "2025-01-07"),
        ("Addis Ababa, 12 February 2025 — The African Union", "2025-02-12"),
        ("MOSCOW (AP) — April 2, 2025\nThe ministers", "2025-04-02"),
        ("WASHINGTON, D.C., March 3, 2024 (AFP) - The", "2024-03-03"),
        ("Dar es Salaam, 3 March 2024 - The", "2024-03-03"),
        ("Sahel talks\nPublished: 2 April 2025\nThe ministers", "2025-04-02"),
        ("By Jane Doe | Updated: Wednesday, April 2, 2025 10:31 GMT\nThe", "2025-04-02"),
        ("Sahel talks\n\nApril 2, 2025\n\nThe ministers will visit", "2025-04-02"),
        ("Date: 2025-04-02T10:00Z\n", "2025-04-02"),
    ],
)
def test_a_dateline_gives_the_publication_date(text: str, published: str) -> None:
    assert find_dateline(text) == dt.date.fromisoformat(published)


@pytest.mark.parametrize(
    "text",
    [
        "MOSCOW, April 2 (Reuters) - no year",
        "NAIROBI, Feb 30, 2025 (Reuters) - impossible",
        "Summit set for April 3, 2025 in Moscow\nThe ministers",
        "The talks, held April 2, 2025, were long.",
        "Published: April 2025\n",
        "x" * 400 + "\nApril 2, 2025\n",
    ],
)
def test_no_dateline_without_a_full_date_at_the_top(text: str) -> None:
    assert find_dateline(text) is None
