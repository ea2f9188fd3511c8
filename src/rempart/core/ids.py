"""Time-ordered, URL-safe identifiers (ULID layout: 48-bit milliseconds + 80 random bits)."""

from __future__ import annotations

import os
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32


def new_id(prefix: str = "") -> str:
    """A 26-character ULID, optionally behind `prefix_`; sorts by creation time."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    ulid = "".join(reversed(chars))
    return f"{prefix}_{ulid}" if prefix else ulid
