"""What detection is tuned by, and how a campaign maps to a DSA category (both data, not code)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Trace(StrEnum):
    """A way two accounts can act together: the same object, within the trace's time window."""

    REPOST = "repost"  # the same post reposted or quoted
    LINK = "link"  # the same normalised URL
    DOMAIN = "domain"  # a URL on the same host
    TEXT = "text"  # the same normalised text
    NEAR_TEXT = "near_text"  # a MinHash/LSH band of character shingles in common
    HASHTAGS = "hashtags"  # the same sequence of hashtags
    MEDIA = "media"  # a PDQ hash segment in common (same or nearly the same image)
    SYNC = "sync"  # any post at the same moment (synchronised activity)


# Traces by what two accounts had in common: pushing the same object (a link, a hashtag sequence, a post to
# repost) or posting the same content (the same or nearly the same text or image). Domain and synchronised
# activity are context: they are neither.
AMPLIFYING = (Trace.LINK, Trace.HASHTAGS, Trace.REPOST)
COPYING = (Trace.TEXT, Trace.NEAR_TEXT, Trace.MEDIA)


class GroupKind(StrEnum):
    """What a group of coordinated accounts is, by what its co-activity consists of.

    A campaign pushes objects: its accounts share the same links and hashtags and repost the same posts,
    most often with their own wording (paraphrases of a narrative). A spam network copies: its accounts
    post the same text (or image) again and again, and what they have in common is that text alone — the
    copypasta the copypasta detector and the policy's demotion handle post by post.
    """

    CAMPAIGN = "campaign"
    SPAM_NETWORK = "spam_network"

    @property
    def heading(self) -> str:
        return "Coordinated campaign" if self is GroupKind.CAMPAIGN else "Spam network"


class DetectionConfig(BaseModel):
    """Detection settings. Windows are estimated from the data unless `windows` fixes them (seconds)."""

    model_config = ConfigDict(extra="forbid")

    traces: list[Trace] = Field(default_factory=lambda: list(Trace))
    windows: dict[Trace, int] = Field(default_factory=dict)
    # CooRnet's coordination interval: the quantile of "time until a second account shares the object",
    # clamped to [window_min, window_max] seconds.
    window_quantile: float = Field(default=0.1, gt=0, lt=1)
    window_min: int = Field(default=300, ge=1)
    window_max: int = Field(default=1800, ge=1)
    sync_window: int = Field(default=10, ge=1)
    # A slot (object x window) joined by more accounts than this is a trending moment: it counts toward
    # the accounts' chance expectation but yields no pairs (pairs would grow with its square).
    max_slot_accounts: int = Field(default=150, ge=2)
    # Tighter caps where crowds are normal: a popular news site's domain, or merely posting at the same
    # moment, says something only while few accounts do it at once.
    slot_caps: dict[Trace, int] = Field(default_factory=lambda: {Trace.DOMAIN: 30, Trace.SYNC: 10})
    # An object present in more windows than this share of the period (and at least `ambient_min_windows`)
    # is ambient — shared all the time — and yields no pairs.
    ambient_share: float = Field(default=0.05, gt=0, le=1)
    ambient_min_windows: int = Field(default=48, ge=1)
    min_text_chars: int = Field(default=24, ge=1)
    shingle_chars: int = Field(default=5, ge=2)
    # Shingles are sampled by content (1 in `shingle_sampling`), so the same shingle is kept in every text.
    shingle_sampling: int = Field(default=2, ge=1)
    max_text_chars: int = Field(default=500, ge=1)
    minhash_bands: int = Field(default=6, ge=1)
    minhash_rows_per_band: int = Field(default=3, ge=1)
    min_hashtags: int = Field(default=2, ge=1)
    # A pair needs this many distinct posts each acting together before it can be an edge.
    min_episodes: int = Field(default=3, ge=1)
    # Benjamini-Hochberg false discovery rate over all co-acting pairs.
    fdr: float = Field(default=0.001, gt=0, lt=1)
    min_accounts: int = Field(default=4, ge=2)
    # A group is a spam network when more than this share of its members' co-acting post pairs have only
    # their content in common (no link, hashtag sequence or reposted post) — see `GroupKind`.
    spam_copy_share: float = Field(default=0.5, gt=0, lt=1)
    leiden_seed: int = 42


class CategoryRule(BaseModel):
    """The category a group's case gets when the group is of one of `when_kinds` and any of `when_traces` is
    among its strongest traces; an empty list is no condition."""

    model_config = ConfigDict(extra="forbid")

    when_kinds: list[GroupKind] = Field(default_factory=list)
    when_traces: list[Trace] = Field(default_factory=list)
    category: str
    category_specification: list[str]

    def matches(self, kind: GroupKind, strongest: set[str]) -> bool:
        if self.when_kinds and kind not in self.when_kinds:
            return False
        return not self.when_traces or bool(strongest & {trace.value for trace in self.when_traces})


def _inauthentic_accounts(kinds: list[GroupKind], traces: list[Trace]) -> CategoryRule:
    return CategoryRule(
        when_kinds=kinds,
        when_traces=traces,
        category="STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        category_specification=["KEYWORD_INAUTHENTIC_ACCOUNTS"],
    )


class CategoryMapping(BaseModel):
    """First rule that matches wins; `default` otherwise. Spam networks, and campaigns whose accounts only
    synchronise or repost, are inauthentic-account schemes (scams, fake engagement); campaigns pushing links
    and narratives are disinformation."""

    model_config = ConfigDict(extra="forbid")

    rules: list[CategoryRule] = Field(
        default_factory=lambda: [
            _inauthentic_accounts([GroupKind.SPAM_NETWORK], []),
            _inauthentic_accounts([], [Trace.SYNC, Trace.REPOST]),
        ]
    )
    default: CategoryRule = Field(
        default_factory=lambda: CategoryRule(
            category="STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
            category_specification=["KEYWORD_MISINFORMATION_DISINFORMATION"],
        )
    )

    def category_for(self, kind: GroupKind, trace_counts: dict[str, int]) -> CategoryRule:
        """The rule for a group of KIND whose co-actions per trace are `trace_counts`."""
        most = max(trace_counts.values(), default=0)
        strongest = {trace for trace, count in trace_counts.items() if count == most and most > 0}
        return next((rule for rule in self.rules if rule.matches(kind, strongest)), self.default)
