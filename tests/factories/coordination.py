"""Hand-made coordination data: background chatter, a viral moment, a campaign — as canonical records."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

T0 = datetime(2024, 9, 2, tzinfo=UTC)
WORDS = [c + v + c2 for c in "bdfgklmnprstvz" for v in "aeiou" for c2 in "lnrs"]


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class Records:
    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.items: list[dict[str, Any]] = []
        self.accounts: list[dict[str, Any]] = []

    def account(self, account_id: str, created: datetime) -> None:
        self.accounts.append({"kind": "account", "platform": "x", "id": account_id, "created_at": _iso(created)})

    def post(self, author: str, at: datetime, text: str, **fields: Any) -> None:
        item_id = str(len(self.items) + 1)
        self.items.append(
            {"platform": "x", "id": item_id, "author_id": author, "created_at": _iso(at), "text": text, **fields}
        )

    def sentence(self, words: int = 10) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words))

    def background(self, accounts: int, posts_each: int, days: int = 7) -> list[str]:
        names = [f"bg{i}" for i in range(accounts)]
        for name in names:
            self.account(name, T0 - timedelta(days=self.rng.randint(300, 3000)))
            for _ in range(posts_each):
                at = T0 + timedelta(seconds=self.rng.randrange(days * 86400))
                fields: dict[str, Any] = {}
                text = self.sentence(self.rng.randint(4, 14))
                if self.rng.random() < 0.3:
                    fields["urls"] = [f"https://news.example/{self.rng.randrange(5000)}"]
                self.post(name, at, text, **fields)
        return names

    def viral(self, sharers: list[str], at: datetime, link: str) -> None:
        """Everyone shares the same news link, half with the same headline, within ten minutes."""
        headline = self.sentence(9)
        for name in sharers:
            text = headline if self.rng.random() < 0.5 else self.sentence(8)
            self.post(name, at + timedelta(seconds=self.rng.randrange(600)), f"{text} {link}", urls=[link])

    def campaign(self, prefix: str, size: int, links: int, at: datetime) -> list[str]:
        """`size` accounts created in a burst co-post `links` links with near-identical texts, minutes apart."""
        names = [f"{prefix}{i}" for i in range(size)]
        for name in names:
            self.account(name, T0 - timedelta(days=10, minutes=self.rng.randrange(600)))
        for wave in range(links):
            start = at + timedelta(hours=7 * wave)
            message = self.sentence(12).split()
            link = f"https://{prefix}.example/story/{wave}"
            for name in names:
                words = list(message)
                words[self.rng.randrange(len(words))] = self.rng.choice(WORDS)
                when = start + timedelta(seconds=self.rng.randrange(240))
                self.post(name, when, " ".join(words) + f" {link}", urls=[link], hashtags=["vote", prefix])
        return names

    def spam_ring(self, prefix: str, size: int, bursts: int, at: datetime) -> list[str]:
        """`size` accounts of all ages post copies of one scam text (a word changed here and there), each
        with its own tracking link to the same site, in bursts of half an hour."""
        names = [f"{prefix}{i}" for i in range(size)]
        for name in names:
            self.account(name, T0 - timedelta(days=self.rng.randint(30, 900)))
        scam = self.sentence(14).split()
        for burst in range(bursts):
            start = at + timedelta(hours=5 * burst)
            for name in names:
                words = list(scam)
                if self.rng.random() < 0.5:
                    words[self.rng.randrange(len(words))] = self.rng.choice(WORDS)
                link = f"https://{prefix}-prize.example/claim?ref={self.rng.randrange(10**9)}"
                when = start + timedelta(seconds=self.rng.randrange(1800))
                self.post(name, when, " ".join(words) + f" {link}", urls=[link])
        return names

    def write(self, directory: Path) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        items, accounts = directory / "items.jsonl", directory / "accounts.jsonl"
        items.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in self.items))
        accounts.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in self.accounts))
        return items, accounts


@dataclass
class Sample:
    items: Path
    accounts: Path
    records: Records
    viral: list[str]
    campaign: list[str]
    spam: list[str]


def build_sample(directory: Path, *, with_campaign: bool = True, with_spam: bool = False) -> Sample:
    records = Records(seed=3)
    background = records.background(accounts=400, posts_each=15)
    viral = background[:200]
    records.viral(viral, T0 + timedelta(days=2, hours=3), "https://www.daily-news.example/big-story?utm_source=tw")
    campaign = records.campaign("camp", 30, links=6, at=T0 + timedelta(hours=5)) if with_campaign else []
    spam = records.spam_ring("spam", 20, bursts=6, at=T0 + timedelta(days=3)) if with_spam else []
    items, accounts = records.write(directory)
    return Sample(items, accounts, records, viral, campaign, spam)
