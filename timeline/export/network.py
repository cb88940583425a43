"""GraphML (http://graphml.graphdrawing.org): actors as nodes; relations and memberships as dated edges."""

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{GRAPHML} {GRAPHML}/1.0/graphml.xsd"

# Every attribute, declared up front in this order: (domain, name). A key's id is "<domain>_<name>" so a
# node's kind and an edge's kind stay distinct keys.
KEYS = (
    ("node", "label"),
    ("node", "kind"),
    ("edge", "kind"),
    ("edge", "role"),
    ("edge", "description"),
    ("edge", "start"),
    ("edge", "end"),
    ("edge", "date_text"),
    ("edge", "certainty"),
)


def _data(element: ET.Element, domain: str, values: Mapping[str, object]) -> None:
    """A <data> child per value that is known; None means unknown and is left out."""
    for name, value in values.items():
        if value is None:
            continue
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        ET.SubElement(element, "data", key=f"{domain}_{name}").text = text


def _span(row: Mapping[str, Any]) -> dict[str, object]:
    return {
        "start": row.get("start_date"),
        "end": row.get("end_date"),
        "date_text": row.get("date_text"),
        "certainty": row.get("date_certainty"),
    }


def graphml(
    actors: Iterable[Mapping[str, Any]],
    relations: Iterable[Mapping[str, Any]],
    memberships: Iterable[Mapping[str, Any]],
) -> bytes:
    """A directed GraphML graph: relations from subject to object, then ``member_of`` from member to bloc.

    Actors are rows with ``slug``, ``kind`` and ``name`` (or ``description``, for an official known by post).
    Raises ValueError naming a slug used twice among the actors, or used by a row but not among them.
    """
    root = ET.Element("graphml", {"xmlns": GRAPHML, f"{{{XSI}}}schemaLocation": SCHEMA})
    for domain, name in KEYS:
        attributes = {"id": f"{domain}_{name}", "for": domain, "attr.name": name, "attr.type": "string"}
        ET.SubElement(root, "key", attributes)
    graph = ET.SubElement(root, "graph", id="G", edgedefault="directed")

    slugs: set[str] = set()
    for actor in actors:
        slug = str(actor["slug"])
        if slug in slugs:
            raise ValueError(f"actor {slug!r} is listed twice")
        slugs.add(slug)
        node = ET.SubElement(graph, "node", id=slug)
        # The same display name as elsewhere: an official may be known only by the post's description.
        label = actor.get("name") or actor.get("description") or slug
        _data(node, "node", {"label": label, "kind": actor.get("kind")})

    edges = [
        (
            row["subject"],
            row["object"],
            {"kind": row["kind"], "description": row.get("description"), **_span(row)},
        )
        for row in relations
    ] + [
        (row["member"], row["bloc"], {"kind": "member_of", "role": row.get("role"), **_span(row)})
        for row in memberships
    ]
    for number, (source, target, values) in enumerate(edges):
        for slug in (source, target):
            if slug not in slugs:
                raise ValueError(f"unknown actor {slug!r}: it is not among the actors")
        edge = ET.SubElement(graph, "edge", id=f"e{number}", source=source, target=target)
        _data(edge, "edge", values)

    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
