"""Per-check cost of the bank indexes and detectors: p50/p99 in microseconds.

    .venv/bin/python benchmarks/banks.py [--entries 10000] [--hashes 100000] [--queries 5000]

Texts are generated posts (8 to 40 words drawn from a Zipf-distributed vocabulary); queries are a mix of
edited copies of bank entries (20 % of the words changed) and unrelated posts. PDQ hashes are random.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np

from rempart.detect.bank import BankDetector
from rempart.detect.banks.pdq import PdqIndex
from rempart.detect.banks.schemas import DEFAULT_JACCARD_THRESHOLD, BankKind
from rempart.detect.banks.snapshot import BankSnapshot, BankSpec, build_loaded_bank
from rempart.detect.banks.text_index import ExactTextIndex, TextBankIndex
from rempart.detect.copypasta import CopypastaDetector
from rempart.items.schemas import Item, Media, MediaKind

# A Zipf-distributed vocabulary of 20,000 words, as in natural text: a few very common words, a long tail.
VOCABULARY = [f"word{rank}" for rank in range(1, 20_001)]
WEIGHTS = [1 / rank for rank in range(1, 20_001)]


def post(rng: random.Random) -> str:
    return " ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(8, 40)))


def edited(rng: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 5)):
        position = rng.randrange(len(words))
        words[position] = rng.choices(VOCABULARY, WEIGHTS)[0]
    return " ".join(words)


def measure(label: str, calls: list[Callable[[], object]]) -> None:
    """Wall-clock and CPU (this thread's) time per call: on a shared machine the CPU time is the cost."""
    wall, cpu = [], []
    for call in calls:
        start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
        call()
        cpu.append(time.thread_time_ns() - start_cpu)
        wall.append(time.perf_counter_ns() - start)
    w50, w99 = np.percentile(np.array(wall) / 1000, [50, 99])
    c50, c99 = np.percentile(np.array(cpu) / 1000, [50, 99])
    print(f"{label:<48} wall p50 {w50:7.1f} p99 {w99:8.1f} µs | cpu p50 {c50:7.1f} p99 {c99:8.1f} µs ({len(calls)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--hashes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(1)
    texts = [post(rng) for _ in range(args.entries)]
    entries = [(f"e{i}", t) for i, t in enumerate(texts)]
    queries = [edited(rng, rng.choice(texts)) if i % 2 else post(rng) for i in range(args.queries)]

    start = time.perf_counter()
    text_index = TextBankIndex.build(entries, DEFAULT_JACCARD_THRESHOLD)
    print(f"text bank of {args.entries} entries built in {time.perf_counter() - start:.2f} s")
    exact = ExactTextIndex.build(entries)
    measure(f"text exact ({args.entries} entries)", [lambda q=q: exact.query(q) for q in queries])  # type: ignore[misc]
    measure(f"text exact + near-dup ({args.entries} entries)", [lambda q=q: text_index.query(q) for q in queries])  # type: ignore[misc]
    found = sum(1 for q in queries[1::2] if text_index.query(q))
    print(f"  edited copies found: {found}/{len(queries[1::2])}")

    hashes = [rng.getrandbits(256).to_bytes(32, "big").hex() for _ in range(args.hashes)]
    start = time.perf_counter()
    pdq_index = PdqIndex.build([(f"h{i}", h) for i, h in enumerate(hashes)])
    print(f"PDQ index of {args.hashes} hashes built in {time.perf_counter() - start:.2f} s")

    def near(value: str, bits: int) -> str:
        number = int(value, 16)
        for bit in rng.sample(range(256), bits):
            number ^= 1 << bit
        return number.to_bytes(32, "big").hex()

    pdq_queries = [
        near(rng.choice(hashes), rng.randint(0, 31)) if i % 2 else near(hashes[0], 128) for i in range(args.queries)
    ]
    measure(f"PDQ within 31 ({args.hashes} hashes)", [lambda q=q: pdq_index.query(q) for q in pdq_queries])  # type: ignore[misc]

    text_bank = build_loaded_bank(BankSpec("b1", "text", BankKind.TEXT.value), entries)
    pdq_bank = build_loaded_bank(
        BankSpec("b2", "images", BankKind.PDQ.value), [(f"h{i}", h) for i, h in enumerate(hashes)]
    )
    detector = BankDetector(snapshot=BankSnapshot({"b1": text_bank, "b2": pdq_bank}))
    now = datetime(2024, 9, 1, tzinfo=UTC)
    items = [
        Item(
            platform="x",
            id=str(i),
            author_id=f"a{i % 500}",
            created_at=now + timedelta(seconds=i / 10),
            text=q,
            media=[Media(kind=MediaKind.IMAGE, pdq=pdq_queries[i])] if i % 4 == 0 else [],
        )
        for i, q in enumerate(queries)
    ]
    measure("bank detector (both banks, 1 in 4 with an image)", [lambda i=i: detector.check(i) for i in items])  # type: ignore[misc]

    copypasta = CopypastaDetector()
    spam = texts[:50]
    stream = [
        item.model_copy(update={"text": edited(rng, rng.choice(spam))}) if n % 5 == 0 else item
        for n, item in enumerate(items * 4)
    ]
    stream = [item.model_copy(update={"id": str(n)}) for n, item in enumerate(stream)]
    measure("copypasta detector per item", [lambda i=i: copypasta.check(i) for i in stream])  # type: ignore[misc]
    print(f"  window holds {len(copypasta)} items")


if __name__ == "__main__":
    main()
