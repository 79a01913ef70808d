"""Deterministic, clearly synthetic Open Collective GraphQL answers for the offline demo.

The demo upstream mounts :func:`demo_handler` under ``/opencollective/``; settings point
``opencollective_api_url`` at ``.../opencollective/graphql/v2``. Any collective slug gets a
reproducible stream of synthetic transactions (contributions with their host fees, and an
expense every other week); descriptions start with "[synthetic demo]".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable
from typing import Any

from oso.settings import Settings

DemoHandler = Callable[[str, str, dict[str, list[str]], bytes], tuple[int, dict[str, str], bytes]]
_JSON = {"Content-Type": "application/json"}
_HOST = {
    "slug": "opensource",
    "name": "Open Source Collective (synthetic demo)",
    "type": "ORGANIZATION",
}


def _money(value: float) -> dict[str, Any]:
    return {"value": round(value, 2), "currency": "USD"}


def _node(slug: str, at: dt.datetime, n: int, kind: str, amount: float, other: dict) -> dict:
    digest = hashlib.sha256(f"{slug}|{at.isoformat()}|{n}|{kind}".encode()).hexdigest()
    legacy = 900_000_000_000 + int(digest[:10], 16) % 100_000_000_000  # far above real ids
    verb = {
        "CONTRIBUTION": "contribution from",
        "HOST_FEE": "host fee to",
        "EXPENSE": "expense paid to",
    }
    return {
        "id": f"synthetic-{digest[:24]}",
        "legacyId": legacy,
        "kind": kind,
        "type": "CREDIT" if amount > 0 else "DEBIT",
        "description": f"[synthetic demo] {verb[kind]} {other['name']}",
        "createdAt": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "isRefund": False,
        "isRefunded": False,
        "amount": _money(amount),
        "amountInHostCurrency": _money(amount),
        "netAmount": _money(amount * (0.97 if amount > 0 else 1.0)),
        "account": {"slug": slug, "name": f"{slug} (synthetic demo)", "type": "COLLECTIVE"},
        "oppositeAccount": other,
        "host": {"slug": _HOST["slug"]},
    }


def _day(slug: str, day: dt.date) -> list[dict[str, Any]]:
    """The synthetic transactions of one collective on one day (same inputs, same output)."""
    rng = random.Random(hashlib.sha256(f"{slug}|{day}".encode()).digest())
    nodes = []
    for n in range(rng.choice((0, 0, 1, 1, 2))):
        at = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)))
        backer = rng.randrange(1, 40)
        other = {
            "slug": f"synthetic-backer-{backer}",
            "name": f"Synthetic Backer {backer}",
            "type": "INDIVIDUAL",
        }
        amount = float(rng.choice((5, 10, 25, 50, 100, 250)))
        nodes.append(_node(slug, at, n, "CONTRIBUTION", amount, other))
        nodes.append(_node(slug, at, n, "HOST_FEE", -round(amount * 0.1, 2), _HOST))
    if day.weekday() == 3 and day.isocalendar().week % 2 == 0:
        at = dt.datetime.combine(day, dt.time(15, 0))
        payee = rng.randrange(1, 6)
        other = {
            "slug": f"synthetic-maintainer-{payee}",
            "name": f"Synthetic Maintainer {payee}",
            "type": "INDIVIDUAL",
        }
        nodes.append(_node(slug, at, 0, "EXPENSE", -float(rng.choice((200, 500, 800))), other))
    return nodes


def _parse_time(text: str) -> dt.datetime:
    return (
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        .astimezone(dt.UTC)
        .replace(tzinfo=None)
    )


def transactions_page(variables: dict[str, Any]) -> dict[str, Any]:
    """The ``transactions`` collection for the query's slug, window and page."""
    slug = str(variables["slug"]).lower()
    start, end = _parse_time(variables["dateFrom"]), _parse_time(variables["dateTo"])
    nodes: list[dict[str, Any]] = []
    day = start.date()
    while day <= end.date():
        nodes += [n for n in _day(slug, day) if start <= _parse_time(n["createdAt"]) <= end]
        day += dt.timedelta(days=1)
    nodes.sort(key=lambda n: (n["createdAt"], n["kind"], n["legacyId"]))
    offset, limit = int(variables.get("offset", 0)), int(variables.get("limit", 100))
    page = nodes[offset : offset + limit]
    return {"totalCount": len(nodes), "offset": offset, "limit": limit, "nodes": page}


def _error(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, _JSON, json.dumps({"errors": [{"message": message}]}).encode()


def demo_handler(settings: Settings) -> DemoHandler:
    """(method, path, query, body) -> (status, headers, body) for the GraphQL endpoint."""
    del settings  # the answers depend only on the request

    def handle(
        method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if path.rstrip("/") != "/graphql/v2":
            return _error(404, f"no such demo endpoint: {path}")
        if method != "POST":
            return _error(405, "POST a GraphQL query")
        try:
            request = json.loads(body or b"{}")
            variables = request.get("variables") or {}
            data = {"transactions": transactions_page(variables)}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return _error(400, f"bad request: {exc}")
        return 200, _JSON, json.dumps({"data": data}).encode()

    return handle
