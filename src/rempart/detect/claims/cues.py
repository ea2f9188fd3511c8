"""The cheap first stage: cues that survive translation, so only candidate posts pay for an embedding.

A cue is something a French post and an English claim (or the reverse) can share without translation:
names and other capitalised words (`Macron`, `Pfizer`, `Gironde`), numbers (`500 000` = `500,000`),
hashtags, link domains, acronyms mapped across languages (`OMS` = `WHO`), and concepts from a small
FR↔EN topic lexicon shipped with the package (`démocrates` = `democrats`, `attentat` = `attack`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from urllib.parse import urlsplit

_TOKEN = re.compile(
    r"https?://\S+"
    r"|#\w+"
    r"|\b(?:\d+[^\W\d_]+|[^\W\d_]+\d+)\w*"
    r"|\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?!\d)"
    r"|\d+"
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)?",
)
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['\u2019]", re.IGNORECASE)


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Stems to concepts. Long stems (or ones written `stem*`) match as prefixes, short ones exactly."""

    exact: dict[str, str]
    prefixes: dict[str, str]
    acronyms: dict[str, str]
    stopwords: frozenset[str]
    shortest_prefix: int

    @classmethod
    def from_mapping(cls, data: dict[str, object]) -> Lexicon:
        exact: dict[str, str] = {}
        prefixes: dict[str, str] = {}
        concepts = data.get("concepts", {})
        assert isinstance(concepts, dict)
        for concept, stems in concepts.items():
            for stem in stems:
                word = fold(stem)
                if word.endswith("*"):
                    prefixes.setdefault(word[:-1], concept)
                elif len(word) >= 5:
                    prefixes.setdefault(word, concept)
                else:
                    for form in (word, word + "s", word + "x", word + "es"):
                        exact.setdefault(form, concept)
        acronyms = data.get("acronyms", {})
        assert isinstance(acronyms, dict)
        stopwords = data.get("stopwords", [])
        assert isinstance(stopwords, list)
        shortest = min((len(p) for p in prefixes), default=1)
        acronym_concepts = {fold(k): str(v) for k, v in acronyms.items()}
        return cls(exact, prefixes, acronym_concepts, frozenset(fold(w) for w in stopwords), shortest)

    def concept(self, word: str) -> str | None:
        """The concept of a folded word: an exact form, else the longest matching prefix stem."""
        found = self.exact.get(word)
        if found is not None:
            return found
        for length in range(len(word), self.shortest_prefix - 1, -1):
            found = self.prefixes.get(word[:length])
            if found is not None:
                return found
        return None


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    text = files("rempart.detect.claims").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    return Lexicon.from_mapping(json.loads(text))


def _domain(url: str) -> str | None:
    host = urlsplit(url.rstrip(".,;:!?)")).hostname
    return host.removeprefix("www.") if host else None


def cues(text: str, lexicon: Lexicon, *, names_only_capitalised: bool) -> set[str]:
    """The cues in a text. For claims (`names_only_capitalised=True`) only capitalised words count as
    names; a post's words are all looked up, since posts are often written in lower case."""
    found: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "hH" and token.lower().startswith(("http://", "https://")):
            domain = _domain(token)
            if domain:
                found.add("d:" + domain)
            continue
        if first == "#":
            tag = fold(token[1:])
            concept = lexicon.concept(tag)
            found.add("c:" + concept if concept else "w:" + tag)
            continue
        if any(c.isdigit() for c in token) and not token.isdigit() and any(c.isalpha() for c in token):
            word = fold(token)
            found.add("c:" + lexicon.acronyms[word] if word in lexicon.acronyms else "w:" + word)
            continue
        if first.isdigit():
            digits = re.sub(r"\D", "", token)
            if len(digits) >= 2:
                found.add("n:" + digits.lstrip("0") if digits.strip("0") else "n:0")
            continue
        token = _ELISION.sub("", token)
        word = fold(token)
        if len(token) >= 2 and token.isupper() and word in lexicon.acronyms:
            found.add("c:" + lexicon.acronyms[word])
            continue
        if word in lexicon.stopwords or len(word) < 3:
            continue
        concept = lexicon.concept(word)
        if concept:
            found.add("c:" + concept)
        elif not names_only_capitalised or token[0].isupper():
            found.add("w:" + word)
    return found
