"""Real local servers for tests: the API under uvicorn, a webhook receiver, an SMTP sink (aiosmtpd)."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from fastapi import FastAPI


@contextmanager
def serve_app(app: FastAPI) -> Iterator[str]:
    """Serve `app` on a free loopback port; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class WebhookReceiver:
    """Accepts events whose HMAC-SHA256 signature checks out (others get 401); keeps one per idempotency key."""

    def __init__(self, secret: str) -> None:
        self.secret = secret.encode()
        self.events: dict[str, dict[str, Any]] = {}
        self.refused = 0
        self.url = ""

    def receive(self, body: bytes, signature: str, key: str) -> int:
        expected = "sha256=" + hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature) or not key:
            self.refused += 1
            return 401
        self.events.setdefault(key, json.loads(body))
        return 200

    def of(self, event: str) -> list[dict[str, Any]]:
        return [e for e in self.events.values() if e["event"] == event]


@contextmanager
def serve_webhook(receiver: WebhookReceiver) -> Iterator[WebhookReceiver]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.receive(
                body, self.headers.get("X-Rempart-Signature", ""), self.headers.get("Idempotency-Key", "")
            )
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/rempart"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


class SmtpSink:
    """An aiosmtpd handler that keeps every message."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def serve_smtp() -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port: take a free one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
