"""``oso api-key create|list|revoke``: manage the API keys file (``OSO_API_KEYS_FILE``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from api.access.auth import ANONYMOUS
from api.access.keys import ApiKeyError, KeyStore
from oso.settings import Settings


def _create(args: argparse.Namespace, settings: Settings) -> int:
    tiers = sorted(t for t in settings.api_rate_limits if t != ANONYMOUS)
    if args.tier not in tiers:
        print(
            f"oso: unknown tier {args.tier!r}; configured tiers: {', '.join(tiers)}",
            file=sys.stderr,
        )
        return 2
    store = KeyStore(settings.api_keys_path)
    try:
        row, key = store.create(args.name, args.tier)
    except ApiKeyError as exc:
        print(f"oso: {exc}", file=sys.stderr)
        return 2
    print(
        f"created API key {row.id} ({row.name}, tier {row.tier}); it is shown only once:",
        file=sys.stderr,
    )
    print(key)
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    keys = KeyStore(settings.api_keys_path).all_keys()
    print(f"{'id':<12}  {'tier':<10}  {'created_at':<25}  {'revoked_at':<25}  name")
    for key in keys:
        revoked = key.revoked_at or "-"
        print(f"{key.id:<12}  {key.tier:<10}  {key.created_at:<25}  {revoked:<25}  {key.name}")
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    try:
        key = KeyStore(settings.api_keys_path).revoke(args.id)
    except ApiKeyError as exc:
        print(f"oso: {exc}", file=sys.stderr)
        return 1
    print(f"revoked API key {key.id} ({key.name}) at {key.revoked_at}")
    return 0


def add_parser(sub: Any) -> None:
    """Add ``api-key`` to the ``oso`` command's subparsers."""
    parser = sub.add_parser(
        "api-key", help="create, list or revoke API keys (stored hashed in OSO_API_KEYS_FILE)"
    )
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a key and print it once")
    create.add_argument("name", help="who or what the key is for")
    create.add_argument("--tier", default="developer", help="rate-limit tier (default: developer)")
    create.set_defaults(func=_create)
    listing = actions.add_parser("list", help="list keys (ids, tiers, times; never secrets)")
    listing.set_defaults(func=_list)
    revoke = actions.add_parser("revoke", help="revoke a key by id; the API stops accepting it")
    revoke.add_argument("id", help="the key id (the part after oso_)")
    revoke.set_defaults(func=_revoke)
