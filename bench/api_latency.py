"""Benchmark: the API answering OSO's 20 example queries on data of the full registry's size.

Needs a warehouse built over the full real oss-directory (7,112 projects), e.g.::

    .venv/bin/python bench/dbt_build.py --events 1M --work-dir DIR --keep --no-run
    .venv/bin/python bench/api_latency.py --home DIR

In one run it

1. publishes every mart from ``DIR/warehouse.duckdb`` into the embedded ClickHouse (chDB) at
   ``DIR/serving`` with ``oso publish`` (timed);
2. starts the real API server (uvicorn, **one worker**, its own process) twice, with the response
   cache off ("uncached") and on ("cached"), rate limits off; for every example query (the SQL
   form through ``POST /api/v1/sql`` and the GraphQL form through ``/graphql``, names from
   ``api.examples.OSO_NAMES``) it measures the latency of ``--requests`` sequential requests
   (p50/p99, one keep-alive client) and, with ``wrk``, requests/s over ``--duration`` s with
   ``--connections`` connections;
3. the anchor: the same queries run directly on ClickHouse, in this process, with no HTTP,
   GraphQL or JSON, ``--requests`` times (p50): for the SQL form the SQL the SQL API runs
   (``check_query``'s rewrite), for the GraphQL form the statements the API runs for it
   (recorded by executing the query in this process).

Prints a Markdown table (for docs/BENCHMARKS.md) and writes the numbers as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from api.examples import EXAMPLES, OSO_NAMES, Example, render
from api.sqlapi.guard import check_query

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Request:
    label: str  # "07 graphql"
    path: str
    body: dict


def requests_for(example: Example) -> list[Request]:
    out = [Request(f"{example.number:02d} sql", "/api/v1/sql", {"query": example.sql})]
    if example.graphql:
        body = {"query": example.graphql, "variables": {}}
        out.append(Request(f"{example.number:02d} graphql", "/graphql", body))
    return out


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def graphql_variables(client: httpx.Client, base: str, example: Example) -> dict:
    """Variables from SQL over the API itself (the chart query's ids)."""
    out = {}
    for name, sql in (example.variables or {}).items():
        lines = client.post(f"{base}/api/v1/sql", json={"query": sql}).text.splitlines()
        out[name] = [row[0] for line in lines for row in json.loads(line).get("data", [])]
    return out


def sequential_ms(client: httpx.Client, base: str, req: Request, n: int) -> list[float]:
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.post(f"{base}{req.path}", json=req.body)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200 or b'"errors"' in response.content[:200]:
            raise SystemExit(f"{req.label}: {response.status_code} {response.text[:300]}")
    return timings


def wrk_rps(base: str, req: Request, seconds: int, connections: int) -> float:
    """requests/s from wrk, POSTing the request body; non-2xx answers fail the benchmark."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(json.dumps(req.body))}\n"
        )
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script.name, base + req.path]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    if "Non-2xx" in out:
        raise SystemExit(f"{req.label}: wrk saw errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


@contextmanager
def api_server(env: dict[str, str], port: int) -> Iterator[str]:
    cmd = [sys.executable, "-m", "uvicorn", "api.asgi:create", "--factory", "--port", str(port)]
    cmd += ["--log-level", "warning", "--no-access-log", "--workers", "1"]
    proc = subprocess.Popen(cmd, env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise SystemExit("the API did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def measure_api(env: dict, port: int, examples: list[Example], args: argparse.Namespace) -> dict:
    results: dict[str, dict] = {}
    with api_server(env, port) as base, httpx.Client(timeout=120) as client:
        for example in examples:
            if example.variables:
                variables = graphql_variables(client, base, example)
            for req in requests_for(example):
                if req.path == "/graphql" and example.variables:
                    req.body["variables"] = variables
                sequential_ms(client, base, req, 3)  # warm up (and fill the cache)
                ms = sequential_ms(client, base, req, args.requests)
                rps = wrk_rps(base, req, args.duration, args.connections) if args.wrk else None
                results[req.label] = {
                    "p50_ms": percentile(ms, 0.5), "p99_ms": percentile(ms, 0.99), "rps": rps,
                }  # fmt: skip
                log(f"  {req.label}: p50 {results[req.label]['p50_ms']:.2f} ms, {rps} req/s")
    return results


class _Recorder:
    """A store that runs queries and keeps the statements (to replay them directly)."""

    def __init__(self, store: Any) -> None:
        self.store, self.database, self.calls = store, store.database, []

    def query_rows(self, sql: str, parameters: dict | None = None) -> Any:
        self.calls.append((sql, parameters))
        return self.store.query_rows(sql, parameters)


def graphql_statements(store: Any, settings: Any, example: Example, marts: dict) -> list:
    """The SQL statements the API runs for ``example``'s GraphQL form (in this process)."""
    from starlette.requests import Request

    from api.graphql import build_schema
    from api.graphql.context import ApiContext

    variables = {}
    for name, sql in (example.variables or {}).items():
        checked = check_query(sql, marts, store.database).sql
        variables[name] = store.query_arrow(checked).column(0).to_pylist()
    recorder = _Recorder(store)
    request = Request({"type": "http", "method": "POST", "headers": [], "path": "/graphql"})
    context = ApiContext(store=recorder, settings=settings, marts=marts, request=request)  # type: ignore[arg-type]
    result = asyncio.run(build_schema(marts).execute(example.graphql, variables, context))
    if result.errors:
        raise SystemExit(f"{example.number}: {result.errors}")
    return recorder.calls


def _replay(store: Any, calls: list) -> None:
    for sql, parameters in calls:
        store.query_rows(sql, parameters)


def _p50_ms(run: Any, n: int) -> float:
    ms = []
    for _ in range(n + 3):
        start = time.perf_counter()
        run()
        ms.append((time.perf_counter() - start) * 1000)
    return percentile(ms[3:], 0.5)


def measure_direct(home: Path, examples: list[Example], n: int) -> dict[str, float]:
    """p50 ms of each query asked directly of chDB in this process (no HTTP, no API): the
    SQL form as the SQL API rewrites it, and the statements the GraphQL form runs."""
    from oso.marts import load_published_marts
    from oso.serving.lease import open_store
    from oso.settings import Settings

    settings = Settings(home=home)  # type: ignore[call-arg]
    marts = load_published_marts()
    out = {}
    with open_store(settings) as store:
        for example in examples:
            sql = check_query(example.sql, marts, store.database).sql
            out[f"{example.number:02d} sql"] = _p50_ms(partial(store.query_arrow, sql), n)
            if example.graphql:
                calls = graphql_statements(store, settings, example, marts)
                out[f"{example.number:02d} graphql"] = _p50_ms(partial(_replay, store, calls), n)
    return out


def table(examples: list[Example], direct: dict, uncached: dict, cached: dict) -> str:
    lines = [
        "| query | form | direct ClickHouse p50 ms | uncached p50 / p99 ms | uncached req/s "
        "| cached p50 / p99 ms | cached req/s | uncached / direct |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for example in examples:
        for req in requests_for(example):
            u, c, d = uncached[req.label], cached[req.label], direct[req.label]
            lines.append(
                f"| {example.number:02d} {example.title} | {req.label[3:]} | {d:.2f} "
                f"| {u['p50_ms']:.2f} / {u['p99_ms']:.2f} | {u['rps'] or 0:.0f} "
                f"| {c['p50_ms']:.2f} / {c['p99_ms']:.2f} | {c['rps'] or 0:.0f} "
                f"| {u['p50_ms'] / d:.1f}x |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, required=True, help="OSO_HOME with warehouse.duckdb")
    parser.add_argument("--as-of", default="2025-06-30", help="the warehouse's as-of date")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per query")
    parser.add_argument("--duration", type=int, default=5, help="wrk seconds per query")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--no-wrk", dest="wrk", action="store_false", help="skip requests/s")
    parser.add_argument("--skip-publish", action="store_true", help="serve what is published")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, help="write the numbers as JSON here")
    args = parser.parse_args()
    if args.wrk and not shutil.which("wrk"):
        raise SystemExit("wrk is needed for requests/s (apt-get install wrk), or pass --no-wrk")
    as_of = dt.date.fromisoformat(args.as_of)
    examples = [render(e, OSO_NAMES, as_of) for e in EXAMPLES]
    env = {**os.environ, "OSO_HOME": str(args.home), "OSO_END": args.as_of}
    env |= {"OSO_API_RATE_LIMIT_ENABLED": "false", "OSO_API_PORT": str(args.port)}
    if not args.skip_publish:
        log("publishing every mart (oso publish) ...")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "oso.cli", "publish"], env=env, cwd=REPO, check=True)
        log(f"published in {time.perf_counter() - start:.1f} s")
    log("API, response cache off ...")
    uncached = measure_api({**env, "OSO_API_CACHE_TTL_S": "0"}, args.port, examples, args)
    log("API, response cache on ...")
    cached = measure_api({**env, "OSO_API_CACHE_TTL_S": "300"}, args.port, examples, args)
    log("direct ClickHouse ...")
    direct = measure_direct(args.home, examples, args.requests)
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.1f}")
    print(table(examples, direct, uncached, cached))
    summary = {
        "uncached_p50_median": statistics.median(v["p50_ms"] for v in uncached.values()),
        "cached_p50_median": statistics.median(v["p50_ms"] for v in cached.values()),
    }
    print(json.dumps(summary))
    if args.out:
        args.out.write_text(json.dumps({"direct": direct, "uncached": uncached, "cached": cached}))


if __name__ == "__main__":
    main()
