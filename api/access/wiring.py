"""Wire the access layer into an app: ``install_access(app, settings)``."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.applications import Starlette

from api.access.auth import KeyRing
from api.access.cache import ResponseCache
from api.access.keys import KeyStore
from api.access.middleware import Access, AccessMiddleware
from api.access.ratelimit import RateLimiter
from api.access.watch import PublishWatcher
from oso.settings import Settings


def build_access(app: Starlette, settings: Settings) -> Access:
    """The access layer's parts for ``app`` (its ``state.store`` is polled for publishes)."""
    cache = ResponseCache(
        ttl_s=settings.api_cache_ttl_s,
        max_entries=settings.api_cache_max_entries,
        max_response_bytes=settings.api_cache_max_response_bytes,
    )
    return Access(
        keys=KeyRing(KeyStore(settings.api_keys_path)),
        limiter=RateLimiter(settings.api_rate_limits) if settings.api_rate_limit_enabled else None,
        cache=cache,
        watcher=PublishWatcher(
            lambda: getattr(app.state, "store", None), cache, settings.api_cache_poll_s
        ),
    )


def install_access(app: FastAPI, settings: Settings) -> Access:
    """Add the access middleware; a publish (``app.state.on_publish``) clears the cache."""
    access = build_access(app, settings)
    app.state.access = access
    app.state.on_publish = access.cache.clear
    app.add_middleware(AccessMiddleware, access=access)
    return access


__all__ = ["Access", "build_access", "install_access"]
