"""The `classifier` detector: a trained text classifier's probability as a `hate` (or other) signal.

Two back-ends: the linear model written by `rempart train` (default: the shipped French/English
hate-speech model, see `models/hate-fr-en/README.md`), or a transformer exported to ONNX with its
`tokenizer.json` (`onnx` settings). A signal is emitted when the probability reaches `min_score`
(default: the linear model's own threshold, chosen on its validation split; 0.5 for ONNX).

A model only knows the languages it was trained on: an item declared (or detected) in another language
gets no signal, since the score of, say, the French/English model on German text means nothing. The
languages default to those of the linear model's held-out metrics (`en`, `fr` for the shipped model);
an item without a language is scored.

A hate signal also needs a target: the text must name a group (`targets.py`; the shipped model's
`targets.txt` is used unless `target_terms` names another file or `require_target` is false). The
target found is part of the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from rempart.detect.classifier.model import LinearModel
from rempart.detect.classifier.onnx_backend import OnnxTextClassifier
from rempart.detect.classifier.targets import TargetTerms
from rempart.detect.interfaces import DetectorExample, Signal
from rempart.items.schemas import Account, Item

DEFAULT_MODEL = Path(__file__).parent / "models" / "hate-fr-en" / "model.npz"


class OnnxSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model_path: Path
    tokenizer_path: Path
    positive_index: int = Field(1, ge=0)
    max_length: int = Field(256, ge=8)
    threads: int = Field(1, ge=1)
    version: str = Field("onnx", description="The model's own version, reported in signal evidence.")


class ClassifierConfig(BaseModel):
    """`model_path`: a `rempart train` model file; `onnx`: use an ONNX transformer instead."""

    model_config = ConfigDict(extra="forbid")

    model_path: Path = DEFAULT_MODEL
    onnx: OnnxSettings | None = None
    label: str | None = Field(None, description="Signal label; default: the model's own (`hate`).")
    min_score: float | None = Field(None, ge=0.0, le=1.0)
    languages: list[str] | None = Field(
        None, description="Languages the model scores; default: the linear model's, every one for ONNX."
    )
    require_target: bool = Field(True, description="Emit a signal only for texts that name a target group.")
    target_terms: Path | None = Field(
        None, description="Target terms file; default: `targets.txt` beside the linear model, if there is one."
    )


class ClassifierDetector:
    name: ClassVar[str] = "classifier"
    version: ClassVar[str] = "1.0.0"
    config_model: ClassVar[type[BaseModel]] = ClassifierConfig

    def __init__(self, config: ClassifierConfig | None = None) -> None:
        self.config = config or ClassifierConfig()
        self.model: LinearModel | OnnxTextClassifier
        if self.config.onnx is not None:
            onnx = self.config.onnx
            self.model = OnnxTextClassifier(
                onnx.model_path, onnx.tokenizer_path, onnx.positive_index, onnx.max_length, onnx.threads
            )
            default_label, default_threshold, self.model_version = "hate", 0.5, onnx.version
            default_languages: list[str] | None = None
        else:
            self.model = LinearModel.load(self.config.model_path)
            header = self.model.header
            default_label, default_threshold = header.signal_label, header.threshold
            self.model_version = header.model_version
            default_languages = sorted(set(header.metrics.get("test", {})) - {"all"}) or None
        self.label = self.config.label or default_label
        self.min_score = default_threshold if self.config.min_score is None else self.config.min_score
        languages = default_languages if self.config.languages is None else self.config.languages
        self.languages = frozenset(languages) if languages else None
        self.targets = self._targets()

    def _targets(self) -> TargetTerms | None:
        if not self.config.require_target:
            return None
        if self.config.target_terms is not None:
            return TargetTerms.load(self.config.target_terms)
        beside = self.config.model_path.parent / "targets.txt"
        return TargetTerms.load(beside) if self.config.onnx is None and beside.exists() else None

    def _scored(self, item: Item) -> bool:
        """Whether the model reads this item: it has text in a language the model knows (or no language)."""
        language = item.language
        return bool(item.text) and (self.languages is None or language is None or language in self.languages)

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        if not self._scored(item):
            return []
        return self._signals(self.model.probability(item.text), item)

    def check_many(self, items: Sequence[Item], accounts: Sequence[Account | None]) -> list[list[Signal]]:
        """One signal list per item; the linear model's features are computed for all the texts at once."""
        scored = [self._scored(item) for item in items]
        texts = [item.text for item, read in zip(items, scored, strict=True) if read]
        probabilities = iter(self.model.probabilities(texts) if texts else [])
        return [
            self._signals(next(probabilities), item) if read else [] for item, read in zip(items, scored, strict=True)
        ]

    def _signals(self, probability: float, item: Item) -> list[Signal]:
        if probability < self.min_score:
            return []
        evidence: dict[str, object] = {"model_version": self.model_version, "threshold": self.min_score}
        if self.targets is not None:
            target = self.targets.find(item.text, item.language)
            if target is None:
                return []
            evidence["target"] = target
        return [Signal(self.name, self.label, round(probability, 4), self.version, evidence)]

    @classmethod
    def examples(cls) -> list[DetectorExample]:
        return [
            DetectorExample("fucking faggots should all die", "hate", "en"),
            DetectorExample("les arabes dehors, sales bougnoules", "hate", "fr"),
            DetectorExample("Thanks everyone for coming to the bake sale, see you next week!", None, "en"),
            DetectorExample("Merci à tous pour votre venue, à la semaine prochaine !", None, "fr"),
        ]
