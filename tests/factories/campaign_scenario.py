"""A deterministic coordination scenario in Rempart's canonical JSON Lines, with its ground truth.

Background chatter from old accounts; organic viral moments (many old, unrelated accounts sharing the same
news link — often with the same headline — within the same minutes); planted campaigns (accounts created in
a burst posting paraphrases, the same links and hashtags within minutes, wave after wave).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

START = datetime(2024, 9, 2, tzinfo=UTC)
DAYS = 7
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["an", "el", "is", "or", "um"]
LANGUAGES = ["en", "fr", "de", "es", "it", "pl", "nl"]
NEWS = ["news-daily.example", "le-journal.example", "zeitung.example", "diario.example", "wire.example"]


@dataclass
class Scenario:
    items: Path
    accounts: Path
    posts: int
    campaigns: list[list[str]] = field(default_factory=list)
    viral_accounts: set[str] = field(default_factory=set)

    @property
    def campaign_accounts(self) -> set[str]:
        return {a for group in self.campaigns for a in group}


class _Writer:
    def __init__(self, path: Path) -> None:
        self.stream = path.open("wb")
        self.count = 0

    def post(self, **record: object) -> None:
        self.count += 1
        self.stream.write(orjson.dumps({"platform": "x", "id": str(self.count), **record}) + b"\n")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(_word(rng) for _ in range(words))


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _paraphrase(rng: random.Random, message: list[str]) -> str:
    words = list(message)
    for _ in range(2):
        words[rng.randrange(len(words))] = _word(rng)
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), _word(rng))
    return " ".join(words)


def generate(
    out: Path,
    *,
    posts: int = 20_000,
    campaigns: int = 3,
    campaign_size: tuple[int, int] = (25, 50),
    waves: int = 8,
    viral_moments: int = 12,
    viral_size: int = 200,
    seed: int = 7,
) -> Scenario:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    background = max(200, posts // 25)
    writer = _Writer(out / "items.jsonl")
    account_lines: list[bytes] = []
    scenario = Scenario(items=out / "items.jsonl", accounts=out / "accounts.jsonl", posts=0)
    seconds = DAYS * 86400

    old = [f"u{i}" for i in range(background)]
    languages = {a: rng.choice(LANGUAGES) for a in old}
    for account in old:
        created = START - timedelta(days=rng.randint(200, 4000))
        account_lines.append(
            orjson.dumps({"kind": "account", "platform": "x", "id": account, "created_at": _iso(created)})
        )

    for moment in range(viral_moments):
        at = START + timedelta(seconds=rng.randrange(seconds - 3600))
        link = f"https://www.{rng.choice(NEWS)}/story/{moment}?utm_source=share"
        headline = _sentence(rng, 9)
        sharers = rng.sample(old, min(viral_size, len(old)))
        scenario.viral_accounts.update(sharers)
        for account in sharers:
            text = headline if rng.random() < 0.5 else _sentence(rng, rng.randint(5, 14))
            when = at + timedelta(seconds=rng.randrange(600))
            writer.post(
                author_id=account,
                created_at=_iso(when),
                text=f"{text} {link}",
                urls=[link],
                language=languages[account],
            )

    for number in range(campaigns):
        size = rng.randint(*campaign_size)
        burst = START - timedelta(days=rng.randint(5, 30))
        members = [f"c{number}_{i}" for i in range(size)]
        scenario.campaigns.append(members)
        language = rng.choice(LANGUAGES)
        for account in members:
            created = burst + timedelta(minutes=rng.randrange(48 * 60))
            account_lines.append(
                orjson.dumps({"kind": "account", "platform": "x", "id": account, "created_at": _iso(created)})
            )
        domain = f"truth-{number}.example"
        for wave in range(waves):
            at = START + timedelta(seconds=rng.randrange(seconds - 3600))
            message = _sentence(rng, 12).split()
            link = f"https://{domain}/{_word(rng)}/{wave}"
            tags = [_word(rng), _word(rng)]
            for account in members:
                if rng.random() < 0.2:
                    continue
                when = at + timedelta(seconds=rng.randrange(900))
                writer.post(
                    author_id=account,
                    created_at=_iso(when),
                    text=_paraphrase(rng, message) + f" {link}",
                    urls=[link],
                    hashtags=tags,
                    language=language,
                )
        for account in members:  # cover traffic, as real campaign accounts post
            for _ in range(rng.randint(1, 4)):
                when = START + timedelta(seconds=rng.randrange(seconds))
                writer.post(
                    author_id=account, created_at=_iso(when), text=_sentence(rng, rng.randint(4, 12)), language=language
                )

    pool = [f"https://{rng.choice(NEWS)}/a/{i}" for i in range(2000)]
    while writer.count < posts:
        account = old[int(rng.paretovariate(1.2)) % len(old)] if rng.random() < 0.5 else rng.choice(old)
        when = START + timedelta(seconds=rng.randrange(seconds))
        record: dict[str, object] = {"author_id": account, "created_at": _iso(when), "language": languages[account]}
        text = _sentence(rng, rng.randint(3, 16))
        if rng.random() < 0.3:
            link = pool[int(rng.paretovariate(1.0)) % len(pool)]
            record["urls"] = [link]
            text += f" {link}"
        if rng.random() < 0.15:
            record["hashtags"] = [_word(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.05:
            record["repost_of"] = str(rng.randint(1, max(1, writer.count)))
            text = ""
        record["text"] = text
        writer.post(**record)
    writer.stream.close()
    scenario.accounts.write_bytes(b"\n".join(account_lines) + b"\n")
    scenario.posts = writer.count
    return scenario
