"""How the text pools are written: one entry a line, and topics whose templates have `{a}`/`{b}` slots."""

from __future__ import annotations

from typing import NamedTuple


def lines(block: str) -> tuple[str, ...]:
    """The non-blank lines of BLOCK, stripped; a line holding only `~` stands for the empty string."""
    entries = []
    for raw in block.splitlines():
        line = raw.strip()
        if line:
            entries.append("" if line == "~" else line)
    return tuple(entries)


class Topic(NamedTuple):
    """Sentences about one subject: templates with `{a}` and `{b}` slots, what fills them, its hashtags."""

    name: str
    weight: int
    templates: tuple[str, ...]
    a: tuple[str, ...]
    b: tuple[str, ...]
    hashtags: tuple[str, ...]


class Language(NamedTuple):
    """Everything ordinary posts in one language are made of."""

    code: str
    topics: tuple[Topic, ...]
    openers: tuple[str, ...]
    addons: tuple[str, ...]
    reply_openers: tuple[str, ...]
    quote_comments: tuple[str, ...]
    share_comments: tuple[str, ...]
