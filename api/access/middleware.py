"""The access layer as pure ASGI middleware: who is calling, rate limit, response cache.

Order on ``/graphql`` and ``/api/v1/*``: authenticate (401 for a bad key), take a token from
the caller's bucket (429 when empty; cached hits count too), then serve ``POST /graphql``
and ``POST /api/v1/sql`` from the cache when the same request was answered recently.
Nothing here does I/O per request besides dict lookups; the key file is re-read only when it
changes. ``/healthz``, ``/internal/*``, the docs and GraphiQL's page pass straight through.
The cache stores responses only while the app runs with its lifespan (uvicorn always runs
it): that is when the publish log is watched.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access.asgi import Recorder, read_body, replay, request_headers, send_cached, send_json
from api.access.auth import ANONYMOUS, AuthError, Identity, KeyRing, anonymous
from api.access.cache import ResponseCache, cache_key
from api.access.ratelimit import Decision, RateLimiter
from api.access.watch import PublishWatcher

API_PREFIX = "/api/v1/"
CACHED_PATHS = frozenset({"/graphql", "/api/v1/sql"})
IDENTITY_SCOPE_KEY = "oso.identity"
log = logging.getLogger(__name__)
_AUTH, _CTYPE = b"authorization", b"content-type"


@dataclass
class Access:
    """The access layer's state, one per app (``app.state.access``)."""

    keys: KeyRing
    limiter: RateLimiter | None  # None: rate limiting off
    cache: ResponseCache
    watcher: PublishWatcher


def is_limited(scope: Scope) -> bool:
    """API requests: ``/graphql`` (not GraphiQL's GET page) and ``/api/v1/*``."""
    path: str = scope["path"]
    if path in ("/graphql", "/graphql/"):
        return scope["method"] != "GET" or b"query=" in scope.get("query_string", b"")
    return path.startswith(API_PREFIX)


class AccessMiddleware:
    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app, self.access = app, access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
        elif scope["type"] != "http" or not is_limited(scope):
            await self.app(scope, receive, send)
        else:
            await self._api_request(scope, receive, send)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Poll the publish log while the app runs (only if there is a cache to clear).

        The first look happens once the app has started (its store is open) and before the
        server is told so, so the cache is armed before the first request arrives.
        """
        if not self.access.cache.enabled:
            await self.app(scope, receive, send)
            return
        watcher, tasks = self.access.watcher, []

        async def send_after_first_look(message: Message) -> None:
            if message["type"] == "lifespan.startup.complete":
                try:
                    await watcher.check()
                except Exception as exc:  # the poller keeps trying
                    log.warning("could not read the publish log at startup: %s", exc)
                tasks.append(asyncio.create_task(watcher.run()))
            await send(message)

        try:
            await self.app(scope, receive, send_after_first_look)
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def _limit(self, identity: Identity) -> Decision | None:
        limiter = self.access.limiter
        return None if limiter is None else limiter.hit(identity.bucket, identity.tier)

    async def _api_request(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = request_headers(scope, _AUTH, _CTYPE)
        client = scope.get("client")
        client_ip = client[0] if client else "unknown"
        try:
            identity = self.access.keys.authenticate(headers.get(_AUTH), client_ip)
        except AuthError as exc:  # bad keys count against the caller's IP
            decision = self._limit(anonymous(client_ip))
            if decision is not None and not decision.allowed:
                await _too_many(send, decision)
                return
            extra = [(b"www-authenticate", b'Bearer error="invalid_token"')]
            await send_json(send, exc.status, {"detail": exc.message}, extra + _rl(decision))
            return
        limiter = self.access.limiter
        if limiter is not None and identity.tier not in limiter.tiers:
            detail = f"API key tier {identity.tier!r} is not configured on this server"
            await send_json(send, 403, {"detail": detail})
            return
        decision = self._limit(identity)
        if decision is not None and not decision.allowed:
            await _too_many(send, decision)
            return
        scope[IDENTITY_SCOPE_KEY] = identity
        extra = _rl(decision)
        cache = self.access.cache
        if (
            cache.enabled
            and scope["method"] == "POST"
            and scope["path"] in CACHED_PATHS
            and headers.get(_CTYPE, "").startswith("application/json")
        ):
            await self._cached(scope, receive, send, extra)
        else:
            await self.app(scope, receive, _adding(send, extra))

    async def _cached(self, scope: Scope, receive: Receive, send: Send, extra: list) -> None:
        cache = self.access.cache
        body = await read_body(receive)
        key = cache_key(scope["path"], body)
        if key is not None and (hit := cache.get(key)) is not None:
            await send_cached(
                send, hit.status, hit.headers + extra + [(b"x-cache", b"HIT")], hit.body
            )
            return
        generation = cache.generation
        recorder = Recorder(send, [*extra, (b"x-cache", b"MISS")], cache.max_response_bytes)
        await self.app(scope, replay(body, receive), recorder)
        stored = recorder.cacheable() if key is not None else None
        if stored is not None and key is not None:
            cache.put(key, recorder.status, recorder.headers, stored, generation)


def _rl(decision: Decision | None) -> list[tuple[bytes, bytes]]:
    return [] if decision is None else decision.headers()


async def _too_many(send: Send, decision: Decision) -> None:
    who = "this client IP" if decision.policy == ANONYMOUS else "this API key"
    detail = (
        f"rate limit exceeded for {who} (tier {decision.policy}: {decision.quota} requests, "
        f"refilled over {decision.window_s} s); retry in {decision.retry_after_s} s"
    )
    retry = [(b"retry-after", str(decision.retry_after_s).encode())]
    await send_json(send, 429, {"detail": detail}, retry + decision.headers())


def _adding(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    if not extra:
        return send

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return send_with_headers
