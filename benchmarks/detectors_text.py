"""Per-check cost of the text detectors on demo-like posts: p50 and p99 in microseconds.

    python benchmarks/detectors_text.py [--checks 20000]

Also times the keyword index with 100,000 extra patterns (99,000 terms + 1,000 regexes).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime

from rempart.detect.classifier.detector import ClassifierDetector
from rempart.detect.keyword_index import KeywordIndex
from rempart.detect.keywords import KeywordsDetector
from rempart.detect.language import LanguageDetector
from rempart.detect.term_lists import Entry, EntryKind, TermList, load_term_lists
from rempart.items.normalize import fold, skeleton
from rempart.items.schemas import Item

POSTS = [
    "Quelle belle journée au parc avec les enfants, on y retourne dimanche ! #famille",
    "Just landed in Lisbon, the weather is amazing and the food even better @friend https://t.co/abc",
    "Le match de ce soir était incroyable, victoire méritée pour Lyon",
    "Can't believe the train is late AGAIN this morning, third time this week 😡",
    "Great rally tonight, S1eg H€il to the boys!",
    "tous les migrants sont des rats, dehors",
    "Meine Ehre heißt Treue — schöne Grüße an alle",
    "these immigrants are vermin and everyone knows it",
    "Nouveau billet de blog sur la cuisine de saison : soupe de potimarron et châtaignes",
    "Our quarterly results are out, thanks to the whole team for the hard work",
]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2] * 1e6
    p99 = ordered[int(len(ordered) * 0.99)] * 1e6
    return f"p50 {p50:7.1f} µs   p99 {p99:7.1f} µs"


def time_calls(function: object, arguments: list[object], checks: int) -> list[float]:
    call = function  # type: ignore[assignment]
    samples = []
    for n in range(checks):
        argument = arguments[n % len(arguments)]
        started = time.perf_counter()
        call(argument)  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=20_000)
    checks = parser.parse_args().checks
    items = [
        Item(platform="x", id=str(n), author_id="u", created_at=datetime(2024, 9, 1, tzinfo=UTC), text=text)
        for n, text in enumerate(POSTS)
    ]
    average = sum(map(len, POSTS)) // len(POSTS)
    print(f"{checks} checks over {len(POSTS)} demo-like posts ({average} characters on average)")
    print(f"  normalise fold      {percentiles(time_calls(fold, POSTS, checks))}")
    print(f"  normalise skeleton  {percentiles(time_calls(skeleton, POSTS, checks))}")
    for detector in (KeywordsDetector(), LanguageDetector(), ClassifierDetector()):
        print(f"  {detector.name:<19} {percentiles(time_calls(detector.check, items, checks))}")  # type: ignore[attr-defined]

    rng = random.Random(1)
    letters = "bcdfghjkmnpqrtvwxyz"
    words = sorted({"".join(rng.choice(letters) + "a" for _ in range(5)) for _ in range(120_000)})[:100_000]
    terms = tuple(Entry(word, line) for line, word in enumerate(words[:99_000]))
    regexes = tuple(Entry(rf"{word}s+", line) for line, word in enumerate(words[99_000:]))
    synthetic = [
        TermList("bench-terms", "bench", ("en",), 0.5, EntryKind.TERM, terms, "bench"),
        TermList("bench-regex", "bench", ("en",), 0.5, EntryKind.REGEX, regexes, "bench"),
    ]
    started = time.perf_counter()
    index = KeywordIndex(load_term_lists([]) + synthetic)
    print(f"keyword index with 100,000 patterns built in {time.perf_counter() - started:.1f} s")
    skeletons = [skeleton(post).text for post in POSTS]
    print(f"  index search        {percentiles(time_calls(index.search, skeletons, checks))}")


if __name__ == "__main__":
    main()
