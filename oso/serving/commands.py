"""``oso publish``: publish marts from the warehouse, list retained versions, roll back.

Every form goes through ``open_store``: chDB in-process (taking the lease), the API's
loopback routes when the API holds the lease, or the production ClickHouse server.
"""

from __future__ import annotations

import argparse
import sys

from oso.serving.errors import PublishError, VersionError
from oso.serving.from_warehouse import publish_marts
from oso.serving.lease import open_store
from oso.serving.versions import VersionInfo
from oso.settings import Settings


def _print_versions(infos: list[VersionInfo]) -> None:
    if not infos:
        print("no published tables")
        return
    header = ("mart", "version", "rows", "published at (UTC)", "")
    rows = [
        (
            i.table,
            i.version or "(before versioning)",
            str(i.rows),
            i.published_at or "-",
            "serving" if i.serving else "",
        )
        for i in infos
    ]
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _list(settings: Settings, marts: list[str]) -> int:
    with open_store(settings) as store:
        infos = [i for name in marts for i in store.versions(name)] if marts else store.versions()
    _print_versions(infos)
    return 0


def _rollback(settings: Settings, mart: str, to: str | None) -> int:
    with open_store(settings) as store:
        result = store.rollback(mart, to)
    print(
        f"{result.table}: now serving {result.version} ({result.rows} rows); the replaced table "
        f"is kept as {result.retired_version} "
        f"(undo: oso publish --rollback {result.table} --to {result.retired_version})"
    )
    return 0


def _publish(settings: Settings, marts: list[str]) -> int:
    failed = 0
    for name, outcome in publish_marts(settings, marts or None):
        if isinstance(outcome, PublishError):
            failed += 1
            print(f"{name}: FAILED: {outcome}", file=sys.stderr)
            continue
        kept = (
            f"; replaced table kept as {outcome.retired_version}" if outcome.retired_version else ""
        )
        dropped = f"; dropped {', '.join(outcome.pruned)}" if outcome.pruned else ""
        print(f"{name}: {outcome.rows} rows published as {outcome.version}{kept}{dropped}")
    return 1 if failed else 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    """The ``publish`` subcommand (arguments from ``oso.cli``)."""
    if args.to and not args.rollback:
        print("oso publish: --to needs --rollback MART", file=sys.stderr)
        return 2
    if args.rollback and args.marts:
        print("oso publish: --rollback takes one MART; give no other marts", file=sys.stderr)
        return 2
    try:
        if args.list:
            return _list(settings, args.marts)
        if args.rollback:
            return _rollback(settings, args.rollback, args.to)
        return _publish(settings, args.marts)
    except VersionError as exc:
        print(f"oso publish: {exc}", file=sys.stderr)
        return 2
    except PublishError as exc:
        print(f"oso publish: {exc}", file=sys.stderr)
        return 1
