"""A real local EVM node for tests: ganache (``tools/``) on a free loopback port.

``evm_node`` yields the node's URL and kills the node after the test; tests skip with the
install command when ganache is not installed. Also: a registry writer with blockchain entries
and a replay handler that forwards JSON-RPC to the node (optionally tampering with answers).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from oso.sources.evm.devchain import GANACHE, INSTALL_HINT, ganache, ganache_available
from tests.replay import Recorded, Reply


def start_node() -> Iterator[str]:
    if not ganache_available():
        pytest.skip(f"needs ganache at {GANACHE}: run `{INSTALL_HINT}`")
    with ganache() as url:
        yield url


@pytest.fixture
def evm_node() -> Iterator[str]:
    """URL of a fresh ganache node (deterministic accounts, one block per transaction)."""
    yield from start_node()


@pytest.fixture(scope="module")
def module_evm_node() -> Iterator[str]:
    """One ganache node shared by a module's tests."""
    yield from start_node()


def write_evm_registry(
    root: Path, projects: dict[str, list[tuple[str, list[str], list[str]]]]
) -> Path:
    """An oss-directory tree: project -> [(address, networks, tags)] blockchain entries."""
    for name, entries in projects.items():
        path = root / "projects" / name[0] / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "version": 7,
            "name": name,
            "display_name": name.title(),
            "blockchain": [
                {"address": address, "networks": networks, "tags": tags}
                for address, networks, tags in entries
            ],
        }
        path.write_text(yaml.safe_dump(doc, sort_keys=False))
    (root / "collections").mkdir(parents=True, exist_ok=True)
    return root


Tamper = Callable[[list[dict[str, Any]], list[dict[str, Any]]], list[dict[str, Any]]]


def proxy(node_url: str, tamper: Tamper | None = None) -> Callable[[Recorded], Reply]:
    """A replay handler forwarding JSON-RPC to a real node; ``tamper(calls, answers)`` may edit."""

    def handle(recorded: Recorded) -> Reply:
        calls = json.loads(recorded.body)
        answers = httpx.post(node_url, content=recorded.body, timeout=30).json()
        if tamper is not None and isinstance(calls, list):
            answers = tamper(calls, answers)
        return Reply(200, answers)

    return handle
