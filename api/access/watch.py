"""Drop the response cache when another process publishes: poll the store's ``_publish_log``.

A publish through this API calls ``app.state.on_publish`` directly; in production the
publisher is another process, so the API also looks at ``count()`` and ``max(published_at)``
of the publish log every few seconds and clears the cache when they change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool

from api.access.cache import ResponseCache
from oso.serving.publish import PUBLISH_LOG
from oso.serving.store import ServingStore

log = logging.getLogger(__name__)
_UNSEEN = object()


def publish_marker(store: ServingStore) -> tuple[Any, ...] | None:
    """(rows, latest published_at) of the publish log; None while it does not exist."""
    sql = f"SELECT count(), max(published_at) FROM `{store.database}`.`{PUBLISH_LOG}`"
    try:
        _, rows = store.query_rows(sql)
    except Exception as exc:
        text = str(exc)
        if "UNKNOWN_TABLE" in text or "does not exist" in text or "doesn't exist" in text:
            return None
        raise
    return tuple(rows[0]) if rows else None


class PublishWatcher:
    """Arms ``cache`` on its first look at the publish log, then clears it on every change."""

    def __init__(
        self,
        store: Callable[[], ServingStore | None],
        cache: ResponseCache,
        every_s: float,
    ) -> None:
        self.store, self.cache, self.every_s = store, cache, every_s
        self._last: object = _UNSEEN

    async def check(self) -> bool:
        """Look once; True when the marker changed and the cache was cleared."""
        store = self.store()
        if store is None:
            return False
        marker = await run_in_threadpool(publish_marker, store)
        if self._last is _UNSEEN:  # the baseline: from now on publishes are noticed
            self._last = marker
            self.cache.arm()
            return False
        if marker == self._last:
            return False
        self._last = marker
        log.info("publish log changed (%s): response cache cleared", marker)
        self.cache.clear()
        return True

    @property
    def watching(self) -> bool:
        return self._last is not _UNSEEN

    async def run(self) -> None:
        """Check every ``every_s`` seconds until cancelled; errors are logged, not fatal.

        Until the first successful look (the store may still be opening) it retries
        every 0.1 s, since the cache stores nothing before that.
        """
        while True:
            try:
                await self.check()
            except Exception as exc:
                log.warning("could not read the publish log: %s", exc)
            await asyncio.sleep(self.every_s if self.watching else min(self.every_s, 0.1))
