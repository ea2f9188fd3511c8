"""A team's own model on disk: an ONNX sentence-embedding graph and its tokenizer.json (built here)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from tests.support.claims import DIMENSION, build_tiny_model

from rempart.core.errors import InvalidInput
from rempart.detect.claims.detector import ClaimsDetector
from rempart.detect.claims.embedders import Embedder, OnnxEmbedder, load_embedder
from rempart.detect.claims.index import ClaimEntry
from rempart.detect.claims.ratings import Rating
from rempart.detect.claims.schemas import ClaimsConfig
from rempart.items.schemas import Item


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-onnx"))


def test_the_onnx_model_embeds_with_mean_pooling_over_the_mask(model_dir: Path) -> None:
    embedder = load_embedder(str(model_dir))
    assert isinstance(embedder, OnnxEmbedder)
    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dimension) == ("onnx", DIMENSION)
    vectors = embedder.embed(["Le vaccin modifie l'ADN", "The vaccine changes DNA", "gasoline cars ban"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) > 0.99  # translations share token meanings
    assert float(vectors[0] @ vectors[2]) < 0.5
    alone = embedder.embed(["vaccine"])[0]
    padded = embedder.embed(["vaccine", "vaccine changes dna gasoline cars ban"])[0]
    assert np.allclose(alone, padded, atol=1e-6)  # padding rows are left out of the mean
    assert embedder.embed([]).shape == (0, DIMENSION)


def test_the_version_names_the_model_files(model_dir: Path, tmp_path: Path) -> None:
    first = OnnxEmbedder(model_dir)
    assert OnnxEmbedder(model_dir).version == first.version
    assert load_embedder(str(model_dir / "model.onnx")).version == first.version
    (tmp_path / "model.onnx").write_bytes((model_dir / "model.onnx").read_bytes())
    with pytest.raises(InvalidInput, match=r"tokenizer\.json"):
        OnnxEmbedder(tmp_path)
    with pytest.raises(InvalidInput, match="claims model must be one of"):
        load_embedder(str(tmp_path / "nowhere"))


def test_the_detector_runs_on_the_model_on_disk(model_dir: Path) -> None:
    claim = ClaimEntry("c1", "Le vaccin modifie l'ADN", Rating.FALSE, "Faux", "https://fc.example/1", "FC", "fr")
    detector = ClaimsDetector(ClaimsConfig(model=str(model_dir), min_shared_cues=2), entries=[claim])
    assert detector.threshold == 0.8
    item = Item(
        platform="x", id="1", author_id="a", created_at=datetime(2024, 9, 1, tzinfo=UTC), text="The vaccine changes DNA"
    )
    [signal] = detector.check(item)
    assert signal.label == "claim.false"
    assert signal.evidence["model"].startswith("onnx@")
    assert signal.score == pytest.approx(1.0, abs=1e-3)
