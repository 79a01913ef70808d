"""npm package names from the registry's ``npm`` URLs.

``https://www.npmjs.com/package/<name>`` and ``.../package/@scope/name``, tolerating
``http``, no ``www``, ``npmjs.org``, trailing slashes, ``/v/<version>`` suffixes, query strings
and fragments. Names are lower-cased, as ``int_artifacts_by_project`` does, so the package key
of a download row is the key of the registry's artifact.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import pyarrow.compute as pc

from oso.registry.loader import Registry
from oso.registry.tables import registry_tables

log = logging.getLogger(__name__)

_NPM_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?npmjs\.(?:com|org)/package/"
    r"(?P<name>(?:@[^/?#]+/)?[^/?#]+)(?:/v/[^?#]*)?/*(?:[?#].*)?$",
    re.IGNORECASE,
)
# npm's rules for a name (validate-npm-package-name), lower-case: nothing a URL path or a
# comma-separated bulk request could misread.
_VALID_NAME = re.compile(r"^(?:@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*$")


def package_name(url: str) -> str | None:
    """The package an npm URL points at, or None when the URL is not an npm package page."""
    match = _NPM_URL.match(url.strip())
    if not match:
        return None
    name = match.group("name").lower()
    return name if _VALID_NAME.match(name) and len(name) <= 214 else None


def packages_from_urls(urls: Iterable[str]) -> list[str]:
    """Distinct package names, sorted; URLs that name no package are logged and skipped."""
    names = set()
    for url in urls:
        name = package_name(url)
        if name is None:
            log.warning("npm: %r is not an npm package URL; skipped", url)
        else:
            names.add(name)
    return sorted(names)


def registry_packages(registry: Registry) -> list[str]:
    """Every npm package the registry's projects list (its ``project_artifacts`` of kind npm)."""
    artifacts = registry_tables(registry)["project_artifacts"]
    npm = artifacts.filter(pc.equal(artifacts["kind"], "npm"))
    return packages_from_urls(url for url in npm["url"].to_pylist() if url)


def is_scoped(name: str) -> bool:
    return name.startswith("@")
