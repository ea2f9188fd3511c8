from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tests.unit.detect.factories import item
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

from rempart.detect.classifier.detector import ClassifierConfig, ClassifierDetector, OnnxSettings

VOCABULARY = {"[UNK]": 0, "hate": 1, "vermin": 2, "love": 3, "friends": 4}


def build_tokenizer(path: Path) -> None:
    tokenizer = Tokenizer(WordLevel(VOCABULARY, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.save(str(path))


def build_model(path: Path) -> None:
    """input_ids, attention_mask -> logits: the masked mean of a 2-column embedding per token."""
    embedding = np.zeros((len(VOCABULARY), 2), dtype=np.float32)
    embedding[VOCABULARY["hate"]] = [-3.0, 3.0]
    embedding[VOCABULARY["vermin"]] = [-3.0, 3.0]
    embedding[VOCABULARY["love"]] = [3.0, -3.0]
    embedding[VOCABULARY["friends"]] = [3.0, -3.0]
    nodes = [
        helper.make_node("Gather", ["embedding", "input_ids"], ["token_logits"]),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask", "last_axis"], ["mask3"]),
        helper.make_node("Mul", ["token_logits", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "sequence_axis"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask", "sequence_axis"], ["count"], keepdims=1),
        helper.make_node("Max", ["count", "one"], ["safe_count"]),
        helper.make_node("Div", ["summed", "safe_count"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny-classifier",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])],
        initializer=[
            numpy_helper.from_array(embedding, "embedding"),
            numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "sequence_axis"),
            numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def test_onnx_classifier(tmp_path: Path) -> None:
    build_tokenizer(tmp_path / "tokenizer.json")
    build_model(tmp_path / "model.onnx")
    settings = OnnxSettings(
        model_path=tmp_path / "model.onnx", tokenizer_path=tmp_path / "tokenizer.json", version="tiny-1"
    )
    detector = ClassifierDetector(ClassifierConfig(onnx=settings))

    [signal] = detector.check(item("hate hate vermin"))
    assert (signal.detector, signal.label) == ("classifier", "hate")
    assert signal.score > 0.99
    assert signal.evidence == {"model_version": "tiny-1", "threshold": 0.5}
    assert detector.check(item("love and friends")) == []
    assert detector.check(item("")) == []
    mixed = detector.model.probability("hate love")
    assert abs(mixed - 0.5) < 1e-6
