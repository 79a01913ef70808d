"""URL path segments for project and collection pages.

A name that is already a safe, lower-case path segment is used as is (every
oss-directory name is). Any other name becomes a sanitised slug plus a short hash of
the name, so the segment never contains ``/``, ``..``, ``%``, spaces or upper case and
two names never share a directory, even on a case-insensitive filesystem.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_SAFE = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_UNSAFE_RUN = re.compile(r"[^a-z0-9._-]+")
_PUNCT_RUN = re.compile(r"[._-]{2,}")


def _hashed_slug(name: str, extra: int = 0) -> str:
    base = _PUNCT_RUN.sub("-", _UNSAFE_RUN.sub("-", name.lower())).strip("-._")[:60] or "item"
    digest = hashlib.sha256(f"{name}\x1f{extra}".encode()).hexdigest()[:10]
    return f"{base}-{digest}"


def assign_slugs(names: Iterable[str]) -> dict[str, str]:
    """Map each distinct name to a unique, URL- and filesystem-safe path segment."""
    unique = sorted(set(names))
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in unique:  # safe names first, so they keep their natural segment
        if _SAFE.fullmatch(name) and not name.endswith("."):
            slugs[name] = name
            used.add(name)
    for name in unique:
        if name in slugs:
            continue
        extra = 0
        slug = _hashed_slug(name)
        while slug in used:
            extra += 1
            slug = _hashed_slug(name, extra)
        slugs[name] = slug
        used.add(slug)
    return slugs
