"""The `keywords` detector: term lists and regular expressions, matched after normalisation.

One signal per label (the lists' label, e.g. `hate`, `illegal.de.86a`): its score is the highest score
of the lists that matched, its evidence every match with the list, the entry, and the span of the
original text (character offsets, end exclusive).

Lists are not filtered by the item's language: slogans travel across languages (a German §86a slogan in
a French post is still one), and the policy can condition on `item.language` where it matters. Each
list's languages are reported in the evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from rempart.detect.interfaces import DetectorExample, Signal
from rempart.detect.keyword_index import KeywordIndex, RegexEngine
from rempart.detect.term_lists import load_term_lists
from rempart.items.normalize import skeleton
from rempart.items.schemas import Account, Item

DEFAULT_LISTS = Path(__file__).parent / "lists"


class KeywordsConfig(BaseModel):
    """`lists`: extra list files or directories of `*.txt` lists; `default_lists`: also load the shipped ones."""

    model_config = ConfigDict(extra="forbid")

    lists: list[Path] = []
    default_lists: bool = True
    regex_engine: RegexEngine = RegexEngine.HYPERSCAN


class KeywordsDetector:
    name: ClassVar[str] = "keywords"
    version: ClassVar[str] = "1.0.0"
    config_model: ClassVar[type[BaseModel]] = KeywordsConfig

    def __init__(self, config: KeywordsConfig | None = None) -> None:
        self.config = config or KeywordsConfig()
        paths = ([DEFAULT_LISTS] if self.config.default_lists else []) + self.config.lists
        self.index = KeywordIndex(load_term_lists(paths), self.config.regex_engine)

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        normalized = skeleton(item.text)
        hits = self.index.search(normalized.text)
        if not hits:
            return []
        by_label: dict[str, tuple[float, list[dict[str, Any]]]] = {}
        seen: set[tuple[str, int, int]] = set()  # one piece of evidence per label and span
        for hit in sorted(hits, key=lambda hit: (hit.start, -hit.end)):
            pattern = self.index.patterns[hit.pattern]
            term_list = self.index.lists[pattern.list_index]
            start, end = normalized.original_span(hit.start, hit.end)
            score, matches = by_label.get(term_list.label, (0.0, []))
            by_label[term_list.label] = (max(score, term_list.score), matches)
            if (term_list.label, start, end) in seen:
                continue
            seen.add((term_list.label, start, end))
            matches.append(
                {
                    "list": term_list.name,
                    "languages": list(term_list.languages),
                    "entry": pattern.entry,
                    "kind": term_list.kind.value,
                    "span": [start, end],
                    "text": item.text[start:end],
                }
            )
        return [
            Signal(self.name, label, score, self.version, {"matches": matches})
            for label, (score, matches) in sorted(by_label.items())
        ]

    @classmethod
    def examples(cls) -> list[DetectorExample]:
        return [
            DetectorExample("Great match tonight, Sieg Heil to the boys!", "illegal.de.86a", "en"),
            DetectorExample("S1eg H€il, les gars", "illegal.de.86a", "fr"),
            DetectorExample("Meine Ehre heißt Treue, sagte er.", "illegal.de.86a", "de"),
            DetectorExample("Blut und Ehre für immer", "illegal.de.86a", "de"),
            DetectorExample("Deutschland erwache!", "illegal.de.86a", "de"),
            DetectorExample("tous les migrants sont des rats", "hate", "fr"),
            DetectorExample("these immigrants are vermin", "hate", "en"),
            DetectorExample("We visited Scunthorpe and Sussex on the way to the Siegheilstraße fair.", None, "en"),
            DetectorExample("Le match de ce soir était génial, victoire méritée.", None, "fr"),
        ]
