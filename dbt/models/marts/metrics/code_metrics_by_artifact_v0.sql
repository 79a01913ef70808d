-- GitHub code metrics of every repository of a registry project as of the as-of date
-- (OSO's columns; the repository's key metrics from int_code_metrics).
with

repositories as (
    select distinct
        artifact_id,
        artifact_namespace,
        artifact_name
    from {{ ref('int_artifacts_by_project') }}
    where
        artifact_source = 'GITHUB'
        and artifact_type = 'REPOSITORY'
),

metrics as (
    select * from {{ ref('int_code_metrics') }}
    where entity_type = 'ARTIFACT'
)

select
    repositories.artifact_id,
    repositories.artifact_namespace,
    repositories.artifact_name,
    'GITHUB' as event_source,
    {{ code_metric_select([
        'star_count', 'fork_count', 'contributor_count', 'contributor_count_6_months',
        'new_contributor_count_6_months', 'fulltime_developer_average_6_months',
        'active_developer_count_6_months', 'commit_count_6_months',
        'opened_pull_request_count_6_months', 'merged_pull_request_count_6_months',
        'opened_issue_count_6_months', 'closed_issue_count_6_months',
    ]) }},
    metrics.first_commit_date,
    metrics.last_commit_date
from repositories
left join metrics
    on repositories.artifact_id = metrics.entity_id
