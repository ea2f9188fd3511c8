"""Run a transformer text classifier exported to ONNX, with its Hugging Face `tokenizer.json`, on CPU.

The graph takes `input_ids` and `attention_mask` (int64, shape [batch, sequence]) and returns logits
([batch, classes]); the probability of class `positive_index` (softmax) is the score. One session per
detector, built once; one thread by default so that worker processes, not threads, use the cores.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np


class OnnxTextClassifier:
    def __init__(
        self, model_path: Path, tokenizer_path: Path, positive_index: int, max_length: int, threads: int
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(max_length)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.inputs = {node.name for node in self.session.get_inputs()}
        self.positive_index = positive_index

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        return [self.probability(text) for text in texts]

    def probability(self, text: str) -> float:
        encoding = self.tokenizer.encode(text)
        feeds = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
        }
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.array([encoding.type_ids], dtype=np.int64)
        logits = np.asarray(self.session.run(None, {name: feeds[name] for name in self.inputs})[0])[0]
        exponentials = np.exp(logits - logits.max())
        return float(exponentials[self.positive_index] / exponentials.sum())
