"""A tiny on-disk ONNX model, so the store tests embed for real without loading a large model."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.claims import build_tiny_model


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("claims-model"))
