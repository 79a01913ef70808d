"""``oso serve``: the GraphQL API, the static website and (optionally) the Dagster UI on localhost."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.staticfiles import StaticFiles

from oso.settings import Settings

log = logging.getLogger(__name__)


def _reset_signals() -> None:
    # A background job in a non-interactive shell inherits SIGINT/SIGTERM as ignored.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def start_dagster(settings: Settings) -> subprocess.Popen[bytes]:
    from oso.pipeline import prepare_dagster_home

    env = {**os.environ, "DAGSTER_HOME": str(prepare_dagster_home(settings))}
    cmd = [
        str(Path(sys.executable).parent / "dagster"),
        "dev",
        "-m",
        "dagster_project.definitions",
        "-h",
        settings.api_host,
        "-p",
        str(settings.dagster_port),
    ]
    log_file = (settings.home / "dagster-dev.log").open("ab")
    return subprocess.Popen(
        cmd, env=env, stdout=log_file, stderr=subprocess.STDOUT, preexec_fn=_reset_signals
    )


def site_app(site_dir: Path) -> Starlette:
    site_dir.mkdir(parents=True, exist_ok=True)
    app = Starlette()
    app.mount("/", StaticFiles(directory=site_dir, html=True), name="site")
    return app


async def _serve_all(settings: Settings) -> None:
    from api.main import create_app

    api = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host=settings.api_host,
            port=settings.api_port,
            log_level="warning",
        )
    )
    site = uvicorn.Server(
        uvicorn.Config(
            site_app(settings.site_dir),
            host=settings.api_host,
            port=settings.site_port,
            log_level="warning",
        )
    )
    await asyncio.gather(api.serve(), site.serve())


def urls(settings: Settings, with_dagster: bool) -> dict[str, str]:
    base = f"http://{settings.api_host}"
    out = {
        "GraphQL API": f"{base}:{settings.api_port}/graphql",
        "Website": f"{base}:{settings.site_port}/",
    }
    if with_dagster:
        out["Dagster UI"] = f"{base}:{settings.dagster_port}/"
    return out


def serve(settings: Settings, *, with_dagster: bool = False) -> None:
    dagster = start_dagster(settings) if with_dagster else None
    for name, url in urls(settings, with_dagster).items():
        print(f"{name:12} {url}", flush=True)
    print("Press Ctrl+C to stop.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so `finally` stops Dagster on kill too
    try:
        asyncio.run(_serve_all(settings))
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if dagster is not None:
            dagster.terminate()
            try:
                dagster.wait(timeout=20)
            except subprocess.TimeoutExpired:
                dagster.kill()
