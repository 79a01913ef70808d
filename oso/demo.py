"""The offline demo: every source fed from bundled, clearly synthetic inputs served on loopback.

``oso demo-data`` writes the file-based inputs under ``OSO_HOME/demo`` (GH Archive hours, git
repositories, an oss-funding folder). ``oso demo`` also starts the stand-ins for the internet
(the demo upstream HTTP server for GitHub REST, npm and Open Collective, and a local EVM node
seeded with real transactions), points the settings at them, materializes everything and serves
the API, the website and the Dagster UI.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import yaml

from oso.registry import load_registry, tracked_github
from oso.settings import Settings, get_settings

log = logging.getLogger(__name__)

# Real repositories of the organisations the bundled registry tracks whole (org URLs).
ORG_REPOS = {
    "opensource-observer": ["oso", "oss-directory", "oss-funding"],
    "wevm": ["viem", "wagmi"],
}
DEMO_PROJECT = "demo-onchain-app"
DEMO_COLLECTION = "ethereum-tooling"  # the bundled collection the demo project joins


def demo_repos(settings: Settings) -> list[str]:
    """``owner/name`` of every repository the demo generates activity for."""
    tracked = tracked_github(load_registry(settings.oss_directory))
    repos = set(tracked.repos)
    for owner in tracked.owners:
        repos.update(f"{owner}/{name}" for name in ORG_REPOS.get(owner, [owner]))
    return sorted(repos)


def _progress(done: int, total: int) -> None:
    if done % 24 == 0 or done == total:
        log.info("synthetic GH Archive: %d/%d hours", done, total)


def write_demo_data(settings: Settings, out: Path | None = None) -> Path:
    """Synthetic GH Archive hours for the registry's repositories over the window."""
    from oso.sources.gharchive.synthetic import generate_hours

    out = out or settings.home / "demo" / "gharchive"
    repos = demo_repos(settings)
    log.info(
        "writing synthetic GH Archive hours for %d repositories, %s .. %s, to %s",
        len(repos),
        settings.window_start,
        settings.as_of,
        out,
    )
    generate_hours(out, repos, settings.window_start, settings.as_of, progress=_progress)
    return out


def write_demo_inputs(settings: Settings) -> dict[str, str]:
    """Every file-based demo input; returns the OSO_* settings that point at them."""
    from oso.sources.funding.demo import write_demo_funding
    from oso.sources.git.demo import write_demo_repos

    base = settings.home / "demo"
    gharchive = write_demo_data(settings, base / "gharchive")
    log.info("writing synthetic git repositories and oss-funding grants under %s", base)
    write_demo_repos(base / "git", demo_repos(settings), settings.window_start, settings.as_of)
    projects = sorted(load_registry(settings.oss_directory).projects)
    funding = write_demo_funding(base / "funding", projects, settings.window_start, settings.as_of)
    return {
        "OSO_GHARCHIVE_URL": str(gharchive),
        "OSO_GIT_BASE_URL": str(base / "git"),
        "OSO_FUNDING_DIR": str(funding),
    }


def _demo_registry(settings: Settings, chain: dict[str, object]) -> Path:
    """The bundled registry plus one clearly-labelled demo project owning the local chain's contracts."""
    target = settings.home / "demo" / "oss-directory"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(settings.oss_directory, target)
    entries = [
        {
            "address": chain["deployer"],
            "tags": ["deployer"],
            "networks": ["optimism"],
            "name": "demo deployer",
        },
        {
            "address": chain["factory"],
            "tags": ["factory"],
            "networks": ["optimism"],
            "name": "demo factory",
        },
    ]
    project = {
        "version": 7,
        "name": DEMO_PROJECT,
        "display_name": "Demo on-chain app (synthetic)",
        "description": "Synthetic: contracts deployed on the demo's local EVM node, standing in for optimism.",
        "blockchain": entries,
    }
    path = target / "projects" / DEMO_PROJECT[0] / f"{DEMO_PROJECT}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(project, sort_keys=False))
    _add_to_collection(target / "collections" / f"{DEMO_COLLECTION}.yaml", DEMO_PROJECT)
    return target


def _add_to_collection(path: Path, project: str) -> None:
    """List the demo project in a bundled collection, so collection-level onchain queries
    (OSO's "onchain metrics for a collection") have a project to find."""
    if not path.exists():
        return
    collection = yaml.safe_load(path.read_text())
    if project not in collection["projects"]:
        collection["projects"].append(project)
        path.write_text(yaml.safe_dump(collection, sort_keys=False))


@contextlib.contextmanager
def demo_services(settings: Settings) -> Iterator[dict[str, str]]:
    """Start the demo upstream server and the local EVM node; yields the OSO_* settings for them."""
    from oso.demo_upstream import DemoUpstream, load_handlers
    from oso.sources.evm.demo import seed_demo_chain
    from oso.sources.evm.devchain import ganache

    upstream = DemoUpstream(load_handlers(settings)).start()
    try:
        # the chain's clock starts on the as-of day, so its transactions fall inside the window
        with ganache("--chain.time", f"{settings.as_of}T12:00:00Z") as rpc_url:
            chain = seed_demo_chain(rpc_url)
            log.info("local EVM node %s seeded: %s", rpc_url, json.dumps(chain, default=str)[:300])
            yield {
                "OSO_GITHUB_API_URL": f"{upstream.url}/github",
                "OSO_NPM_DOWNLOADS_URL": f"{upstream.url}/npm",
                "OSO_OPENCOLLECTIVE_API_URL": f"{upstream.url}/opencollective/graphql/v2",
                "OSO_EVM_RPC_URLS": json.dumps({"optimism": rpc_url}),
                "OSO_EVM_CONFIRMATIONS": "2",
                "OSO_EVM_BLOCKS_PER_PARTITION": "32",
                "OSO_OSS_DIRECTORY": str(_demo_registry(settings, chain)),
            }
    finally:
        upstream.stop()


def run_demo(settings: Settings, *, serve_after: bool = True) -> bool:
    """Prepare every demo input, start the stand-in services, run the pipeline, then serve."""
    from oso.pipeline import run_pipeline
    from oso.serve import serve

    os.environ.update(write_demo_inputs(settings))
    with demo_services(get_settings()) as service_env:
        os.environ.update(service_env)  # dagster dev (a child process) sees the same settings
        demo_settings = get_settings()
        if not run_pipeline(demo_settings):
            return False
        if serve_after:
            serve(demo_settings, with_dagster=True)
    return True
