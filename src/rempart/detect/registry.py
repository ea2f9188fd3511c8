"""Which detectors exist, and how the enabled ones are built.

Detector classes are discovered through the `rempart.detectors` entry-point group
(`[project.entry-points."rempart.detectors"] keywords = "rempart.detect.keywords:KeywordsDetector"`);
`register()` adds one explicitly (tests, plug-ins loaded by hand). The policy file says which ones run:
`build()` validates each one's settings with its `config_model` and constructs it.

Construction convention, in order of preference:
- a classmethod `from_config(config, context)`, or
- `__init__(self, config, context)` (a parameter named `context`), or
- `__init__(self, config)`, or `__init__(self)` for detectors without settings.

`DetectorContext` is what a detector may need from outside: detectors backed by the database (hash banks,
fact-checked claims) receive a session factory there and load their indexes once, when built.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from rempart.core.clock import Clock, SystemClock
from rempart.detect.interfaces import Detector

ENTRY_POINT_GROUP = "rempart.detectors"


class DetectorDiscoveryError(Exception):
    """An entry point that does not load, or does not name a detector class."""


@dataclass(frozen=True)
class DetectorContext:
    """What detectors may use to build themselves; all optional so that pure detectors need nothing."""

    sessions: sessionmaker[Session] | None = None
    clock: Clock = field(default_factory=SystemClock)
    data_dir: Path | None = None


def _check_class(candidate: Any, origin: str) -> type[Detector]:
    missing = [name for name in ("name", "version", "config_model", "check") if not hasattr(candidate, name)]
    if not inspect.isclass(candidate) or missing:
        detail = f"missing {', '.join(missing)}" if missing else "not a class"
        raise DetectorDiscoveryError(f"{origin} is not a detector class ({detail})")
    config_model = getattr(candidate, "config_model", None)
    if not (inspect.isclass(config_model) and issubclass(config_model, BaseModel)):
        raise DetectorDiscoveryError(f"{origin}: config_model must be a Pydantic model class")
    return cast("type[Detector]", candidate)


class DetectorRegistry:
    """Detector classes by name."""

    def __init__(self, classes: Iterable[type[Detector]] = ()) -> None:
        self._classes: dict[str, type[Detector]] = {}
        for detector_class in classes:
            self.register(detector_class)

    @classmethod
    def discover(cls) -> DetectorRegistry:
        """Every detector installed under the `rempart.detectors` entry-point group."""
        registry = cls()
        for point in entry_points(group=ENTRY_POINT_GROUP):
            origin = f"entry point {point.name!r} ({point.value})"
            try:
                loaded = point.load()
            except Exception as error:
                raise DetectorDiscoveryError(f"{origin} does not load: {error}") from error
            detector_class = _check_class(loaded, origin)
            if detector_class.name != point.name:
                raise DetectorDiscoveryError(f"{origin} names a detector called {detector_class.name!r}")
            registry.register(detector_class)
        return registry

    def register(self, detector_class: type[Detector]) -> type[Detector]:
        """Add a detector class (replacing one of the same name); returns it, so it works as a decorator."""
        checked = _check_class(detector_class, f"detector {getattr(detector_class, '__name__', detector_class)!r}")
        self._classes[checked.name] = checked
        return checked

    def names(self) -> list[str]:
        return sorted(self._classes)

    def classes(self) -> Mapping[str, type[Detector]]:
        return dict(self._classes)

    def get(self, name: str) -> type[Detector] | None:
        return self._classes.get(name)

    def build(self, name: str, config: BaseModel, context: DetectorContext) -> Detector:
        """Construct detector `name` with its validated `config` (see the module's convention)."""
        detector_class = self._classes[name]
        factory = getattr(detector_class, "from_config", None)
        if callable(factory):
            built: Detector = factory(config, context)
            return built
        parameters = inspect.signature(detector_class).parameters
        if "context" in parameters:
            return detector_class(config, context=context)  # type: ignore[call-arg]
        if parameters:
            return detector_class(config)  # type: ignore[call-arg]
        return detector_class()
