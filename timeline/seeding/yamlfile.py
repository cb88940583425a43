"""Reading YAML while keeping line numbers, so every error can say ``file:line``."""

from pathlib import Path
from typing import Any

import yaml

from timeline.errors import InputError


class Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class Sequence(list[Any]):
    """A YAML sequence that remembers the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


# How deep mappings and lists may nest. An annotation needs about eight levels (an event's participant's
# evidence's quote); the YAML library reads each level by recursion, so a file nested thousands deep
# would exhaust Python's stack instead of being refused.
MAX_DEPTH = 64


class _TooDeep(yaml.composer.ComposerError):
    """A document nested deeper than ``MAX_DEPTH``."""


class _Loader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooDeep(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    own: set[object] = set()
    for key_node, _ in node.value:
        if key_node.tag != "tag:yaml.org,2002:merge" and key_node.value in own:
            raise yaml.constructor.ConstructorError(
                None, None, f"field {key_node.value!r} is given twice", key_node.start_mark
            )
        own.add(key_node.value)
    loader.flatten_mapping(node)  # YAML merge keys (<<: *anchor): later fields override merged ones
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, f"field names must be text, not {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    """A date or time, or the words as written when they name no day (``2025-02-30``, ``0000-01-01``):
    the date rules then say what is wrong with them, at their line."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load(path: Path) -> Mapping:
    """Parse ``path``; a syntax error becomes one line naming the file, line and column."""
    if not path.is_file():  # a pipe or a device would hang the read, or never end
        raise InputError(f"{path}: cannot read the annotation: not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the annotation: {error}") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = error.problem or error.context or "invalid YAML"
        if isinstance(error, _TooDeep):
            raise InputError(f"{where}: {problem}: an annotation needs fewer than ten") from None
        raise InputError(f"{where}: YAML syntax error: {problem}") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: YAML syntax error: {error}") from None
    if not isinstance(data, Mapping):
        raise InputError(f"{path}:1: an annotation is a mapping with a 'source' section and fact lists")
    return data
