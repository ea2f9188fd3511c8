"""The detector registry: explicit registration, checks on what is registered, construction conventions."""

from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic import BaseModel

from rempart.detect.interfaces import Signal
from rempart.detect.registry import DetectorContext, DetectorDiscoveryError, DetectorRegistry
from rempart.items.schemas import Account, Item
from tests.detectors import LangConfig, LangDetector, ScoresConfig, ScoresDetector


class NoConfig(BaseModel):
    pass


class Plain:
    name: ClassVar[str] = "plain"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[BaseModel]] = NoConfig

    def check(self, item: Item, account: Account | None = None) -> list[Signal]:
        return []


class Factory(Plain):
    name: ClassVar[str] = "factory"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    @classmethod
    def from_config(cls, config: BaseModel, context: DetectorContext) -> Factory:
        return cls(f"built with {type(config).__name__} and {context.data_dir}")


def test_register_and_build_with_each_convention() -> None:
    registry = DetectorRegistry([ScoresDetector])
    registry.register(LangDetector)
    registry.register(Plain)
    registry.register(Factory)
    assert registry.names() == ["factory", "lang", "plain", "scores"]
    context = DetectorContext()
    scores = registry.build("scores", ScoresConfig(minimum=0.3), context)
    assert isinstance(scores, ScoresDetector)
    assert scores.minimum == 0.3
    assert scores.context is context
    assert isinstance(registry.build("lang", LangConfig(), context), LangDetector)
    assert isinstance(registry.build("plain", NoConfig(), context), Plain)
    factory = registry.build("factory", NoConfig(), context)
    assert isinstance(factory, Factory)
    assert factory.marker == "built with NoConfig and None"


def test_registering_something_that_is_not_a_detector_fails() -> None:
    registry = DetectorRegistry()
    with pytest.raises(DetectorDiscoveryError, match="missing config_model"):
        registry.register(type("Half", (), {"name": "half", "version": "1", "check": lambda self: []}))  # type: ignore[arg-type]
    with pytest.raises(DetectorDiscoveryError, match="Pydantic model"):
        registry.register(
            type("Bad", (), {"name": "bad", "version": "1", "config_model": dict, "check": lambda self: []})  # type: ignore[arg-type]
        )


def test_discovery_reads_the_entry_point_group() -> None:
    discovered = DetectorRegistry.discover()
    assert "scores" not in discovered.names()
    assert all(discovered.get(name) is not None for name in discovered.names())
