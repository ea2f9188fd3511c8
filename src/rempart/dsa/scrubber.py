"""Removing personal data from the free-text fields of a statement before it leaves (Art. 24(5)).

What is replaced, in this order, and by what:

1. e-mail addresses → ``[email]``;
2. profile links: URLs on social hosts (x.com, twitter.com, facebook.com, instagram.com, tiktok.com,
   bsky.app, t.me, linkedin.com, youtube.com), or any URL whose path has ``/@`` or ``/profile/`` or
   ``/user/`` or ``/u/`` (Mastodon and forum profiles) → ``[profile link]``; other URLs (a statute's
   address, say) stay;
3. ``@handles`` (``@name`` and Mastodon's ``@name@instance``) → ``[handle]``;
4. phone numbers: a run of 8 to 15 digits with spaces, dots, dashes or brackets between them that starts
   with ``+``, ``00``, ``0`` or ``(`` → ``[phone]`` (dates such as 2024-09-01 do not start that way);
5. names known to the store: the handles and display names of the item's author and of the accounts it
   mentions, and the notifier's name, given to `Scrubber` by the caller, matched whole-word and
   case-insensitively → ``[name]``;
6. names of other private persons, conservatively: two or three capitalised words right after a cue
   that introduces a person (``Mr``, ``Mrs``, ``Ms``, ``Dr``, ``Herr``, ``Frau``, ``M.``, ``Mme``,
   ``user``, ``named``, ``called``, ``by``, ``von``, ``par``) → the cue, then ``[name]``.

Rule 6 is deliberately narrow: capitalised words alone are not replaced, since statute names, places and
the quoted slogans a decision is about are capitalised too. Known names (rule 5) catch the people a
decision is most likely to mention. See docs/personal-data.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
SOCIAL_HOSTS = (
    "x.com",
    "twitter.com",
    "facebook.com",
    "instagram.com",
    "tiktok.com",
    "bsky.app",
    "t.me",
    "linkedin.com",
    "youtube.com",
    "threads.net",
)
PROFILE_PATH = re.compile(r"/(?:@|profile/|user/|u/)")
HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_.\-]+(?:@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)?")
PHONE = re.compile(r"(?<![\w+])(?:\+|00|0|\()[\d\s().\-/]{7,22}\d(?!\w)")
CUES = r"(?:Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Herr|Frau|M\.|Mme|Mlle|user|named|called|by|von|par)"
NAME_AFTER_CUE = re.compile(rf"\b({CUES})\s+((?:[A-ZÀ-Ý][a-zà-ÿ'\-]+)(?:\s+[A-ZÀ-Ý][a-zà-ÿ'\-]+){{1,2}})")


def _is_profile_link(url: str) -> bool:
    host = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).split("/", 1)[0].lower().removeprefix("www.")
    path = url[url.lower().find(host) + len(host) :] if host in url.lower() else ""
    return host in SOCIAL_HOSTS or bool(PROFILE_PATH.search(path))


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "[phone]" if 8 <= digits <= 15 else match.group(0)


class Scrubber:
    """Scrubs texts of one statement; `known_names` are the people the store knows are involved."""

    def __init__(self, known_names: Iterable[str] = ()) -> None:
        names = sorted({n.strip().lstrip("@") for n in known_names if n and len(n.strip().lstrip("@")) >= 3}, key=len)
        self._known = (
            re.compile(r"(?<![\w])@?(?:" + "|".join(re.escape(n) for n in reversed(names)) + r")(?![\w])", re.I)
            if names
            else None
        )

    def scrub(self, text: str) -> str:
        text = EMAIL.sub("[email]", text)
        text = URL.sub(lambda m: "[profile link]" if _is_profile_link(m.group(0)) else m.group(0), text)
        text = HANDLE.sub("[handle]", text)
        text = PHONE.sub(_phone, text)
        if self._known is not None:
            text = self._known.sub("[name]", text)
        return NAME_AFTER_CUE.sub(lambda m: f"{m.group(1)} [name]", text)
