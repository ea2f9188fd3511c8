"""The detection's SQL, one text for both engines (the dialect's few differences come from the engine).

Tables, in order:
- `posts`: the items in the period, with epoch seconds and the normalised text; `aid` and `pno` are the
  account's and the post's 64-bit keys, which every later table uses instead of the names.
- `links`: every URL of every post, normalised; `minhash`: MinHash signatures of the distinct texts.
- `actions` (trace, aid, pno, oid, ts): one row per thing an account did that another account did too;
  `oid` is the key of the trace and the object.
- `binned`: actions on the time grid of their trace's window, with the size of their slot.
- `acct_stats` (aid, acct, k, s): the account's name (platform|id), its posts, and the partners those posts
  had in their slots (the exposure).
- `small`: the actions that may pair (slot not too crowded, account with enough posts to repeat).
- `member_co` (campaign, trace, px, py): the post pairs two members of a found group made together.
- `pairs` (x, y, episodes, kx, sx, ky, sy): what the null model tests (x and y are account keys).
"""

# ruff: noqa: S608 - the SQL is built from the detection's own fragments and numbers, never from input

from __future__ import annotations

from collections.abc import Sequence

from rempart.campaigns.config import DetectionConfig, Trace
from rempart.campaigns.engines import Engine

# Links, mentions, punctuation, symbols (emoji) and spaces: any run of them becomes one space.
NOISE = r"(?:https?://\S+|@\w+|[\pP\pS\s])+"
URL_SCHEME = r"^[a-z][a-z0-9+.-]*://(www[0-9]?\.)?"
URL_FRAGMENT = r"#.*$"
URL_TRACKING = r"[?&](utm_[a-z_]+|fbclid|gclid|igshid|mc_[a-z]+|ref_src|si)=[^&]*"
URL_SEPARATORS = r"[?&]+"
URL_TRAILING = r"[&/]+$"


def posts_query(engine: Engine, since: float, until: float) -> str:
    ts = engine.epoch("created_at")
    lowered = "lower(coalesce(text, ''))"
    normtext = f"trim({engine.replace_all(lowered, NOISE, ' ')})"
    return f"""
        SELECT {engine.key64("platform", "author_id")} AS aid, platform, author_id, item_id,
               {engine.key64("platform", "item_id")} AS pno, ts, text, language, urls, hashtags, media, repost_of,
               quote_of, normtext, {engine.hash64("normtext")} AS tid
        FROM (SELECT platform, author_id, id AS item_id, {ts} AS ts, coalesce(text, '') AS text, language, urls,
                     hashtags, media, repost_of, quote_of, {normtext} AS normtext
              FROM src_items
              WHERE coalesce(kind, 'item') = 'item' AND deleted_at IS NULL
                AND platform IS NOT NULL AND id IS NOT NULL AND author_id IS NOT NULL) i
        WHERE ts >= {since} AND ts < {until}
    """


def rejected_query(engine: Engine) -> str:
    ts = engine.epoch("created_at")
    return f"""
        SELECT count(*) FROM src_items WHERE coalesce(kind, 'item') = 'item'
          AND (platform IS NULL OR id IS NULL OR author_id IS NULL OR {ts} IS NULL)
    """


def links_query(engine: Engine) -> str:
    """Every URL of every post, normalised (scheme, www, fragment and tracking parameters dropped): `links`."""
    url = engine.replace_all(engine.replace_all("lower(u)", URL_SCHEME, ""), URL_FRAGMENT, "")
    url = engine.replace_all(engine.replace_all(url, URL_TRACKING, ""), URL_SEPARATORS, "&")
    url = engine.replace_all(url, URL_TRAILING, "")
    return f"""
        SELECT aid, pno, ts, {url} AS link
        FROM (SELECT aid, pno, ts, {engine.explode("urls")} AS u FROM posts WHERE urls IS NOT NULL) p
        WHERE u IS NOT NULL AND u <> ''
    """


def minhash_query(engine: Engine, config: DetectionConfig) -> str:
    """MinHash over character shingles of each distinct text (language-independent): table `minhash`.

    The i-th permutation is `h XOR salt_i` over the engine's 60-bit hash of the shingle, and shingles are
    sampled by content (1 in `shingle_sampling`), so the same shingle is kept in every text. The hash is each
    engine's own fast one: the two engines' signatures differ, their near-duplicates agree but for the pairs
    MinHash itself is unsure of.
    """
    k, count = config.shingle_chars, config.minhash_bands * config.minhash_rows_per_band
    salts = [(0x9E3779B97F4A7C15 * (i + 1)) % (1 << 60) for i in range(count)]
    minima = ", ".join(f"min({engine.xor('h', str(salt))}) AS m{i}" for i, salt in enumerate(salts))
    sampled = f"WHERE h % {config.shingle_sampling} = 0" if config.shingle_sampling > 1 else ""
    texts = f"""
        SELECT DISTINCT tid, substring(normtext, 1, {config.max_text_chars}) AS t FROM posts
        WHERE length(normtext) >= {config.min_text_chars}
    """
    return f"""
        SELECT tid, {minima} FROM (
          SELECT tid, {engine.hash60(f"substring(t, i, {k})")} AS h
          FROM (SELECT tid, t, {engine.explode(engine.series("1", f"length(t) - {k - 1}"))} AS i FROM ({texts}) d) e
        ) s {sampled}
        GROUP BY tid
    """


def _near_text_bands(engine: Engine, config: DetectionConfig) -> str:
    """LSH: each band of `rows` consecutive minima is an object."""
    rows = config.minhash_rows_per_band

    def band(b: int) -> str:
        parts = ", ':', ".join(f"CAST(m{b * rows + r} AS STRING)" for r in range(rows))
        return f"concat('{b}:', {parts})"

    keys = engine.array([band(b) for b in range(config.minhash_bands)])
    return f"SELECT tid, {engine.explode(keys)} AS obj FROM minhash"


def _trace_actions(engine: Engine, config: DetectionConfig, trace: Trace, posts: str, links: str) -> str:
    """One row per (account, post, object) for the trace over the POSTS and LINKS tables; DISTINCT where a
    post's arrays may repeat an object."""
    if trace is Trace.REPOST:
        return f"""
            SELECT DISTINCT aid, pno, ts, obj FROM (
              SELECT aid, pno, ts, concat(platform, '|', repost_of) AS obj FROM {posts} WHERE repost_of IS NOT NULL
              UNION ALL
              SELECT aid, pno, ts, concat(platform, '|', quote_of) AS obj FROM {posts} WHERE quote_of IS NOT NULL) r
        """
    if trace is Trace.LINK:
        return f"SELECT DISTINCT aid, pno, ts, link AS obj FROM {links} WHERE link <> ''"
    if trace is Trace.DOMAIN:
        return f"""
            SELECT DISTINCT aid, pno, ts, regexp_extract(link, '^([^/&:]+)', 1) AS obj FROM {links} WHERE link <> ''
        """
    if trace is Trace.TEXT:
        # The text's 64-bit hash stands for it (the evidence shows a sample text).
        return f"""
            SELECT aid, pno, ts, CAST(tid AS STRING) AS obj FROM {posts}
            WHERE length(normtext) >= {config.min_text_chars}
        """
    if trace is Trace.NEAR_TEXT:
        bands = _near_text_bands(engine, config)
        return f"SELECT p.aid, p.pno, p.ts, b.obj FROM {posts} p JOIN ({bands}) b ON p.tid = b.tid"
    if trace is Trace.HASHTAGS:
        tags = f"lower({engine.join_list('hashtags', ' ')})"
        return f"""
            SELECT aid, pno, ts, tags AS obj FROM (SELECT aid, pno, ts, {tags} AS tags FROM {posts}
                                                   WHERE hashtags IS NOT NULL) h
            WHERE length(tags) - length(replace(tags, ' ', '')) >= {config.min_hashtags - 1} AND tags <> ''
        """
    if trace is Trace.MEDIA:
        segments = engine.explode(engine.series("0", "7"))
        return f"""
            SELECT DISTINCT aid, pno, ts, concat(CAST(seg AS STRING), ':', substring(pdq, seg * 8 + 1, 8)) AS obj
            FROM (SELECT aid, pno, ts, pdq, {segments} AS seg FROM (
                    SELECT aid, pno, ts, lower(m.pdq) AS pdq FROM (
                      SELECT aid, pno, ts, {engine.explode("media")} AS m FROM {posts} WHERE media IS NOT NULL) e
                    WHERE length(m.pdq) = 64) h) s
        """
    return f"SELECT aid, pno, ts, '*' AS obj FROM {posts}"


def every_action_query(
    engine: Engine, config: DetectionConfig, traces: Sequence[Trace], posts: str = "posts", links: str = "links"
) -> str:
    """Every action on TRACES of the posts in POSTS (and their links in LINKS): (trace, aid, pno, obj, ts)."""
    return " UNION ALL ".join(
        f"SELECT {name} AS trace, aid, pno, obj, ts FROM ({_trace_actions(engine, config, trace, posts, links)}) t"
        for trace, name in ((trace, f"'{trace.value}'") for trace in traces)
    )


def actions_query(engine: Engine, config: DetectionConfig) -> str:
    """Every action on an object that at least two accounts acted on (the others can meet no one); the
    object itself is left out (its key `oid` stands for it: the evidence recomputes the members' objects)."""
    return f"""
        WITH every AS (SELECT trace, aid, pno, {engine.key64("trace", "obj")} AS oid, ts
                       FROM ({every_action_query(engine, config, config.traces)}) a)
        SELECT e.trace, e.aid, e.pno, e.oid, e.ts FROM every e
        JOIN (SELECT oid FROM every GROUP BY oid HAVING min(aid) < max(aid)) shared ON e.oid = shared.oid
    """


# Per trace and object, the delay until a second account acts on it (CooRnet's coordination interval).
FIRST_SECOND_DELAYS = """
    SELECT f.trace, min(a.ts) - min(f.t) AS d
    FROM (SELECT trace, oid, min(ts) AS t, min_by(aid, ts) AS first FROM actions WHERE trace <> 'sync'
          GROUP BY trace, oid) f
    JOIN actions a ON a.oid = f.oid AND a.aid <> f.first
    GROUP BY f.trace, f.oid
"""


def windows_values(windows: dict[str, float], ambient: dict[str, int]) -> str:
    return " UNION ALL ".join(
        f"SELECT '{trace}' AS trace, CAST({w} AS DOUBLE) AS w, {ambient[trace]} AS ambient"
        for trace, w in windows.items()
    )


def _caps(config: DetectionConfig) -> str:
    cases = " ".join(f"WHEN g.trace = '{trace.value}' THEN {cap}" for trace, cap in config.slot_caps.items())
    return f"CASE {cases} ELSE {config.max_slot_accounts} END" if cases else str(config.max_slot_accounts)


def binned_query(windows: dict[str, float], config: DetectionConfig, ambient: dict[str, int]) -> str:
    """Actions on their trace's time grid, with the actions in their slot and the partners they could meet
    (their slot's others, and half of each neighbouring slot's, since the window spans both). Actions that
    can meet no one (alone in their slot and its neighbours) add nothing to any exposure and are left out.

    `cap` is how crowded a slot may be and still yield pairs: 0 for ambient objects (present in more than
    `ambient[trace]` windows: a site or link shared all the time explains any co-share of it).
    """
    return f"""
        WITH grid AS (
          SELECT a.trace, a.aid, a.pno, a.oid, a.ts, w.w, w.ambient, CAST(floor(a.ts / w.w) AS BIGINT) AS bin
          FROM actions a JOIN ({windows_values(windows, ambient)}) w ON a.trace = w.trace),
        sizes AS (SELECT oid, bin, count(*) AS n FROM grid GROUP BY oid, bin),
        neighbours AS (
          SELECT oid, bin, n,
                 CASE WHEN lag(bin) OVER (PARTITION BY oid ORDER BY bin) = bin - 1
                      THEN lag(n) OVER (PARTITION BY oid ORDER BY bin) ELSE 0 END
               + CASE WHEN lead(bin) OVER (PARTITION BY oid ORDER BY bin) = bin + 1
                      THEN lead(n) OVER (PARTITION BY oid ORDER BY bin) ELSE 0 END AS around,
                 count(*) OVER (PARTITION BY oid) AS spread
          FROM sizes)
        SELECT g.trace, g.aid, g.pno, g.oid, g.ts, g.w, g.bin, s.n, s.n - 1 + s.around / 2.0 AS partners,
               CASE WHEN s.spread > g.ambient THEN 0 ELSE {_caps(config)} END AS cap
        FROM grid g JOIN neighbours s ON g.oid = s.oid AND g.bin = s.bin
        WHERE s.n > 1 OR s.around > 0
    """


# A post's exposure is the most partners any of its objects had (its objects mostly meet the same posts).
ACCOUNT_STATS = """
    SELECT p.aid, p.acct, p.k, coalesce(e.s, 0) AS s
    FROM (SELECT aid, concat(min(platform), '|', min(author_id)) AS acct, count(*) AS k FROM posts GROUP BY aid) p
    LEFT JOIN (SELECT aid, sum(partners) AS s FROM (SELECT aid, pno, max(partners) AS partners FROM binned
                                                    GROUP BY aid, pno) e0
               GROUP BY aid) e ON p.aid = e.aid
"""

SMALL = """
    SELECT trace, aid, pno, oid, ts, bin, w FROM binned
    WHERE n <= cap AND aid IN (SELECT aid FROM acct_stats WHERE k >= {min_episodes})
"""


def co_actions(table: str, *, same_group: str = "") -> str:
    """Two accounts' actions on the same object in the same slot, or in neighbouring slots within the window:
    (trace, x, y, px, py) with x < y, over TABLE's (trace, aid, pno, oid, ts, bin, w) rows. SAME_GROUP
    names a further column both rows must share."""
    extra = f" AND a.{same_group} = b.{same_group}" if same_group else ""
    keep = f"a.{same_group} AS {same_group}, " if same_group else ""
    return f"""
        SELECT {keep}a.trace, a.aid AS x, b.aid AS y, a.pno AS px, b.pno AS py
        FROM {table} a JOIN {table} b ON a.oid = b.oid AND a.bin = b.bin AND a.aid < b.aid{extra}
        UNION ALL
        SELECT {keep}a.trace, least(a.aid, b.aid) AS x, greatest(a.aid, b.aid) AS y,
               CASE WHEN a.aid < b.aid THEN a.pno ELSE b.pno END AS px,
               CASE WHEN a.aid < b.aid THEN b.pno ELSE a.pno END AS py
        FROM {table} a JOIN {table} b ON a.oid = b.oid AND a.bin + 1 = b.bin{extra}
        WHERE a.aid <> b.aid AND b.ts - a.ts <= a.w
    """


PAIRS = f"""
    SELECT c.x, c.y, c.episodes, sx.k AS kx, sx.s AS sx, sy.k AS ky, sy.s AS sy
    FROM (SELECT x, y, least(count(DISTINCT px), count(DISTINCT py)) AS episodes FROM ({co_actions("small")}) r
          GROUP BY x, y) c
    JOIN acct_stats sx ON c.x = sx.aid JOIN acct_stats sy ON c.y = sy.aid
"""

# The pairs that may be edges, with the accounts' names.
CANDIDATES = """
    SELECT ax.acct, ay.acct, p.episodes, p.kx, p.sx, p.ky, p.sy
    FROM pairs p JOIN acct_stats ax ON p.x = ax.aid JOIN acct_stats ay ON p.y = ay.aid
    WHERE p.episodes >= {min_episodes}
"""
