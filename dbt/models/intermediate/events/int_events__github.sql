{{ config(materialized='view') }}

-- GitHub's part of int_events: one row per GitHub event on a repository, up to the end of
-- the as_of day. `to` is the repository (artifact key = numeric repo id), `from` the GitHub
-- user (artifact key = numeric actor id); names are the lower-cased names at event time.
with

events as (
    select
        event_id,
        github_event_type,
        created_at,
        actor_id,
        actor_login,
        repo_id,
        repo_name,
        payload_action,
        pull_request_merged,
        pull_request_merged_at,
        pull_request_author_id,
        pull_request_author_login,
        row_number() over (
            partition by event_id
            order by source_hour, created_at
        ) as copy_number
    from {{ ref('stg_gharchive__events') }}
    where created_at < {{ as_of_end_timestamp() }}
),

distinct_events as (
    select * from events
    where copy_number = 1
),

-- Issue, pull request, comment, release, star and fork events, typed after OSO.
activity as (
    select
        created_at as time,
        case
            when github_event_type = 'IssuesEvent'
                then 'ISSUE_' || upper(payload_action)
            when github_event_type = 'PullRequestEvent'
                then 'PULL_REQUEST_' || upper(payload_action)
            when github_event_type = 'PullRequestReviewCommentEvent'
                then 'PULL_REQUEST_REVIEW_COMMENT'
            when github_event_type = 'IssueCommentEvent'
                then 'ISSUE_COMMENT'
            when github_event_type = 'ReleaseEvent'
                then 'RELEASE_PUBLISHED'
            when github_event_type = 'WatchEvent'
                then 'STARRED'
            when github_event_type = 'ForkEvent'
                then 'FORKED'
        end as event_type,
        event_id as event_source_id,
        repo_id,
        repo_name,
        actor_id,
        actor_login
    from distinct_events
    where
        (
            github_event_type in ('IssuesEvent', 'PullRequestEvent')
            and payload_action in ('opened', 'closed', 'reopened')
        )
        or (
            github_event_type in ('PullRequestReviewCommentEvent', 'IssueCommentEvent')
            and coalesce(payload_action, 'created') = 'created'
        )
        or (
            github_event_type = 'ReleaseEvent'
            and coalesce(payload_action, 'published') = 'published'
        )
        or github_event_type in ('WatchEvent', 'ForkEvent')
),

-- A merge is the closing PullRequestEvent of a merged PR, timed at merged_at and credited
-- to the PR author (not the merger).
merged_pull_requests as (
    select
        coalesce(pull_request_merged_at, created_at) as time,
        'PULL_REQUEST_MERGED' as event_type,
        event_id as event_source_id,
        repo_id,
        repo_name,
        coalesce(pull_request_author_id, actor_id) as actor_id,
        case
            when pull_request_author_id is null then actor_login
            else pull_request_author_login
        end as actor_login
    from distinct_events
    where
        github_event_type = 'PullRequestEvent'
        and payload_action = 'closed'
        and (pull_request_merged or pull_request_merged_at is not null)
),

-- Commits to the default branch. Without repository metadata the default branch is taken to
-- be main or master. A commit counts once per repository: at its earliest push.
default_branch_commits as (
    select
        created_at,
        sha,
        push_id,
        event_id,
        repo_id,
        repo_name,
        actor_id,
        actor_login,
        row_number() over (
            partition by repo_id, sha
            order by created_at, push_id, event_id
        ) as push_rank
    from {{ ref('stg_gharchive__push_commits') }}
    where
        created_at < {{ as_of_end_timestamp() }}
        and git_ref in ('refs/heads/main', 'refs/heads/master')
        and sha is not null
),

commits as (
    select
        created_at as time,
        'COMMIT_CODE' as event_type,
        sha as event_source_id,
        repo_id,
        repo_name,
        actor_id,
        actor_login
    from default_branch_commits
    where push_rank = 1
),

all_events as (
    select * from activity
    union all
    select * from merged_pull_requests
    union all
    select * from commits
)

select
    time,
    event_type,
    'GITHUB' as event_source,
    event_source_id,
    {{ oso_id("'ARTIFACT'", "'GITHUB'", "'REPOSITORY'", 'repo_id') }} as to_artifact_id,
    lower({{ dbt.split_part('repo_name', "'/'", 2) }}) as to_artifact_name,
    lower({{ dbt.split_part('repo_name', "'/'", 1) }}) as to_artifact_namespace,
    'REPOSITORY' as to_artifact_type,
    cast(repo_id as string) as to_artifact_source_id,
    {{ oso_id("'ARTIFACT'", "'GITHUB'", "'GIT_USER'", 'actor_id') }} as from_artifact_id,
    lower(actor_login) as from_artifact_name,
    lower(actor_login) as from_artifact_namespace,
    'GIT_USER' as from_artifact_type,
    cast(actor_id as string) as from_artifact_source_id,
    cast(1 as {{ type_double() }}) as amount
from all_events
where
    time < {{ as_of_end_timestamp() }}
    and repo_id is not null
