"""What every backend stores: the limits a value keeps so that SQLite, PostgreSQL and MariaDB all take it.

SQLite stores whatever it is given; the servers do not. Text longer than its column's VARCHAR, more than
64 KiB in a MariaDB TEXT, a NUL character (PostgreSQL), a lone surrogate (no backend's UTF-8), a whole
number past a 32-bit INTEGER or a word outside a column's vocabulary is refused by one of them. Seeding
and import check each value against its column's type, read from the models' metadata, before it reaches
the database: the refusal names the annotation's or the bundle's line, and a database kept on SQLite
always moves to a server.
"""

from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Column, Enum, Integer, String
from sqlalchemy.dialects import mysql

# What MariaDB's TEXT types hold, in bytes of UTF-8; a VARCHAR's length counts characters on every backend.
_MARIADB_TEXT_BYTES = {"TINYTEXT": 255, "TEXT": 65_535, "MEDIUMTEXT": 16_777_215, "LONGTEXT": 4_294_967_295}
_MARIADB = mysql.dialect()


@cache
def limits(column: Column[Any]) -> tuple[int | None, int | None]:
    """The most characters and the most bytes of UTF-8 a text column holds on every backend (None: no
    limit short of the document limit)."""
    if not isinstance(column.type, String):
        return None, None
    mariadb_type = column.type.compile(dialect=_MARIADB).split("(")[0]
    return column.type.length, _MARIADB_TEXT_BYTES.get(mariadb_type)


@cache
def integer_range(column: Column[Any]) -> tuple[int, int] | None:
    """The smallest and largest whole number an integer column holds on every backend."""
    if isinstance(column.type, BigInteger):
        return -(2**63), 2**63 - 1
    if isinstance(column.type, Integer):
        return -(2**31), 2**31 - 1
    return None


def text_problem(column: Column[Any], value: str) -> str | None:
    """Why some backend would refuse the text ``value`` in ``column``, or None if every one takes it."""
    where = f"{column.table.name}.{column.name}"
    if "\0" in value:
        return f"holds a NUL character (U+0000), which {where} cannot hold on PostgreSQL"
    characters, most_bytes = limits(column)
    if characters is not None and len(value) > characters:
        return f"is {len(value):,} characters long; {where} holds at most {characters:,}"
    size = len(value)  # ASCII text is its own UTF-8
    if not value.isascii():
        try:
            size = len(value.encode("utf-8"))
        except UnicodeEncodeError as error:
            return f"holds U+{ord(value[error.start]):04X}, half of a surrogate pair, which is not text"
    if most_bytes is not None and size > most_bytes:
        return f"is {size:,} bytes of UTF-8; {where} holds at most {most_bytes:,} on MariaDB"
    if isinstance(column.type, Enum) and value not in column.type.enums:
        return f"{value!r} is not one of: {', '.join(column.type.enums)}"
    return None


def value_problem(column: Column[Any], value: object) -> str | None:
    """Why some backend would refuse ``value`` (text or a whole number) in ``column``, or None."""
    if isinstance(value, str):
        return text_problem(column, value)
    if isinstance(value, int) and not isinstance(value, bool):
        bounds = integer_range(column)
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            return f"{value} is outside {column.table.name}.{column.name}'s range, {bounds[0]} to {bounds[1]}"
    return None
