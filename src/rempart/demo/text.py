"""Post texts from the content pools: varied sentences, hashtags, emojis and the odd typo, in FR, EN and DE.

`TextMaker` is on the hot path: every choice is an index into a precomputed tuple drawn from one
`random.Random`, and strings are joined once.
"""

from __future__ import annotations

import random

from rempart.demo.content.english import ENGLISH
from rempart.demo.content.french import FRENCH
from rempart.demo.content.german import GERMAN
from rempart.demo.content.harmful import (
    COPYPASTA_INSERTS,
    COPYPASTAS,
    EMOJIS,
    HATE,
    SLOGANS_86A,
    SPAM_EMOJIS,
)
from rempart.demo.content.narratives import (
    CAMPAIGN_FRAMES_EN,
    CAMPAIGN_FRAMES_FR,
    CLAIMS,
    NARRATIVES,
    ORGANIC_CLAIM_FRAMES_EN,
    ORGANIC_CLAIM_FRAMES_FR,
)
from rempart.demo.content.pools import Language
from rempart.demo.timeline import at

LANGUAGES: dict[str, Language] = {"en": ENGLISH, "fr": FRENCH, "de": GERMAN}
_CAPITALISE_AFTER = frozenset(".:!?")
_SEPARATORS = (". ", ". ", ". ", ". ", ". ", " ", "! ", "... ")


def _weighted(language: Language) -> tuple[int, ...]:
    return tuple(index for index, topic in enumerate(language.topics) for _ in range(topic.weight))


_TOPIC_DRAWS = {code: _weighted(language) for code, language in LANGUAGES.items()}
# Before the interview (12 August 2024, 20:00 UTC) nobody talks about it or about Breton's letter.
NEWS_BREAKS = at(2024, 8, 12, 20)
_LATER_TOPICS = frozenset(("interview", "breton"))
_EARLY_TOPIC_DRAWS = {
    code: tuple(i for i in draws if LANGUAGES[code].topics[i].name not in _LATER_TOPICS)
    for code, draws in _TOPIC_DRAWS.items()
}
_COMMON_TAGS = {"en": ("Musk", "X", "DSA", "Trump"), "fr": ("Musk", "X", "DSA", "UE"), "de": ("Musk", "X", "DSA")}
# What the hot paths read of the pools, as plain tuples (reading a NamedTuple's field by name costs more).
_SENTENCE_PARTS = {
    code: tuple((topic.templates, topic.a, topic.b) for topic in language.topics)
    for code, language in LANGUAGES.items()
}
_TOPIC_HASHTAGS = {code: tuple(topic.hashtags for topic in language.topics) for code, language in LANGUAGES.items()}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_frame(frame: str, clause: str) -> str:
    return frame.replace("{C}", capitalise(clause)).replace("{c}", clause)


class TextMaker:
    """Makes the texts of one chunk from the chunk's random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.random = rng.random

    def pick(self, pool: tuple[str, ...]) -> str:
        return pool[int(self.random() * len(pool))]

    def sentence(self, code: str, topic_index: int | None = None, early: bool = False) -> tuple[str, int]:
        """One ordinary sentence (lower-case start) and its topic; `early` is before the news broke."""
        rnd = self.random
        if topic_index is None:
            draws = _EARLY_TOPIC_DRAWS[code] if early else _TOPIC_DRAWS[code]
            topic_index = draws[int(rnd() * len(draws))]
        templates, a, b = _SENTENCE_PARTS[code][topic_index]
        template = templates[int(rnd() * len(templates))]
        return template.replace("{a}", a[int(rnd() * len(a))]).replace("{b}", b[int(rnd() * len(b))]), topic_index

    def typo(self, text: str) -> str:
        """Swap two neighbouring letters somewhere in the text."""
        if len(text) < 8:
            return text
        at = 1 + int(self.random() * (len(text) - 3))
        first, second = text[at], text[at + 1]
        if not (first.isalpha() and second.isalpha()):
            return text
        return text[:at] + second + first + text[at + 2 :]

    def open_with(self, opener: str, body: str) -> str:
        if not opener:
            return capitalise(body)
        if opener[-1] in _CAPITALISE_AFTER:
            return opener + " " + capitalise(body)
        return opener + " " + body

    def hashtags(self, code: str, topic_index: int) -> list[str]:
        roll = self.random()
        if roll < 0.55:
            return []
        tags = [self.pick(_TOPIC_HASHTAGS[code][topic_index])]
        if roll > 0.85:
            extra = self.pick(_COMMON_TAGS[code])
            if extra not in tags:
                tags.append(extra)
        return tags

    def ordinary(self, code: str, topic_index: int | None = None, early: bool = False) -> tuple[str, int]:
        """An ordinary post's text without hashtags or links, and its topic."""
        language = LANGUAGES[code]
        rnd = self.random
        body, topic_index = self.sentence(code, topic_index, early)
        roll = rnd()
        if roll < 0.04:
            body = self.typo(body)
        openers = language.openers
        opener = openers[int(rnd() * len(openers))]
        # open_with(opener, body), inlined
        if not opener:
            text = body[:1].upper() + body[1:]
        elif opener[-1] in _CAPITALISE_AFTER:
            text = opener + " " + body[:1].upper() + body[1:]
        else:
            text = opener + " " + body
        if roll > 0.45:
            addons = language.addons
            text += _SEPARATORS[int(rnd() * len(_SEPARATORS))] + addons[int(rnd() * len(addons))]
        elif roll > 0.3:
            second, _ = self.sentence(code, None, early)
            text += ". " + capitalise(second)
        if roll < 0.02:
            text = text.lower()
        elif 0.1 < roll < 0.35:
            text += " " + EMOJIS[int(rnd() * len(EMOJIS))]
        return text, topic_index

    def reply(self, code: str) -> str:
        language = LANGUAGES[code]
        body, _ = self.sentence(code)
        return self.open_with(self.pick(language.reply_openers), body)

    def quote_comment(self, code: str) -> str:
        return self.pick(LANGUAGES[code].quote_comments)

    def share_comment(self, code: str) -> str:
        return self.pick(LANGUAGES[code].share_comments)

    def claim(self, claim_index: int, code: str, campaign: bool) -> str:
        claim = CLAIMS[claim_index]
        clauses = claim.paraphrases_fr if code == "fr" else claim.paraphrases_en
        if campaign:
            frames = CAMPAIGN_FRAMES_FR if code == "fr" else CAMPAIGN_FRAMES_EN
        else:
            frames = ORGANIC_CLAIM_FRAMES_FR if code == "fr" else ORGANIC_CLAIM_FRAMES_EN
        return with_frame(self.pick(frames), self.pick(clauses))

    def narrative(self, narrative_index: int, code: str) -> str:
        narrative = NARRATIVES[narrative_index]
        clauses = narrative.clauses_fr if code == "fr" else narrative.clauses_en
        frames = CAMPAIGN_FRAMES_FR if code == "fr" else CAMPAIGN_FRAMES_EN
        text = with_frame(self.pick(frames), self.pick(clauses))
        if self.random() < 0.3:
            text += " " + self.pick(SPAM_EMOJIS)
        return text

    def hate(self, code: str) -> tuple[str, str]:
        """A hateful generalisation, sometimes after an ordinary sentence; returns the text and the group."""
        lexicon = HATE[0] if code == "en" else HATE[1]
        group = self.pick(lexicon.groups)
        template = self.pick(lexicon.templates)
        text = capitalise(template.replace("{G}", capitalise(group)).replace("{g}", group))
        if self.random() < 0.35:
            body, _ = self.sentence(code)
            text = capitalise(body) + ". " + text
        return text, group

    def slogan_86a(self, code: str) -> tuple[str, str]:
        """An otherwise ordinary post with a §86a slogan in it; returns the text and the slogan."""
        slogan = self.pick(SLOGANS_86A)
        text, _ = self.ordinary(code)
        roll = self.random()
        if roll < 0.4:
            return text + " " + slogan + "!", slogan
        if roll < 0.7:
            return slogan + "! " + text, slogan
        return text + " " + slogan + " " + self.pick(EMOJIS), slogan

    def copypasta(self, template_index: int) -> str:
        """The spam text with small variations: a variant here and there, an inserted word, emojis."""
        template = COPYPASTAS[template_index]
        parts = []
        for variants in template.segments:
            parts.append(variants[0] if self.random() < 0.75 else self.pick(variants))
        if self.random() < 0.4:
            inserts = COPYPASTA_INSERTS[template.language]
            parts.insert(1 + int(self.random() * (len(parts) - 1)), self.pick(inserts))
        if self.random() < 0.4:
            parts.append(self.pick(SPAM_EMOJIS))
        return " ".join(parts)
