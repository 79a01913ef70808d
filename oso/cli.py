"""The ``oso`` command line: run the pipeline, serve the API and website, validate a registry."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from oso.settings import Settings, get_settings
from oso.storage import StorageError

log = logging.getLogger("oso")


def _validate(args: argparse.Namespace) -> int:
    from oso.registry import validate_tree
    from oso.registry.loader import RegistryError

    try:
        registry, issues = validate_tree(Path(args.path))
    except RegistryError as exc:
        print(exc, file=sys.stderr)
        return 1
    for issue in issues:
        print(issue, file=sys.stderr)
    status = f"{len(issues)} problem(s)" if issues else "valid"
    print(
        f"{args.path}: {len(registry.projects)} projects, {len(registry.collections)} collections loaded; {status}"
    )
    return 1 if issues else 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from oso.pipeline import run_pipeline

    hours = None
    if args.hours:
        first, _, last = args.hours.partition("..")
        hours = (_hour_key(first), _hour_key(last or first))
    ok = run_pipeline(
        settings, skip_ingestion=args.skip_ingestion, ingest_only=args.ingest_only, hours=hours
    )
    return 0 if ok else 1


def _hour_key(text: str) -> str:
    """``2015-01-01-12`` -> the hourly partition key ``2015-01-01-12:00``."""
    day, _, hour = text.strip().rpartition("-")
    return f"{day}-{int(hour):02d}:00"


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from oso.serve import serve

    serve(settings, with_dagster=args.dagster)
    return 0


def _demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from oso.demo import write_demo_data

    out = write_demo_data(settings, Path(args.out) if args.out else None)
    print(out)
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from oso.demo import run_demo

    return 0 if run_demo(settings, serve_after=not args.no_serve) else 1


def _publish(args: argparse.Namespace, settings: Settings) -> int:
    from oso.serving.commands import run as run_publish

    return run_publish(args, settings)


def _add_publish_parser(sub: argparse._SubParsersAction) -> None:
    publish = sub.add_parser(
        "publish",
        help="publish marts into the serving store, list retained versions, or roll back",
        description="Publish dbt marts from the warehouse into ClickHouse (staging table, row-count "
        "check, EXCHANGE TABLES); the replaced table is kept as <mart>__v<UTC time> and the newest "
        "OSO_SERVING_KEEP_VERSIONS versions are retained. Works on chDB in-process, through the "
        "running API when it holds chDB, or on the production ClickHouse server.",
        epilog="examples: oso publish | oso publish projects_v1 | oso publish --list projects_v1 | "
        "oso publish --rollback projects_v1 [--to v20250101120000000000]",
    )
    publish.add_argument(
        "marts", nargs="*", metavar="MART", help="marts to publish or list (default: every one)"
    )
    action = publish.add_mutually_exclusive_group()
    action.add_argument(
        "--list", action="store_true", help="show each mart's serving and retained versions"
    )
    action.add_argument(
        "--rollback",
        metavar="MART",
        help="swap a retained version back in; the rolled-out table is kept so it can be undone",
    )
    publish.add_argument(
        "--to", metavar="VERSION", help="with --rollback: the version (default: newest retained)"
    )
    publish.set_defaults(func=_publish)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oso",
        description="Open source impact metrics: oss-directory + GH Archive -> dbt marts -> ClickHouse -> API and website. "
        "Configuration comes from OSO_* environment variables and .env (see README).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="materialize every asset for the window OSO_START..OSO_END")
    run.add_argument(
        "--skip-ingestion", action="store_true", help="only rebuild dbt, publishing and the website"
    )
    run.add_argument(
        "--ingest-only", action="store_true", help="only ingest: no dbt, publishing or website"
    )
    run.add_argument(
        "--hours",
        metavar="FIRST[..LAST]",
        help="only these GH Archive hours of the window, e.g. 2015-01-01-12 or 2015-01-01-0..2015-01-01-5",
    )
    run.set_defaults(func=_run)
    serve = sub.add_parser(
        "serve", help="serve the GraphQL API (OSO_API_PORT) and the website (OSO_SITE_PORT)"
    )
    serve.add_argument(
        "--dagster", action="store_true", help="also start the Dagster UI (OSO_DAGSTER_PORT)"
    )
    serve.set_defaults(func=_serve)
    validate = sub.add_parser(
        "validate", help="check an oss-directory tree and report every problem"
    )
    validate.add_argument(
        "path", help="folder with projects/ and collections/ (or data/projects, data/collections)"
    )
    validate.set_defaults(func=_validate, no_settings=True)
    demo = sub.add_parser(
        "demo-data", help="write synthetic GH Archive hours for the registry over the window"
    )
    demo.add_argument("--out", help="output folder (default: OSO_HOME/demo/gharchive)")
    demo.set_defaults(func=_demo_data)
    full = sub.add_parser(
        "demo",
        help="the offline demo: synthetic inputs for every source served on loopback, run, then serve all",
    )
    full.add_argument("--no-serve", action="store_true", help="stop after materializing everything")
    full.set_defaults(func=_demo)
    _add_publish_parser(sub)
    from api.access.cli import add_parser as add_api_key_parser  # imports only the key store

    add_api_key_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if getattr(args, "no_settings", False):
        return int(args.func(args))
    try:
        settings = get_settings()
    except ValueError as exc:
        print(f"oso: bad settings: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args, settings))
    except StorageError as exc:  # a full disk, a permission error: say where, no traceback
        print(f"oso: {exc.strerror}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
