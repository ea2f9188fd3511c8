"""Turn the two labelled hate-speech sets into one JSON Lines file for `rempart train`.

    python scripts/prepare_hate_speech.py DATA_DIR OUT.jsonl

DATA_DIR holds `davidson_en_labeled.csv` and `mlma_fr.csv` (see their README). Each output line is
`{"text", "label", "language", "source"}` with `label` one of `hate` or `other`:
- Davidson (English): `class` 0 (hate speech) is `hate`; 1 (offensive language) and 2 (neither) are `other`.
- MLMA (French): `hate` when `hateful` is one of the `_`-joined `sentiment` values; `other` otherwise,
  including tweets only `offensive`, `abusive`, `disrespectful` or `fearful`.
Offensive is not hate: the detector feeds a policy on illegal hate speech, and profanity or insults that
attack no protected group are not that. Training it as a negative teaches the model the difference the
annotators drew, at the price of a harder task.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import orjson


def main(data_dir: Path, out: Path) -> None:
    with out.open("wb") as stream:
        with (data_dir / "davidson_en_labeled.csv").open(encoding="utf-8", newline="") as source:
            for row in csv.DictReader(source):
                label = "hate" if row["class"] == "0" else "other"
                record = {"text": row["tweet"], "label": label, "language": "en", "source": "davidson"}
                stream.write(orjson.dumps(record) + b"\n")
        with (data_dir / "mlma_fr.csv").open(encoding="utf-8", newline="") as source:
            for row in csv.DictReader(source):
                label = "hate" if "hateful" in row["sentiment"].split("_") else "other"
                record = {"text": row["tweet"], "label": label, "language": "fr", "source": "mlma"}
                stream.write(orjson.dumps(record) + b"\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
