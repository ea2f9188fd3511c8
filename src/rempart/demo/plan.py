"""The scenario's plan: everything decided before any post is written, from the seed and the size alone.

The stream is cut into chunks of equal time windows. Events (campaign waves, organic viral moments,
copypasta bursts) are placed wholly inside one chunk, with their number of posts fixed here, so every
chunk can be generated on its own, in any process, and the total is exactly the requested size.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from itertools import accumulate

from rempart.demo.accounts import AccountBook
from rempart.demo.content.harmful import COPYPASTAS
from rempart.demo.content.narratives import ARTICLE_SLUGS, NARRATIVES, NEWS_OUTLETS
from rempart.demo.timeline import SCENARIO_END, SCENARIO_HOURS, SCENARIO_START, at, iso

MIN_POSTS = 1000
MAX_POSTS = 20_000_000
POSTS_PER_CHUNK = 10_000
MAX_EVENT_SECONDS = 45 * 60

# Shares of the stream, by design (background shares apply to the posts outside events).
CAMPAIGN_SHARE = 0.04
VIRAL_SHARE = 0.02
COPYPASTA_BURST_SHARE = 0.012
BACKGROUND_SHARES = {
    "false_claim": 0.015,
    "hate": 0.008,
    "illegal_de": 0.003,
    "copypasta": 0.004,
    "campaign_filler": 0.008,
    "repost": 0.12,
    "reply": 0.08,
    "quote": 0.02,
}

# When each narrative is pushed.
NARRATIVE_WINDOWS = {
    "ddos_ordered_by_democrats": (at(2024, 8, 12, 22), at(2024, 9, 8)),
    "breton_censors_free_speech": (at(2024, 8, 12, 20), at(2024, 9, 30)),
    "eu_will_ban_x": (at(2024, 8, 13, 8), at(2024, 9, 20)),
    "starlink_betrayed_ukraine": (at(2024, 9, 2), at(2024, 10, 31)),
    "starlink_spies_on_taiwan": (at(2024, 9, 20), at(2024, 10, 31)),
}


@dataclass(frozen=True, slots=True)
class Campaign:
    number: int
    id: str
    narrative: int
    language: str  # en | fr | mixed
    first_account: int
    accounts: int
    created_from: int
    created_seconds: int
    active_from: int
    active_to: int
    links: tuple[str, ...]
    hashtags: tuple[str, ...]
    memes: tuple[int, ...]  # PDQ hashes (256-bit ints) of the images the campaign reuses


@dataclass(frozen=True, slots=True)
class Event:
    kind: str  # wave | viral | burst
    id: str
    chunk: int
    start: int
    seconds: int
    posts: int
    originals: int
    subject: int  # campaign number, article topic index, or copypasta index
    link: str


@dataclass(frozen=True, slots=True)
class Plan:
    seed: int
    posts: int
    chunks: int
    window_starts: tuple[int, ...]
    background: tuple[int, ...]
    organic_accounts: int
    spam_accounts: int
    campaigns: tuple[Campaign, ...]
    events: dict[int, tuple[Event, ...]] = field(repr=False)
    notice_rate_flagged: float
    notice_rate_ordinary: float
    notice_target: int

    def window(self, chunk: int) -> tuple[int, int]:
        end = self.window_starts[chunk + 1] if chunk + 1 < self.chunks else SCENARIO_END
        return self.window_starts[chunk], end

    def account_book(self) -> AccountBook:
        return AccountBook(
            self.seed,
            self.organic_accounts,
            tuple((c.first_account, c.accounts, c.created_from, c.created_seconds, c.language) for c in self.campaigns),
            self.spam_accounts,
        )

    def all_events(self) -> list[Event]:
        return [event for chunk in range(self.chunks) for event in self.events.get(chunk, ())]


def hour_weight(hour: int) -> float:
    """Relative posting volume of one scenario hour: a daily rhythm and the news peaks."""
    moment = SCENARIO_START + hour * 3600
    day_hour = (moment // 3600) % 24
    rhythm = (
        0.35,
        0.3,
        0.3,
        0.3,
        0.35,
        0.5,
        0.8,
        1.0,
        1.1,
        1.1,
        1.1,
        1.2,
        1.2,
        1.1,
        1.1,
        1.1,
        1.2,
        1.3,
        1.4,
        1.5,
        1.5,
        1.4,
        1.1,
        0.7,
    )[day_hour]
    peak = 1.0
    if at(2024, 8, 12, 20) <= moment < at(2024, 8, 13, 4):
        peak = 5.0
    elif at(2024, 8, 13, 4) <= moment < at(2024, 8, 16):
        peak = 2.0
    elif at(2024, 9, 10, 20) <= moment < at(2024, 9, 12) or at(2024, 9, 16) <= moment < at(2024, 9, 18):
        peak = 1.6
    return rhythm * peak


def _scale(posts: int) -> float:
    """0 at 1k posts, 1 per factor of ten beyond."""
    return max(0.0, math.log10(posts / 1000))


def build_plan(seed: int, posts: int) -> Plan:
    if not MIN_POSTS <= posts <= MAX_POSTS:
        msg = f"posts must be between {MIN_POSTS} and {MAX_POSTS}, got {posts}"
        raise ValueError(msg)
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 -- synthetic data, not security
    chunks = max(1, min(posts // POSTS_PER_CHUNK, SCENARIO_HOURS))
    length = (SCENARIO_END - SCENARIO_START) // chunks
    window_starts = tuple(SCENARIO_START + k * length for k in range(chunks))
    organic = max(300, min(posts // 10, 3_000_000))
    spam = max(15, min(posts // 2000, 3000))
    scale = _scale(posts)

    campaigns = _campaigns(rng, posts, scale, organic)
    placer = _Placer(rng, window_starts, chunks)
    events: list[Event] = []
    events += _waves(rng, posts, campaigns, placer)
    events += _viral_moments(rng, posts, scale, placer)
    events += _bursts(rng, posts, scale, placer)

    event_posts = sum(event.posts for event in events)
    background_total = posts - event_posts
    weights = [hour_weight(hour) for hour in range(SCENARIO_HOURS)]
    cumulative = [0.0, *accumulate(weights)]

    def weight_until(moment: int) -> float:
        hours = (moment - SCENARIO_START) / 3600
        whole = min(int(hours), SCENARIO_HOURS - 1)
        return cumulative[whole] + (hours - whole) * weights[whole]

    total_weight = cumulative[-1]
    bounds = [*window_starts, SCENARIO_END]
    marks = [round(background_total * weight_until(moment) / total_weight) for moment in bounds]
    marks[-1] = background_total
    background = tuple(marks[k + 1] - marks[k] for k in range(chunks))

    by_chunk: dict[int, list[Event]] = {}
    for event in events:
        by_chunk.setdefault(event.chunk, []).append(event)
    flagged_share = 0.1  # candidates are drawn at twice the rate needed; the DSA scenario samples among them
    notice_target = max(30, min(posts // 200, 20_000))
    return Plan(
        seed=seed,
        posts=posts,
        chunks=chunks,
        window_starts=window_starts,
        background=background,
        organic_accounts=organic,
        spam_accounts=spam,
        campaigns=campaigns,
        events={chunk: tuple(sorted(group, key=lambda e: e.start)) for chunk, group in by_chunk.items()},
        notice_rate_flagged=min(1.0, 2 * 0.7 * notice_target / (flagged_share * posts)),
        notice_rate_ordinary=2 * 0.3 * notice_target / ((1 - flagged_share) * posts),
        notice_target=notice_target,
    )


class _Placer:
    """Puts an event of a given duration wholly inside the chunk window containing a wanted moment."""

    def __init__(self, rng: random.Random, window_starts: tuple[int, ...], chunks: int) -> None:
        self.rng = rng
        self.starts = window_starts
        self.chunks = chunks

    def place(self, moment: int, seconds: int) -> tuple[int, int]:
        chunk = min(self.chunks - 1, max(0, (moment - SCENARIO_START) * self.chunks // (SCENARIO_END - SCENARIO_START)))
        begin = self.starts[chunk]
        end = self.starts[chunk + 1] if chunk + 1 < self.chunks else SCENARIO_END
        latest = end - seconds - 60
        return chunk, max(begin, min(moment, latest))


def _campaigns(rng: random.Random, posts: int, scale: float, organic: int) -> tuple[Campaign, ...]:
    count = 1 + int(1.5 * scale)
    largest = min(80, 30 + int(12 * scale))
    first = organic
    campaigns = []
    for number in range(count):
        narrative_index = number % len(NARRATIVES)
        narrative = NARRATIVES[narrative_index]
        active_from, active_to = NARRATIVE_WINDOWS[narrative.id]
        size = rng.randint(max(20, largest - 30), largest)
        if rng.random() < 0.5:  # months before: a dormant network woken up
            created_from = at(2024, 2, 1) + rng.randrange(90 * 86_400)
        else:  # days before the first wave
            created_from = active_from - rng.randint(2, 6) * 86_400 - rng.randrange(86_400)
        site_links = tuple(
            f"https://{narrative.sites[i % len(narrative.sites)]}/2024/{slug}-{rng.randrange(1000, 9999)}"
            for i, slug in enumerate(narrative.slugs)
        )
        campaigns.append(
            Campaign(
                number=number,
                id=f"C{number + 1}",
                narrative=narrative_index,
                language=("en", "fr", "mixed")[number % 3],
                first_account=first,
                accounts=size,
                created_from=created_from,
                created_seconds=rng.randint(1, 6) * 3600,
                active_from=active_from,
                active_to=active_to,
                links=site_links,
                hashtags=narrative.hashtags,
                memes=tuple(rng.getrandbits(256) for _ in range(2)),
            )
        )
        first += size
    return tuple(campaigns)


def _waves(rng: random.Random, posts: int, campaigns: tuple[Campaign, ...], placer: _Placer) -> list[Event]:
    events = []
    for campaign in campaigns:
        target = CAMPAIGN_SHARE * posts / len(campaigns)
        average_wave = campaign.accounts * 0.8 * 1.45
        waves = max(2, round(target / average_wave))
        span = campaign.active_to - campaign.active_from
        for wave in range(waves):
            originals = max(3, round(campaign.accounts * rng.uniform(0.6, 1.0)))
            reposts = round(originals * rng.uniform(0.3, 0.6))
            seconds = rng.randint(3, 12) * 60
            moment = campaign.active_from + (0 if wave == 0 else rng.randrange(span))
            chunk, start = placer.place(moment, int(seconds * 1.5))
            events.append(
                Event(
                    "wave",
                    f"{campaign.id}-W{wave + 1}",
                    chunk,
                    start,
                    seconds,
                    originals + reposts,
                    originals,
                    campaign.number,
                    campaign.links[wave % len(campaign.links)],
                )
            )
    return events


def _viral_moments(rng: random.Random, posts: int, scale: float, placer: _Placer) -> list[Event]:
    largest = min(300, 40 + int(60 * scale))
    smallest = 20
    count = max(1, min(2000, round(VIRAL_SHARE * posts / ((largest + smallest) / 2))))
    events = []
    for number in range(count):
        moment = SCENARIO_START + rng.randrange(SCENARIO_END - SCENARIO_START)
        if number == 0:
            moment = at(2024, 8, 13, 7) + rng.randrange(6 * 3600)
        topic = _article_topic(rng, moment)
        shares = rng.randint(smallest, largest)
        seconds = rng.randint(8, 30) * 60
        chunk, start = placer.place(moment, seconds * 3 // 2)
        outlet = NEWS_OUTLETS[rng.randrange(len(NEWS_OUTLETS))]
        slug = ARTICLE_SLUGS[topic][rng.randrange(len(ARTICLE_SLUGS[topic]))]
        day = _day_path(start)
        link = f"https://{outlet.domain}/{day}/{slug}-{number + 1}"
        events.append(
            Event(
                "viral",
                f"V{number + 1}",
                chunk,
                start,
                seconds,
                shares,
                shares - shares // 5,  # a fifth of the shares are reposts of earlier shares
                tuple(ARTICLE_SLUGS).index(topic),
                link,
            )
        )
    return events


def _article_topic(rng: random.Random, moment: int) -> str:
    if at(2024, 8, 12, 20) <= moment < at(2024, 8, 20):
        return rng.choice(("interview", "interview", "breton"))
    if moment < at(2024, 8, 12):
        return rng.choice(("sport", "everyday", "election"))
    return rng.choice(tuple(ARTICLE_SLUGS))


def _day_path(moment: int) -> str:
    return iso(moment)[:10].replace("-", "/")


def _bursts(rng: random.Random, posts: int, scale: float, placer: _Placer) -> list[Event]:
    largest = min(100, 25 + int(25 * scale))
    count = max(1, round(COPYPASTA_BURST_SHARE * posts / ((10 + largest) / 2)))
    events = []
    for number in range(count):
        moment = at(2024, 8, 12, 22) + rng.randrange(SCENARIO_END - at(2024, 8, 12, 22))
        size = rng.randint(10, largest)
        seconds = rng.randint(20, 45) * 60
        chunk, start = placer.place(moment, seconds)
        template = rng.randrange(len(COPYPASTAS))
        events.append(Event("burst", f"S{number + 1}", chunk, start, seconds, size, size, template, ""))
    return events
