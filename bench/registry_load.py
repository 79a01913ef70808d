"""Benchmark: loading and validating the full real oss-directory (``load_registry``).

Times YAML parsing, JSON-schema validation and the cross-file rules over every project and
collection, ``--repeat`` times, against an anchor in the same run: reading every YAML file's
bytes (the floor for touching the tree at all).

Usage: .venv/bin/python bench/registry_load.py [--oss-directory DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from oso.registry import load_registry  # noqa: E402

DEFAULT_REGISTRY = REPO_ROOT.parent / "shared" / "data" / "oss-directory"


def read_all(root: Path) -> int:
    return sum(len(p.read_bytes()) for p in root.rglob("*.yaml"))


def timed(fn: object, *args: object) -> float:
    started = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--oss-directory", type=Path, default=DEFAULT_REGISTRY)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.oss_directory.is_dir():
        sys.exit(f"no oss-directory at {args.oss_directory} (pass --oss-directory)")
    registry = load_registry(args.oss_directory)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"registry: {len(registry.projects)} projects, {len(registry.collections)} collections")
    anchor = [timed(read_all, args.oss_directory) for _ in range(args.repeat)]
    ours = [timed(load_registry, args.oss_directory) for _ in range(args.repeat)]
    print("anchor (read every YAML file):", ", ".join(f"{t:.2f} s" for t in anchor))
    print("load_registry (parse + validate):", ", ".join(f"{t:.2f} s" for t in ours))


if __name__ == "__main__":
    main()
