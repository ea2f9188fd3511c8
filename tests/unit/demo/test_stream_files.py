"""Chunks written at their offsets, in any order, give the files their concatenation, with or without O_DIRECT."""

from __future__ import annotations

import errno
import fcntl
import os
import random
from pathlib import Path

import pytest

from rempart.demo.stream_files import BLOCK, StreamFiles


def _chunks(seed: int) -> list[tuple[bytes, bytes]]:
    rng = random.Random(seed)
    sizes = [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17, 40_000, 5, 2 * BLOCK]
    return [(rng.randbytes(rng.randrange(300)), rng.randbytes(size)) for size in sizes]


def _write_shuffled(tmp_path: Path, chunks: list[tuple[bytes, bytes]]) -> tuple[Path, Path]:
    items, x_v2 = tmp_path / "items.jsonl", tmp_path / "x-v2.jsonl"
    items.write_bytes(b"")
    x_v2.write_bytes(b"")
    starts, items_at, x_v2_at = [], 0, 0
    for items_bytes, x_v2_bytes in chunks:
        starts.append((items_at, x_v2_at))
        items_at += len(items_bytes)
        x_v2_at += len(x_v2_bytes)
    order = list(range(len(chunks)))
    random.Random(1).shuffle(order)
    files = StreamFiles(items, x_v2)
    try:
        for index in order:
            files.write(*chunks[index], *starts[index])
    finally:
        files.close()
    return items, x_v2


def test_chunks_land_at_their_place(tmp_path: Path) -> None:
    chunks = _chunks(3)
    items, x_v2 = _write_shuffled(tmp_path, chunks)
    assert items.read_bytes() == b"".join(part for part, _ in chunks)
    assert x_v2.read_bytes() == b"".join(part for _, part in chunks)


def test_refused_direct_writes_go_through_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    buffered_pwrite = os.pwrite
    direct_calls = []

    def refuse_direct(descriptor: int, data: bytes | memoryview, offset: int) -> int:
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & getattr(os, "O_DIRECT", 0):
            direct_calls.append(offset)
            raise OSError(errno.EINVAL, "direct I/O refused")
        return buffered_pwrite(descriptor, data, offset)

    monkeypatch.setattr(os, "pwrite", refuse_direct)
    chunks = _chunks(4)
    _, x_v2 = _write_shuffled(tmp_path, chunks)
    assert x_v2.read_bytes() == b"".join(part for _, part in chunks)
    assert len(direct_calls) <= 1  # refused once, then never tried again
