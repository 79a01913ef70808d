{{ config(materialized='table') }}

-- One row per GitHub issue or pull request ("thread") with any GH Archive event up to the end
-- of the as_of day, keyed by (repo_id, thread_number): when it was opened, by whom, its first
-- response by someone else, its merge and its state at as_of. The inputs of OSO's time to
-- first response and time to merge (int_github_pr_issue_threads). Rules: _github__models.yml.
with

events as (
    select
        event_id,
        github_event_type,
        created_at,
        actor_id,
        repo_id,
        payload_action,
        pull_request_merged,
        pull_request_merged_at,
        thread_number,
        thread_type,
        thread_created_at,
        thread_author_id,
        row_number() over (
            partition by event_id
            order by source_hour, created_at
        ) as copy_number
    from {{ ref('stg_gharchive__events') }}
    where
        created_at < {{ as_of_end_timestamp() }}
        and repo_id is not null
        and thread_number is not null
),

-- Each GH Archive event once (the same event can be in two hourly files).
thread_events as (
    select
        *,
        github_event_type in ('IssuesEvent', 'PullRequestEvent')
        and payload_action in ('opened', 'closed', 'reopened') as is_state_event,
        coalesce(
            github_event_type = 'PullRequestEvent'
            and payload_action = 'closed'
            and (pull_request_merged or pull_request_merged_at is not null),
            false
        ) as is_merge
    from events
    where copy_number = 1
),

threads as (
    select
        repo_id,
        thread_number,
        -- 'PULL_REQUEST' > 'ISSUE': one comment seen as on a pull request makes it one.
        max(thread_type) as thread_type,
        coalesce(
            min(thread_created_at),
            min(case when is_state_event and payload_action = 'opened' then created_at end)
        ) as opened_at,
        min(
            case when is_merge then coalesce(pull_request_merged_at, created_at) end
        ) as merged_at
    from thread_events
    group by repo_id, thread_number
),

-- The author: the issue / pull request user of the thread's earliest event carrying one,
-- else the actor of its earliest opened event.
payload_authors as (
    select
        repo_id,
        thread_number,
        thread_author_id as author_id,
        row_number() over (
            partition by repo_id, thread_number
            order by created_at, length(event_id), event_id
        ) as author_rank
    from thread_events
    where thread_author_id is not null
),

openers as (
    select
        repo_id,
        thread_number,
        actor_id as author_id,
        row_number() over (
            partition by repo_id, thread_number
            order by created_at, length(event_id), event_id
        ) as author_rank
    from thread_events
    where
        is_state_event
        and payload_action = 'opened'
        and actor_id is not null
),

thread_authors as (
    select
        threads.*,
        coalesce(payload_authors.author_id, openers.author_id) as author_id
    from threads
    left join payload_authors
        on
            threads.repo_id = payload_authors.repo_id
            and threads.thread_number = payload_authors.thread_number
            and payload_authors.author_rank = 1
    left join openers
        on
            threads.repo_id = openers.repo_id
            and threads.thread_number = openers.thread_number
            and openers.author_rank = 1
),

-- Responses by an actor other than the (known) author. Issues: a comment, or the issue
-- closed. Pull requests: a review comment, a comment, or the pull request closed or merged
-- (a merge at merged_at). Comments count when created (not edited or deleted).
responses as (
    select
        thread_events.repo_id,
        thread_events.thread_number,
        min(
            case
                when thread_events.is_merge
                    then coalesce(thread_events.pull_request_merged_at, thread_events.created_at)
                else thread_events.created_at
            end
        ) as first_response_at
    from thread_events
    inner join thread_authors
        on
            thread_events.repo_id = thread_authors.repo_id
            and thread_events.thread_number = thread_authors.thread_number
    where
        thread_events.actor_id != thread_authors.author_id
        and (
            (
                thread_authors.thread_type = 'ISSUE'
                and (
                    (
                        thread_events.github_event_type = 'IssueCommentEvent'
                        and coalesce(thread_events.payload_action, 'created') = 'created'
                    )
                    or (
                        thread_events.github_event_type = 'IssuesEvent'
                        and thread_events.payload_action = 'closed'
                    )
                )
            )
            or (
                thread_authors.thread_type = 'PULL_REQUEST'
                and (
                    (
                        thread_events.github_event_type in (
                            'PullRequestReviewCommentEvent', 'IssueCommentEvent'
                        )
                        and coalesce(thread_events.payload_action, 'created') = 'created'
                    )
                    or (
                        thread_events.github_event_type = 'PullRequestEvent'
                        and thread_events.payload_action = 'closed'
                    )
                )
            )
        )
    group by thread_events.repo_id, thread_events.thread_number
),

-- The latest opened / closed / reopened event decides the state at as_of (ties: the
-- higher GH Archive event id, i.e. the later event).
latest_states as (
    select
        repo_id,
        thread_number,
        payload_action,
        created_at,
        row_number() over (
            partition by repo_id, thread_number
            order by created_at desc, length(event_id) desc, event_id desc
        ) as state_rank
    from thread_events
    where is_state_event
)

select
    {{ oso_id("'ARTIFACT'", "'GITHUB'", "'REPOSITORY'", 'thread_authors.repo_id') }}
        as to_artifact_id,
    thread_authors.repo_id,
    thread_authors.thread_type,
    thread_authors.thread_number,
    thread_authors.opened_at,
    {{ oso_id("'ARTIFACT'", "'GITHUB'", "'GIT_USER'", 'thread_authors.author_id') }}
        as author_artifact_id,
    responses.first_response_at,
    thread_authors.merged_at,
    case
        when latest_states.payload_action = 'closed' then latest_states.created_at
    end as closed_at,
    coalesce(latest_states.payload_action != 'closed', true) as is_open_at_as_of
from thread_authors
left join responses
    on
        thread_authors.repo_id = responses.repo_id
        and thread_authors.thread_number = responses.thread_number
left join latest_states
    on
        thread_authors.repo_id = latest_states.repo_id
        and thread_authors.thread_number = latest_states.thread_number
        and latest_states.state_rank = 1
