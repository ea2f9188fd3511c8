"""`rempart demo run` as `make demo` runs it: generate, load, print credentials, serve until stopped.

One API process here (`rempart serve` with several is tested on its own), so a busy machine cannot delay
the start beyond the deadline.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from tests.support.server import free_port

REMPART = [sys.executable, "-m", "rempart.cli.main"]
KEY_LINE = re.compile(r"^\s+(admin|moderator|reviewer|auditor|platform|trusted_flagger)\s+(rmp_\S+)$")


def test_demo_run_serves_the_loaded_scenario_with_printed_keys(tmp_path: Path) -> None:
    env = {**os.environ, "REMPART_DATABASE_URL": f"sqlite:///{tmp_path / 'rempart.db'}"}
    port = free_port()
    command = [*REMPART, "demo", "run", "--posts", "1000", "--dir", "scenario", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert server.stdout is not None
        keys: dict[str, str] = {}
        printed: list[str] = []
        deadline = time.monotonic() + 120
        while "Ready in" not in "".join(printed):
            line = server.stdout.readline()
            assert line or server.poll() is None, f"demo run stopped: {printed}"
            assert time.monotonic() < deadline, "demo run did not get ready"
            printed.append(line)
            if match := KEY_LINE.match(line.rstrip("\n")):
                keys[match.group(1)] = match.group(2)
        text = "".join(printed)
        assert f"http://127.0.0.1:{port}/docs" in text
        assert f"http://127.0.0.1:{port}/notices/new" in text
        assert set(keys) == {"admin", "moderator", "reviewer", "auditor", "platform", "trusted_flagger"}
        assert (tmp_path / "scenario" / "truth.json").is_file()

        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the API did not start"
            time.sleep(0.2)
        assert httpx.get(f"{base}/v1/cases/queue").status_code == 401
        queue = httpx.get(f"{base}/v1/cases/queue", headers={"Authorization": f"Bearer {keys['reviewer']}"})
        assert queue.status_code == 200
        assert queue.json(), "the loaded scenario leaves cases waiting for review"
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
