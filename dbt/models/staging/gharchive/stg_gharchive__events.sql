{{ config(materialized='table') }}

-- GH Archive events with the payload fields the event model needs pulled out of the JSON text.
-- A table: the JSON is parsed once per build (all paths in one pass), not by every model that
-- reads these fields.
{%- set paths = [
    '$.action',
    '$.pull_request.merged',
    '$.pull_request.merged_at',
    '$.pull_request.user.id',
    '$.pull_request.user.login',
    '$.pull_request.merge_commit_sha',
    '$.pull_request.author_association',
    '$.pull_request.number',
    '$.issue.number',
    '$.issue.pull_request.url',
    '$.pull_request.created_at',
    '$.issue.created_at',
    '$.issue.user.id',
] %}
{%- set field = {} %}
{%- for path in paths %}{% do field.update({path: array_item('payload_values', loop.index0)}) %}{% endfor %}
with

source as (
    select * from {{ source('gharchive', 'events') }}
),

parsed as (
    select
        *,
        {{ json_values('payload', paths) }} as payload_values
    from source
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
        {{ field['$.action'] }} as payload_action,
        {{ field['$.pull_request.merged'] }} = 'true' as pull_request_merged,
        {{ safe_cast(field['$.pull_request.merged_at'], 'timestamp') }} as pull_request_merged_at,
        {{ safe_cast(field['$.pull_request.user.id'], 'int64') }} as pull_request_author_id,
        {{ field['$.pull_request.user.login'] }} as pull_request_author_login,
        {{ field['$.pull_request.merge_commit_sha'] }} as pull_request_merge_commit_sha,
        {{ field['$.pull_request.author_association'] }} as pull_request_author_association,
        -- The issue or pull request an event is about (issues, PRs, comments on either).
        {{ safe_cast('coalesce(' ~ field['$.pull_request.number'] ~ ', ' ~ field['$.issue.number'] ~ ')', 'int64') }}
            as thread_number,
        case
            when {{ field['$.pull_request.number'] }} is not null then 'PULL_REQUEST'
            when {{ field['$.issue.pull_request.url'] }} is not null then 'PULL_REQUEST'
            when {{ field['$.issue.number'] }} is not null then 'ISSUE'
        end as thread_type,
        {{ safe_cast('coalesce(' ~ field['$.pull_request.created_at'] ~ ', ' ~ field['$.issue.created_at'] ~ ')', 'timestamp') }}
            as thread_created_at,
        {{ safe_cast('coalesce(' ~ field['$.pull_request.user.id'] ~ ', ' ~ field['$.issue.user.id'] ~ ')', 'int64') }}
            as thread_author_id,
        cast(hour as timestamp) as source_hour
    from parsed
)

select * from renamed
