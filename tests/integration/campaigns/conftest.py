"""A hand-made sample: background chatter, one viral moment of 200 organic accounts, one 30-account campaign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from tests.factories.coordination import T0, Records


@dataclass
class Sample:
    items: Path
    accounts: Path
    records: Records
    viral: list[str]
    campaign: list[str]


def build_sample(directory: Path, *, with_campaign: bool = True) -> Sample:
    records = Records(seed=3)
    background = records.background(accounts=400, posts_each=15)
    viral = background[:200]
    records.viral(viral, T0 + timedelta(days=2, hours=3), "https://www.daily-news.example/big-story?utm_source=tw")
    campaign = records.campaign("camp", 30, links=6, at=T0 + timedelta(hours=5)) if with_campaign else []
    items, accounts = records.write(directory)
    return Sample(items, accounts, records, viral, campaign)


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("coordination"))
