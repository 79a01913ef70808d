-- GH Archive events with the payload fields the event model needs pulled out of the JSON text.
with

source as (
    select * from {{ source('gharchive', 'events') }}
),

renamed as (
    select
        cast(id as string) as event_id,
        type as github_event_type,
        cast(created_at as timestamp) as created_at,
        actor_id,
        actor_login,
        repo_id,
        repo_name,
        org_login,
        {{ json_value('payload', '$.action') }} as payload_action,
        {{ json_value('payload', '$.pull_request.merged') }} = 'true' as pull_request_merged,
        {{ safe_cast(json_value('payload', '$.pull_request.merged_at'), 'timestamp') }}
            as pull_request_merged_at,
        {{ safe_cast(json_value('payload', '$.pull_request.user.id'), 'int64') }}
            as pull_request_author_id,
        {{ json_value('payload', '$.pull_request.user.login') }} as pull_request_author_login,
        {{ json_value('payload', '$.pull_request.merge_commit_sha') }} as pull_request_merge_commit_sha,
        {{ json_value('payload', '$.pull_request.author_association') }}
            as pull_request_author_association,
        -- The issue or pull request an event is about (issues, PRs, comments on either).
        {{ safe_cast(
            "coalesce(" ~ json_value('payload', '$.pull_request.number') ~ ", "
            ~ json_value('payload', '$.issue.number') ~ ")", 'int64') }} as thread_number,
        case
            when {{ json_value('payload', '$.pull_request.number') }} is not null
                then 'PULL_REQUEST'
            when {{ json_value('payload', '$.issue.pull_request.url') }} is not null
                then 'PULL_REQUEST'
            when {{ json_value('payload', '$.issue.number') }} is not null then 'ISSUE'
        end as thread_type,
        {{ safe_cast(
            "coalesce(" ~ json_value('payload', '$.pull_request.created_at') ~ ", "
            ~ json_value('payload', '$.issue.created_at') ~ ")", 'timestamp') }}
            as thread_created_at,
        {{ safe_cast(
            "coalesce(" ~ json_value('payload', '$.pull_request.user.id') ~ ", "
            ~ json_value('payload', '$.issue.user.id') ~ ")", 'int64') }} as thread_author_id,
        payload,
        cast(hour as timestamp) as source_hour
    from source
)

select * from renamed
