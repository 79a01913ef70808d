-- GitHub code metrics of every project as of the as_of var (OSO's dbt-era snapshot metrics).
-- "6 months": whole days from (as_of - 6 months + 1 day) through as_of. "All": every event up
-- to the end of the as_of day (int_events already stops there). Stars and forks are counts of
-- STARRED / FORKED events, not an API snapshot. Projects without events get zeros.
with

events as (
    select
        project_id,
        time,
        event_type,
        from_artifact_id,
        time >= {{ window_start_timestamp(6) }} as is_in_window
    from {{ ref('int_events_by_project') }}
    where event_source = 'GITHUB'
),

repositories as (
    select
        project_id,
        count(distinct artifact_id) as repository_count
    from {{ ref('int_artifacts_by_project') }}
    where
        artifact_source = 'GITHUB'
        and artifact_type = 'REPOSITORY'
    group by project_id
),

event_counts as (
    select
        project_id,
        min(case when event_type = 'COMMIT_CODE' then cast(time as date) end) as first_commit_date,
        max(case when event_type = 'COMMIT_CODE' then cast(time as date) end) as last_commit_date,
        count(case when event_type = 'STARRED' then 1 end) as star_count,
        count(case when event_type = 'FORKED' then 1 end) as fork_count,
        count(distinct case when event_type = 'COMMIT_CODE' then from_artifact_id end) as developer_count,
        count(
            distinct case
                when event_type = 'COMMIT_CODE' and is_in_window then from_artifact_id
            end
        ) as active_developer_count_6_months,
        count(case when event_type = 'COMMIT_CODE' and is_in_window then 1 end)
            as commit_count_6_months,
        count(case when event_type = 'PULL_REQUEST_OPENED' and is_in_window then 1 end)
            as opened_pull_request_count_6_months,
        count(case when event_type = 'PULL_REQUEST_MERGED' and is_in_window then 1 end)
            as merged_pull_request_count_6_months,
        count(case when event_type = 'ISSUE_OPENED' and is_in_window then 1 end)
            as opened_issue_count_6_months,
        count(case when event_type = 'ISSUE_CLOSED' and is_in_window then 1 end)
            as closed_issue_count_6_months,
        count(
            case
                when
                    event_type in ('PULL_REQUEST_REVIEW_COMMENT', 'ISSUE_COMMENT')
                    and is_in_window
                    then 1
            end
        ) as comment_count_6_months,
        count(case when event_type = 'RELEASE_PUBLISHED' and is_in_window then 1 end)
            as release_count_6_months
    from events
    group by project_id
),

-- Contributors: authors of commits, opened pull requests or opened issues.
contributors as (
    select
        project_id,
        from_artifact_id,
        min(time) as first_contribution_time,
        max(time) as last_contribution_time
    from events
    where
        event_type in ('COMMIT_CODE', 'PULL_REQUEST_OPENED', 'ISSUE_OPENED')
        and from_artifact_id is not null
    group by project_id, from_artifact_id
),

contributor_counts as (
    select
        project_id,
        count(*) as contributor_count,
        count(
            case when last_contribution_time >= {{ window_start_timestamp(6) }} then 1 end
        ) as contributor_count_6_months,
        count(
            case when first_contribution_time >= {{ window_start_timestamp(6) }} then 1 end
        ) as new_contributor_count_6_months
    from contributors
    group by project_id
)

select
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    projects.display_name,
    'GITHUB' as event_source,
    cast(coalesce(repositories.repository_count, 0) as int64) as repository_count,
    event_counts.first_commit_date,
    event_counts.last_commit_date,
    cast(coalesce(event_counts.star_count, 0) as int64) as star_count,
    cast(coalesce(event_counts.fork_count, 0) as int64) as fork_count,
    cast(coalesce(event_counts.developer_count, 0) as int64) as developer_count,
    cast(coalesce(contributor_counts.contributor_count, 0) as int64) as contributor_count,
    cast(coalesce(contributor_counts.contributor_count_6_months, 0) as int64)
        as contributor_count_6_months,
    cast(coalesce(contributor_counts.new_contributor_count_6_months, 0) as int64)
        as new_contributor_count_6_months,
    cast(coalesce(event_counts.active_developer_count_6_months, 0) as int64)
        as active_developer_count_6_months,
    cast(coalesce(event_counts.commit_count_6_months, 0) as int64) as commit_count_6_months,
    cast(coalesce(event_counts.opened_pull_request_count_6_months, 0) as int64)
        as opened_pull_request_count_6_months,
    cast(coalesce(event_counts.merged_pull_request_count_6_months, 0) as int64)
        as merged_pull_request_count_6_months,
    cast(coalesce(event_counts.opened_issue_count_6_months, 0) as int64)
        as opened_issue_count_6_months,
    cast(coalesce(event_counts.closed_issue_count_6_months, 0) as int64)
        as closed_issue_count_6_months,
    cast(coalesce(event_counts.comment_count_6_months, 0) as int64) as comment_count_6_months,
    cast(coalesce(event_counts.release_count_6_months, 0) as int64) as release_count_6_months
from {{ ref('int_projects') }} as projects
left join repositories
    on projects.project_id = repositories.project_id
left join event_counts
    on projects.project_id = event_counts.project_id
left join contributor_counts
    on projects.project_id = contributor_counts.project_id
