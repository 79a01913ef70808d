"""The registry's GitHub URLs: an owner (all its repositories) or one repository.

The one reading of a registry GitHub URL, used by every source (GH Archive filter, GitHub REST,
git) and matched by the dbt macro ``github_path``: lower-case, query and fragment dropped,
trailing slashes and ``.git`` trimmed, ``http(s)://(www.)github.com/`` removed; the first path
segment is the owner, the second (if any) the repository, anything after it (``/tree/main``,
``/blob/...``) ignored; ``github.com/orgs/<org>/...`` is the owner ``<org>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oso.registry.loader import Registry

_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?github\.com/")
_OWNER = re.compile(r"^[a-z0-9](?:[a-z0-9_-]|\.(?!\.))*$")
_REPO = re.compile(r"^[a-z0-9_.-]+$")


@dataclass(frozen=True)
class Target:
    """One registry GitHub URL: ``repo`` is None for an owner URL."""

    owner: str
    repo: str | None

    @property
    def path(self) -> str:
        return self.owner if self.repo is None else f"{self.owner}/{self.repo}"

    @property
    def url(self) -> str:
        """The canonical (lower-case) form, the key of ``github.repository_urls``."""
        return f"https://github.com/{self.path}"

    @property
    def valid(self) -> bool:
        """Whether the names can be GitHub names (anything else is never sent to the API)."""
        return bool(_OWNER.match(self.owner)) and (
            self.repo is None or (bool(_REPO.match(self.repo)) and self.repo not in {".", ".."})
        )


def github_target(url: str) -> Target | None:
    """The target of a github.com URL (None for anything else)."""
    text = re.sub(r"[?#].*$", "", url.strip().lower()).rstrip("/").removesuffix(".git")
    match = _PREFIX.match(text)
    if not match:
        return None
    parts = text[match.end() :].split("/")
    if not parts[0] or ":" in text[match.end() :]:
        return None
    if parts[0] == "orgs" and len(parts) > 1 and parts[1]:
        return Target(parts[1], None)
    return Target(parts[0], parts[1] if len(parts) > 1 and parts[1] else None)


def registry_targets(registry: Registry) -> list[Target]:
    """Every distinct GitHub target listed by the registry's projects, sorted."""
    targets = set()
    for doc in registry.projects.values():
        for item in doc.get("github") or []:
            target = github_target(str(item.get("url") or ""))
            if target is not None:
                targets.add(target)
    return sorted(targets, key=lambda t: (t.owner, t.repo or ""))
