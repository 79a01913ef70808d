"""A serving store reached through the process that holds the embedded chDB lease.

The API server exposes ``/internal/serving/{query,publish}`` on loopback, guarded by a
random token it writes to ``OSO_HOME/serving/endpoint.json`` (mode 0600). Queries come back
and tables go over as Arrow IPC streams, so no row ever becomes a Python dict.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pyarrow as pa

from oso.serving.publish import PublishError, PublishResult, TableSpec
from oso.serving.store import arrow_to_ipc, ipc_to_arrow

TOKEN_HEADER = "X-OSO-Serving-Token"


class RemoteStore:
    def __init__(self, url: str, token: str, database: str, timeout_s: float = 600.0) -> None:
        self.url = url.rstrip("/")
        self.database = database
        self._http = httpx.Client(timeout=timeout_s, headers={TOKEN_HEADER: token})

    def _post(self, path: str, **kwargs: Any) -> httpx.Response:
        response = self._http.post(f"{self.url}/internal/serving/{path}", **kwargs)
        if response.status_code >= 400:
            detail = response.text[:500]
            if path == "publish":
                raise PublishError(
                    f"publish through {self.url} failed ({response.status_code}): {detail}"
                )
            raise RuntimeError(
                f"serving store at {self.url} answered {response.status_code}: {detail}"
            )
        return response

    def query_arrow(self, sql: str, parameters: dict[str, Any] | None = None) -> pa.Table:
        body = {"sql": sql, "parameters": parameters or {}}
        return ipc_to_arrow(self._post("query", json=body).content)

    def query_rows(
        self, sql: str, parameters: dict[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        table = self.query_arrow(sql, parameters)
        return table.column_names, [tuple(r.values()) for r in table.to_pylist()]

    def publish(self, spec: TableSpec, table: pa.Table) -> PublishResult:
        header = json.dumps(
            {"name": spec.name, "order_by": list(spec.order_by), "column_types": spec.column_types}
        )
        response = self._post(
            "publish", content=arrow_to_ipc(table), headers={"X-OSO-Table-Spec": header}
        )
        return PublishResult(**response.json())

    def close(self) -> None:
        self._http.close()
