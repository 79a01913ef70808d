"""A serving store reached through the process that holds the embedded chDB lease.

The API server exposes ``/internal/serving/{query,publish,rollback,versions}`` on loopback,
guarded by a random token it writes to ``OSO_HOME/serving/endpoint.json`` (mode 0600).
Queries come back and tables go over as Arrow IPC streams, so no row ever becomes a Python
dict. The API's store applies its own ``serving_keep_versions``.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pyarrow as pa

from oso.serving.errors import PublishError, VersionError
from oso.serving.publish import PublishResult, TableSpec
from oso.serving.store import QuerySettings, arrow_to_ipc, ipc_to_arrow
from oso.serving.versions import RollbackResult, VersionInfo

TOKEN_HEADER = "X-OSO-Serving-Token"
SPEC_HEADER = "X-OSO-Table-Spec"
EXPECTED_ROWS_HEADER = "X-OSO-Expected-Rows"
WRITE_ROUTES = ("publish", "rollback", "versions")


class RemoteStore:
    def __init__(self, url: str, token: str, database: str, timeout_s: float = 600.0) -> None:
        self.url = url.rstrip("/")
        self.database = database
        self._http = httpx.Client(timeout=timeout_s, headers={TOKEN_HEADER: token})

    def _post(self, path: str, **kwargs: Any) -> httpx.Response:
        response = self._http.post(f"{self.url}/internal/serving/{path}", **kwargs)
        if response.status_code >= 400:
            detail = response.text[:500]
            with_status = f"{path} through {self.url} failed ({response.status_code}): {detail}"
            if response.status_code == 404 and path in WRITE_ROUTES:
                raise VersionError(with_status)
            if path in WRITE_ROUTES:
                raise PublishError(with_status)
            raise RuntimeError(
                f"serving store at {self.url} answered {response.status_code}: {detail}"
            )
        return response

    def query_arrow(
        self,
        sql: str,
        parameters: dict[str, Any] | None = None,
        settings: QuerySettings | None = None,
    ) -> pa.Table:
        body = {"sql": sql, "parameters": parameters or {}, "settings": dict(settings or {})}
        return ipc_to_arrow(self._post("query", json=body).content)

    def query_rows(
        self, sql: str, parameters: dict[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        table = self.query_arrow(sql, parameters)
        return table.column_names, [tuple(r.values()) for r in table.to_pylist()]

    def publish(
        self, spec: TableSpec, table: pa.Table, expected_rows: int | None = None
    ) -> PublishResult:
        headers = {SPEC_HEADER: json.dumps(spec.to_json())}
        if expected_rows is not None:
            headers[EXPECTED_ROWS_HEADER] = str(expected_rows)
        response = self._post("publish", content=arrow_to_ipc(table), headers=headers)
        body = response.json()
        return PublishResult(**{**body, "pruned": tuple(body["pruned"])})

    def rollback(self, name: str, to: str | None = None) -> RollbackResult:
        response = self._post("rollback", json={"name": name, "to": to})
        return RollbackResult(**response.json())

    def versions(self, name: str | None = None) -> list[VersionInfo]:
        response = self._post("versions", json={"name": name})
        return [VersionInfo(**v) for v in response.json()["versions"]]

    def close(self) -> None:
        self._http.close()
