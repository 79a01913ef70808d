"""Stable ids, hashes, timestamps and repository names of synthetic GH Archive data."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import random
import re
from collections.abc import Iterable


def stable_int(*parts: str) -> int:
    """A non-negative integer from SHA-256 of the parts; the same on every machine and run."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


def repo_id_for(name: str) -> int:
    """Stable 2015-plausible numeric id of a repository ``owner/name`` (case-insensitive)."""
    return 1_000_000 + stable_int("repo", name.lower()) % 27_000_000


def actor_id_for(login: str) -> int:
    """Stable 2015-plausible numeric id of a user login (case-insensitive)."""
    return 1_000 + stable_int("actor", login.lower()) % 10_000_000


def ts(moment: dt.datetime) -> str:
    """GH Archive's timestamp format: ``2015-01-01T12:00:00Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sha40(rng: random.Random) -> str:
    """A random 40-hex-digit git object hash."""
    return f"{rng.getrandbits(160):040x}"


def node_id(kind: str, number: int) -> str:
    """A legacy GraphQL node id such as ``MDQ6VXNlcjE=`` (base64 of ``04:User1``)."""
    return base64.b64encode(f"0{len(kind)}:{kind}{number}".encode()).decode()


def cumulative(weights: Iterable[float]) -> list[float]:
    """Cumulative weights, for ``random.choices(..., cum_weights=...)``."""
    return list(itertools.accumulate(weights))


def normalise_repos(repos: Iterable[str]) -> list[str]:
    """Validated ``owner/name`` strings, de-duplicated case-insensitively and sorted."""
    unique: dict[str, str] = {}
    for name in repos:
        name = name.strip()
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", name):
            raise ValueError(f"not an owner/name repository: {name!r}")
        unique.setdefault(name.lower(), name)
    return [unique[key] for key in sorted(unique)]
