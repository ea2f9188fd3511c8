"""Test data for the detectors: hateful generalisations, §86a StGB slogans, copypasta scams.

The hateful posts are deliberately mild (no slurs) but unambiguous: dehumanising generalisations about a
group protected by its religion, origin or sexual orientation. They exist so that detectors, policies and
reviewers can be tested; they are never meant to be shown to people as content.
"""

from __future__ import annotations

from typing import NamedTuple

from rempart.demo.content.pools import lines


class HateLexicon(NamedTuple):
    language: str
    groups: tuple[str, ...]
    templates: tuple[str, ...]


HATE = (
    HateLexicon(
        "en",
        lines("""
            Muslims
            immigrants
            gay people
            migrants from Africa
        """),
        lines("""
            {G} are parasites, every single one of them.
            {G} are a disease spreading through our cities.
            {G} aren't really people like us and they never will be.
            honestly {g} are vermin and this country would be better off without them.
            every problem in this town comes from {g}, they are animals.
            I'm done pretending, {g} are subhuman.
            keep {g} away from our kids, they are all dangerous.
            {G} breed like rats, look at our streets.
        """),
    ),
    HateLexicon(
        "fr",
        lines("""
            musulmans
            immigrés
            homosexuels
            migrants africains
        """),
        lines("""
            les {g} sont des parasites, tous sans exception.
            les {g}, c'est une maladie qui ronge nos villes.
            les {g} ne sont pas des gens comme nous et ne le seront jamais.
            franchement les {g} sont de la vermine, on serait mieux sans eux.
            tous les problèmes du quartier viennent des {g}, ce sont des animaux.
            gardez les {g} loin de nos enfants, ils sont tous dangereux.
            les {g} se reproduisent comme des rats, regardez nos rues.
        """),
    ),
)

# Slogans of organisations banned in Germany: illegal there under §86a StGB, legal elsewhere in the EU.
SLOGANS_86A = ("Sieg Heil", "Heil Hitler", "Meine Ehre heißt Treue", "Blut und Ehre")


class Copypasta(NamedTuple):
    """A spam text as segments; each segment lists its variants, the first being the usual one."""

    id: str
    language: str
    segments: tuple[tuple[str, ...], ...]
    site: str
    category: str


COPYPASTAS = (
    Copypasta(
        "btc_giveaway",
        "en",
        (
            ("🚀", "🔥", "💰", "‼️"),
            ("Elon is giving away", "Elon Musk is giving away", "Elon is handing out"),
            ("5,000 BTC", "5000 BTC", "5,000 bitcoin"),
            ("to celebrate the Trump interview!", "to celebrate the Space with Trump!", "after the Trump interview!"),
            (
                "Send 0.1 BTC and get 0.2 BTC back instantly.",
                "Send 0.1 BTC, receive 0.2 BTC back instantly.",
                "Send 0.1 BTC and instantly get 0.2 back.",
            ),
            ("Limited time", "Only today", "Last hours"),
            ("⏳", "⌛", "⏰"),
        ),
        "elon-giveaway.example",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    ),
    Copypasta(
        "starlink_free_kit",
        "fr",
        (
            ("🎁", "🛰️", "📡"),
            ("Starlink offre", "SpaceX offre", "Starlink distribue"),
            ("1000 kits GRATUITS", "1 000 kits gratuits", "1000 kits offerts"),
            ("aux 500 premiers inscrits !", "aux 500 premiers !", "aux premiers inscrits !"),
            ("Cliquez vite ici", "Inscrivez-vous vite ici", "Cliquez ici"),
            ("👉", "➡️", "👇"),
            ("avant la fin de l'offre", "avant qu'il soit trop tard", "offre limitée"),
        ),
        "starlink-cadeau.example",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    ),
    Copypasta(
        "trading_bot",
        "en",
        (
            ("I made $12,400 in one week", "I made $12k in one week", "Made $12,400 in 7 days"),
            ("with this simple trading bot,", "with this simple AI trading bot,", "using this trading bot,"),
            ("no experience needed.", "zero experience needed.", "no skills needed."),
            ("DM me or check", "Message me or see", "Check"),
            ("💸", "🤑", "📈"),
        ),
        "quantum-profit-bot.example",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    ),
    Copypasta(
        "work_from_home",
        "fr",
        (
            ("Je gagne 350€ par jour", "Je gagne 350 € par jour", "350€ par jour"),
            ("depuis chez moi", "depuis mon canapé", "sans sortir de chez moi"),
            ("grâce à cette méthode", "avec cette méthode simple", "grâce à cette astuce"),
            ("🤑", "💶", "💰"),
            ("Infos ici", "Tout est expliqué ici", "Plus d'infos ici"),
        ),
        "methode-revenu.example",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    ),
)

COPYPASTA_INSERTS = {
    "en": lines("""
        guys
        seriously
        100% legit
        not a joke
        trust me
        real
    """),
    "fr": lines("""
        sérieux
        100% vrai
        c'est pas une blague
        vraiment
        les amis
    """),
}

SPAM_EMOJIS = ("🔥", "💯", "✅", "🚨", "⚡", "🙏", "👀")
EMOJIS = (
    "😂",
    "🙄",
    "🤔",
    "😅",
    "👀",
    "🔥",
    "😭",
    "🙃",
    "👍",
    "🤷",
    "😬",
    "💀",
    "🇫🇷",
    "🇺🇸",
    "🇪🇺",
    "☕",
    "🛰️",
    "📉",
    "🤡",
    "😴",
)
