"""In-memory token buckets, one per client IP (anonymous) or API key.

A tier's bucket holds ``burst`` requests and refills at ``per_minute / 60`` per second. The
state lives in this process only: one API process enforces its own limits (several workers
would each allow the full rate). Responses carry the IETF httpapi ratelimit-headers draft's
fields, naming the tier as the policy::

    RateLimit-Policy: "anonymous";q=30;w=30     (bucket size; seconds to refill it)
    RateLimit: "anonymous";r=12;t=18            (requests left; seconds until full)
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from oso.settings import RateLimitTier

SWEEP_EVERY = 4096  # hits between sweeps of full (idle) buckets
SWEEP_ABOVE = 10_000  # buckets kept before sweeping


@dataclass(frozen=True)
class Decision:
    allowed: bool
    policy: str
    quota: int  # bucket size
    window_s: int  # seconds to refill an empty bucket
    remaining: int
    reset_s: int  # seconds until the bucket is full again
    retry_after_s: int  # seconds until the next request is allowed (0 when allowed)

    def headers(self) -> list[tuple[bytes, bytes]]:
        name = f'"{self.policy}"'
        return [
            (b"ratelimit-policy", f"{name};q={self.quota};w={self.window_s}".encode()),
            (b"ratelimit", f"{name};r={self.remaining};t={self.reset_s}".encode()),
        ]


class RateLimiter:
    """Token buckets keyed by an identity's bucket name; safe across threads and tasks."""

    def __init__(
        self, tiers: Mapping[str, RateLimitTier], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.tiers = dict(tiers)
        self.clock = clock
        self._buckets: dict[str, list[float]] = {}  # name -> [tokens, updated_at, rate, burst]
        self._lock = threading.Lock()
        self._hits = 0

    def hit(self, bucket: str, tier_name: str) -> Decision:
        """Take one token from ``bucket`` (a ``tier_name`` bucket) if it has one."""
        tier = self.tiers[tier_name]
        rate, burst = tier.per_minute / 60.0, float(tier.burst)
        with self._lock:
            now = self.clock()
            state = self._buckets.get(bucket)
            tokens = burst if state is None else min(burst, state[0] + (now - state[1]) * rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[bucket] = [tokens, now, rate, burst]
            self._hits += 1
            if self._hits % SWEEP_EVERY == 0 and len(self._buckets) > SWEEP_ABOVE:
                self._sweep(now)
        return Decision(
            allowed=allowed,
            policy=tier_name,
            quota=tier.burst,
            window_s=math.ceil(burst / rate),
            remaining=int(tokens),
            reset_s=math.ceil((burst - tokens) / rate),
            retry_after_s=0 if allowed else max(1, math.ceil((1.0 - tokens) / rate)),
        )

    def _sweep(self, now: float) -> None:
        """Forget buckets that refilled completely: they behave exactly like new ones."""
        full = [
            name
            for name, (tokens, updated, rate, burst) in self._buckets.items()
            if tokens + (now - updated) * rate >= burst
        ]
        for name in full:
            del self._buckets[name]

    def __len__(self) -> int:
        return len(self._buckets)
