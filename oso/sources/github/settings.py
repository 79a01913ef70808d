"""GitHub REST API constants and the Arrow schemas of the ``github`` raw tables."""

from __future__ import annotations

import pyarrow as pa

SOURCE = "github"
API_HEADERS = {
    "Accept": "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
}
PER_PAGE = 100
MAX_PAGES = 1_000  # 100k repositories per owner: far above any real owner
SYNTHETIC_HEADER = "X-OSO-Synthetic"

# URL statuses in github.repository_urls
FOUND, NOT_FOUND, EMPTY, INVALID = "found", "not_found", "empty", "invalid"

_TS = pa.timestamp("us")  # UTC, stored without a time zone

# github.repositories: one row per repository (primary key id; upserted, so renames and
# transfers update the row and keep the id).
REPOSITORIES_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        ("node_id", pa.string()),
        ("owner", pa.string()),
        ("name", pa.string()),
        ("full_name", pa.string()),
        ("url", pa.string()),
        ("description", pa.string()),
        ("default_branch", pa.string()),
        ("stars", pa.int64()),
        ("forks", pa.int64()),
        ("watchers", pa.int64()),
        ("is_fork", pa.bool_()),
        ("language", pa.string()),
        ("license_spdx_id", pa.string()),
        ("license_name", pa.string()),
        ("created_at", _TS),
        ("updated_at", _TS),
        ("pushed_at", _TS),
        ("archived", pa.bool_()),
        ("fetched_at", _TS),
    ]
)

# github.repository_urls: every GitHub URL of the registry, resolved (replaced on every run).
# url = https://github.com/<owner>[/<repo>] lower-case; one row per repository of an owner URL;
# repo_id is null when the URL did not resolve (status not_found / empty / invalid).
REPOSITORY_URLS_SCHEMA = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("owner", pa.string(), nullable=False),
        ("repo", pa.string()),
        ("repo_id", pa.int64()),
        pa.field("status", pa.string(), nullable=False),
    ]
)

RESOURCES = ("repositories", "repository_urls")
