"""Personal data is removed from free text before it leaves."""

from __future__ import annotations

from rempart.dsa.scrubber import Scrubber


def test_contact_details_handles_and_profile_links_are_replaced() -> None:
    text = (
        "Reported by jane.doe@example.org, call +33 6 12 34 56 78 or 030 1234567. "
        "Posted by @hans_m and @alice@social.example; see https://x.com/hans_m and "
        "https://mastodon.social/@alice/1234 but the law is at https://www.gesetze-im-internet.de/stgb/__86a.html "
        "decided on 2024-09-01."
    )
    out = Scrubber().scrub(text)
    for secret in ("jane.doe", "+33", "1234567", "hans_m", "alice", "x.com", "mastodon.social"):
        assert secret not in out
    assert "[email]" in out
    assert "[phone]" in out
    assert "[handle]" in out
    assert "[profile link]" in out
    assert "https://www.gesetze-im-internet.de/stgb/__86a.html" in out
    assert "2024-09-01" in out


def test_known_names_and_names_after_a_cue_are_replaced() -> None:
    scrubber = Scrubber(["Hans Müller", "hmueller", "Marie Curie"])
    out = scrubber.scrub("Hans Müller (hmueller) wrote it; notified by Anna Schmidt; Frau Petra Weber agreed.")
    assert "Müller" not in out
    assert "hmueller" not in out
    assert "Anna Schmidt" not in out
    assert "Petra Weber" not in out
    assert out.count("[name]") == 4


def test_capitalised_words_without_a_cue_stay() -> None:
    text = "The post says Sieg Heil, contrary to the Strafgesetzbuch in Germany."
    assert Scrubber().scrub(text) == text
