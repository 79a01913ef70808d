"""Access to the serving store (ClickHouse): chDB in-process, or a ClickHouse server.

``ServingStore`` is the one interface used by the publisher, the API and the website
builder: queries, publishing a table, rolling back to a retained version, listing the
versions. ``ClickHouseStore`` wraps a clickhouse-connect client (``chdb://`` DSN or HTTP
URL, same code); ``RemoteStore`` forwards to the process that holds the embedded chDB
lease (see ``oso/serving/lease.py``).
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections.abc import Mapping
from typing import Any, Protocol

import clickhouse_connect
import pyarrow as pa
from clickhouse_connect.driver.client import Client

from oso.serving.ddl import quote
from oso.serving.publish import PublishResult, TableSpec, publish_table
from oso.serving.versions import (
    RollbackResult,
    VersionInfo,
    list_versions,
    migrate_legacy,
    rollback_table,
)

DEFAULT_KEEP_VERSIONS = 3

SETTING_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
QuerySettings = Mapping[str, int | float | str]  # ClickHouse settings of one query


class ServingStore(Protocol):
    database: str

    def query_arrow(
        self,
        sql: str,
        parameters: dict[str, Any] | None = None,
        settings: QuerySettings | None = None,
    ) -> pa.Table: ...

    def query_rows(
        self, sql: str, parameters: dict[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]: ...

    def publish(
        self, spec: TableSpec, table: pa.Table, expected_rows: int | None = None
    ) -> PublishResult: ...

    def rollback(self, name: str, to: str | None = None) -> RollbackResult: ...

    def versions(self, name: str | None = None) -> list[VersionInfo]: ...

    def close(self) -> None: ...


class _LockedClient:
    """The client with each statement under the store's lock: readers run between them."""

    def __init__(self, client: Client, lock: threading.Lock) -> None:
        self._client, self._lock = client, lock

    def command(self, cmd: str, parameters: Any = None) -> Any:
        with self._lock:
            return self._client.command(cmd, parameters=parameters)

    def query(self, query: str, parameters: Any = None) -> Any:
        with self._lock:
            return self._client.query(query, parameters=parameters)

    def insert(self, table: str, data: Any, column_names: Any = "*") -> Any:
        with self._lock:
            return self._client.insert(table, data, column_names=column_names)

    def insert_arrow(self, table: str, arrow_table: Any) -> Any:
        with self._lock:
            return self._client.insert_arrow(table, arrow_table)


class ClickHouseStore:
    """A clickhouse-connect client (chDB or server) guarded by a lock (chDB is not re-entrant).

    Each statement holds ``_lock``; a publish or rollback also holds ``_write_lock`` for its
    whole run, so writes are serialized while queries still run between their statements.
    """

    def __init__(
        self, client: Client, database: str, keep_versions: int = DEFAULT_KEEP_VERSIONS
    ) -> None:
        self.client = client
        self.database = database
        self.keep_versions = keep_versions
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._locked = _LockedClient(client, self._lock)

    @classmethod
    def connect(
        cls, dsn: str, database: str, keep_versions: int = DEFAULT_KEEP_VERSIONS
    ) -> ClickHouseStore:
        client = clickhouse_connect.get_client(dsn=dsn)
        client.command(f"CREATE DATABASE IF NOT EXISTS {quote(database)}")
        return cls(client, database, keep_versions)

    def query_arrow(
        self,
        sql: str,
        parameters: dict[str, Any] | None = None,
        settings: QuerySettings | None = None,
    ) -> pa.Table:
        """``sql`` as an Arrow table; ``settings`` hold for this one query (``with_settings``)."""
        if settings:
            sql = with_settings(sql, settings)
        with self._lock:
            try:
                return self.client.query_arrow(sql, parameters=parameters, use_strings=True)
            except Exception:
                # chDB hands the partial Arrow output of a query that failed while running
                # to the next query on its handle (measured); a throwaway query takes it.
                with contextlib.suppress(Exception):
                    self.client.raw_query("SELECT 1", fmt="TabSeparated")
                raise

    def query_rows(
        self, sql: str, parameters: dict[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._lock:
            result = self.client.query(sql, parameters=parameters)
            return list(result.column_names), [tuple(r) for r in result.result_rows]

    def publish(
        self, spec: TableSpec, table: pa.Table, expected_rows: int | None = None
    ) -> PublishResult:
        with self._write_lock:
            return publish_table(
                self._locked,
                self.database,
                spec,
                table,
                keep_versions=self.keep_versions,
                expected_rows=expected_rows,
            )

    def rollback(self, name: str, to: str | None = None) -> RollbackResult:
        with self._write_lock:
            return rollback_table(self._locked, self.database, name, to)

    def versions(self, name: str | None = None) -> list[VersionInfo]:
        with self._write_lock:
            migrate_legacy(self._locked, self.database)
            return list_versions(self._locked, self.database, name)

    def close(self) -> None:
        with self._lock:
            self.client.close()


def with_settings(sql: str, settings: QuerySettings) -> str:
    """``sql`` (one SELECT without its own SETTINGS or FORMAT) with a SETTINGS clause.

    The clause scopes the settings to this query on chDB and on a server alike.
    clickhouse-connect's ``settings=`` would not: on chDB it runs ``SET`` before the query and
    restores after, and once ``readonly`` is set the restore fails, leaving the whole
    session read-only (measured with chdb 4.4 / clickhouse-connect 1.12).
    """
    pairs = []
    for name, value in settings.items():
        if not SETTING_NAME.fullmatch(name):
            raise ValueError(f"bad ClickHouse setting name {name!r}")
        if isinstance(value, bool):
            literal = "1" if value else "0"
        elif isinstance(value, int | float):
            literal = repr(value)
        else:
            literal = "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"
        pairs.append(f"{name} = {literal}")
    return f"{sql}\nSETTINGS {', '.join(pairs)}"


def arrow_to_ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def ipc_to_arrow(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(io.BytesIO(data)).read_all()
