-- Events to the GitHub repositories of each project (an event to a repository listed by
-- two projects counts for both).
with

project_repositories as (
    select distinct
        project_id,
        artifact_id
    from {{ ref('int_artifacts_by_project') }}
    where
        artifact_source = 'GITHUB'
        and artifact_type = 'REPOSITORY'
)

select
    project_repositories.project_id,
    events.time,
    events.event_type,
    events.event_source,
    events.event_source_id,
    events.to_artifact_id,
    events.from_artifact_id,
    events.amount
from {{ ref('int_events') }} as events
inner join project_repositories
    on events.to_artifact_id = project_repositories.artifact_id
