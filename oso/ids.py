"""The one ID recipe for every entity (projects, collections, artifacts, users, metrics).

``oso_id(kind, source, namespace, name)`` is the lower-case hex SHA-256 of the four parts
joined with the ASCII unit separator (0x1F), a byte that never occurs in names, so
("ab", "c") and ("a", "bc") can never collide. The dbt macro ``oso_id`` computes the same
value in DuckDB and BigQuery; ``tests/test_ids.py`` checks the recipe and the dbt tests
compare warehouse IDs with these functions.
"""

from __future__ import annotations

import hashlib

SEPARATOR = "\x1f"


def oso_id(kind: str, source: str, namespace: str, name: str) -> str:
    """Stable ID of an entity: kind (PROJECT, COLLECTION, ARTIFACT, USER, METRIC), source, namespace, name."""
    parts = (kind, source, namespace, name)
    for part in parts:
        if SEPARATOR in part:
            raise ValueError(f"ID part {part!r} contains the reserved separator 0x1F")
    return hashlib.sha256(SEPARATOR.join(parts).encode("utf-8")).hexdigest()


def project_id(name: str) -> str:
    return oso_id("PROJECT", "OSS_DIRECTORY", "oso", name)


def collection_id(name: str) -> str:
    return oso_id("COLLECTION", "OSS_DIRECTORY", "oso", name)


def metric_id(metric_name: str) -> str:
    """ID of a published metric, e.g. ``GITHUB_commits_monthly``."""
    return oso_id("METRIC", "OSO", "oso", metric_name)


def github_repository_id(repo_id: int | str) -> str:
    """Artifact ID of a GitHub repository, keyed by its numeric id so renames keep history."""
    return oso_id("ARTIFACT", "GITHUB", "REPOSITORY", str(repo_id))


def github_user_id(actor_id: int | str) -> str:
    """Artifact ID (and users_v1 user_id) of a GitHub account, keyed by its numeric id."""
    return oso_id("ARTIFACT", "GITHUB", "GIT_USER", str(actor_id))
