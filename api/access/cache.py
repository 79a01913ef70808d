"""The response cache: successful API answers by (path, normalised request body), LRU + TTL.

Every :meth:`ResponseCache.clear` (a publish) starts a new *generation*; a response computed
while a publish happened belongs to the old one and is not stored, so a request racing a
publish can never put pre-publish data back into the cache. Nothing is stored before
:meth:`ResponseCache.arm`: the publish watcher arms the cache once it has read the publish
log, so every stored response is covered by the watch.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: Headers
    body: bytes
    expires_at: float


def cache_key(path: str, body: bytes) -> str | None:
    """``path`` + SHA-256 of the JSON body with sorted keys (None: not a JSON object).

    The query text is stripped of surrounding whitespace; absent, null and empty
    ``variables`` are the same request. Nothing inside the query is rewritten, so two
    keys are equal only when the requests are.
    """
    try:
        payload: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    if isinstance(payload.get("query"), str):
        payload["query"] = payload["query"].strip()
    if payload.get("variables") == {}:
        payload["variables"] = None
    normal = {k: v for k, v in payload.items() if v is not None}
    text = json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{path}\x00{hashlib.sha256(text.encode()).hexdigest()}"


class ResponseCache:
    """At most ``max_entries`` responses, each served for ``ttl_s`` seconds."""

    def __init__(
        self,
        ttl_s: float,
        max_entries: int,
        max_response_bytes: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s, self.max_entries = ttl_s, max_entries
        self.max_response_bytes = max_response_bytes
        self.clock = clock
        self.generation = 0
        self.armed = False
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.ttl_s > 0

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires_at <= self.clock():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, status: int, headers: Headers, body: bytes, generation: int) -> bool:
        """Store a response computed during ``generation``; False when it is stale or too big."""
        if len(body) > self.max_response_bytes:
            return False
        with self._lock:
            if generation != self.generation or not self.armed:
                return False
            self._entries[key] = CachedResponse(status, headers, body, self.clock() + self.ttl_s)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return True

    def clear(self, *_reason: object) -> None:
        """Drop every response (callable as ``app.state.on_publish(table_name)``)."""
        with self._lock:
            self.generation += 1
            self._entries.clear()

    def arm(self) -> None:
        """Start storing responses (the publish watcher has its first look at the log)."""
        with self._lock:
            self.generation += 1
            self.armed = True

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
