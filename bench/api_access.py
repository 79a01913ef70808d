"""Benchmark: GraphQL over one uvicorn worker with the access layer (keys, limits, cache).

Publishes a 500-row ``projects_v1`` into a fresh chDB directory, serves ``create_app`` with
uvicorn (one worker, in this process) and drives it with ``wrk`` (a separate C process) for
each scenario: the same query answered from the cache (anonymous, and with an API key), the
same query with the cache off, and a query refused by the rate limiter (429s). The limiter
runs in every scenario (a tier big enough never to refuse, except in the 429 one).

Usage: .venv/bin/python bench/api_access.py [--seconds 10] [--connections 8]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import clickhouse_connect
import pyarrow as pa
import uvicorn

from api.access.keys import KeyStore
from api.main import create_app
from oso.marts import ColumnSpec, MartSpec
from oso.serving.publish import TableSpec
from oso.serving.store import ClickHouseStore
from oso.settings import get_settings

COLUMNS = ("project_id", "project_source", "project_namespace", "project_name", "display_name")
SPEC = MartSpec(
    "projects_v1", "Projects.", tuple(ColumnSpec(c, "string", c) for c in COLUMNS), ("project_id",)
)
QUERY = "{ oso_projectsV1(limit: 10, order_by: [{projectName: Asc}]) { projectId projectName displayName } }"
BIG = {"anonymous": {"per_minute": 10_000_000, "burst": 10_000_000}}
BIG["developer"] = BIG["anonymous"]


def publish(store: ClickHouseStore, rows: int = 500) -> None:
    data = {c: [f"{c}-{i:04d}" for i in range(rows)] for c in COLUMNS}
    table = pa.table(data)
    store.publish(TableSpec(SPEC.name, SPEC.order_by, SPEC.clickhouse_types()), table)


def serve(settings: Any, store: ClickHouseStore) -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(settings, store=store, marts={SPEC.name: SPEC})
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}/graphql"


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str], tmp: Path) -> dict:
    script = tmp / "post.lua"
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(json.dumps({'query': QUERY}))}"]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    script.write_text("\n".join(lines) + "\n")
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    def latency(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def scenario(name: str, tmp: Path, args: argparse.Namespace, store: Any, **over: Any) -> None:
    home = tmp / name.replace(" ", "_")
    _, key = KeyStore(home / "api_keys.sqlite").create("bench", "developer")
    headers = {"Content-Type": "application/json"}
    if over.pop("with_key", False):
        headers["Authorization"] = f"Bearer {key}"
    values = {"api_rate_limits": BIG, "api_rate_limit_enabled": True, "api_cache_ttl_s": 300.0}
    settings = get_settings(home=home, **(values | over))
    server, url = serve(settings, store)
    try:
        wrk(url, 2, args.connections, headers, tmp)  # warm-up
        result = wrk(url, args.seconds, args.connections, headers, tmp)
    finally:
        server.should_exit = True
        time.sleep(0.5)
    print(
        f"| {name} | {result['rps']:,.0f} | {result['p50_ms']:.2f} | {result['p99_ms']:.2f} "
        f"| {result['non_2xx']:,} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        client = clickhouse_connect.get_client(dsn=f"chdb://{tmp / 'chdb'}")
        client.command("CREATE DATABASE bench")
        store = ClickHouseStore(client, "bench")
        publish(store)
        print(f"{platform.node()}, {args.connections} connections, {args.seconds} s each")
        print("| scenario | requests/s | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|")
        scenario("cached, anonymous", tmp, args, store)
        scenario("cached, API key", tmp, args, store, with_key=True)
        scenario("not cached (cache off)", tmp, args, store, api_cache_ttl_s=0.0)
        tiny = {"anonymous": {"per_minute": 60, "burst": 30}}
        scenario("over the limit (429s)", tmp, args, store, api_rate_limits=tiny)
        scenario("limits and cache off", tmp, args, store, api_rate_limit_enabled=False,
                 api_cache_ttl_s=0.0)  # fmt: skip


if __name__ == "__main__":
    main()
