"""API keys: created and revoked by ``oso api-key``, stored hashed in a small SQLite file.

A key reads ``oso_<id>_<secret>``: ``id`` is 12 hex digits naming the row, ``secret`` comes
from :func:`secrets.token_urlsafe`. Only the SHA-256 of the secret is stored, so the file
never holds a usable key. The file uses SQLite's default rollback journal (not WAL), so
every change rewrites the main file and moves its mtime: that is what the API watches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

PREFIX = "oso_"
KEY_PATTERN = re.compile(r"^oso_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tier TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
)
"""


class ApiKeyError(ValueError):
    """A key operation the CLI refuses (unknown id, bad name)."""


@dataclass(frozen=True)
class ApiKey:
    """One stored key (never the secret itself)."""

    id: str
    name: str
    tier: str
    secret_sha256: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_key(text: str) -> tuple[str, str] | None:
    """``(id, secret)`` of a well-formed key, else None."""
    match = KEY_PATTERN.match(text)
    return (match.group(1), match.group(2)) if match else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class KeyStore:
    """The SQLite file of keys; each call opens and closes its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # never world-readable
        with closing(sqlite3.connect(self.path, timeout=10)) as conn, conn:  # one transaction
            conn.execute(_SCHEMA)
            yield conn

    def create(self, name: str, tier: str) -> tuple[ApiKey, str]:
        """A new key: the stored row and the full key text (shown once, never stored)."""
        if not name.strip():
            raise ApiKeyError("a key needs a non-empty name")
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        row = ApiKey(key_id, name.strip(), tier, hash_secret(secret), _now(), None)
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?)",
                (row.id, row.name, row.tier, row.secret_sha256, row.created_at, None),
            )
        return row, f"{PREFIX}{key_id}_{secret}"

    def revoke(self, key_id: str) -> ApiKey:
        with self._connect() as conn:
            conn.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (_now(), key_id),
            )
        found = {k.id: k for k in self.all_keys()}.get(key_id)
        if found is None:
            raise ApiKeyError(f"no API key with id {key_id!r} (see `oso api-key list`)")
        return found

    def all_keys(self) -> list[ApiKey]:
        """Every key, oldest first, read without writing; an absent file has none."""
        if not self.path.exists():
            return []
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=10)) as conn:
            try:
                rows = conn.execute(
                    "SELECT id, name, tier, secret_sha256, created_at, revoked_at "
                    "FROM api_keys ORDER BY created_at, id"
                ).fetchall()
            except sqlite3.OperationalError as exc:  # a file without the table yet
                if "no such table" in str(exc):
                    return []
                raise
        return [ApiKey(*row) for row in rows]
