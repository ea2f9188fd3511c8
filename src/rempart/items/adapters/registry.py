"""The adapters by format name."""

from __future__ import annotations

from rempart.items.adapters.base import Adapter
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter


def adapters() -> dict[str, Adapter]:
    return {"jsonl": CanonicalJsonlAdapter()}


def adapter_for(format_name: str) -> Adapter:
    known = adapters()
    if format_name not in known:
        msg = f"unknown format {format_name!r}; known: {', '.join(sorted(known))}"
        raise ValueError(msg)
    return known[format_name]
