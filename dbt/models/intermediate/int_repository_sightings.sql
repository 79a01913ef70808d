{{ config(materialized='table') }}

-- Every (repository id, name, time) seen in GH Archive up to as_of: events and push commits.
-- The one place repositories are observed; int_repositories and int_repository_names read it.
select
    repo_id,
    lower(repo_name) as repo_full_name,
    created_at
from {{ ref('stg_gharchive__events') }}
where
    created_at < {{ as_of_end_timestamp() }}
    and repo_id is not null
    and repo_name like '%/%'

union all

select
    repo_id,
    lower(repo_name) as repo_full_name,
    created_at
from {{ ref('stg_gharchive__push_commits') }}
where
    created_at < {{ as_of_end_timestamp() }}
    and repo_id is not null
    and repo_name like '%/%'
