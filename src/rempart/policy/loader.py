"""Load a policy file: validate everything at start-up, with errors that name the file and the line.

Checked: YAML syntax and duplicate keys, unknown keys, DSA enumeration values, the ground, the action,
the territorial scope, duplicate rule ids, each rule's CEL expression (compiled once here), the enabled
detectors (unknown names) and each detector's settings against its own `config_model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rempart.core.errors import FieldProblem, InvalidInput
from rempart.detect.interfaces import Detector
from rempart.policy.cel import CelSyntaxError, CompiledExpression, compile_expression
from rempart.policy.schemas import PolicyFile, PolicyRule
from rempart.policy.yamllines import LocatedDocument, YamlError, load

RULE_VARIABLES = ("signals", "item", "account")


@dataclass(slots=True)
class PolicyInvalid(InvalidInput):
    code: str = "invalid_policy"


@dataclass(frozen=True, slots=True)
class CompiledRule:
    spec: PolicyRule
    expression: CompiledExpression
    countries: list[str]
    ground: dict[str, str]


@dataclass(frozen=True)
class LoadedPolicy:
    source: str
    version: str
    rules: tuple[CompiledRule, ...]
    # The enabled detectors' validated settings, in the file's order.
    detector_configs: dict[str, BaseModel]


def default_policy_path() -> Path:
    """The default policy shipped in the package (`policies/default.yaml` at the repository root links here)."""
    return Path(str(files("rempart.policy").joinpath("default.yaml")))


def load_policy(path: Path | str, detectors: Mapping[str, type[Detector]]) -> LoadedPolicy:
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyInvalid(f"cannot read policy file {source}: {error.strerror or error}") from None
    return load_policy_text(text, str(source), detectors)


def _dotted(path: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(document)"


class _Problems:
    def __init__(self, source: str, document: LocatedDocument) -> None:
        self.source = source
        self.document = document
        self.items: list[FieldProblem] = []

    def add(self, path: tuple[Any, ...], problem: str, line: int | None = None) -> None:
        where = line if line is not None else self.document.line_of(path)
        self.items.append(FieldProblem(f"{self.source}:{where}: {_dotted(path)}", problem))

    def add_validation(self, prefix: tuple[Any, ...], error: ValidationError) -> None:
        for detail in error.errors():
            # Pydantic names the branch of a union it tried (`list[str]`, `literal[...]`): not a path part.
            location = tuple(part for part in detail["loc"] if not (isinstance(part, str) and "[" in part))
            message = str(detail["msg"]).removeprefix("Value error, ")
            self.add((*prefix, *location), message)

    def raise_if_any(self) -> None:
        if self.items:
            raise PolicyInvalid(f"policy file {self.source} is not valid", self.items)


def load_policy_text(text: str, source: str, detectors: Mapping[str, type[Detector]]) -> LoadedPolicy:
    try:
        document = load(text)
    except YamlError as error:
        raise PolicyInvalid(
            f"policy file {source} is not valid", [FieldProblem(f"{source}:{error.line}: (document)", error.message)]
        ) from None
    problems = _Problems(source, document)
    if not isinstance(document.value, dict):
        problems.add((), "a policy file is a mapping with version, detectors and policies")
        problems.raise_if_any()
    try:
        policy_file = PolicyFile.model_validate(document.value)
    except ValidationError as error:
        problems.add_validation((), error)
        problems.raise_if_any()
        raise
    configs = _detector_configs(policy_file, detectors, problems)
    rules = _compile_rules(policy_file, problems)
    problems.raise_if_any()
    return LoadedPolicy(source=source, version=policy_file.version, rules=tuple(rules), detector_configs=configs)


def _detector_configs(
    policy_file: PolicyFile, detectors: Mapping[str, type[Detector]], problems: _Problems
) -> dict[str, BaseModel]:
    configs: dict[str, BaseModel] = {}
    for name, settings in policy_file.detectors.items():
        detector_class = detectors.get(name)
        if detector_class is None:
            known = ", ".join(sorted(detectors)) or "none installed"
            problems.add(("detectors", name), f"unknown detector {name!r} (known: {known})")
            continue
        try:
            configs[name] = detector_class.config_model.model_validate(settings or {})
        except ValidationError as error:
            problems.add_validation(("detectors", name), error)
    return configs


def _compile_rules(policy_file: PolicyFile, problems: _Problems) -> list[CompiledRule]:
    rules: list[CompiledRule] = []
    seen: set[str] = set()
    for position, spec in enumerate(policy_file.policies):
        if spec.id in seen:
            problems.add(("policies", position, "id"), f"duplicate policy id {spec.id!r}")
        seen.add(spec.id)
        path = ("policies", position, "rule")
        try:
            expression = compile_expression(spec.rule, RULE_VARIABLES)
        except CelSyntaxError as error:
            line = problems.document.line_in_scalar(path, spec.rule, error.line, error.column)
            problems.add(path, f"CEL: {error.message} (column {error.column})", line=line)
            continue
        rules.append(CompiledRule(spec, expression, spec.countries(), spec.ground.statement_fields()))
    return rules
