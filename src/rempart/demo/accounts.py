"""The scenario's accounts, derived from their index alone (no table kept in memory).

Index ranges: organic accounts first, then each campaign's accounts, then the spam accounts (see `plan`).
Every attribute comes from a 64-bit mix of (seed, index), so any process derives the same account.
"""

from __future__ import annotations

import gc
import unicodedata
from typing import NamedTuple

from rempart.demo.content.pools import lines
from rempart.demo.timeline import SCENARIO_START, at, snowflake

MASK64 = (1 << 64) - 1


def mix64(value: int) -> int:
    """splitmix64's finaliser: a fast, well-spread 64-bit hash of an integer."""
    value = (value + 0x9E3779B97F4A7C15) & MASK64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & MASK64
    return value ^ (value >> 31)


class Account(NamedTuple):
    number: int  # the index it is derived from
    id: str
    handle: str
    name: str
    created_at: int
    followers: int
    following: int
    tweets: int
    verified: bool
    language: str
    country: str
    kind: str  # organic | campaign | spam


FIRST_NAMES = {
    "fr": lines(
        """
        Marie Julien Camille Lucas Léa Thomas Chloé Hugo Manon Antoine Sarah Nicolas Inès Maxime Claire Yanis
        Émilie Karim Pauline Mehdi Sophie Baptiste Amandine Romain Nadia Quentin Élodie Théo Fatou Olivier
    """.replace(" ", "\n")
    ),
    "en": lines(
        """
        James Emma Liam Olivia Noah Ava Ethan Mia Jack Grace Ryan Chloe Sean Aoife Daniel Hannah Conor Niamh
        Michael Sophie David Laura Patrick Ellen Chris Megan Tom Katie Ben Lucy
    """.replace(" ", "\n")
    ),
    "de": lines(
        """
        Lukas Anna Jonas Lena Felix Laura Paul Marie Leon Julia Tobias Sarah Jan Katharina Finn Sophie
        Moritz Hannah Niklas Lea
    """.replace(" ", "\n")
    ),
}
LAST_NAMES = {
    "fr": lines(
        """
        Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel
        Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Benali Diallo Nguyen Faure
    """.replace(" ", "\n")
    ),
    "en": lines(
        """
        Smith Murphy Kelly Byrne Walsh Ryan Brown Wilson Taylor Johnson Davies Evans OBrien Clarke Lynch
        Miller Moore Anderson Jackson White Harris Martin Thompson Young King Wright Scott Green
    """.replace(" ", "\n")
    ),
    "de": lines(
        """
        Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf
        Neumann Schwarz Zimmermann Braun
    """.replace(" ", "\n")
    ),
}
CAMPAIGN_STEMS = lines("""
    Patriot
    TruthSeeker
    FreedomEagle
    LibreCitoyen
    ReveilFrance
    RedPill
    VraiPeuple
    WakeUpEU
    FreeVoice
    Resistant
    TruthNow
    Souverain
""")
CAMPAIGN_NAMES = lines("""
    Patriot 🇺🇸
    Truth Seeker
    Free Voice
    Citoyen libre 🇫🇷
    Réveil
    Liberté
    Eagle
    Resist
    Souverainiste
    Awake
""")
SPAM_STEMS = lines("""
    crypto
    promo
    gains
    bonplan
    airdrop
    deals
    profit
""")
_CAMPAIGN_LANGUAGES = ("en", "fr")
_COUNTRIES = {
    "fr": ("FR",) * 17 + ("BE",) * 2 + ("LU",),
    "en": ("IE",) * 8 + ("US",) * 6 + ("NL",) * 3 + ("SE",) * 3,
    "de": ("DE",) * 17 + ("AT",) * 3,
}
OLDEST_ACCOUNT = at(2010, 12, 1)  # after the snowflake epoch, so ids stay positive
YOUNG_ACCOUNTS_FROM = at(2024, 1, 1)


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


# (name, its ASCII spelling) per language, so deriving an account normalises nothing.
_FIRST = {language: tuple((name, _ascii(name)) for name in names) for language, names in FIRST_NAMES.items()}
_LAST = {language: tuple((name, _ascii(name)) for name in names) for language, names in LAST_NAMES.items()}


def _handle(stem: str, digits: str) -> str:
    """Unique because `digits` encodes the account index and stems never end with a digit."""
    return stem[: 15 - len(digits)] + digits


class AccountBook:
    """Derives accounts by index, with a bounded cache (the busiest accounts post most)."""

    MAX_CACHED = 250_000

    def __init__(
        self, seed: int, organic: int, campaigns: tuple[tuple[int, int, int, int, str], ...], spam: int
    ) -> None:
        # campaigns: (first index, count, burst start, burst seconds, language)
        self.seed_key = mix64(seed ^ 0xACC0)
        self.organic = organic
        self.campaigns = campaigns
        self.spam_first = organic + sum(count for _, count, _, _, _ in campaigns)
        self.spam = spam
        self.total = self.spam_first + spam
        self.cache: dict[int, Account] = {}  # read it directly on hot paths; fill it through `get`

    def get(self, index: int) -> Account:
        account = self.cache.get(index)
        if account is None:
            if len(self.cache) > self.MAX_CACHED:
                self.cache.clear()
            account = self.derive(index)
            self.cache[index] = account
        return account

    def fill_cache(self) -> None:
        """Derive the first `MAX_CACHED` accounts into the cache (processes forked afterwards share them).

        The cyclic collector is paused meanwhile: accounts hold no reference cycle, and its full passes would
        walk the growing cache again and again before anything else can start."""
        cache, derive = self.cache, self.derive
        collecting = gc.isenabled()
        gc.disable()
        try:
            for index in range(min(self.total, self.MAX_CACHED)):
                if index not in cache:
                    cache[index] = derive(index)
        finally:
            if collecting:
                gc.enable()

    def campaign_of(self, index: int) -> int | None:
        for number, (first, count, _, _, _) in enumerate(self.campaigns):
            if first <= index < first + count:
                return number
        return None

    def derive(self, index: int) -> Account:
        """The account at INDEX, derived afresh (`get` caches it)."""
        bits = mix64(self.seed_key ^ (index * 0x9E3779B1))
        more = mix64(bits)
        if index < self.organic:
            return self._organic(index, bits, more)
        if index >= self.spam_first:
            return self._spam(index, bits, more)
        number = self.campaign_of(index)
        assert number is not None
        return self._campaign(index, number, bits, more)

    def _organic(self, index: int, bits: int, more: int) -> Account:
        roll = bits % 100
        language = "fr" if roll < 45 else ("en" if roll < 85 else "de")
        firsts, lasts = _FIRST[language], _LAST[language]
        first, plain_first = firsts[(bits >> 8) % len(firsts)]
        last, plain_last = lasts[(bits >> 16) % len(lasts)]
        style = (bits >> 24) % 5
        if style == 0:
            stem = plain_first + plain_last
        elif style == 1:
            stem = plain_first[0] + plain_last
        elif style == 2:
            stem = plain_first + "_" + plain_last
        elif style == 3:
            stem = plain_first.lower() + "_"
        else:
            stem = plain_last.lower() + plain_first[0].lower()
        young = (more % 100) < 6
        if young:
            created = YOUNG_ACCOUNTS_FROM + (more >> 8) % (SCENARIO_START - YOUNG_ACCOUNTS_FROM - 86_400 * 10)
        else:
            fraction = ((more >> 8) % 10_000) / 10_000
            created = OLDEST_ACCOUNT + int(fraction**1.3 * (YOUNG_ACCOUNTS_FROM - OLDEST_ACCOUNT))
        followers = int(2.718 ** (((bits >> 32) % 1000) / 100)) + (bits >> 44) % 40
        following = 20 + (more >> 24) % 900
        verified = (more >> 40) % 100 < 3
        countries = _COUNTRIES[language]
        return Account(
            index,
            str(snowflake(created * 1000 + index % 1000, index)),
            _handle(stem, str(index)),
            f"{first} {last}" if style != 3 else first,
            created,
            followers,
            following,
            50 + (more >> 48) % 20_000,
            verified,
            language,
            countries[(bits >> 52) % len(countries)],
            "organic",
        )

    def _campaign(self, index: int, number: int, bits: int, more: int) -> Account:
        first, count, burst_start, burst_seconds, language = self.campaigns[number]
        position = index - first
        created = burst_start + (position * burst_seconds) // count + (bits % 120)
        stem = CAMPAIGN_STEMS[(bits >> 8) % len(CAMPAIGN_STEMS)]
        name = CAMPAIGN_NAMES[(bits >> 16) % len(CAMPAIGN_NAMES)]
        account_language = language if language in _CAMPAIGN_LANGUAGES else _CAMPAIGN_LANGUAGES[bits % 2]
        return Account(
            index,
            str(snowflake(created * 1000 + index % 1000, index)),
            _handle(stem, f"{index:08d}"),
            name,
            created,
            (bits >> 24) % 40,
            80 + (more >> 8) % 250,
            (more >> 24) % 400,
            (more >> 40) % 100 < 10,
            account_language,
            "FR" if account_language == "fr" else "US",
            "campaign",
        )

    def _spam(self, index: int, bits: int, more: int) -> Account:
        created = at(2024, 5, 1) + (bits >> 8) % (SCENARIO_START - at(2024, 5, 1))
        stem = SPAM_STEMS[bits % len(SPAM_STEMS)]
        return Account(
            index,
            str(snowflake(created * 1000 + index % 1000, index)),
            _handle(stem + "_", f"{index:07d}"),
            stem.capitalize() + " " + ("💰", "🚀", "🎁")[(bits >> 4) % 3],
            created,
            (bits >> 16) % 15,
            (more >> 8) % 3000,
            (more >> 24) % 5000,
            False,
            ("en", "fr")[(more >> 40) % 2],
            "",
            "spam",
        )
