"""Items from a NATS JetStream subject, for platforms that publish their posts as a stream.

A durable pull consumer fetches messages in batches; each message holds one or more records in the
chosen format. A batch is written in one transaction and acknowledged only after the commit, so a crash
redelivers it (at-least-once) and the idempotent upsert makes the redelivery harmless: nothing is lost,
nothing is stored twice. A record that cannot be read is handed to `on_reject` (its line number is the
message's stream sequence) and its message is acknowledged, so one bad record never blocks the stream.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass

import nats
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import ConsumerConfig, StreamConfig
from nats.js.errors import NotFoundError
from sqlalchemy import Engine

from rempart.core.clock import Clock
from rempart.items.adapters.base import Adapter, Rejected
from rempart.items.service import IngestSummary, StoreWriter


@dataclass(frozen=True, slots=True)
class StreamSource:
    url: str
    stream: str
    subject: str
    durable: str


async def consume(
    source: StreamSource,
    adapter: Adapter,
    engine: Engine,
    clock: Clock,
    *,
    batch_size: int = 500,
    idle_seconds: float | None = None,
    max_messages: int | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
) -> IngestSummary:
    """Consume until `max_messages` were handled or nothing arrived for `idle_seconds` (None: forever)."""
    connection = await nats.connect(source.url)
    summary = IngestSummary()
    try:
        jetstream = connection.jetstream()
        try:
            await jetstream.stream_info(source.stream)
        except NotFoundError:
            await jetstream.add_stream(StreamConfig(name=source.stream, subjects=[source.subject]))
        subscription = await jetstream.pull_subscribe(
            source.subject,
            durable=source.durable,
            stream=source.stream,
            config=ConsumerConfig(ack_wait=60, max_ack_pending=max(batch_size * 4, 1000)),
        )
        handled = 0
        last_message = time.monotonic()
        while max_messages is None or handled < max_messages:
            wanted = batch_size if max_messages is None else min(batch_size, max_messages - handled)
            try:
                messages = await subscription.fetch(wanted, timeout=1)
            except (NatsTimeout, TimeoutError):
                if idle_seconds is not None and time.monotonic() - last_message >= idle_seconds:
                    break
                continue
            last_message = time.monotonic()
            writer = StoreWriter(engine, now=clock.now(), batch_size=len(messages) * 1000 + 1)
            for message in messages:
                sequence = message.metadata.sequence.stream
                for record in adapter.read(io.BytesIO(message.data)):
                    if isinstance(record, Rejected):
                        numbered = Rejected(sequence, record.reason, record.record)
                        if on_reject is not None:
                            on_reject(numbered)
                        writer.add(numbered)
                    else:
                        writer.add(record)
            writer.flush()  # committed: only now may the messages be acknowledged
            for message in messages:
                await message.ack()
            handled += len(messages)
            for name, value in writer.summary.as_dict().items():
                setattr(summary, name, getattr(summary, name) + value)
    finally:
        # Everything handled is acknowledged already; closing (not draining) ends a pending fetch at once.
        await connection.close()
    return summary
