"""Writing a draft as an annotation: the documented YAML format, with comments where the drafter is unsure.

Strings are written double-quoted with JSON's escapes, which YAML reads the same, and invisible characters
(no-break spaces, zero-width joiners) and controls (which YAML refuses bare) as \\uXXXX so the analyst
sees them. A fact the drafter doubts is written commented out, its reason above it: reviewing means
deleting lines or uncommenting them.
"""

import json
import re
import unicodedata
from typing import Any

# Written bare: lower-case words and slugs. Not with a colon at the end, which would make them a key.
_BARE = re.compile(r"^[a-z][a-z0-9/_.@:-]*(?<!:)$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _BARE.match(text) and text not in _YAML_WORDS:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        _escape(char) if unicodedata.category(char) in _ESCAPED and char != " " else char for char in quoted
    )


# Spaces, format characters and line separators other than the space; controls (U+007F, U+0080 to U+009F)
# and non-characters (U+FFFE), which JSON leaves bare and YAML refuses.
_ESCAPED = frozenset({"Zs", "Cf", "Zl", "Zp", "Cc", "Cn"})


def _escape(char: str) -> str:
    """YAML's escape for ``char``: four hex digits, or eight beyond U+FFFF (a language tag, U+E0001)."""
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, text: str, indent: int = 0) -> None:
        for line in text.splitlines() or [""]:
            self.lines.append(" " * indent + ("# " + line).rstrip())

    def blank(self) -> None:
        self.lines.append("")

    def section(self, name: str) -> None:
        self.lines.append(f"{name}:")

    def item(
        self, fields: dict[str, Any], indent: int = 2, *, commented: bool = False, note: str | None = None
    ) -> None:
        """One list item: a mapping written field by field (lists and nested mappings in block style)."""
        if note:
            self.comment(note, indent)
        lines = self._mapping(fields, indent + 2)
        lines[0] = " " * indent + "- " + lines[0].lstrip()
        if commented:
            lines = [" " * indent + "# " + line[indent:] for line in lines]
        self.lines.extend(lines)

    def field(self, name: str, value: Any, indent: int = 2) -> None:
        self.lines.extend(self._mapping({name: value}, indent))

    def _mapping(self, fields: dict[str, Any], indent: int) -> list[str]:
        lines: list[str] = []
        pad = " " * indent
        for name, value in fields.items():
            if value is None or value == [] or value == {}:
                continue
            if isinstance(value, dict):
                if all(not isinstance(v, dict | list) for v in value.values()) and len(value) <= 4:
                    inner = ", ".join(f"{k}: {scalar(v)}" for k, v in value.items() if v is not None)
                    lines.append(f"{pad}{name}: {{{inner}}}")
                else:
                    lines.append(f"{pad}{name}:")
                    lines.extend(self._mapping(value, indent + 2))
            elif isinstance(value, list):
                if (
                    all(not isinstance(v, dict | list) for v in value)
                    and sum(len(str(v)) for v in value) < 60
                ):
                    lines.append(f"{pad}{name}: [{', '.join(scalar(v) for v in value)}]")
                else:
                    lines.append(f"{pad}{name}:")
                    for entry in value:
                        if isinstance(entry, dict):
                            sub = self._mapping(entry, indent + 4)
                            sub[0] = f"{pad}  - " + sub[0].lstrip()
                            lines.extend(sub)
                        else:
                            lines.append(f"{pad}  - {scalar(entry)}")
            else:
                lines.append(f"{pad}{name}: {scalar(value)}")
        return lines

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"
