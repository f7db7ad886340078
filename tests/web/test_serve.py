"""`paxpipe serve` migrates the database and serves on 127.0.0.1 (a real process, a real socket)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import inspect

from paxpipe.web.db import make_engine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_migrates_and_answers(tmp_path: Path, small_lake) -> None:
    port = _free_port()
    url = f"sqlite:///{tmp_path}/serve.sqlite"
    env = {**os.environ, "PAXPIPE__WEB__PRODUCTION": "false"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "paxpipe", "serve", "--port", str(port), "--lakehouse", str(small_lake[0]),
         "--database-url", url, "--demo-users"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read() if proc.stdout else "serve exited") from None
                time.sleep(0.2)
        assert body == '{"status":"ok"}'
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
            assert response.headers["X-Frame-Options"] == "DENY"
            assert "Sign in" in response.read().decode()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert {"users", "hit_states", "audit_events", "suppressions"} <= set(inspect(make_engine(url)).get_table_names())


def test_serve_refuses_demo_users_in_production(tmp_path: Path, small_lake) -> None:
    env = {**os.environ, "PAXPIPE__WEB__PRODUCTION": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "paxpipe", "serve", "--port", str(_free_port()), "--lakehouse", str(small_lake[0]),
         "--database-url", f"sqlite:///{tmp_path}/p.sqlite", "--demo-users"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2 and "refused in production" in done.stderr
