"""Helpers for the serving tests: the real API server in its own process, test tables."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pyarrow as pa

from oso.marts import load_published_marts
from oso.serving.publish import TableSpec


def projects(n: int, tag: str = "") -> pa.Table:
    """``n`` rows shaped like ``projects_v1`` (every text column non-NULL)."""
    spec = load_published_marts()["projects_v1"]
    names = [f"p{i}{tag}" for i in range(n)]
    data = {c: names if c in ("project_name", "project_id") else [c] * n for c in spec.column_names}
    return pa.table(data)


def projects_spec() -> TableSpec:
    return load_published_marts()["projects_v1"].table_spec()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(proc: subprocess.Popen[bytes], port: int, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        assert time.monotonic() < deadline, "API did not start"
        time.sleep(0.2)


@contextlib.contextmanager
def running_api(env: dict[str, str]) -> Iterator[str]:
    """The real API server (uvicorn, its own process) on OSO_API_PORT; yields its base URL."""
    port = env["OSO_API_PORT"]
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.asgi:create",
        "--factory",
        "--port",
        port,
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_healthy(proc, int(port))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
