"""What the scan and check-latency benchmarks share: CPU accounting, demo posts, the policy to run.

The machine is shared: wall-clock figures say how busy the others are, CPU time says what Rempart costs.
Both benchmarks report CPU time (`getrusage`, this process and its reaped children) next to the wall clock.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from pathlib import Path

import yaml

from rempart.policy.loader import default_policy_path


@dataclass(frozen=True, slots=True)
class CpuTimes:
    parent: float
    children: float

    @classmethod
    def now(cls) -> CpuTimes:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return cls(own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime)

    def __sub__(self, other: CpuTimes) -> CpuTimes:
        return CpuTimes(self.parent - other.parent, self.children - other.children)

    @property
    def total(self) -> float:
        return self.parent + self.children


def default_policy_without_claims(directory: Path) -> Path:
    """The shipped default policy minus the `claims` detector and the rules that read `claim.*` signals."""
    policy = yaml.safe_load(default_policy_path().read_text(encoding="utf-8"))
    policy["detectors"].pop("claims", None)
    policy["policies"] = [rule for rule in policy["policies"] if "claim." not in rule["rule"]]
    path = directory / "default-without-claims.yaml"
    path.write_text(yaml.safe_dump(policy, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def chosen_policy(directory: Path, policy: Path | None, *, claims: bool) -> Path:
    """An explicit policy file, else the default (with claims) or the default without claims."""
    if policy is not None:
        return policy
    return default_policy_path() if claims else default_policy_without_claims(directory)
