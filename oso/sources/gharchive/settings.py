"""Columns read from GH Archive files and written to the warehouse."""

from __future__ import annotations

# Explicit read_json columns: DuckDB skips everything else in each event.
JSON_COLUMNS = {
    "id": "VARCHAR",
    "type": "VARCHAR",
    "created_at": "VARCHAR",
    "actor": "STRUCT(id BIGINT, login VARCHAR)",
    "repo": "STRUCT(id BIGINT, name VARCHAR)",
    "org": "STRUCT(login VARCHAR)",
    "payload": "JSON",
}

# gharchive.events (see docs/ARCHITECTURE.md)
EVENT_COLUMNS = """
    cast(id as varchar) as id,
    type,
    cast(cast(created_at as timestamptz) at time zone 'UTC' as timestamp) as created_at,
    actor.id as actor_id,
    actor.login as actor_login,
    repo.id as repo_id,
    repo.name as repo_name,
    org.login as org_login,
    cast(payload as varchar) as payload
"""

_COMMIT_TYPE = (
    '[{"sha": "VARCHAR", "author": {"name": "VARCHAR", "email": "VARCHAR"}, "distinct": "BOOLEAN"}]'
)

# gharchive.push_commits: one row per commit listed in a PushEvent (none after 2025-10-07)
COMMIT_COLUMNS = f"""
    select
        id as event_id,
        try_cast(json_extract_string(payload, '$.push_id') as bigint) as push_id,
        repo_id, repo_name, actor_id, actor_login,
        json_extract_string(payload, '$.ref') as ref,
        c.sha as sha,
        c.author.name as author_name,
        c.author.email as author_email,
        coalesce(c."distinct", true) as is_distinct,
        created_at,
        hour
    from (
        select *, unnest(from_json(json_extract(payload, '$.commits'), '{_COMMIT_TYPE}')) as c
        from kept
        where type = 'PushEvent'
    )
"""

RESOURCES = ("events", "push_commits")
