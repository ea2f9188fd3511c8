from __future__ import annotations

from pathlib import Path

import pytest

from rempart.core.errors import InvalidInput
from rempart.detect.classifier.detector import ClassifierConfig, ClassifierDetector
from rempart.detect.classifier.targets import TargetTerms
from tests.unit.detect.factories import item

TARGETS = """# groups
jew
[en]
immigra*
gay
[fr]
musulman*
sale race
"""


@pytest.fixture
def targets(tmp_path: Path) -> TargetTerms:
    path = tmp_path / "targets.txt"
    path.write_text(TARGETS, encoding="utf-8")
    return TargetTerms.load(path)


def test_words_match_whole_with_their_plural_and_stems_any_ending(targets: TargetTerms) -> None:
    assert targets.find("the Jews of Paris", "en") == "Jews"
    assert targets.find("jewellery for sale", "en") is None
    assert targets.find("IMMIGRANTS again", "en") == "IMMIGRANTS"
    assert targets.find("Gays and friends", "en") == "Gays"
    assert targets.find("gayety", "en") is None


def test_sections_apply_to_their_language_and_common_entries_to_all(targets: TargetTerms) -> None:
    assert targets.find("les musulmans", "fr") == "musulmans"
    assert targets.find("les musulmans", "en") is None
    assert targets.find("immigration", "fr") is None
    assert targets.find("un juif, a jew", "fr") == "jew"
    assert targets.find("quelle sale rac3", "fr") == "sale rac3"
    # no language, or one without a section: every entry counts
    assert targets.find("les musulmans", None) == "musulmans"
    assert targets.find("los musulmanes", "es") == "musulmanes"


def test_adversarial_spellings_are_normalised(targets: TargetTerms) -> None:
    assert targets.find("those 1mm1gr4nts", "en") == "1mm1gr4nts"
    assert targets.find("g\u200bay people", "en") == "g\u200bay"


def test_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("jew\n*\nmus*lim\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        TargetTerms.load(path)
    assert [problem.field for problem in caught.value.details] == [f"{path}:2", f"{path}:3"]
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n[en]\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="invalid target terms"):
        TargetTerms.load(empty)


def test_the_hate_signal_needs_a_target_and_names_it() -> None:
    detector = ClassifierDetector(ClassifierConfig(min_score=0.0))
    assert detector.check(item("Came here to say this, started a new book about croissants", "en")) == []
    [signal] = detector.check(item("those immigrants are a plague on this town", "en"))
    assert signal.evidence["target"] == "immigrants"
    # French "retard" is a delay: not a target in French
    assert detector.check(item("l'émission a commencé avec quarante minutes de retard", "fr")) == []
    batch = detector.check_many(
        [item("what a week, trains cancelled", "en"), item("les juifs et nous", "fr")], [None, None]
    )
    assert [len(signals) for signals in batch] == [0, 1]


def test_the_target_requirement_can_be_switched_off_or_pointed_at_another_file(tmp_path: Path) -> None:
    text = "Came here to say this, started a new book about croissants"
    assert ClassifierDetector(ClassifierConfig(min_score=0.0, require_target=False)).check(item(text, "en"))
    path = tmp_path / "targets.txt"
    path.write_text("croissant*\n", encoding="utf-8")
    [signal] = ClassifierDetector(ClassifierConfig(min_score=0.0, target_terms=path)).check(item(text, "en"))
    assert signal.evidence["target"] == "croissants"
