"""`rempart keys create` and `rempart serve` with several worker processes, as an operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from tests.support.server import free_port

REMPART = [sys.executable, "-m", "rempart.cli.main"]


def test_serve_with_workers_and_a_created_key(tmp_path: Path) -> None:
    env = {**os.environ, "REMPART_DATABASE_URL": f"sqlite:///{tmp_path / 'rempart.db'}"}
    created = subprocess.run(
        [*REMPART, "keys", "create", "--name", "integration", "--role", "platform", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    key = json.loads(created.stdout)
    assert key["role"] == "platform"
    assert key["key"].startswith("rmp_")
    port = free_port()
    server = subprocess.Popen(
        [*REMPART, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # two worker processes importing the app on a busy machine
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        headers = {"Authorization": f"Bearer {key['key']}"}
        item = {"platform": "x", "id": "1", "author_id": "u", "created_at": "2024-08-12T20:00:00Z", "text": "hi"}
        # Several requests so that both worker processes answer; every one sees the same store.
        results = [httpx.post(f"{base}/v1/items", json={"items": [item]}, headers=headers).json() for _ in range(6)]
        assert sum(r["stored"] for r in results) == 1
        assert sum(r["duplicate"] for r in results) == 5
    finally:
        server.terminate()
        server.wait(timeout=20)
