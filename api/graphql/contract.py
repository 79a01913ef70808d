"""The committed GraphQL contract, ``api/schema.graphql``: the served schema, as SDL.

``python -m api.graphql.contract`` prints the served schema's SDL; ``--write`` updates the
committed file and ``--check`` exits 1 when it is out of date. ``tests/test_graphql_contract.py``
fails when the served schema differs from the committed file (a change to the API must commit
the new contract with it) and when any earlier committed version of a ``V1`` type lost a field
or argument: stable fields are never removed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphql import BreakingChange, build_schema, find_breaking_changes

from api.graphql.schema import build_schema as build_served_schema

CONTRACT_PATH = Path(__file__).resolve().parents[1] / "schema.graphql"
STABLE_SUFFIX = "V1"


def served_sdl() -> str:
    """The SDL of the schema the API serves for the published marts."""
    return build_served_schema().as_str().rstrip() + "\n"


def stable_breaking_changes(old_sdl: str, new_sdl: str) -> list[BreakingChange]:
    """Breaking changes from ``old_sdl`` to ``new_sdl`` that touch a ``V1`` type or root field."""
    changes = find_breaking_changes(build_schema(old_sdl), build_schema(new_sdl))
    return [change for change in changes if STABLE_SUFFIX in change.description]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m api.graphql.contract",
        description="Print, write or check the committed GraphQL contract api/schema.graphql.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="update api/schema.graphql")
    mode.add_argument("--check", action="store_true", help="exit 1 if it is out of date")
    args = parser.parse_args(argv)
    sdl = served_sdl()
    if args.write:
        CONTRACT_PATH.write_text(sdl)
        print(f"wrote {CONTRACT_PATH}", file=sys.stderr)
    elif args.check:
        if not CONTRACT_PATH.exists() or CONTRACT_PATH.read_text() != sdl:
            print(f"{CONTRACT_PATH} is out of date: run python -m api.graphql.contract --write")
            return 1
    else:
        sys.stdout.write(sdl)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
