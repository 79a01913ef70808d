"""Open Collective GraphQL v2: one collective's transactions in a time window, as Arrow.

Pages through the root ``transactions`` query with ``limit``/``offset`` until ``totalCount``.
A response that is not JSON, carries GraphQL ``errors`` or lacks the expected fields fails
with an :class:`OpenCollectiveError` naming the query, the collective, the window and offset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from oso.http import HttpClient, SourceError
from oso.registry.loader import Registry
from oso.settings import Settings
from oso.sources.opencollective.settings import (
    PAGE_SIZE,
    QUERY_NAME,
    SOURCE,
    TRANSACTIONS_QUERY,
    TRANSACTIONS_SCHEMA,
)

_COLLECTIVE_URL = re.compile(r"^https?://(?:www\.)?opencollective\.com/([^/?#]+)", re.IGNORECASE)


class OpenCollectiveError(SourceError):
    """An Open Collective request, response or export file that cannot be used."""


def collective_slugs(registry: Registry) -> list[str]:
    """Lower-case slugs of the registry's ``open_collective`` URLs (opencollective.com/<slug>)."""
    slugs = set()
    for doc in registry.projects.values():
        for item in doc.get("open_collective") or []:
            match = _COLLECTIVE_URL.match(str(item.get("url", "")).strip())
            if match:
                slugs.add(match.group(1).lower())
    return sorted(slugs)


def api_client(settings: Settings) -> HttpClient:
    token = settings.opencollective_token
    headers = {"Personal-Token": token.get_secret_value()} if token else {}
    return HttpClient(
        SOURCE,
        settings.opencollective_api_url,
        headers=headers,
        timeout_s=settings.http_timeout_s,
        max_retry_s=settings.http_max_retry_s,
    )


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def fetch_window(
    client: HttpClient, url: str, slug: str, start: dt.datetime, end: dt.datetime
) -> pa.Table:
    """Every transaction of ``slug`` created in [start, end) (naive UTC), as TRANSACTIONS_SCHEMA."""
    where = f"{QUERY_NAME} for collective '{slug}' {start:%Y-%m-%d %H:%M}..{end:%Y-%m-%d %H:%M}"
    variables: dict[str, Any] = {
        "slug": slug,
        "dateFrom": _iso(start),
        "dateTo": _iso(end - dt.timedelta(milliseconds=1)),  # the API's dateTo is inclusive
        "limit": PAGE_SIZE,
        "offset": 0,
    }
    nodes: list[dict[str, Any]] = []
    while True:
        page, total = _page(client, url, variables, f"{where} offset {variables['offset']}")
        nodes += page
        variables["offset"] += len(page)
        if not page or variables["offset"] >= total:
            break
    return nodes_table(nodes, slug, start, end, where)


def _page(
    client: HttpClient, url: str, variables: dict[str, Any], where: str
) -> tuple[list[dict[str, Any]], int]:
    body = {"query": TRANSACTIONS_QUERY, "variables": variables}
    try:
        answer = client.json("POST", url, json=body)
    except SourceError as exc:
        raise OpenCollectiveError(f"{SOURCE}: {where}: {exc}") from exc
    if not isinstance(answer, dict):
        raise OpenCollectiveError(f"{SOURCE}: {where}: the response is not a JSON object")
    if answer.get("errors"):
        messages = "; ".join(
            str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in answer["errors"]
        )
        raise OpenCollectiveError(f"{SOURCE}: {where}: GraphQL errors: {messages}")
    collection = (answer.get("data") or {}).get("transactions")
    if not isinstance(collection, dict):
        raise OpenCollectiveError(f"{SOURCE}: {where}: no data.transactions in the response")
    nodes, total = collection.get("nodes"), collection.get("totalCount")
    if not isinstance(nodes, list) or not isinstance(total, int):
        raise OpenCollectiveError(
            f"{SOURCE}: {where}: data.transactions lacks a nodes list or an integer totalCount"
        )
    return nodes, total


def _field(node: dict[str, Any], *path: str) -> Any:
    value: Any = node
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _timestamp(text: Any, where: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError as exc:
        raise OpenCollectiveError(f"{SOURCE}: {where}: bad createdAt {text!r}") from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _usd(node: dict[str, Any]) -> float | None:
    for key in ("amount", "amountInHostCurrency"):
        if _field(node, key, "currency") == "USD" and _field(node, key, "value") is not None:
            return float(_field(node, key, "value"))
    return None


def _row(node: Any, slug: str, where: str) -> dict[str, Any]:
    """One node's column values, validated."""
    if not isinstance(node, dict):
        raise OpenCollectiveError(f"{SOURCE}: {where}: a node is not an object: {node!r:.100}")
    legacy, kind = node.get("legacyId"), node.get("type")
    value = _field(node, "amount", "value")
    if not isinstance(legacy, int) or kind not in ("CREDIT", "DEBIT"):
        raise OpenCollectiveError(f"{SOURCE}: {where}: node {node.get('id')!r} lacks legacyId/type")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise OpenCollectiveError(f"{SOURCE}: {where}: node {legacy} has no numeric amount.value")
    net = _field(node, "netAmount", "value")
    return {
        "id": str(legacy),
        "collective": slug,
        "kind": node.get("kind"),
        "type": kind,
        "amount": float(value),
        "net_amount": float(net) if isinstance(net, int | float) else None,
        "currency": _field(node, "amount", "currency"),
        "amount_usd": _usd(node),
        "created_at": _timestamp(node.get("createdAt"), f"{where} node {legacy}"),
        "description": node.get("description"),
        "opposite_slug": _field(node, "oppositeAccount", "slug"),
        "opposite_name": _field(node, "oppositeAccount", "name"),
        "host_slug": _field(node, "host", "slug"),
        "is_refund": bool(node.get("isRefund")),
        "is_refunded": bool(node.get("isRefunded")),
    }


def nodes_table(
    nodes: Iterable[Any], slug: str, start: dt.datetime, end: dt.datetime, where: str
) -> pa.Table:
    """The window's nodes as columns (validated first; rows outside [start, end) are dropped)."""
    rows = [_row(node, slug, where) for node in nodes]
    rows = [r for r in rows if start <= r["created_at"] < end]
    columns: dict[str, list[Any]] = {name: [] for name in TRANSACTIONS_SCHEMA.names}
    for row in rows:
        for name in columns:
            columns[name].append(row.get(name))
    columns["source"] = ["api"] * len(rows)
    columns["week"] = [start] * len(rows)
    return pa.table(columns, schema=TRANSACTIONS_SCHEMA)
