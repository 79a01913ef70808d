"""The registry as flat Arrow tables (what lands in the warehouse) and its tracked repos."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from oso.registry.github_urls import registry_targets
from oso.registry.loader import Registry

URL_KINDS = ("websites", "github", "npm", "crates", "pypi", "go", "open_collective", "defillama")

PROJECTS_SCHEMA = pa.schema(
    [
        ("project_name", pa.string()),
        ("display_name", pa.string()),
        ("description", pa.string()),
        ("version", pa.int64()),
        ("source_path", pa.string()),
    ]
)
COLLECTIONS_SCHEMA = pa.schema(
    [
        ("collection_name", pa.string()),
        ("display_name", pa.string()),
        ("description", pa.string()),
        ("version", pa.int64()),
        ("source_path", pa.string()),
    ]
)
ARTIFACTS_SCHEMA = pa.schema(
    [
        ("project_name", pa.string()),
        ("kind", pa.string()),
        ("url", pa.string()),
        ("address", pa.string()),
        ("network", pa.string()),
        ("tag", pa.string()),
        ("name", pa.string()),
    ]
)
COLLECTION_PROJECTS_SCHEMA = pa.schema(
    [("collection_name", pa.string()), ("project_name", pa.string())]
)


def _artifact_rows(name: str, doc: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for kind in URL_KINDS:
        rows += [
            {"project_name": name, "kind": kind, "url": item["url"]} for item in doc.get(kind) or []
        ]
    for kind, items in (doc.get("social") or {}).items():
        rows += [
            {"project_name": name, "kind": f"social.{kind}", "url": item["url"]} for item in items
        ]
    for entry in doc.get("blockchain") or []:
        for network in entry["networks"]:
            for tag in entry["tags"]:
                rows.append(
                    {
                        "project_name": name,
                        "kind": "blockchain",
                        "address": entry["address"],
                        "network": network,
                        "tag": tag,
                        "name": entry.get("name"),
                    }
                )
    return rows


def registry_tables(registry: Registry) -> dict[str, pa.Table]:
    """``projects``, ``project_artifacts``, ``collections``, ``collection_projects`` as Arrow."""
    projects, artifacts, collections, members = [], [], [], []
    for name, doc in sorted(registry.projects.items()):
        projects.append(
            {
                "project_name": name,
                "display_name": doc["display_name"],
                "description": doc.get("description"),
                "version": int(doc["version"]),
                "source_path": registry.paths[("project", name)],
            }
        )
        artifacts += _artifact_rows(name, doc)
    for name, doc in sorted(registry.collections.items()):
        collections.append(
            {
                "collection_name": name,
                "display_name": doc["display_name"],
                "description": doc.get("description"),
                "version": int(doc["version"]),
                "source_path": registry.paths[("collection", name)],
            }
        )
        members += [
            {"collection_name": name, "project_name": p} for p in dict.fromkeys(doc["projects"])
        ]
    return {
        "projects": pa.Table.from_pylist(projects, schema=PROJECTS_SCHEMA),
        "project_artifacts": pa.Table.from_pylist(artifacts, schema=ARTIFACTS_SCHEMA),
        "collections": pa.Table.from_pylist(collections, schema=COLLECTIONS_SCHEMA),
        "collection_projects": pa.Table.from_pylist(members, schema=COLLECTION_PROJECTS_SCHEMA),
    }


@dataclass(frozen=True)
class TrackedGithub:
    """GitHub owners tracked whole (org URLs) and single repositories (``owner/name``), lower-case."""

    owners: frozenset[str]
    repos: frozenset[str]

    def tracks(self, repo_name: str) -> bool:
        name = repo_name.lower()
        return name.split("/", 1)[0] in self.owners or name in self.repos


def tracked_github(registry: Registry) -> TrackedGithub:
    """Owners and owner/repo names the registry lists (read by ``github_target``)."""
    targets = [t for t in registry_targets(registry) if t.valid]
    owners = {t.owner for t in targets if t.repo is None}
    repos = {t.path for t in targets if t.repo is not None}
    return TrackedGithub(frozenset(owners), frozenset(repos))
