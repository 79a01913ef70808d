-- Event coverage of each project: per (event_source, event_type) with at least one event of
-- the project's artifacts up to as_of (int_events_by_project), the first and last day (UTC)
-- with such an event and the number of distinct days with one.
with

event_days as (
    select
        project_id,
        event_source,
        event_type,
        cast(time as date) as event_date
    from {{ ref('int_events_by_project') }}
),

coverage as (
    select
        project_id,
        event_source,
        event_type,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date,
        count(distinct event_date) as eventful_day_count
    from event_days
    group by project_id, event_source, event_type
)

select
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    coverage.event_source,
    coverage.event_type,
    coverage.first_event_date,
    coverage.last_event_date,
    cast(coverage.eventful_day_count as int64) as eventful_day_count
from coverage
inner join {{ ref('int_projects') }} as projects
    on coverage.project_id = projects.project_id
