"""ETag cache of GitHub answers: each URL's ETag, body and next-page link, one JSON file per URL.

A cached URL is requested with ``If-None-Match``; GitHub answers 304 (free of rate limit) when
nothing changed, and the cached body is used. Only validated bodies are stored.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class CachedAnswer:
    url: str
    etag: str
    body: str
    next_url: str | None
    synthetic: bool = False


class EtagCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, url: str) -> Path:
        return self.folder / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.json"

    def get(self, url: str) -> CachedAnswer | None:
        """The cached answer of ``url``; a missing or unreadable entry is no entry."""
        try:
            data = json.loads(self._path(url).read_text())
            entry = CachedAnswer(**data)
        except (OSError, ValueError, TypeError):
            return None
        return entry if entry.url == url else None

    def put(self, entry: CachedAnswer) -> None:
        """Store atomically (a crash never leaves a half-written entry)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(entry.url)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(entry)))
        tmp.replace(path)

    def drop(self, url: str) -> None:
        self._path(url).unlink(missing_ok=True)
