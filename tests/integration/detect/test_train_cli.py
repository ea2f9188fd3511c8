from __future__ import annotations

import csv
import random
from pathlib import Path

import orjson
from tests.unit.detect.factories import item
from typer.testing import CliRunner

from rempart.cli.main import app
from rempart.detect.classifier.detector import ClassifierConfig, ClassifierDetector
from rempart.detect.classifier.model import LinearModel

HATEFUL = [
    "{g} are vermin",
    "get rid of all {g}",
    "{g} are parasites and animals",
    "ces {g} sont des rats",
    "dehors les {g}",
]
NEUTRAL = ["lovely {t} today", "the {t} was great", "going to the {t} with friends", "quel beau {t}", "on va au {t}"]
GROUPS = ["migrants", "muslims", "jews", "roms", "arabes"]
TOPICS = ["weather", "match", "concert", "marché", "parc"]


def write_examples(path: Path, rng: random.Random, count: int) -> list[tuple[str, str]]:
    rows = []
    for _ in range(count):
        if rng.random() < 0.3:
            rows.append((rng.choice(HATEFUL).format(g=rng.choice(GROUPS)), "hateful_offensive"))
        else:
            rows.append((rng.choice(NEUTRAL).format(t=rng.choice(TOPICS)), "normal"))
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["tweet", "sentiment", "lang"])
        writer.writerows([(text, label, "fr" if " les " in text or "ces " in text else "en") for text, label in rows])
        writer.writerow(["", "normal", "en"])  # rejected: empty text, reported with its line
    return rows


def test_train_writes_a_model_the_detector_loads(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = tmp_path / "labelled.csv"
    write_examples(data, rng, 400)
    model_path = tmp_path / "model.npz"
    result = CliRunner().invoke(
        app,
        [
            "train", str(data), "--out", str(model_path), "--text-column", "tweet", "--label-column", "sentiment",
            "--positive", "hateful", "--label-separator", "_", "--language-column", "lang", "--bits", "14", "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.stdout)
    assert (summary["read"], summary["used"], summary["rejected"]) == (401, 400, 1)
    assert summary["rejections"] == [{"line": 402, "reason": "tweet: missing or empty"}]
    assert summary["metrics"]["all"]["roc_auc"] == 1.0

    header = LinearModel.load(model_path).header
    assert header.features.bits == 14
    assert len(header.training["data_sha256"]) == 64

    detector = ClassifierDetector(ClassifierConfig(model_path=model_path, min_score=0.0))
    held_out = [("the weather was lovely", False), ("ces juifs sont des rats", True), ("all muslims are vermin", True)]
    scores = {text: detector.check(item(text))[0].score for text, _ in held_out}
    assert min(scores[text] for text, hateful in held_out if hateful) > max(
        scores[text] for text, hateful in held_out if not hateful
    )


def test_train_refuses_data_without_both_classes(tmp_path: Path) -> None:
    data = tmp_path / "labelled.jsonl"
    data.write_bytes(
        b"".join(orjson.dumps({"text": f"hello {n}", "label": "no"}) + b"\n" for n in range(20)) + b"{oops\n"
    )
    result = CliRunner().invoke(app, ["train", str(data), "--out", str(tmp_path / "m.npz"), "--positive", "yes"])
    assert result.exit_code != 0
    assert "both positive and negative" in result.output
    assert not (tmp_path / "m.npz").exists()
