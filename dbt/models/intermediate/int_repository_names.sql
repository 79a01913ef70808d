-- Every `owner/name` a repository was observed under up to as_of, resolved to the repository
-- that used it most recently (a name can be freed by a rename and reused). Used to resolve
-- registry URLs that still name a repository by an old name.
with

observed as (
    select
        repo_id,
        repo_name,
        created_at
    from {{ ref('stg_gharchive__events') }}
    where created_at < {{ as_of_end_timestamp() }}

    union all

    select
        repo_id,
        repo_name,
        created_at
    from {{ ref('stg_gharchive__push_commits') }}
    where created_at < {{ as_of_end_timestamp() }}
),

ranked as (
    select
        lower(repo_name) as repo_full_name,
        repo_id,
        row_number() over (
            partition by lower(repo_name)
            order by created_at desc, repo_id desc
        ) as recency_rank
    from observed
    where
        repo_id is not null
        and repo_name like '%/%'
)

select
    repo_full_name,
    repo_id
from ranked
where recency_rank = 1
