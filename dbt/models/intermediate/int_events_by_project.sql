-- Events of each project's artifacts: events *to* an artifact of the project (commits, stars,
-- downloads, grants and contributions received, contract calls), and money paid out *from* the
-- project's collective (DEBIT). An event to an artifact listed by two projects counts for both.
with

project_artifacts as (
    select distinct
        project_id,
        artifact_id
    from {{ ref('int_artifacts_by_project') }}
),

events as (
    select
        time,
        event_type,
        event_source,
        event_source_id,
        to_artifact_id,
        from_artifact_id,
        amount,
        case when event_type = 'DEBIT' then from_artifact_id else to_artifact_id end as project_side_artifact_id
    from {{ ref('int_events') }}
)

select
    project_artifacts.project_id,
    events.time,
    events.event_type,
    events.event_source,
    events.event_source_id,
    events.to_artifact_id,
    events.from_artifact_id,
    events.amount
from events
inner join project_artifacts
    on events.project_side_artifact_id = project_artifacts.artifact_id
