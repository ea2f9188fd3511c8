"""`truth.json`, written in constant memory: item ids are spooled per label to temporary files as chunks
arrive, then streamed into the final document.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, BinaryIO

import orjson


class TruthSpool:
    """Collects (label, key, item id) triples and viral moments on disk, in arrival order."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._files: dict[tuple[str, str], BinaryIO] = {}
        self.counts: dict[tuple[str, str], int] = {}
        self._moments = (directory / "moments.jsonl").open("wb")
        self.moment_count = 0

    def add(self, label: str, key: str, item_id: str) -> None:
        section = (label, key)
        stream = self._files.get(section)
        if stream is None:
            stream = (self.directory / f"{label}.{len(self._files)}.ids").open("wb")
            self._files[section] = stream
            self.counts[section] = 0
        if self.counts[section]:
            stream.write(b",")
        stream.write(b'"' + item_id.encode() + b'"')
        self.counts[section] += 1

    def add_moment(self, moment: dict[str, Any]) -> None:
        if self.moment_count:
            self._moments.write(b",")
        self._moments.write(orjson.dumps(moment))
        self.moment_count += 1

    def label_count(self, label: str) -> int:
        return sum(count for (name, _), count in self.counts.items() if name == label)

    def write(self, path: Path, header: dict[str, Any], labels: tuple[str, ...]) -> None:
        """Write `header`'s fields, then `viral_moments` and `items` (label -> key -> ids) streamed."""
        for stream in self._files.values():
            stream.close()
        self._moments.close()
        with path.open("wb") as out:
            out.write(orjson.dumps(header, option=orjson.OPT_SORT_KEYS)[:-1])
            out.write(b',"viral_moments":[')
            self._copy(self.directory / "moments.jsonl", out)
            out.write(b'],"items":{')
            for number, label in enumerate(labels):
                out.write((b"," if number else b"") + orjson.dumps(label) + b":{")
                keys = sorted(key for name, key in self._files if name == label)
                for position, key in enumerate(keys):
                    stream = self._files[(label, key)]
                    out.write((b"," if position else b"") + orjson.dumps(key) + b":[")
                    self._copy(Path(stream.name), out)
                    out.write(b"]")
                out.write(b"}")
            out.write(b"}}\n")
        shutil.rmtree(self.directory)

    @staticmethod
    def _copy(source: Path, out: BinaryIO) -> None:
        with source.open("rb") as stream:
            shutil.copyfileobj(stream, out, 1 << 20)
