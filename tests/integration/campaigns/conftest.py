"""The hand-made sample shared by the campaign tests."""

from __future__ import annotations

import pytest
from tests.factories.coordination import Sample, build_sample


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("coordination"))
