"""The schema for people (Rich), for documentation (Markdown) and for tools (JSON)."""

import json
from collections.abc import Sequence
from dataclasses import asdict

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from timeline.storage.schema_info import RelationInfo


def schema_view(relations: Sequence[RelationInfo]) -> RenderableType:
    parts: list[RenderableType] = []
    for relation in relations:
        table = Table(
            title=f"{relation.name} ({relation.kind})",
            caption=relation.description,
            box=box.SIMPLE_HEAVY,
            title_justify="left",
            caption_justify="left",
            pad_edge=False,
        )
        for header in ("Column", "Type", "Null", "Description"):
            table.add_column(header, overflow="fold", no_wrap=header in ("Column", "Null"))
        for column in relation.columns:
            table.add_row(
                Text(column.name),
                Text(column.type),
                Text("yes" if column.nullable else ""),
                Text(column.description or ""),
            )
        parts.append(table)
    return Group(*parts)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def schema_markdown(relations: Sequence[RelationInfo]) -> str:
    lines = ["# Schema", ""]
    for relation in relations:
        lines += [f"## `{relation.name}` ({relation.kind})", ""]
        if relation.description:
            lines += [relation.description, ""]
        lines += ["| column | type | null | description |", "|---|---|---|---|"]
        lines += [
            f"| `{column.name}` | {_cell(column.type)} | {'yes' if column.nullable else ''} "
            f"| {_cell(column.description)} |"
            for column in relation.columns
        ]
        lines.append("")
    return "\n".join(lines)


def schema_json(relations: Sequence[RelationInfo]) -> str:
    return json.dumps([asdict(relation) for relation in relations], ensure_ascii=False, indent=2) + "\n"
