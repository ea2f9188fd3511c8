"""Generated posts for the matching tests: same-topic posts that are unrelated, and edited copies."""

from __future__ import annotations

import random

FUNCTION_WORDS = (  # noqa: SIM905 - word lists read better as prose
    "the a an and or but of to in on for with at by from is are was were be been it this that these those "
    "we you they he she i my our your their not no so very just all more most some any can will would should"
).split()
TOPIC_WORDS = (  # noqa: SIM905 - word lists read better as prose
    "election vote voters ballot ballots polls poll candidate candidates campaign debate party parties "
    "president minister parliament senate mayor city council results count counting fraud rigged turnout "
    "district state region law court judge observers machines mail postal registration deadline sunday "
    "tuesday morning evening tonight today tomorrow week promise promises tax taxes budget schools hospitals "
    "police border immigration economy jobs prices inflation energy climate farmers workers unions strike "
    "media press journalists tv radio interview speech rally crowd supporters opponents left right centre "
    "coalition majority minority seat seats recount appeal petition protest march square streets"
).split()


def same_topic_post(rng: random.Random, words: int | None = None) -> str:
    """A post about elections: half topic words, half function words, in random order."""
    count = words if words is not None else rng.randint(8, 40)
    return " ".join(rng.choice(TOPIC_WORDS) if rng.random() < 0.5 else rng.choice(FUNCTION_WORDS) for _ in range(count))


def edited_copy(rng: random.Random, text: str, share: float = 0.2) -> str:
    """`text` with `share` of its words (rounded down, at least one) substituted, inserted or removed."""
    words = text.split()
    for _ in range(max(1, int(share * len(words)))):
        operation = rng.choice(("substitute", "insert", "remove"))
        if operation == "substitute":
            words[rng.randrange(len(words))] = rng.choice(TOPIC_WORDS)
        elif operation == "insert":
            words.insert(rng.randrange(len(words) + 1), rng.choice(TOPIC_WORDS))
        else:
            del words[rng.randrange(len(words))]
    return " ".join(words)
