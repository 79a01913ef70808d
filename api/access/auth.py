"""Who is calling: anonymous (by client IP) or an API key, from an in-memory copy of the keys.

:class:`KeyRing` holds every key of the SQLite file in a dict and re-reads the file only
when its mtime, size or inode changed, checking at most once per ``check_every_s``; a
request otherwise costs one SHA-256 and one dict lookup.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from api.access.keys import ApiKey, KeyStore, hash_secret, parse_key

log = logging.getLogger(__name__)
ANONYMOUS = "anonymous"
FileStamp = tuple[int, int, int]


class AuthError(Exception):
    """A request whose credentials are refused; the message is safe to show."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class Identity:
    tier: str
    bucket: str  # the rate-limit bucket: "ip:<address>" or "key:<id>"
    key_id: str | None = None


def anonymous(client_ip: str) -> Identity:
    return Identity(ANONYMOUS, f"ip:{client_ip}")


def _stamp(path: os.PathLike[str]) -> FileStamp | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class KeyRing:
    """The keys of ``store``, cached in memory and refreshed when the file changes."""

    def __init__(
        self,
        store: KeyStore,
        check_every_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store, self.check_every_s, self.clock = store, check_every_s, clock
        self._keys: dict[str, ApiKey] = {}
        self._stamp: FileStamp | None = None
        self._next_check = 0.0
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        now = self.clock()
        if now < self._next_check:
            return
        with self._lock:
            if now < self._next_check:
                return
            self._next_check = now + self.check_every_s
            stamp = _stamp(self.store.path)
            if stamp == self._stamp:
                return
            try:
                keys = {k.id: k for k in self.store.all_keys()}
            except Exception:  # keep serving with the keys we have; retry next check
                log.exception("could not read the API key file %s", self.store.path)
                return
            self._keys, self._stamp = keys, stamp

    def authenticate(self, authorization: str | None, client_ip: str) -> Identity:
        """The caller of a request with this ``Authorization`` header (None: anonymous)."""
        if authorization is None:
            return anonymous(client_ip)
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("the Authorization header must be 'Bearer <API key>'")
        parsed = parse_key(token.strip())
        if parsed is None:
            raise AuthError("malformed API key: expected oso_<id>_<secret>")
        key_id, secret = parsed
        self._refresh()
        key = self._keys.get(key_id)
        if key is None or not hmac.compare_digest(hash_secret(secret), key.secret_sha256):
            raise AuthError("unknown API key")
        if not key.active:
            raise AuthError(f"API key {key_id} was revoked at {key.revoked_at}")
        return Identity(key.tier, f"key:{key_id}", key_id)
