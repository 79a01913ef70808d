"""Constants of the git source: the ``git log`` format, column lists and Arrow schemas."""

from __future__ import annotations

import pyarrow as pa

# One record per commit: fields separated by 0x1F, records terminated by 0x1E (git's ident
# sanitising keeps newlines and angle brackets out of names and e-mails).
FIELD_SEP = "\x1f"
RECORD_SEP = "\x1e"
LOG_FIELDS = (
    ("sha", "%H"),
    ("parents", "%P"),
    ("author_name", "%an"),
    ("author_email", "%ae"),
    ("author_time", "%at"),
    ("committer_name", "%cn"),
    ("committer_email", "%ce"),
    ("committer_time", "%ct"),
)
LOG_FORMAT = "--format=tformat:" + "%x1f".join(code for _, code in LOG_FIELDS) + "%x1e"

# What a clone holds: commits and trees, never file contents.
CLONE_FILTER = "blob:none"

_TS = pa.timestamp("us")  # UTC, stored without a time zone

COMMITS_SCHEMA = pa.schema(
    [
        pa.field("repository", pa.string(), nullable=False),  # lower-case owner/name
        pa.field("sha", pa.string(), nullable=False),
        ("parent_count", pa.int64()),
        ("author_name", pa.string()),
        ("author_email", pa.string()),
        ("author_time", _TS),
        ("committer_name", pa.string()),
        ("committer_email", pa.string()),
        ("committer_time", _TS),
        ("is_merge", pa.bool_()),
        ("default_branch", pa.string()),
        ("fetched_at", _TS),
    ]
)

HEADS_SCHEMA = pa.schema(
    [
        pa.field("repository", pa.string(), nullable=False),
        ("default_branch", pa.string()),
        ("head_sha", pa.string()),  # null for a repository without commits
        ("commit_count", pa.int64()),
        ("fetched_at", _TS),
    ]
)

TIMESTAMP_COLUMNS = {
    "commits": ("author_time", "committer_time", "fetched_at"),
    "heads": ("fetched_at",),
}
PRIMARY_KEYS = {"commits": ("repository", "sha"), "heads": ("repository",)}
RESOURCES = ("commits", "heads")

# The demo's local repositories carry this file in their base folder (see ``demo.py``).
SYNTHETIC_MARKER = "SYNTHETIC-GIT-REPOSITORIES.md"
