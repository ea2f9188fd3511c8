"""Reading JSON inputs of any size: one value per line, or one (pretty-printed) document.

`sniff` looks at the first lines and says which layout a file has, without consuming them. Line files are
read line by line (a bad line is rejected alone); documents are streamed with ijson event by event,
building only the objects asked for, each with the line it starts on.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, BinaryIO, cast

import ijson
import orjson

from rempart.items.adapters.base import one_line

# A first line longer than this is not read whole: the file is streamed as one document.
LONGEST_SNIFFED_LINE = 16 * 1024 * 1024


class Layout(StrEnum):
    LINES = "lines"
    DOCUMENT = "document"


class _Replay(io.RawIOBase):
    """Bytes already read from a non-seekable stream, then the rest of that stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        target = memoryview(buffer).cast("B")
        if self._prefix:
            count = min(len(target), len(self._prefix))
            target[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._rest.read(len(target))
        target[: len(data)] = data
        return len(data)


def _parses(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _looks_like_document(lines: list[bytes]) -> bool:
    if not lines:
        return False
    first = lines[0]
    if len(first) >= LONGEST_SNIFFED_LINE and not first.endswith(b"\n"):
        return True
    # Pretty-printers (json.dumps, jq, JSON.stringify, MarshalIndent) open a document with `{` or `[` alone
    # on the first line; the second line of a document is not a JSON value on its own, as a record line is.
    if first.strip() not in (b"{", b"["):
        return False
    return len(lines) < 2 or not _parses(lines[1])


def sniff(stream: BinaryIO) -> tuple[Layout, BinaryIO]:
    """The layout of `stream`, and a stream that starts where `stream` started."""
    seekable = stream.seekable()
    start = stream.tell() if seekable else 0
    consumed: list[bytes] = []
    non_blank: list[bytes] = []
    while len(non_blank) < 2:
        line = stream.readline(LONGEST_SNIFFED_LINE)
        if not line:
            break
        consumed.append(line)
        if line.strip():
            non_blank.append(line)
        if len(line) >= LONGEST_SNIFFED_LINE:
            break
    layout = Layout.DOCUMENT if _looks_like_document(non_blank) else Layout.LINES
    if seekable:
        stream.seek(start)
        return layout, stream
    return layout, cast(BinaryIO, io.BufferedReader(_Replay(b"".join(consumed), stream)))


def rewindable(stream: BinaryIO) -> BinaryIO:
    """`stream` itself when it can seek; otherwise a temporary file holding its bytes (never memory)."""
    if stream.seekable():
        return stream
    spool = cast(BinaryIO, tempfile.TemporaryFile())  # noqa: SIM115 - closed by the caller's garbage collection
    shutil.copyfileobj(stream, spool)
    spool.seek(0)
    return spool


class _LineTrackingReader:
    """Hands ijson one line at a time, so the line of every parse event is known."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._completed = 0
        self.line = 1

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes with read(0) for bytes or text
        chunk = self._stream.readline(size)
        self.line = self._completed + 1
        self._completed += chunk.count(b"\n")
        return chunk


@dataclass(frozen=True, slots=True)
class Found:
    """An object built at one of the asked prefixes, with the line it starts on."""

    line: int
    prefix: str
    index: int
    value: Any


@dataclass(frozen=True, slots=True)
class Broken:
    """The document stops being JSON here; nothing after it can be read."""

    line: int
    reason: str


def parse_error(error: Exception) -> str:
    message = error.args[0] if error.args else str(error)
    if isinstance(message, bytes):
        message = message.decode("utf-8", errors="replace")
    first = str(message).strip().splitlines()[0] if str(message).strip() else type(error).__name__
    return one_line(first.replace("lexical error: ", "").replace("parse error: ", ""))


def document_objects(stream: BinaryIO, prefixes: frozenset[str]) -> Iterator[Found | Broken]:
    """Stream the values at `prefixes` (ijson paths such as `data.item`), in document order.

    A value at a prefix that is neither an object nor an array is found too, so the caller can reject it.
    An array at a prefix is found whole, unless its items (`prefix.item`) are asked for as well.
    """
    reader = _LineTrackingReader(stream)
    events = ijson.parse(reader, use_float=True)
    counters: dict[str, int] = {}
    try:
        for prefix, event, value in events:
            if prefix not in prefixes or event in ("map_key", "end_map", "end_array"):
                continue
            if event == "start_array" and (f"{prefix}.item" if prefix else "item") in prefixes:
                continue  # its items are asked for one by one
            index = counters.get(prefix, 0)
            counters[prefix] = index + 1
            line = reader.line
            if event in ("start_map", "start_array"):
                yield Found(line, prefix, index, _build(events, prefix, event))
            else:
                yield Found(line, prefix, index, value)
    except (ijson.JSONError, ValueError) as error:
        yield Broken(reader.line, f"invalid JSON: {parse_error(error)}")


def _build(events: Iterator[tuple[str, str, Any]], prefix: str, start: str) -> Any:
    builder = ijson.ObjectBuilder()
    builder.event(start, None)
    end = "end_map" if start == "start_map" else "end_array"
    depth = 0
    for event_prefix, event, value in events:
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            if depth == 0 and event_prefix == prefix and event == end:
                builder.event(event, value)
                return builder.value
            depth -= 1
        builder.event(event, value)
    return builder.value
