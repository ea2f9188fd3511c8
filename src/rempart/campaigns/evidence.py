"""The evidence behind each group: its posts, shared objects, timeline, languages, account creation, and what
its members' co-acting posts had in common (which tells a campaign from a spam network).

Reads the engine's `posts`, `links`, `minhash`, `acct_stats`, `small` and `members` (campaign, acct) tables;
recomputes the members' actions with their objects.
"""

# ruff: noqa: S608 - the SQL is built from the detection's own fragments and numbers, never from input

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from rempart.campaigns.config import AMPLIFYING, COPYING, DetectionConfig, Trace
from rempart.campaigns.engines import Engine
from rempart.campaigns.graph import Community
from rempart.campaigns.schemas import AccountRef, CampaignEdge, CoActivity, CreationBurst, Evidence, SharedObject
from rempart.campaigns.sql import co_actions, every_action_query
from rempart.items.schemas import ItemKey

TOP_OBJECTS = 20
CREATION_WINDOW_HOURS = 72
READABLE_TRACES = ("link", "domain", "hashtags", "repost")
# Each member's account key.
MEMBER_KEYS = "SELECT m.campaign, a.aid FROM members m JOIN acct_stats a ON m.acct = a.acct"
# The distinct pairs of posts two members made together, per trace.
MEMBER_CO_ACTIONS = f"""
    WITH ms AS (SELECT m.campaign, s.trace, s.aid, s.pno, s.oid, s.ts, s.bin, s.w
                FROM small s JOIN ({MEMBER_KEYS}) m ON s.aid = m.aid)
    SELECT DISTINCT campaign, trace, px, py FROM ({co_actions("ms", same_group="campaign")}) c
"""
_AMPLIFYING = ", ".join(f"'{t.value}'" for t in AMPLIFYING)
_COPYING = ", ".join(f"'{t.value}'" for t in COPYING)
CO_ACTIVITY = f"""
    SELECT campaign, count(*), sum(amplified), sum(CASE WHEN amplified = 0 THEN copied ELSE 0 END)
    FROM (SELECT campaign, px, py, max(CASE WHEN trace IN ({_AMPLIFYING}) THEN 1 ELSE 0 END) AS amplified,
                 max(CASE WHEN trace IN ({_COPYING}) THEN 1 ELSE 0 END) AS copied
          FROM member_co GROUP BY campaign, px, py) p
    GROUP BY campaign
"""


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(float(seconds), tz=UTC)


def _account_ref(key: str) -> AccountRef:
    platform, _, account_id = key.partition("|")
    return AccountRef(platform=platform, id=account_id)


def creation_burst(created: list[datetime], size: int, window_hours: int = CREATION_WINDOW_HOURS) -> CreationBurst:
    """The largest number of accounts created within `window_hours` of the first of them."""
    moments = sorted(created)
    best, best_start, best_end = 0, None, None
    start = 0
    for end, moment in enumerate(moments):
        while moment - moments[start] > timedelta(hours=window_hours):
            start += 1
        if end - start + 1 > best:
            best, best_start, best_end = end - start + 1, moments[start], moment
    return CreationBurst(
        accounts=best,
        share=round(best / size, 4) if size else 0.0,
        window_hours=window_hours,
        first_created=best_start,
        last_created=best_end,
    )


def campaign_evidence(
    engine: Engine, groups: dict[str, Community], config: DetectionConfig
) -> dict[str, tuple[Evidence, list[ItemKey]]]:
    engine.materialise("member_posts", f"SELECT m.campaign, p.* FROM posts p JOIN ({MEMBER_KEYS}) m ON p.aid = m.aid")
    if {Trace.LINK, Trace.DOMAIN} & set(config.traces):
        engine.materialise(
            "member_links", "SELECT l.* FROM links l JOIN (SELECT DISTINCT aid FROM member_posts) m ON l.aid = m.aid"
        )
    posts: dict[str, list[tuple[str, str, float, str | None]]] = defaultdict(list)
    for cid, platform, item_id, ts, language in engine.fetch(
        "SELECT campaign, platform, item_id, ts, language FROM member_posts"
    ):
        posts[cid].append((platform, item_id, float(ts), language))
    objects: dict[str, list[SharedObject]] = defaultdict(list)
    objects_traces = [trace for trace in config.traces if trace is not Trace.SYNC]
    for cid, trace, obj, n_accounts, n_posts, first, last, sample in engine.fetch(
        f"""
        SELECT p.campaign, a.trace, a.obj, count(DISTINCT a.aid), count(DISTINCT a.pno), min(a.ts), max(a.ts),
               min(p.text)
        FROM ({every_action_query(engine, config, objects_traces, "member_posts", "member_links")}) a
        JOIN member_posts p ON a.pno = p.pno
        GROUP BY p.campaign, a.trace, a.obj HAVING count(DISTINCT a.aid) >= 2
        """
    ):
        objects[cid].append(
            SharedObject(
                trace=trace,
                object=obj if trace in READABLE_TRACES else f"{trace}:{obj}",
                accounts=int(n_accounts),
                posts=int(n_posts),
                first_seen=_moment(first),
                last_seen=_moment(last),
                sample_text=sample,
            )
        )
    engine.materialise("member_co", MEMBER_CO_ACTIONS)
    traces: dict[str, Counter[str]] = defaultdict(Counter)
    for cid, trace, count in engine.fetch("SELECT campaign, trace, count(*) FROM member_co GROUP BY campaign, trace"):
        traces[cid][trace] += int(count)
    co_activity = {
        cid: CoActivity(pairs=int(pairs), amplified=int(amplified), copied_only=int(copied_only))
        for cid, pairs, amplified, copied_only in engine.fetch(CO_ACTIVITY)
    }
    created: dict[str, list[datetime]] = defaultdict(list)
    for cid, seconds in engine.fetch(
        f"""
        SELECT m.campaign, {engine.epoch("a.created_at")} FROM src_accounts a
        JOIN members m ON concat(a.platform, '|', a.id) = m.acct WHERE a.created_at IS NOT NULL
        """
    ):
        if seconds is not None:
            created[cid].append(_moment(seconds))
    result = {}
    for cid, group in groups.items():
        own = sorted(posts[cid], key=lambda p: p[2])
        hours = Counter(int(p[2] // 3600) * 3600 for p in own)
        shared = sorted(objects[cid], key=lambda o: (-o.accounts, -o.posts, o.trace, o.object))[:TOP_OBJECTS]
        evidence = Evidence(
            first_seen=_moment(own[0][2]),
            last_seen=_moment(own[-1][2]),
            posts=len(own),
            languages=dict(Counter(p[3] or "und" for p in own).most_common()),
            traces=dict(traces[cid].most_common()),
            co_activity=co_activity.get(cid, CoActivity(pairs=0, amplified=0, copied_only=0)),
            shared_objects=shared,
            timeline=[(_moment(hour), count) for hour, count in sorted(hours.items())],
            creation_burst=creation_burst(created[cid], len(group.accounts)),
            density=round(group.density, 4),
            edges=[
                CampaignEdge(
                    x=_account_ref(e.x),
                    y=_account_ref(e.y),
                    episodes=e.episodes,
                    expected=round(e.expected, 6),
                    weight=round(e.weight, 3),
                )
                for e in group.edges
            ],
        )
        result[cid] = (evidence, [ItemKey(platform=p[0], id=p[1]) for p in own])
    return result
