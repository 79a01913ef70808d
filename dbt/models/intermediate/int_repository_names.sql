{{ config(materialized='table') }}

-- Every `owner/name` a repository was observed under up to as_of, resolved to the repository
-- that used it most recently (a name can be freed by a rename and reused). Used to resolve
-- registry URLs that still name a repository by an old name.
with

ranked as (
    select
        repo_full_name,
        repo_id,
        row_number() over (
            partition by repo_full_name
            order by created_at desc, repo_id desc
        ) as recency_rank
    from {{ ref('int_repository_sightings') }}
)

select
    repo_full_name,
    repo_id
from ranked
where recency_rank = 1
