"""The one ID recipe for every entity (projects, collections, artifacts, users, metrics).

``oso_id(kind, source, namespace, name)`` is the lower-case hex SHA-256 of the four parts
joined with the ASCII unit separator (0x1F), a byte that never occurs in names, so
("ab", "c") and ("a", "bc") can never collide. The dbt macro ``oso_id`` computes the same
value in DuckDB and BigQuery; ``tests/test_ids.py`` checks they agree.
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
