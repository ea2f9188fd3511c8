"""Writes a chunk's posts at their place in `items.jsonl` and `x-v2.jsonl`, from whichever process made it.

Going through the page cache costs more kernel time here than making the bytes does for a fair part of the
output (each new cached page is fresh memory), so `x-v2.jsonl`, the bigger file and one nothing reads right
away, is written with O_DIRECT: the whole 4 KiB blocks of a chunk's region from a reused page-aligned
buffer, and only its unaligned head and tail (pages it shares with the neighbouring chunks) through the
cache. `items.jsonl` stays cached, since `rempart ingest` usually reads it next. Where the filesystem
refuses O_DIRECT, everything is written through the cache.
"""

from __future__ import annotations

import contextlib
import errno
import mmap
import os
from pathlib import Path

BLOCK = 4096  # a multiple of any logical block size O_DIRECT may ask offsets and lengths to align to


def pwrite_all(descriptor: int, data: memoryview, offset: int) -> None:
    while data:
        written = os.pwrite(descriptor, data, offset)
        data = data[written:]
        offset += written


class StreamFiles:
    """One process's descriptors on the two files (created beforehand) and its aligned buffer."""

    def __init__(self, items: Path, x_v2: Path) -> None:
        self.items = os.open(items, os.O_WRONLY)
        self.x_v2 = os.open(x_v2, os.O_WRONLY)
        self.x_v2_direct: int | None = None
        direct = getattr(os, "O_DIRECT", 0)  # Linux and some other systems only
        if direct:
            with contextlib.suppress(OSError):  # e.g. EINVAL where the filesystem does not do direct I/O
                self.x_v2_direct = os.open(x_v2, os.O_WRONLY | direct)
        self.buffer = mmap.mmap(-1, BLOCK)

    def write(self, items: bytes, x_v2: bytes, items_at: int, x_v2_at: int) -> None:
        """Write a chunk's bytes for the two files at these offsets."""
        pwrite_all(self.items, memoryview(items), items_at)
        view = memoryview(x_v2)
        head = -x_v2_at % BLOCK
        body = max(0, len(x_v2) - head) // BLOCK * BLOCK
        if self.x_v2_direct is None or not body:
            pwrite_all(self.x_v2, view, x_v2_at)
            return
        pwrite_all(self.x_v2, view[:head], x_v2_at)
        self._write_direct(view[head : head + body], x_v2_at + head)
        pwrite_all(self.x_v2, view[head + body :], x_v2_at + head + body)

    def _write_direct(self, blocks: memoryview, offset: int) -> None:
        """Write whole blocks with O_DIRECT, or through the cache (from now on) if the filesystem refuses."""
        assert self.x_v2_direct is not None
        if len(blocks) > len(self.buffer):
            self.buffer.close()
            self.buffer = mmap.mmap(-1, len(blocks) + len(blocks) // 4 // BLOCK * BLOCK)
        self.buffer[: len(blocks)] = blocks
        aligned = memoryview(self.buffer)[: len(blocks)]
        try:
            written = os.pwrite(self.x_v2_direct, aligned, offset)
        except OSError as error:
            if error.errno != errno.EINVAL:
                raise
            written = 0
        finally:
            aligned.release()
        if written != len(blocks):
            # Refused (EINVAL) or a short write: what is left, and all later chunks, go through the cache.
            os.close(self.x_v2_direct)
            self.x_v2_direct = None
            pwrite_all(self.x_v2, blocks[written:], offset + written)

    def close(self) -> None:
        for descriptor in (self.items, self.x_v2, self.x_v2_direct):
            if descriptor is not None:
                os.close(descriptor)
        self.buffer.close()
