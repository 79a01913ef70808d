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
        payload,
        cast(hour as timestamp) as source_hour
    from source
)

select * from renamed
