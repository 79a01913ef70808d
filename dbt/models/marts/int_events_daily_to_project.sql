-- Each project's events by UTC day, source and type (OSO's name, kept so its documented
-- queries run unchanged): the events of int_events_by_project (events to the project's
-- artifacts, DEBITs from its collective) up to as_of, summed. An event to an artifact listed
-- by two projects counts for both.
select
    cast(time as date) as bucket_day,
    project_id,
    event_source,
    event_type,
    cast(sum(amount) as {{ type_double() }}) as amount,
    cast(count(*) as int64) as event_count
from {{ ref('int_events_by_project') }}
group by cast(time as date), project_id, event_source, event_type
