"""Group a project's artifacts (from ``artifacts_by_project_v1``) for display.

Repositories link to GitHub, packages to their registry; blockchain addresses are shown
with their network. Links are built from fixed ``https://`` prefixes and URL-quoted
parts, so an artifact name can never inject a ``javascript:`` or off-site URL.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from urllib.parse import quote

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_ADDRESS_TYPES = frozenset({"ADDRESS", "CONTRACT", "EOA", "DEPLOYER", "WALLET", "SAFE", "FACTORY"})
_PACKAGE_URLS = {
    "NPM": "https://www.npmjs.com/package/",
    "PYPI": "https://pypi.org/project/",
    "CRATES": "https://crates.io/crates/",
    "GO": "https://pkg.go.dev/",
}


@dataclass(frozen=True)
class Artifact:
    source: str
    namespace: str
    name: str
    type: str


@dataclass(frozen=True)
class ArtifactLink:
    text: str
    url: str | None
    detail: str = ""


@dataclass
class ArtifactGroups:
    repositories: list[ArtifactLink] = field(default_factory=list)
    packages: list[ArtifactLink] = field(default_factory=list)
    addresses: list[ArtifactLink] = field(default_factory=list)
    other: list[ArtifactLink] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(map(len, (self.repositories, self.packages, self.addresses, self.other)))


def _repository(a: Artifact) -> ArtifactLink:
    full = f"{a.namespace}/{a.name}" if a.namespace else a.name
    return ArtifactLink(full, "https://github.com/" + quote(full, safe="/"))


def _package(a: Artifact) -> ArtifactLink:
    full = f"{a.namespace}/{a.name}" if a.namespace.startswith("@") else a.name
    prefix = _PACKAGE_URLS.get(a.source.upper())
    url = prefix + quote(full, safe="/@") if prefix else None
    return ArtifactLink(full, url, a.source.lower())


def _is_address(a: Artifact) -> bool:
    return a.type.upper() in _ADDRESS_TYPES or bool(_ADDRESS.fullmatch(a.name))


def group_artifacts(artifacts: list[Artifact]) -> ArtifactGroups:
    groups = ArtifactGroups()
    for a in artifacts:
        kind, source = a.type.upper(), a.source.upper()
        if kind == "REPOSITORY" or (source == "GITHUB" and kind not in {"GIT_USER", "PACKAGE"}):
            groups.repositories.append(_repository(a))
        elif kind == "PACKAGE" or source in _PACKAGE_URLS:
            groups.packages.append(_package(a))
        elif _is_address(a):
            detail = f"{a.source} \u00b7 {a.type.lower()}" if a.type else a.source
            groups.addresses.append(ArtifactLink(a.name, None, detail))
        else:
            url = a.name if a.name.startswith(("https://", "http://")) else None
            groups.other.append(ArtifactLink(a.name, url, f"{a.source} {a.type}".strip().lower()))
    return groups


def artifacts_csv(artifacts: list[Artifact]) -> str:
    """Every artifact as CSV (source, namespace, name, type), for lists too long for a page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["artifact_source", "artifact_namespace", "artifact_name", "artifact_type"])
    writer.writerows((a.source, a.namespace, a.name, a.type) for a in artifacts)
    return out.getvalue()
