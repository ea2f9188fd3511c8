"""Items from the real NATS JetStream server on 127.0.0.1:4222: acknowledged after commit, exactly once in effect."""

from __future__ import annotations

import asyncio

import nats
import orjson
from sqlalchemy import func, select

from rempart.app import AppContext
from rempart.core.ids import new_id
from rempart.items.adapters.base import Rejected
from rempart.items.adapters.jsonl import CanonicalJsonlAdapter
from rempart.items.models import ItemRow
from rempart.items.stream import StreamSource, consume


async def _publish(subject: str, payloads: list[bytes]) -> None:
    connection = await nats.connect("nats://127.0.0.1:4222")
    jetstream = connection.jetstream()
    for payload in payloads:
        await jetstream.publish(subject, payload)
    await connection.drain()


async def _delete_stream(name: str) -> None:
    connection = await nats.connect("nats://127.0.0.1:4222")
    await connection.jetstream().delete_stream(name)
    await connection.drain()


def test_consume_survives_a_stop_and_a_redelivery(context: AppContext) -> None:
    name = new_id("T").replace("_", "")
    source = StreamSource("nats://127.0.0.1:4222", name, f"{name}.items", "test-consumer")
    record = {"platform": "x", "author_id": "a", "created_at": "2024-08-12T20:00:00Z", "text": "t"}
    payloads = [orjson.dumps({**record, "id": str(i)}) for i in range(300)]
    payloads[17] = b"{not json"
    rejected: list[Rejected] = []

    async def scenario() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        # The consumer (and its stream) exist before the platform publishes.
        await consume(source, CanonicalJsonlAdapter(), context.engine, context.clock, max_messages=0)
        await _publish(source.subject, payloads)
        first = await consume(
            source,
            CanonicalJsonlAdapter(),
            context.engine,
            context.clock,
            batch_size=50,
            max_messages=120,
            on_reject=rejected.append,
        )
        # A restart resumes after the acknowledged messages; the same items published again are duplicates.
        await _publish(source.subject, payloads[:10])
        second = await consume(
            source,
            CanonicalJsonlAdapter(),
            context.engine,
            context.clock,
            batch_size=64,
            idle_seconds=1.5,
            on_reject=rejected.append,
        )
        empty = await consume(source, CanonicalJsonlAdapter(), context.engine, context.clock, idle_seconds=1.0)
        await _delete_stream(source.stream)
        return first.as_dict(), second.as_dict(), empty.as_dict()

    first, second, empty = asyncio.run(scenario())
    assert first == {"read": 120, "stored": 119, "duplicate": 0, "rejected": 1}
    assert second == {"read": 190, "stored": 180, "duplicate": 10, "rejected": 0}
    assert empty["read"] == 0
    assert [r.line for r in rejected] == [18]  # the stream sequence of the bad message
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == 299
