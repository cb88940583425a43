"""Formats for people's tools: TimelineJS3 JSON, iCalendar and GraphML, built from plain values (no database)."""

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest
from icalendar import Calendar

from timeline.dates import Bound, When, parse_explicit
from timeline.export.ical import calendar
from timeline.export.network import graphml
from timeline.export.timelinejs import timelinejs
from timeline.queries.timeline import Participant, TimelineEntry
from timeline.vocab import Certainty, EventKind, EventStatus, Precision

STAMP = dt.datetime(2025, 4, 5, 12, 30, 15, tzinfo=dt.UTC)
OPEN_START = When(
    None, Bound(dt.date(2015, 12, 31), Precision.year), Certainty.approximate, "more than a decade ago"
)


def when(value: str, certainty: Certainty = Certainty.stated, text: str | None = None) -> When:
    return parse_explicit(value, certainty, text)


def entry(slug: str = "aes-summit", dated: When | None = None, **fields: Any) -> TimelineEntry:
    values: dict[str, Any] = {
        "slug": slug,
        "kind": EventKind.meeting,
        "category": None,
        "title": "AES summit",
        "description": None,
        "when": dated if dated is not None else when("2025-04-03"),
        "status": EventStatus.held,
        "place": None,
        "participants": (),
        "sources": (),
    }
    values.update(fields)
    return TimelineEntry(**values)


# ---------------------------------------------------------------------------------------------------------
# TimelineJS3


def tl_events(*entries: TimelineEntry, title: str = "The Sahel") -> list[dict[str, Any]]:
    document = json.loads(timelinejs(entries, title))
    events: list[dict[str, Any]] = document["events"]
    return events


@pytest.mark.parametrize(
    ("dated", "start_date", "display_date"),
    [
        (when("2025-04-03"), {"year": 2025, "month": 4, "day": 3}, "2025-04-03"),
        (when("2025-04"), {"year": 2025, "month": 4}, "2025-04"),
        (when("2023"), {"year": 2023}, "2023"),
        (when("2010s", Certainty.approximate), {"year": 2010}, "2010s~"),
    ],
    ids=["day", "month", "year", "decade"],
)
def test_timelinejs_date_keys_stop_at_the_precision_and_one_unit_has_no_end_date(
    dated: When, start_date: dict[str, int], display_date: str
) -> None:
    (event,) = tl_events(entry(dated=dated))
    assert event["start_date"] == start_date
    assert "end_date" not in event
    assert event["display_date"] == display_date


def test_timelinejs_date_parts_are_numbers_as_the_format_documents() -> None:
    (event,) = tl_events(entry(dated=when("2025-04-03")))
    assert all(type(value) is int for value in event["start_date"].values())


def test_timelinejs_span_of_several_days_has_an_end_date_and_a_compact_display_date() -> None:
    (event,) = tl_events(entry(dated=when("2025-04-03/2025-04-04", Certainty.inferred, "April 3 and 4")))
    assert event["start_date"] == {"year": 2025, "month": 4, "day": 3}
    assert event["end_date"] == {"year": 2025, "month": 4, "day": 4}
    assert event["display_date"] == "2025-04-03–04?"


def test_timelinejs_end_date_keeps_its_own_precision() -> None:
    (event,) = tl_events(entry(dated=when("2023/2025-04")))
    assert event["start_date"] == {"year": 2023}
    assert event["end_date"] == {"year": 2025, "month": 4}
    assert event["display_date"] == "2023 – 2025-04"


def test_timelinejs_open_start_uses_the_end_as_start_date_and_says_so() -> None:
    (event,) = tl_events(entry(dated=OPEN_START))
    assert event["start_date"] == {"year": 2015}
    assert "end_date" not in event
    assert event["display_date"] == "… – 2015~"


def test_timelinejs_open_end_has_only_a_start_date() -> None:
    (event,) = tl_events(entry(dated=when("2023/..")))
    assert event["start_date"] == {"year": 2023}
    assert "end_date" not in event
    assert event["display_date"] == "2023 – …"


def test_timelinejs_leaves_out_undated_events_and_keeps_the_given_order() -> None:
    entries = [
        entry("later", when("2025")),
        entry("undated", None, when=None),
        entry("no-bounds", None, when=When(None, None, Certainty.stated)),
        entry("earlier", when("2010s")),
    ]
    assert [event["unique_id"] for event in tl_events(*entries)] == ["later", "earlier"]


def test_timelinejs_slide_has_group_unique_id_and_keys_in_fixed_order() -> None:
    document = json.loads(
        timelinejs([entry(dated=when("2025-04-03/2025-04-04"), kind=EventKind.statement)], "The Sahel")
    )
    assert list(document) == ["title", "events"]
    assert document["title"] == {"text": {"headline": "The Sahel", "text": ""}}
    (event,) = document["events"]
    assert list(event) == ["start_date", "end_date", "display_date", "text", "group", "unique_id"]
    assert event["group"] == "statement"
    assert event["unique_id"] == "aes-summit"


def test_timelinejs_escapes_user_text_as_html() -> None:
    risky = entry(
        title="<b>Mali & Niger</b>",
        description='Said "no" <script>alert(1)</script>',
        place="Bamako & Niamey",
        participants=(Participant("mali", "Mali <state>", ("host",)),),
    )
    document = json.loads(timelinejs([risky], "A <i>title</i>"))
    assert document["title"]["text"]["headline"] == "A &lt;i&gt;title&lt;/i&gt;"
    text = document["events"][0]["text"]
    assert text["headline"] == "&lt;b&gt;Mali &amp; Niger&lt;/b&gt;"
    assert text["text"] == (
        "<p>Said &quot;no&quot; &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<p>Place: Bamako &amp; Niamey</p>"
        "<p>Participants: Mali &lt;state&gt; (host)</p>"
    )


def test_timelinejs_is_utf8_json_with_raw_non_ascii_and_a_trailing_newline() -> None:
    data = timelinejs([entry(title="Sommet à Niamey")], "Alliance des États du Sahel")
    assert data.endswith(b"}\n")
    assert "Sommet à Niamey".encode() in data
    assert "États".encode() in data
    assert json.loads(data.decode("utf-8"))["events"][0]["text"]["headline"] == "Sommet à Niamey"


def test_timelinejs_same_input_gives_same_bytes() -> None:
    entries = [entry("a", when("2025-04-03/2025-04-04")), entry("b", OPEN_START), entry("c", when("2010s"))]
    assert timelinejs(iter(entries), "T") == timelinejs(iter(entries), "T")


# ---------------------------------------------------------------------------------------------------------
# iCalendar


def ical_events(*entries: TimelineEntry) -> list[Any]:
    stamps = {item.slug: STAMP for item in entries}
    parsed = Calendar.from_ical(calendar(entries, stamps))
    return list(parsed.walk("VEVENT"))


def test_ical_calendar_header_and_an_all_day_event() -> None:
    meeting = entry(
        dated=when("2025-04-03/2025-04-04", Certainty.inferred, "April 3 and 4"),
        title="AES summit",
        place="Niamey",
        status=EventStatus.held,
    )
    parsed = Calendar.from_ical(calendar([meeting], {"aes-summit": STAMP}))
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["PRODID"]) == "-//timeline//timeline export//EN"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    (event,) = parsed.walk("VEVENT")
    assert str(event["UID"]) == "aes-summit@timeline"
    assert event.decoded("DTSTAMP") == STAMP
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert type(start) is dt.date and type(end) is dt.date
    assert (start, end) == (dt.date(2025, 4, 3), dt.date(2025, 4, 5))  # the end is exclusive
    assert str(event["SUMMARY"]) == "AES summit"
    assert str(event["LOCATION"]) == "Niamey"
    assert str(event["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("dated", "first", "after"),
    [
        (when("2025-04-03"), dt.date(2025, 4, 3), dt.date(2025, 4, 4)),
        (when("2024-02"), dt.date(2024, 2, 1), dt.date(2024, 3, 1)),
        (when("2023"), dt.date(2023, 1, 1), dt.date(2024, 1, 1)),
        (when("2010s"), dt.date(2010, 1, 1), dt.date(2020, 1, 1)),
        (when("2023/2025-04"), dt.date(2023, 1, 1), dt.date(2025, 5, 1)),
        (OPEN_START, dt.date(2015, 1, 1), dt.date(2016, 1, 1)),
        (when("2023/.."), dt.date(2023, 1, 1), dt.date(2024, 1, 1)),
    ],
    ids=["day", "month", "year", "decade", "year-to-month", "open-start", "open-end"],
)
def test_ical_dtstart_is_the_first_day_and_dtend_the_day_after_the_last(
    dated: When, first: dt.date, after: dt.date
) -> None:
    (event,) = ical_events(entry(dated=dated))
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (first, after)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (EventStatus.announced, "TENTATIVE"),
        (EventStatus.held, "CONFIRMED"),
        (EventStatus.postponed, "TENTATIVE"),
        (EventStatus.cancelled, "CANCELLED"),
    ],
)
def test_ical_status_follows_the_event_status(status: EventStatus, expected: str) -> None:
    (event,) = ical_events(entry(status=status))
    assert str(event["STATUS"]) == expected


def test_ical_skips_undated_entries_without_needing_their_stamp() -> None:
    entries = [
        entry("undated", None, when=None),
        entry("dated"),
        entry("no-bounds", None, when=When(None, None, Certainty.stated)),
    ]
    parsed = Calendar.from_ical(calendar(entries, {"dated": STAMP}))
    assert [str(event["UID"]) for event in parsed.walk("VEVENT")] == ["dated@timeline"]


def test_ical_leaves_out_location_and_categories_when_unknown_and_gives_the_plover_category() -> None:
    (bare,) = ical_events(entry())
    assert "LOCATION" not in bare
    assert "CATEGORIES" not in bare
    (categorised,) = ical_events(entry(category="CONSULT"))
    assert categorised["CATEGORIES"].cats == ["CONSULT"]


def test_ical_description_lists_participants_the_documents_date_words_and_sources() -> None:
    meeting = entry(
        dated=when("2025-04-03/2025-04-04", Certainty.inferred, "April 3 and 4"),
        description="Heads of state met.",
        participants=(
            Participant("niger", "Niger", ("host", "party")),
            Participant("mali", "Mali", ("visitor",)),
        ),
        sources=("aes-communique", "ortn-report"),
    )
    (event,) = ical_events(meeting)
    assert str(event["DESCRIPTION"]) == (
        "Heads of state met.\n"
        "Participants:\n"
        "- Niger (host, party)\n"
        "- Mali (visitor)\n"
        "Date: April 3 and 4 (inferred)\n"
        "Sources: aes-communique, ortn-report"
    )


def test_ical_escapes_backslash_semicolon_comma_and_newline_in_text() -> None:
    title = "Talks; trade, security \\ and\nmore"
    data = calendar([entry(title=title, place="Niamey, Niger")], {"aes-summit": STAMP})
    assert b"SUMMARY:Talks\\; trade\\, security \\\\ and\\nmore\r\n" in data
    assert b"LOCATION:Niamey\\, Niger\r\n" in data
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == "Niamey, Niger"


def test_ical_folds_long_multibyte_lines_at_75_octets_without_splitting_characters() -> None:
    title = "Sommet de l’Alliance des États du Sahel — 会議 🇳🇪 " * 6
    data = calendar([entry(title=title)], {"aes-summit": STAMP})
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a split character would not decode on its own
    summary = next(i for i, line in enumerate(lines) if line.startswith(b"SUMMARY:"))
    assert lines[summary + 1].startswith(b" ")  # the title did need folding
    unfolded = data.replace(b"\r\n ", b"")
    assert f"SUMMARY:{title}\r\n".encode() in unfolded
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == title


def test_ical_dtstamp_comes_from_the_stamps_in_utc_so_output_is_deterministic() -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    stamps = {"aes-summit": dt.datetime(2025, 4, 5, 14, 30, 15, tzinfo=paris)}
    first = calendar([entry()], stamps)
    assert b"DTSTAMP:20250405T123015Z\r\n" in first
    assert calendar([entry()], stamps) == first


def test_ical_refuses_a_naive_dtstamp() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar([entry()], {"aes-summit": dt.datetime(2025, 4, 5, 12, 0)})


# ---------------------------------------------------------------------------------------------------------
# GraphML


ACTORS: list[dict[str, Any]] = [
    {"slug": "aes", "name": "Alliance of Sahel States", "kind": "bloc"},
    {"slug": "mali", "name": "Mali", "kind": "state"},
    {"slug": "russia", "name": "Russia", "kind": "state"},
    {"slug": "mali-pm", "name": None, "description": "Prime Minister of Mali", "kind": "person"},
]
RELATIONS: list[dict[str, Any]] = [
    {
        "subject": "mali",
        "object": "russia",
        "kind": "partnership",
        "description": "Arms & advisers",
        "start_date": dt.date(2021, 1, 1),
        "end_date": None,
        "date_text": "since 2021",
        "date_certainty": Certainty.stated,
    }
]
MEMBERSHIPS: list[dict[str, Any]] = [
    {
        "member": "mali",
        "bloc": "aes",
        "role": "founding_member",
        "start_date": dt.date(2023, 9, 16),
        "end_date": dt.date(2025, 12, 31),
        "date_text": None,
        "date_certainty": Certainty.inferred,
    }
]


def read(data: bytes) -> Any:
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True)


def test_graphml_reads_as_a_directed_graph_with_node_attributes() -> None:
    graph = read(graphml(ACTORS, RELATIONS, MEMBERSHIPS))
    assert graph.is_directed()
    assert list(graph.nodes) == ["aes", "mali", "russia", "mali-pm"]
    assert graph.nodes["mali"] == {"label": "Mali", "kind": "state"}
    assert graph.nodes["mali-pm"] == {"label": "Prime Minister of Mali", "kind": "person"}


def test_graphml_edges_carry_kind_role_and_time_span_and_omit_unknowns() -> None:
    graph = read(graphml(ACTORS, RELATIONS, MEMBERSHIPS))
    # networkx keys a multigraph's edges by their GraphML ids
    assert sorted(graph.edges(keys=True)) == [("mali", "aes", "e1"), ("mali", "russia", "e0")]
    assert graph.edges["mali", "russia", "e0"] == {
        "kind": "partnership",
        "description": "Arms & advisers",
        "start": "2021-01-01",
        "date_text": "since 2021",
        "certainty": "stated",
    }
    assert graph.edges["mali", "aes", "e1"] == {
        "kind": "member_of",
        "role": "founding_member",
        "start": "2023-09-16",
        "end": "2025-12-31",
        "certainty": "inferred",
    }


def test_graphml_declares_every_key_up_front_in_a_fixed_order() -> None:
    root = ET.fromstring(graphml(ACTORS, [], []))
    namespace = "{http://graphml.graphdrawing.org/xmlns}"
    keys = [
        (key.get("for"), key.get("attr.name"), key.get("attr.type")) for key in root.iter(f"{namespace}key")
    ]
    assert keys == [
        ("node", "label", "string"),
        ("node", "kind", "string"),
        ("edge", "kind", "string"),
        ("edge", "role", "string"),
        ("edge", "description", "string"),
        ("edge", "start", "string"),
        ("edge", "end", "string"),
        ("edge", "date_text", "string"),
        ("edge", "certainty", "string"),
    ]
    assert [child.tag for child in root] == [f"{namespace}key"] * 9 + [f"{namespace}graph"]


def test_graphml_is_pretty_printed_utf8_with_a_declaration_and_deterministic() -> None:
    actors = [*ACTORS, {"slug": "niger", "name": "République du Niger", "kind": "state"}]
    data = graphml(actors, RELATIONS, MEMBERSHIPS)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<graphml ")
    assert data.endswith(b"</graphml>\n")
    assert b"\n  <key " in data and b"\n    <node " in data
    assert "République".encode() in data
    assert graphml(actors, RELATIONS, MEMBERSHIPS) == data


def test_graphml_edge_ids_follow_input_order_relations_first() -> None:
    relations = [dict(RELATIONS[0], subject="russia", object="mali"), RELATIONS[0]]
    root = ET.fromstring(graphml(ACTORS, relations, MEMBERSHIPS))
    edges = [
        (edge.get("id"), edge.get("source"), edge.get("target"))
        for edge in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")
    ]
    assert edges == [("e0", "russia", "mali"), ("e1", "mali", "russia"), ("e2", "mali", "aes")]


@pytest.mark.parametrize(
    ("relations", "memberships"),
    [
        ([dict(RELATIONS[0], object="burkina-faso")], []),
        ([dict(RELATIONS[0], subject="burkina-faso")], []),
        ([], [dict(MEMBERSHIPS[0], member="burkina-faso")]),
        ([], [dict(MEMBERSHIPS[0], bloc="burkina-faso")]),
    ],
    ids=["relation-object", "relation-subject", "membership-member", "membership-bloc"],
)
def test_graphml_rejects_a_row_naming_an_actor_not_given(
    relations: list[dict[str, Any]], memberships: list[dict[str, Any]]
) -> None:
    with pytest.raises(ValueError, match="'burkina-faso'"):
        graphml(ACTORS, relations, memberships)


def test_graphml_rejects_an_actor_listed_twice() -> None:
    with pytest.raises(ValueError, match="'mali'"):
        graphml([*ACTORS, {"slug": "mali", "name": "Mali", "kind": "state"}], [], [])
