"""Retained versions of a published table, rollback, and the ``_publish_log``.

The serving table ``<name>`` carries its version id in its table comment (``v`` + UTC
``YYYYMMDDhhmmssffffff`` of its publish); the comment moves with the data through
``EXCHANGE TABLES`` and ``RENAME``. A replaced table is kept as ``<name>__<version>``, so a
version's name says when its data was published. Only statements that chDB and a
ClickHouse server both run are used; ``EXCHANGE TABLES`` needs an Atomic database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Protocol

from oso.serving.ddl import quote
from oso.serving.errors import PublishError, VersionError

PUBLISH_LOG = "_publish_log"
LEGACY_SUFFIX = "__previous"  # the one retained table of releases before versioning
VERSION = re.compile(r"v\d{20}")
_VERSION_TABLE = re.compile(r"(?P<mart>[A-Za-z_][A-Za-z0-9_]*?)__(?P<version>v\d{20})")
# ``published_at`` is the log's time column of earlier releases, kept as an alias of ``at``.
_LOG_COLUMNS = (
    "(`table` String, `rows` Int64, `version` String, `action` LowCardinality(String), "
    "`at` DateTime64(6, 'UTC'), `published_at` DateTime64(6, 'UTC') ALIAS `at`) "
    "ENGINE = MergeTree ORDER BY (`table`, `at`)"
)


class SqlClient(Protocol):
    """What the publisher needs of a clickhouse-connect client."""

    def command(self, cmd: str, parameters: Any = None) -> Any: ...

    def query(self, query: str, parameters: Any = None) -> Any: ...

    def insert(self, table: str, data: Any, column_names: Any = "*") -> Any: ...

    def insert_arrow(self, table: str, arrow_table: Any) -> Any: ...


@dataclass(frozen=True)
class VersionInfo:
    table: str  # the mart
    version: str  # "" for a serving table published before versioning
    rows: int
    published_at: str  # from the version id; "" when unknown
    serving: bool


@dataclass(frozen=True)
class RollbackResult:
    table: str
    version: str  # now serving
    rows: int
    retired_version: str  # the rolled-out table, kept so the rollback can be undone
    at: str


def new_version(after: str = "") -> str:
    """A version id for now (UTC, microseconds), later than ``after``."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    if after and stamp <= after[1:]:
        stamp = f"{int(after[1:]) + 1:020d}"
    return f"v{stamp}"


def version_time(version: str) -> str:
    if not VERSION.fullmatch(version):
        return ""
    return dt.datetime.strptime(version[1:], "%Y%m%d%H%M%S%f").replace(tzinfo=dt.UTC).isoformat()


def require_atomic(client: SqlClient, database: str) -> None:
    rows = client.query(
        "SELECT engine FROM system.databases WHERE name = {db:String}", parameters={"db": database}
    ).result_rows
    if not rows:
        raise PublishError(f"the serving database {database!r} does not exist")
    if rows[0][0] != "Atomic":
        raise PublishError(
            f"the serving database {database!r} uses the {rows[0][0]} engine; atomic publishing "
            f"(EXCHANGE TABLES) needs an Atomic database: CREATE DATABASE {database} ENGINE = Atomic"
        )


def _tables(client: SqlClient, database: str) -> dict[str, tuple[str, int]]:
    """Every table of ``database``: name -> (comment, rows)."""
    result = client.query(
        "SELECT name, comment, total_rows FROM system.tables WHERE database = {db:String}",
        parameters={"db": database},
    )
    return {str(n): (str(c or ""), int(r or 0)) for n, c, r in result.result_rows}


def list_versions(client: SqlClient, database: str, name: str | None = None) -> list[VersionInfo]:
    """Serving tables and their retained versions (of ``name``, or of every mart), newest first."""
    tables = _tables(client, database)
    infos = []
    for table, (comment, rows) in tables.items():
        match = _VERSION_TABLE.fullmatch(table)
        if match and match["mart"] in tables and name in (None, match["mart"]):
            version = match["version"]
            infos.append(VersionInfo(match["mart"], version, rows, version_time(version), False))
        elif name in (None, table) and not table.startswith("_") and "__" not in table:
            if name is None and not VERSION.fullmatch(comment):
                continue  # not a published table (or one from before versioning)
            version = comment if VERSION.fullmatch(comment) else ""
            infos.append(VersionInfo(table, version, rows, version_time(version), True))
    newest_first = sorted(infos, key=lambda i: i.version, reverse=True)
    return sorted(newest_first, key=lambda i: (i.table, not i.serving))


def migrate_legacy(client: SqlClient, database: str) -> None:
    """Rename ``<name>__previous`` tables of earlier releases to retained versions."""
    tables = _tables(client, database)
    for table in sorted(t for t in tables if t.endswith(LEGACY_SUFFIX)):
        mart = table.removesuffix(LEGACY_SUFFIX)
        if mart not in tables:
            continue
        version = new_version()
        client.command(
            f"RENAME TABLE {quote(database)}.{quote(table)} TO {quote(database)}.{quote(f'{mart}__{version}')}"
        )


def retired_name(client: SqlClient, database: str, name: str) -> str:
    """The version name the serving table ``name`` will keep when it is replaced."""
    tables = _tables(client, database)
    comment = tables.get(name, ("", 0))[0]
    version = comment if VERSION.fullmatch(comment) else new_version()
    while f"{name}__{version}" in tables:
        version = new_version(version)
    return f"{name}__{version}"


def prune(client: SqlClient, database: str, name: str, keep: int) -> list[str]:
    """Drop all but the newest ``keep`` retained versions of ``name``; the dropped ones."""
    retained = [i for i in list_versions(client, database, name) if not i.serving]
    dropped = [f"{name}__{i.version}" for i in retained[max(keep, 0) :]]
    for table in dropped:
        client.command(f"DROP TABLE IF EXISTS {quote(database)}.{quote(table)} SYNC")
    return dropped


def _pick(retained: list[VersionInfo], name: str, to: str | None) -> VersionInfo:
    if not retained:
        raise VersionError(f"{name} has no retained version to roll back to")
    if to is None:
        return retained[0]
    wanted = to.removeprefix(f"{name}__")
    for info in retained:
        if info.version == wanted:
            return info
    known = ", ".join(i.version for i in retained)
    raise VersionError(f"{name} has no retained version {to!r}; retained: {known}")


def rollback_table(
    client: SqlClient, database: str, name: str, to: str | None = None
) -> RollbackResult:
    """Swap a retained version (default: the newest) back in; keep the rolled-out table."""
    quote(name)
    require_atomic(client, database)
    migrate_legacy(client, database)
    infos = list_versions(client, database, name)
    serving = next((i for i in infos if i.serving), None)
    if serving is None:
        raise VersionError(f"{name} is not published in {database!r}")
    target = _pick([i for i in infos if not i.serving], name, to)
    retired = retired_name(client, database, name)
    db, source = quote(database), quote(f"{name}__{target.version}")
    client.command(f"EXCHANGE TABLES {db}.{quote(name)} AND {db}.{source}")
    client.command(f"RENAME TABLE {db}.{source} TO {db}.{quote(retired)}")
    client.command(f"ALTER TABLE {db}.{quote(name)} MODIFY COMMENT '{target.version}'")
    at = log_action(client, database, name, target.rows, target.version, "rollback")
    return RollbackResult(name, target.version, target.rows, retired.rsplit("__", 1)[1], at)


def _ensure_log(client: SqlClient, database: str) -> str:
    log = f"{quote(database)}.{quote(PUBLISH_LOG)}"
    columns = client.query(
        "SELECT name FROM system.columns WHERE database = {db:String} AND table = {t:String}",
        parameters={"db": database, "t": PUBLISH_LOG},
    ).result_rows
    names = {str(r[0]) for r in columns}
    if not names:
        client.command(f"CREATE TABLE IF NOT EXISTS {log} {_LOG_COLUMNS}")
    elif "action" not in names:  # the log of earlier releases: (table, rows, published_at)
        new = f"{quote(database)}.{quote(PUBLISH_LOG + '__new')}"
        client.command(f"DROP TABLE IF EXISTS {new} SYNC")
        client.command(f"CREATE TABLE {new} {_LOG_COLUMNS}")
        client.command(
            f"INSERT INTO {new} (`table`, `rows`, `version`, `action`, `at`) "
            f"SELECT `table`, `rows`, '', 'publish', `published_at` FROM {log}"
        )
        client.command(f"EXCHANGE TABLES {log} AND {new}")
        client.command(f"DROP TABLE {new} SYNC")
    return log


def log_action(
    client: SqlClient, database: str, name: str, rows: int, version: str, action: str
) -> str:
    """Append one row to ``_publish_log``; the time recorded, ISO 8601."""
    log = _ensure_log(client, database)
    at = dt.datetime.now(dt.UTC)
    client.insert(
        log,
        [[name, rows, version, action, at]],
        column_names=["table", "rows", "version", "action", "at"],
    )
    return at.isoformat()
