"""Access to the serving store (ClickHouse): chDB in-process, or a ClickHouse server.

``ServingStore`` is the one interface used by the publisher, the API and the website
builder. ``ClickHouseStore`` wraps a clickhouse-connect client (``chdb://`` DSN or HTTP
URL, same code); ``RemoteStore`` forwards to the process that holds the embedded chDB
lease (see ``oso/serving/lease.py``).
"""

from __future__ import annotations

import io
import threading
from typing import Any, Protocol

import clickhouse_connect
import pyarrow as pa
from clickhouse_connect.driver.client import Client

from oso.serving.publish import PublishResult, TableSpec, publish_table


class ServingStore(Protocol):
    database: str

    def query_arrow(self, sql: str, parameters: dict[str, Any] | None = None) -> pa.Table: ...

    def query_rows(
        self, sql: str, parameters: dict[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]: ...

    def publish(self, spec: TableSpec, table: pa.Table) -> PublishResult: ...

    def close(self) -> None: ...


class ClickHouseStore:
    """A clickhouse-connect client (chDB or server) guarded by a lock (chDB is not re-entrant)."""

    def __init__(self, client: Client, database: str) -> None:
        self.client = client
        self.database = database
        self._lock = threading.Lock()

    @classmethod
    def connect(cls, dsn: str, database: str) -> ClickHouseStore:
        client = clickhouse_connect.get_client(dsn=dsn)
        client.command(f"CREATE DATABASE IF NOT EXISTS `{database}`")
        return cls(client, database)

    def query_arrow(self, sql: str, parameters: dict[str, Any] | None = None) -> pa.Table:
        with self._lock:
            return self.client.query_arrow(sql, parameters=parameters, use_strings=True)

    def query_rows(
        self, sql: str, parameters: dict[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._lock:
            result = self.client.query(sql, parameters=parameters)
            return list(result.column_names), [tuple(r) for r in result.result_rows]

    def publish(self, spec: TableSpec, table: pa.Table) -> PublishResult:
        with self._lock:
            return publish_table(self.client, self.database, spec, table)

    def close(self) -> None:
        with self._lock:
            self.client.close()


def arrow_to_ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def ipc_to_arrow(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(io.BytesIO(data)).read_all()
