-- GitHub code metrics of every registry project as of the as-of date (OSO's columns).
-- Counts and averages are the project's key metrics (int_code_metrics, from int_metrics);
-- repository dates come from the GitHub API snapshot. Projects without events get zeros.
with

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

repository_dates as (
    select
        project_id,
        min(cast(created_at as date)) as first_created_at_date,
        max(cast(updated_at as date)) as last_updated_at_date
    from {{ ref('int_repositories__github_api') }}
    where created_at < {{ as_of_end_timestamp() }}
    group by project_id
),

metrics as (
    select * from {{ ref('int_code_metrics') }}
    where entity_type = 'PROJECT'
)

select
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    projects.display_name,
    'GITHUB' as event_source,
    cast(coalesce(repositories.repository_count, 0) as int64) as repository_count,
    repository_dates.first_created_at_date,
    repository_dates.last_updated_at_date,
    metrics.first_commit_date,
    metrics.last_commit_date,
    {{ code_metric_select([
        'star_count', 'fork_count', 'developer_count', 'contributor_count',
        'contributor_count_6_months', 'new_contributor_count_6_months',
        'fulltime_developer_average_6_months', 'active_developer_count_6_months',
        'commit_count_6_months', 'opened_pull_request_count_6_months',
        'merged_pull_request_count_6_months', 'opened_issue_count_6_months',
        'closed_issue_count_6_months', 'comment_count_6_months', 'release_count_6_months',
        'time_to_first_response_days_average_6_months', 'time_to_merge_days_average_6_months',
    ]) }}
from {{ ref('int_projects') }} as projects
left join repositories
    on projects.project_id = repositories.project_id
left join repository_dates
    on projects.project_id = repository_dates.project_id
left join metrics
    on projects.project_id = metrics.entity_id
