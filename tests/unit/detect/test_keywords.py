from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest

from rempart.core.errors import InvalidInput
from rempart.detect.interfaces import Detector
from rempart.detect.keyword_index import KeywordIndex, RegexEngine
from rempart.detect.keywords import KeywordsConfig, KeywordsDetector
from rempart.detect.term_lists import Entry, EntryKind, TermList, load_term_list
from rempart.items.normalize import skeleton_text
from tests.unit.detect.factories import item


@cache
def detector(engine: RegexEngine = RegexEngine.HYPERSCAN) -> KeywordsDetector:
    return KeywordsDetector(KeywordsConfig(regex_engine=engine))


def labels(engine: RegexEngine, text: str) -> set[str]:
    return {signal.label for signal in detector(engine).check(item(text))}


def test_is_a_detector() -> None:
    assert isinstance(detector(), Detector)


@pytest.mark.parametrize("engine", list(RegexEngine))
@pytest.mark.parametrize("example", KeywordsDetector.examples(), ids=lambda example: example.text[:30])
def test_examples(engine: RegexEngine, example: object) -> None:
    expected = {example.label} if example.label else set()  # type: ignore[attr-defined]
    assert labels(engine, example.text) == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("engine", list(RegexEngine))
@pytest.mark.parametrize(
    "text",
    [
        "S1eg H€il les gars",
        "S\u200bieg He\u200cil",
        "Ѕіеg Неіl",
        "ＳＩＥＧ ＨＥＩＬ",
        "#SiegHeil",
        "Siiiieg Heeeeil!!!",
        "Seig-Heyl",
        "he shouted heil dem Führer",
        "M3ine Ehre h3ißt Tr3ue",
        "Unsere Ehre heisst Treue",
        "BLUT & EHRE",
    ],
)
def test_adversarial_86a_spellings(engine: RegexEngine, text: str) -> None:
    assert labels(engine, text) == {"illegal.de.86a"}


@pytest.mark.parametrize("engine", list(RegexEngine))
@pytest.mark.parametrize(
    "text",
    [
        "TOUS LES MIGRANTS SONT DES RAAATS",
        "Ces musulmans sont des cafards",
        "all these immigrants are v3rmin",
        "mort aux juifs",
        "sale bougn0ule",
        "fuck those f4ggots",
    ],
)
def test_adversarial_hate_spellings(engine: RegexEngine, text: str) -> None:
    assert labels(engine, text) == {"hate"}


def hate_score(engine: RegexEngine, text: str) -> float | None:
    scores = [signal.score for signal in detector(engine).check(item(text)) if signal.label == "hate"]
    return scores[0] if scores else None


@pytest.mark.parametrize("engine", list(RegexEngine))
@pytest.mark.parametrize(
    ("text", "score"),
    [
        # dehumanising generalisations and calls for violence: the restriction level
        ("Most refugees are nothing but PARASITES", 0.9),
        ("these MUS1IMS are sub-human", 0.9),
        ("Death to all the gays", 0.9),
        ("migrants should all be deported", 0.9),
        ("Les immigrés sont que des sous-hommes", 0.9),
        ("il faut tous les gazer les juifs", 0.9),
        ("les roms doivent tous dégager", 0.9),
        ("tous les musulmans sont des terroristes", 0.9),
        # without a determiner, "breed like rats"
        ("Honestly gay people are a disease", 0.9),
        ("refugees breed like rats", 0.9),
        ("les roms se reproduisent comme des rats", 0.9),
        # generalisations carried by "they" after the group, denying humanity: human review
        ("every problem here comes from immigrants, they're all animals", 0.85),
        ("Muslims aren't really people like us", 0.85),
        ("tout vient des migrants africains, ce sont des bêtes", 0.85),
        ("les homosexuels, c'est une maladie", 0.85),
        ("les juifs ne sont pas des gens comme nous", 0.85),
        # slurs and insults: the review level
        ("go back to Africa, m8", 0.8),
        ("dirty j3w", 0.8),
        ("Sales arabes !", 0.8),
        ("retourne dans ton pays", 0.8),
        ("une bande de tapettes", 0.8),
        ("look at those muzz1eeees", 0.8),
    ],
)
def test_hate_lists_score_attacks_above_slurs(engine: RegexEngine, text: str, score: float) -> None:
    assert hate_score(engine, text) == score


@pytest.mark.parametrize("engine", list(RegexEngine))
@pytest.mark.parametrize(
    "text",
    [
        "Muslims and Jews marched together against antisemitism",
        "les migrants sont arrivés à Lampedusa cette nuit",
        "Refugees are welcome here",
        "the rats in the metro are huge",
        "Pakistan won the cricket, go back to the hotel",
        "I met Sale, a nice Arab town in Morocco",
        "the raccoon in my garden, a real cooner",
        "Muslims are not vermin, and saying so is hate",
        "calling migrants rats is disgusting",
        "les musulmans ne sont pas des terroristes",
        "les migrants sont des êtres humains comme nous",
    ],
)
def test_hate_lists_leave_ordinary_mentions_of_groups_alone(engine: RegexEngine, text: str) -> None:
    assert hate_score(engine, text) is None


def test_evidence_points_at_the_original_text() -> None:
    text = "Bonjour. S1eg\u200b H€il, les gars"
    [signal] = detector().check(item(text))
    [match] = signal.evidence["matches"]
    start, end = match["span"]
    assert text[start:end] == "S1eg\u200b H€il"
    assert match["text"] == "S1eg\u200b H€il"
    assert match["list"] == "de-86a-slogans"
    assert signal.score == 0.95


def one_list(entries: list[str], kind: EntryKind = EntryKind.TERM) -> TermList:
    return TermList("test", "test", ("en",), 0.5, kind, tuple(Entry(entry, i) for i, entry in enumerate(entries)), "t")


@pytest.mark.parametrize("engine", list(RegexEngine))
def test_word_boundaries(engine: RegexEngine) -> None:
    terms = KeywordIndex([one_list(["cunt", "ass"])], engine)
    regexes = KeywordIndex([one_list(["cunt", "as+"], EntryKind.REGEX)], engine)
    for index in (terms, regexes):
        assert index.search("scunthorpe class assassin passage") == []
        assert [(hit.start, hit.end) for hit in index.search("you cunt")] == [(4, 8)]


def test_term_list_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("# label: Hate Speech\n# score: 2\n# kind: regex\nok\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        load_term_list(path)
    fields = {detail.field for detail in raised.value.details}
    assert fields == {f"{path}:1", f"{path}:2"}
    path.write_text("# label: hate\n# score: 0.5\n# kind: regex\nfine\n(unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        load_term_list(path)
    assert [detail.field for detail in raised.value.details] == [f"{path}:5"]


def test_extra_lists_load_from_config(tmp_path: Path) -> None:
    (tmp_path / "spam.txt").write_text("# label: spam\n# score: 0.4\nbuy now\n", encoding="utf-8")
    custom = KeywordsDetector(KeywordsConfig(lists=[tmp_path], default_lists=False))
    [signal] = custom.check(item("BUY N0W!!!"))
    assert (signal.label, signal.score) == ("spam", 0.4)
    assert custom.check(item("Sieg Heil")) == []


def synthetic_word(number: int) -> str:
    """A distinct made-up word per number (consonants only, so no two letters in a row repeat or fold)."""
    letters = "bcdfghjkmnpqrtvwxyz"
    word = "zq"
    while number or len(word) < 6:
        number, digit = divmod(number, len(letters))
        word += letters[digit] + "a"
    return word


def test_hundred_thousand_patterns_keep_a_check_fast() -> None:
    words = [synthetic_word(n) for n in range(100_000)]
    index = KeywordIndex([one_list(words[:99_000]), one_list([rf"{w}s+" for w in words[99_000:]], EntryKind.REGEX)])
    text = skeleton_text(
        f"An ordinary post about the weather in Lyon, nothing to see here, {words[99_500]}ss and more. " * 3
    )
    assert [hit.pattern for hit in index.search(text)] == [99_500] * 3
    started = time.perf_counter()
    for _ in range(1000):
        index.search(text)
    per_check = (time.perf_counter() - started) / 1000
    assert per_check < 500e-6, f"{per_check * 1e6:.0f} µs per check"
