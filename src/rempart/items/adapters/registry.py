"""The adapters by format name.

Platform formats take a `platform` that overrides their default (`x`, `mastodon`, `bluesky`), so one
Mastodon instance or an X-shaped export from another service is stored under its own name. The canonical
`jsonl` format names its platform in every record and takes none.
"""

from __future__ import annotations

from collections.abc import Callable

from rempart.items.adapters.base import Adapter
from rempart.items.adapters.bluesky_jetstream import BlueskyJetstreamAdapter
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.adapters.mastodon import MastodonAdapter
from rempart.items.adapters.x_v2 import XV2Adapter

PLATFORM_FORMATS: dict[str, Callable[[str], Adapter]] = {
    "x-v2": XV2Adapter,
    "mastodon": MastodonAdapter,
    "bluesky-jetstream": BlueskyJetstreamAdapter,
}


def adapters() -> dict[str, Adapter]:
    """One adapter per format, each with its default platform."""
    return {
        "jsonl": CanonicalJsonlAdapter(),
        "x-v2": XV2Adapter(),
        "mastodon": MastodonAdapter(),
        "bluesky-jetstream": BlueskyJetstreamAdapter(),
    }


def adapter_for(format_name: str, *, platform: str | None = None) -> Adapter:
    """The adapter for `format_name`; `platform` overrides a platform format's default platform."""
    if platform is not None:
        if format_name not in PLATFORM_FORMATS:
            msg = f"format {format_name!r} names its platform in each record; --platform applies to " + ", ".join(
                PLATFORM_FORMATS
            )
            raise ValueError(msg)
        return PLATFORM_FORMATS[format_name](platform)
    known = adapters()
    if format_name not in known:
        msg = f"unknown format {format_name!r}; known: {', '.join(sorted(known))}"
        raise ValueError(msg)
    return known[format_name]
