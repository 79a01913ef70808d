-- Commits listed in PushEvent payloads, one row per (push, commit).
with

source as (
    select * from {{ source('gharchive', 'push_commits') }}
),

renamed as (
    select
        cast(event_id as string) as event_id,
        push_id,
        repo_id,
        repo_name,
        actor_id,
        actor_login,
        ref as git_ref,
        sha,
        author_name,
        author_email,
        is_distinct,
        cast(created_at as timestamp) as created_at,
        cast(hour as timestamp) as source_hour
    from source
)

select * from renamed
