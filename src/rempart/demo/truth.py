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

    def add_all(self, labels: list[tuple[str, str, str]]) -> None:
        """Spool (label, key, item id) triples, keeping their order within each (label, key) section."""
        sections: dict[tuple[str, str], list[str]] = {}
        for label, key, item_id in labels:
            ids = sections.get((label, key))
            if ids is None:
                ids = sections[(label, key)] = []
            ids.append(item_id)
        for section, ids in sections.items():
            stream = self._files.get(section)
            if stream is None:
                stream = (self.directory / f"{section[0]}.{len(self._files)}.ids").open("wb")
                self._files[section] = stream
                self.counts[section] = 0
            joined = '","'.join(ids).encode()
            stream.write((b',"' if self.counts[section] else b'"') + joined + b'"')
            self.counts[section] += len(ids)

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
