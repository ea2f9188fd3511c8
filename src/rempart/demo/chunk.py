"""Generates one chunk of the stream: its posts in time order, in both formats, with their labels.

A chunk depends only on the plan and its own index (its random generator is seeded from both), so chunks
can run in any process and in any order and still give byte-identical output.
"""

from __future__ import annotations

import gc
import random
from bisect import bisect_right
from operator import itemgetter
from typing import Any

from rempart.demo.accounts import YOUNG_ACCOUNTS_FROM, Account, AccountBook, mix64
from rempart.demo.chunk_types import Candidate, ChunkResult, base62, flip_bits
from rempart.demo.content.harmful import COPYPASTAS
from rempart.demo.content.narratives import ARTICLE_TOPICS, CLAIMS, NARRATIVES
from rempart.demo.plan import BACKGROUND_SHARES, Event, Plan
from rempart.demo.records import Post, PostWriter, UserParts
from rempart.demo.text import LANGUAGES, NEWS_BREAKS, TextMaker
from rempart.demo.timeline import SNOWFLAKE_EPOCH_MS, TimeFormatter, at

_CLAIM_STARTS = tuple(at(*map(int, claim.first_seen.split("-"))) for claim in CLAIMS)
_OWN_CLAIM_NARRATIVES = frozenset(
    index
    for index, narrative in enumerate(NARRATIVES)
    if narrative.claim_id is not None
    and any(claim.id == narrative.claim_id and claim.paraphrases_en is narrative.clauses_en for claim in CLAIMS)
)
_CLAIM_INDEX = {claim.id: index for index, claim in enumerate(CLAIMS)}
_MAX_APPEARANCES = 3
_NEWS_BREAKS_MS = NEWS_BREAKS * 1000
_NEVER = 1 << 62  # later than any post

# Background post kinds and their cumulative thresholds.
_KINDS = (*BACKGROUND_SHARES, "ordinary")
_THRESHOLDS: tuple[float, ...] = tuple(
    sum(BACKGROUND_SHARES[kind] for kind in _KINDS[: position + 1]) for position in range(len(BACKGROUND_SHARES))
)


class ProcessCaches:
    """What chunks made in the same process share: derived accounts, their X API v2 User objects (as JSON)
    and the time formatter's days."""

    MAX_USERS = 250_000

    def __init__(self, plan: Plan, book: AccountBook | None = None) -> None:
        self.book = book or plan.account_book()
        self.x_users: dict[int, UserParts] = {}
        self.times = TimeFormatter()

    def trim(self) -> None:
        if len(self.x_users) > self.MAX_USERS:
            self.x_users.clear()


class ChunkGenerator:
    def __init__(self, plan: Plan, chunk: int, caches: ProcessCaches) -> None:
        self.plan = plan
        self.chunk = chunk
        self.rng = random.Random(plan.seed * 1_000_003 + chunk + 1)  # noqa: S311 -- synthetic data, not security
        self.random = self.rng.random
        self.book = caches.book
        self.text = TextMaker(self.rng)
        self.times = caches.times
        caches.trim()
        self.writer = PostWriter(self.times, caches.x_users)
        self.labels: list[tuple[str, str, str]] = []
        self.moments: list[dict[str, Any]] = []
        self.appearances: list[tuple[str, str, int, str]] = []
        self.appearance_counts: dict[str, int] = {}
        self.candidates: list[Candidate] = []
        self.spans: dict[str, tuple[int, int]] = {}
        self.recent: list[Post] = []
        self.popular: list[Post] = []
        self.event_posts: dict[str, list[Post]] = {}
        self.moment_accounts: dict[str, list[str]] = {}
        self.moment_account_sets: dict[str, set[str]] = {}  # the same, to look authors up
        self.claimed_ids: dict[str, str] = {}  # post id -> the false claim it repeats
        self.sequence = 0
        self.list_ordinary = plan.posts <= 100_000
        self.notice_rate_ordinary = plan.notice_rate_ordinary
        self.scam_images = [mix64(plan.seed ^ (0x5CA3 + i)) << 192 | mix64(i) for i in range(len(COPYPASTAS))]

    # -- the stream --------------------------------------------------------------------------------------

    def run(self) -> ChunkResult:
        start, end = self.plan.window(self.chunk)
        span_ms = (end - start) * 1000
        base_ms = start * 1000
        rnd = self.random
        background = [base_ms + int(rnd() * span_ms) for _ in range(self.plan.background[self.chunk])]
        background.sort()
        events: list[tuple[int, int, Event, int]] = []
        for planned in self.plan.events.get(self.chunk, ()):
            events.extend(self._event_slots(planned))
        events.sort(key=itemgetter(0, 1))
        # Merge in time order; at the same millisecond a background post comes first.
        if events:
            events.append((_NEVER, 0, events[-1][2], 0))  # a sentinel, never posted
        position = 0
        upcoming = events[0][0] if events else _NEVER
        background_post = self._background
        for milliseconds in background:
            while upcoming < milliseconds:
                self._event_post(*events[position])
                position += 1
                upcoming = events[position][0]
            background_post(milliseconds)
        for slot in events[position:-1]:
            self._event_post(*slot)
        self._close_moments()
        self.writer.flush()
        return ChunkResult(
            self.chunk,
            len(self.writer.lines),
            b"".join(self.writer.lines),
            b"".join(self.writer.pages),
            self.labels,
            self.moments,
            self.appearances,
            self.candidates,
            self.spans,
        )

    def _event_post(self, milliseconds: int, _: int, event: Event, role: int) -> None:
        if event.kind == "wave":
            self._wave_post(milliseconds, event, role)
        elif event.kind == "viral":
            self._viral_post(milliseconds, event, role)
        else:
            self._burst_post(milliseconds, event)

    def _event_slots(self, event: Event) -> list[tuple[int, int, Event, int]]:
        base = event.start * 1000
        span = event.seconds * 1000
        rnd = self.random
        slots = [(base + int(rnd() * span), 1, event, 0) for _ in range(event.originals)]
        # Reposts and quotes come after the first original, within half a duration past the end.
        slots.extend(
            (base + span // 10 + int(rnd() * span * 1.4), 2, event, 1) for _ in range(event.posts - event.originals)
        )
        return slots

    # -- posting -----------------------------------------------------------------------------------------

    def _emit(
        self,
        milliseconds: int,
        author: Account,
        text: str,
        lang: str,
        *,
        hashtags: list[str] | None = None,
        links: list[tuple[str, str]] | None = None,
        mentions: list[tuple[str, str]] | None = None,
        images: list[str | None] | None = None,
        ref: tuple[str, str, str] = ("", "", ""),
        in_text: bool = True,
    ) -> Post:
        """Write one post; hashtags and links are appended to the text unless it already holds them.

        `images` are the PDQ hashes (or None) of attached photos; `ref` is (type, post id, author id).
        """
        post_id = str(((milliseconds - SNOWFLAKE_EPOCH_MS) << 22) | (self.sequence & 0x3FFFFF))  # snowflake()
        self.sequence += 1
        if hashtags and in_text:
            text = text + " #" + " #".join(hashtags)
        if links and in_text:
            text = text + " " + (links[0][0] if len(links) == 1 else " ".join([short for short, _ in links]))
        country = author.country if author.kind == "organic" and self.random() < 0.3 else ""
        post = Post(post_id, author, milliseconds // 1000, text, lang, hashtags or [], links or [])
        if images or mentions or ref[0] or country:
            media = None
            if images:
                media = [
                    (f"3_{post_id}{n}", f"https://pbs.twimg.com/media/{base62(mix64(int(post_id) + n), 15)}.jpg", pdq)
                    for n, pdq in enumerate(images)
                ]
            self.writer.write(post, self.rng.getrandbits(17), (mentions or [], media or [], ref, country))
        else:
            self.writer.write(post, self.rng.getrandbits(17))
        return post

    def _repost(self, milliseconds: int, author: Account, target: Post) -> Post:
        """A repost: `RT @handle: text`, carrying the original's hashtags and links."""
        return self._emit(
            milliseconds, author, f"RT @{target.author.handle}: {target.text}", target.lang,
            hashtags=target.hashtags, links=target.links, mentions=[(target.author.handle, target.author.id)],
            ref=("retweeted", target.id, target.author.id), in_text=False,
        )  # fmt: skip

    def _link(self, url: str) -> tuple[str, str]:
        return "https://t.co/" + base62(self.rng.getrandbits(60), 10), url

    def _label(self, label: str, key: str, post: Post) -> None:
        self.labels.append((label, key, post.id))

    def _maybe_candidate(self, post: Post, label: str, key: str) -> None:
        roll = self.random()
        if label == "ordinary":
            if roll < self.plan.notice_rate_ordinary:
                self._candidate("notice", post, label, key)
            return
        rate = self.plan.notice_rate_flagged
        if roll < rate:
            self._candidate("notice", post, label, key)
        elif label in ("hate", "illegal_de", "copypasta") and roll < rate * 1.3:
            self._candidate("queue", post, label, key)

    def _candidate(self, source: str, post: Post, label: str, key: str) -> None:
        self.candidates.append(
            Candidate(source, post.id, post.author.handle, post.author.id, label, key, post.lang, post.seconds)
        )

    def _remember(self, post: Post) -> None:
        recent = self.recent
        recent.append(post)
        if len(recent) > 300:
            del recent[:100]
        popular = self.popular
        if len(popular) < 12:
            popular.append(post)
        elif self.random() < 0.02:
            popular[int(self.random() * 12)] = post

    def _organic_author(self, language: str | None = None, old: bool = False) -> Account:
        book = self.book
        organic = book.organic
        rnd = self.random
        if language is None and not old:
            index = int(organic * rnd() ** 2.2)
            return book.cache.get(index) or book.get(index)
        for _ in range(40):
            account = book.get(int(organic * rnd() ** 2.2))
            if (language is None or account.language == language) and (
                not old or account.created_at < YOUNG_ACCOUNTS_FROM
            ):
                return account
        return account

    # -- background posts --------------------------------------------------------------------------------

    def _background(self, milliseconds: int) -> None:
        kind = _KINDS[bisect_right(_THRESHOLDS, self.random())]
        if kind == "ordinary":  # most posts
            self._ordinary(milliseconds)
            return
        seconds = milliseconds // 1000
        if kind == "false_claim" and self._false_claim(milliseconds, seconds):
            return
        if kind == "hate":
            self._hate(milliseconds)
        elif kind == "illegal_de":
            self._illegal_de(milliseconds)
        elif kind == "copypasta":
            self._copypasta(milliseconds, int(self.random() * len(COPYPASTAS)), self._spam_author())
        elif kind == "campaign_filler" and self._filler(milliseconds, seconds):
            return
        elif kind in ("repost", "reply", "quote") and self.recent:
            self._interaction(milliseconds, kind)
        elif kind not in ("hate", "illegal_de", "copypasta"):
            self._ordinary(milliseconds)

    def _ordinary(self, milliseconds: int) -> None:
        book = self.book
        index = int(book.organic * self.random() ** 2.2)  # _organic_author(), inlined
        author = book.cache.get(index) or book.get(index)
        lang = author.language
        text, topic = self.text.ordinary(lang, None, milliseconds < _NEWS_BREAKS_MS)
        hashtags = self.text.hashtags(lang, topic)
        links = None
        roll = self.random()
        if roll < 0.08:
            links = [self._link(self._daily_article(milliseconds // 1000, topic))]
        images: list[str | None] | None = None
        if 0.9 < roll < 0.97:
            images = [f"{self.rng.getrandbits(256):064x}" if roll < 0.95 else None]
        post = self._emit(milliseconds, author, text, lang, hashtags=hashtags, links=links, images=images)
        self._remember(post)
        if self.list_ordinary:
            self._label("ordinary", "", post)
        if self.random() < self.notice_rate_ordinary:  # _maybe_candidate(post, "ordinary", ""), inlined
            self._candidate("notice", post, "ordinary", "")

    def _daily_article(self, seconds: int, topic: int) -> str:
        """A news link of the day: popular links recur over hours, unlike a viral moment's minutes."""
        day = seconds // 86_400
        slot = int(self.random() * 6)
        code = base62(mix64(self.plan.seed ^ (day * 31 + slot)), 6)
        return f"https://www.eurowire-news.example/{day}/{topic}-{code}"

    def _interaction(self, milliseconds: int, kind: str) -> None:
        source = self.popular if self.random() < 0.6 else self.recent
        target = source[int(self.random() * len(source))]
        author = self._organic_author()
        if kind == "repost":
            post = self._repost(milliseconds, author, target)
        elif kind == "reply":
            text = f"@{target.author.handle} " + self.text.reply(author.language)
            post = self._emit(
                milliseconds, author, text, author.language, mentions=[(target.author.handle, target.author.id)],
                ref=("replied_to", target.id, target.author.id),
            )  # fmt: skip
        else:
            comment = self.text.quote_comment(author.language)
            post = self._emit(
                milliseconds, author, comment, author.language, ref=("quoted", target.id, target.author.id)
            )  # fmt: skip
        repeated = self.claimed_ids.get(target.id) if kind == "repost" else None
        if repeated is not None:
            self._claimed(post, _CLAIM_INDEX[repeated])
        elif self.list_ordinary:
            self._label("ordinary", "", post)

    def _false_claim(self, milliseconds: int, seconds: int) -> bool:
        available = [index for index, start in enumerate(_CLAIM_STARTS) if start <= seconds]
        if not available:
            return False
        claim_index = available[int(self.random() * len(available))]
        author = self._organic_author()
        lang = "fr" if author.language == "fr" else "en"
        text = self.text.claim(claim_index, lang, campaign=False)
        post = self._emit(milliseconds, author, text, lang, hashtags=self.text.hashtags(lang, 0))
        self._claimed(post, claim_index)
        self._maybe_candidate(post, "false_claim", CLAIMS[claim_index].id)
        self._remember(post)
        return True

    def _claimed(self, post: Post, claim_index: int) -> None:
        claim_id = CLAIMS[claim_index].id
        self._label("false_claim", claim_id, post)
        self.claimed_ids[post.id] = claim_id
        if self.appearance_counts.get(claim_id, 0) < _MAX_APPEARANCES:
            self.appearance_counts[claim_id] = self.appearance_counts.get(claim_id, 0) + 1
            url = f"https://x.com/{post.author.handle}/status/{post.id}"
            self.appearances.append((claim_id, url, post.seconds, post.lang))

    def _hate(self, milliseconds: int) -> None:
        lang = "en" if self.random() < 0.5 else "fr"
        author = self._organic_author(lang)
        text, _ = self.text.hate(lang)
        post = self._emit(milliseconds, author, text, lang)
        self._label("hate", lang, post)
        self._maybe_candidate(post, "hate", lang)

    def _illegal_de(self, milliseconds: int) -> None:
        roll = self.random()
        lang = "de" if roll < 0.7 else ("en" if roll < 0.85 else "fr")
        author = self._organic_author(lang)
        text, _ = self.text.slogan_86a(lang)
        post = self._emit(milliseconds, author, text, lang)
        self._label("illegal_de", lang, post)
        self._maybe_candidate(post, "illegal_de", lang)

    def _spam_author(self) -> Account:
        book = self.book
        if self.random() < 0.2:
            return self._organic_author()
        return book.get(book.spam_first + int(self.random() * book.spam))

    def _copypasta(self, milliseconds: int, template_index: int, author: Account) -> None:
        template = COPYPASTAS[template_index]
        link = self._link(f"https://{template.site}/?ref={base62(self.rng.getrandbits(30), 5)}")
        images: list[str | None] | None = None
        if self.random() < 0.3:
            images = [flip_bits(self.scam_images[template_index], self.rng, 8)]
        text = self.text.copypasta(template_index)
        post = self._emit(milliseconds, author, text, template.language, links=[link], images=images)
        self._label("copypasta", template.id, post)
        self._maybe_candidate(post, "copypasta", template.id)

    def _filler(self, milliseconds: int, seconds: int) -> bool:
        ready = [c for c in self.plan.campaigns if c.created_from + c.created_seconds + 300 < seconds]
        if not ready:
            return False
        campaign = ready[int(self.random() * len(ready))]
        author = self.book.get(campaign.first_account + int(self.random() * campaign.accounts))
        lang = author.language
        text, topic = self.text.ordinary(lang, None, milliseconds < _NEWS_BREAKS_MS)
        post = self._emit(milliseconds, author, text, lang, hashtags=self.text.hashtags(lang, topic))
        self._label("campaign_filler", campaign.id, post)
        self._maybe_candidate(post, "campaign_filler", campaign.id)
        return True

    # -- events ------------------------------------------------------------------------------------------

    def _wave_post(self, milliseconds: int, event: Event, role: int) -> None:
        campaign = self.plan.campaigns[event.subject]
        wave_posts = self.event_posts.setdefault(event.id, [])
        author = self.book.get(campaign.first_account + int(self.random() * campaign.accounts))
        if role == 1 and wave_posts:
            others = [post for post in wave_posts if post.author.number != author.number] or wave_posts
            target = others[int(self.random() * len(others))]
            post = self._repost(milliseconds, author, target)
            self._label("campaign", campaign.id, post)
            if target.id in self.claimed_ids:
                self._claimed(post, _CLAIM_INDEX[self.claimed_ids[target.id]])
        else:
            lang = author.language
            narrative = NARRATIVES[campaign.narrative]
            claim_index = _CLAIM_INDEX.get(narrative.claim_id or "")
            repeats_claim = claim_index is not None and (
                campaign.narrative in _OWN_CLAIM_NARRATIVES or self.random() < 0.3
            )
            if repeats_claim and claim_index is not None:
                text = self.text.claim(claim_index, lang, campaign=True)
            else:
                text = self.text.narrative(campaign.narrative, lang)
            hashtags = list(campaign.hashtags if self.random() < 0.8 else campaign.hashtags[:2])
            images: list[str | None] | None = None
            if self.random() < 0.35:
                meme = campaign.memes[int(self.random() * len(campaign.memes))]
                images = [flip_bits(meme, self.rng, 6)]
            link = self._link(event.link)
            post = self._emit(milliseconds, author, text, lang, hashtags=hashtags, links=[link], images=images)
            wave_posts.append(post)
            self._label("campaign", campaign.id, post)
            if repeats_claim and claim_index is not None:
                self._claimed(post, claim_index)
            self._maybe_candidate(post, "campaign", campaign.id)
        first, last = self.spans.get(campaign.id, (post.seconds, post.seconds))
        self.spans[campaign.id] = (min(first, post.seconds), max(last, post.seconds))

    def _viral_post(self, milliseconds: int, event: Event, role: int) -> None:
        shares = self.event_posts.setdefault(event.id, [])
        accounts = self.moment_accounts.setdefault(event.id, [])
        taken = self.moment_account_sets.setdefault(event.id, set())
        author = self._organic_author(old=True)
        for _ in range(20):
            if author.id not in taken:
                break
            author = self._organic_author(old=True)
        lang = author.language
        if role == 1 and shares:
            target = shares[int(self.random() * min(len(shares), 3))]
            post = self._repost(milliseconds, author, target)
        else:
            topic_name = ARTICLE_TOPICS[event.subject]
            topics = LANGUAGES[lang].topics
            topic = next((i for i, t in enumerate(topics) if t.name == topic_name), None)
            sentence, topic_index = self.text.sentence(lang, topic)
            text = self.text.share_comment(lang) + " " + sentence[:1].upper() + sentence[1:]
            hashtags = self.text.hashtags(lang, topic_index)
            post = self._emit(milliseconds, author, text, lang, hashtags=hashtags, links=[self._link(event.link)])
            self._remember(post)
        shares.append(post)
        accounts.append(author.id)
        taken.add(author.id)
        if self.list_ordinary:
            self._label("ordinary", "", post)
        self._maybe_candidate(post, "ordinary", "")

    def _close_moments(self) -> None:
        for event in self.plan.events.get(self.chunk, ()):
            if event.kind != "viral":
                continue
            posts = self.event_posts.get(event.id, [])
            self.moments.append(
                {
                    "id": event.id,
                    "link": event.link,
                    "topic": ARTICLE_TOPICS[event.subject],
                    "start": self.times.iso(min(post.seconds for post in posts)),
                    "end": self.times.iso(max(post.seconds for post in posts)),
                    "accounts": self.moment_accounts[event.id],
                    "items": [post.id for post in posts],
                }
            )

    def _burst_post(self, milliseconds: int, event: Event) -> None:
        self._copypasta(milliseconds, event.subject, self._spam_author())


def generate_chunk(plan: Plan, chunk: int, caches: ProcessCaches | None = None) -> ChunkResult:
    """The cyclic garbage collector is paused meanwhile: a chunk allocates hundreds of thousands of objects,
    none of them in a reference cycle, so its collections would only walk them (a few per cent of the time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return ChunkGenerator(plan, chunk, caches or ProcessCaches(plan)).run()
    finally:
        if collecting:
            gc.enable()
