-- Commits on each tracked repository's default branch, read from git; one row per
-- (repository, sha).
with

source as (
    select * from {{ source('git', 'commits') }}
),

renamed as (
    select
        lower(repository) as repository,
        sha,
        parent_count,
        author_name,
        author_email,
        cast(author_time as timestamp) as author_time,
        committer_name,
        committer_email,
        cast(committer_time as timestamp) as committer_time,
        is_merge,
        default_branch,
        cast(fetched_at as timestamp) as fetched_at
    from source
)

select * from renamed
