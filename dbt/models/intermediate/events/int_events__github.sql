{{ config(materialized='view') }}

-- GitHub's part of int_events: one row per GitHub event on a repository, up to the end of
-- the as_of day. `to` is the repository (artifact key = numeric repo id), `from` the GitHub
-- user (artifact key = numeric actor id); names are the lower-cased names at event time.
-- A commit read from git whose author e-mail is no known GitHub user is from a GIT_EMAIL
-- artifact (source GIT, key = lower-case e-mail).
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
        pull_request_merge_commit_sha,
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

-- COMMIT_CODE: commits to the default branch, from two sources, each (repository id, sha)
-- counted once at its earliest time (on a tie the GH Archive push wins, then the first push).
-- 1. GH Archive push commits to the repository's default branch (from the GitHub REST
--    source; main or master when the repository has no metadata); time = the push, from = the
--    pusher (a merge bot's merge commit: the pull request's author, see merge_commits).
default_branch_commits as (
    select
        pushes.created_at,
        pushes.sha,
        pushes.push_id,
        pushes.event_id,
        pushes.repo_id,
        pushes.repo_name,
        pushes.actor_id,
        pushes.actor_login
    from {{ ref('stg_gharchive__push_commits') }} as pushes
    left join {{ ref('stg_github__repositories') }} as repositories
        on pushes.repo_id = repositories.repo_id
    where
        pushes.created_at < {{ as_of_end_timestamp() }}
        and (
            pushes.git_ref = 'refs/heads/' || repositories.default_branch
            or (
                repositories.default_branch is null
                and pushes.git_ref in ('refs/heads/main', 'refs/heads/master')
            )
        )
        and pushes.sha is not null
),

pushed_commits as (
    select
        created_at as time,
        sha,
        repo_id,
        repo_name,
        actor_id,
        actor_login,
        cast(null as string) as author_email,
        1 as source_priority,
        push_id,
        event_id
    from default_branch_commits
),

-- 2. Commits read from git (the default branch's history, also after GH Archive stopped
--    listing commits). The repository resolves to its numeric id by name
--    (int_repository_names); commits of a repository never seen in GH Archive are dropped.
--    time = the committer date.
git_commits as (
    select
        commits.committer_time as time,
        commits.sha,
        names.repo_id,
        commits.repository as repo_name,
        nullif(lower(commits.author_email), '') as author_email
    from {{ ref('stg_git__commits') }} as commits
    inner join {{ ref('int_repository_names') }} as names
        on commits.repository = names.repo_full_name
    where commits.committer_time < {{ as_of_end_timestamp() }}
),

-- Who an author e-mail of a git commit is on a repository: the GitHub user who pushed the most
-- commits with that author e-mail there in GH Archive (ties: the latest push, then the lowest
-- id), named by that user's latest login. Unmatched e-mails stay GIT_EMAIL artifacts. Only
-- the e-mails and users of git commits are looked up (not every push).
git_emails as (
    select distinct
        repo_id,
        author_email
    from git_commits
    where author_email is not null
),

email_pushers as (
    select
        pushes.repo_id,
        git_emails.author_email,
        pushes.actor_id,
        count(distinct pushes.sha) as commit_count,
        max(pushes.created_at) as last_pushed_at
    from {{ ref('stg_gharchive__push_commits') }} as pushes
    inner join git_emails
        on
            pushes.repo_id = git_emails.repo_id
            and lower(pushes.author_email) = git_emails.author_email
    where
        pushes.created_at < {{ as_of_end_timestamp() }}
        and pushes.actor_id is not null
    group by 1, 2, 3
),

email_users as (
    select
        repo_id,
        author_email,
        actor_id,
        row_number() over (
            partition by repo_id, author_email
            order by commit_count desc, last_pushed_at desc, actor_id asc
        ) as user_rank
    from email_pushers
),

pusher_logins as (
    select
        actor_id,
        actor_login,
        row_number() over (
            partition by actor_id
            order by created_at desc, event_id desc
        ) as login_rank
    from {{ ref('stg_gharchive__push_commits') }}
    where
        created_at < {{ as_of_end_timestamp() }}
        and actor_id in (
            select email_users.actor_id
            from email_users
            where email_users.user_rank = 1
        )
),

attributed_git_commits as (
    select
        git_commits.time,
        git_commits.sha,
        git_commits.repo_id,
        git_commits.repo_name,
        email_users.actor_id,
        pusher_logins.actor_login,
        case when email_users.actor_id is null then git_commits.author_email end as author_email,
        2 as source_priority,
        cast(null as {{ dbt.type_bigint() }}) as push_id,
        cast(null as string) as event_id
    from git_commits
    left join email_users
        on
            git_commits.repo_id = email_users.repo_id
            and git_commits.author_email = email_users.author_email
            and email_users.user_rank = 1
    left join pusher_logins
        on
            email_users.actor_id = pusher_logins.actor_id
            and pusher_logins.login_rank = 1
),

commit_candidates as (
    select
        *,
        row_number() over (
            partition by repo_id, sha
            order by time, source_priority, push_id, event_id
        ) as commit_rank
    from (
        select * from pushed_commits
        union all
        select * from attributed_git_commits
    ) as candidates
),

-- Merge-bot re-attribution (OSO §3.3): a commit whose credited user is a merge bot (the ids of
-- github_merge_bot_actor_ids()) or any login ending in '[bot]', and whose sha is the merge
-- commit of a pull request merged in the same repository, is credited to the pull request's
-- author. Without such a merge it stays with the bot (int_users flags the bot).
merge_commits as (
    select
        repo_id,
        pull_request_merge_commit_sha as sha,
        pull_request_author_id as author_id,
        pull_request_author_login as author_login,
        row_number() over (
            partition by repo_id, pull_request_merge_commit_sha
            order by created_at, event_id
        ) as merge_rank
    from distinct_events
    where
        github_event_type = 'PullRequestEvent'
        and payload_action = 'closed'
        and (pull_request_merged or pull_request_merged_at is not null)
        and pull_request_merge_commit_sha is not null
        and pull_request_author_id is not null
),

commits as (
    select
        candidates.time,
        'COMMIT_CODE' as event_type,
        candidates.sha as event_source_id,
        candidates.repo_id,
        candidates.repo_name,
        case
            when candidates.is_bot_push and pull_requests.author_id is not null
                then pull_requests.author_id
            else candidates.actor_id
        end as actor_id,
        case
            when candidates.is_bot_push and pull_requests.author_id is not null
                then pull_requests.author_login
            else candidates.actor_login
        end as actor_login,
        candidates.author_email
    -- The bot test stays out of the join condition: an OR there turns the hash join into a
    -- nested loop (quadratic).
    from (
        select
            *,
            coalesce(
                actor_id in ({{ github_merge_bot_actor_ids() }})
                or lower(actor_login) like '%[bot]',
                false
            ) as is_bot_push
        from commit_candidates
        where commit_rank = 1
    ) as candidates
    left join merge_commits as pull_requests
        on
            candidates.repo_id = pull_requests.repo_id
            and candidates.sha = pull_requests.sha
            and pull_requests.merge_rank = 1
),

-- author_email is set only for commits whose author is no known GitHub user (GIT_EMAIL).
all_events as (
    select
        *,
        cast(null as string) as author_email
    from activity
    union all
    select
        *,
        cast(null as string) as author_email
    from merged_pull_requests
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
    case
        when actor_id is null and author_email is not null
            then {{ oso_id("'ARTIFACT'", "'GIT'", "'GIT_EMAIL'", 'author_email') }}
        else {{ oso_id("'ARTIFACT'", "'GITHUB'", "'GIT_USER'", 'actor_id') }}
    end as from_artifact_id,
    coalesce(lower(actor_login), author_email) as from_artifact_name,
    coalesce(lower(actor_login), author_email) as from_artifact_namespace,
    case
        when actor_id is null and author_email is not null then 'GIT_EMAIL'
        else 'GIT_USER'
    end as from_artifact_type,
    coalesce(cast(actor_id as string), author_email) as from_artifact_source_id,
    cast(1 as {{ type_double() }}) as amount
from all_events
where
    time < {{ as_of_end_timestamp() }}
    and repo_id is not null
