"""YAML read with the line of every key and list element, so that errors can name the line.

PyYAML composes the document into nodes that carry their position; we build plain Python values from the
nodes and keep a map from each path (`("policies", 2, "mode")`) to its 1-based line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


class YamlError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class LocatedDocument:
    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    # Scalars written as block literals (`|`, `>`) begin on the line after their key; their style.
    block_scalars: dict[Path, str] = field(default_factory=dict)
    source_lines: list[str] = field(default_factory=list)

    def line_of(self, path: Sequence[str | int]) -> int:
        """The line of the longest known prefix of `path` (the document's first line if none)."""
        location = tuple(path)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)

    def line_in_scalar(self, path: Sequence[str | int], value: str, line: int, column: int) -> int:
        """The source line of (line, column) within the string `value` found at `path`.

        Plain and literal (`|`) scalars keep their lines; folded ones (`>`) join them, so the source line is
        found by looking for the text at that position among the scalar's own lines."""
        start = self.line_of(path)
        style = self.block_scalars.get(tuple(path))
        if style is None:
            return start + line - 1
        if style == "|":
            return start + line
        lines = value.split("\n")
        target = lines[min(max(line, 1), len(lines)) - 1]
        fragment = (target[max(column - 1, 0) :].split() or target.split() or [""])[0]
        for offset, source in enumerate(self.source_lines[start:], start=1):
            if fragment and fragment in source:
                return start + offset
        return start + 1


def load(text: str) -> LocatedDocument:
    """Parse one YAML document; duplicate keys and non-string keys are errors with their line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        document = LocatedDocument(value=None, source_lines=text.splitlines())
        if node is None:
            return document
        document.lines[()] = node.start_mark.line + 1
        document.value = _build(loader, node, (), document)
        return document
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(f"{error.problem or error.context or 'invalid YAML'}", line) from None
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path, document: LocatedDocument) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise YamlError(f"keys must be strings, got {key!r}", line)
            if key in result:
                raise YamlError(f"duplicate key {key!r}", line)
            document.lines[(*path, key)] = line
            result[key] = _build(loader, value_node, (*path, key), document)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for position, child in enumerate(node.value):
            document.lines[(*path, position)] = child.start_mark.line + 1
            items.append(_build(loader, child, (*path, position), document))
        return items
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        document.block_scalars[path] = node.style
    return loader.construct_object(node, deep=True)
