{{ config(materialized='table') }}

-- One row per GitHub repository observed in GH Archive up to as_of; the latest name wins
-- (repositories keep their numeric id across renames and transfers).
with

named as (
    select
        repo_id,
        repo_full_name,
        created_at
    from {{ ref('int_repository_sightings') }}
),

ranked as (
    select
        repo_id,
        repo_full_name,
        row_number() over (
            partition by repo_id
            order by created_at desc, repo_full_name desc
        ) as recency_rank
    from named
),

seen as (
    select
        repo_id,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at
    from named
    group by repo_id
),

latest as (
    select
        ranked.repo_id,
        ranked.repo_full_name,
        {{ dbt.split_part('ranked.repo_full_name', "'/'", 1) }} as repo_owner,
        {{ dbt.split_part('ranked.repo_full_name', "'/'", 2) }} as repo_name,
        seen.first_seen_at,
        seen.last_seen_at
    from ranked
    inner join seen on ranked.repo_id = seen.repo_id
    where ranked.recency_rank = 1
)

select
    {{ oso_id("'ARTIFACT'", "'GITHUB'", "'REPOSITORY'", 'repo_id') }} as artifact_id,
    repo_id,
    repo_full_name,
    repo_owner,
    repo_name,
    'https://github.com/' || repo_full_name as repo_url,
    first_seen_at,
    last_seen_at
from latest
