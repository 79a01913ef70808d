-- Every event of int_events (up to the end of the as_of day), narrowed to the time series
-- columns: one row per event.
select
    time,
    to_artifact_id,
    from_artifact_id,
    event_type,
    event_source_id,
    event_source,
    amount
from {{ ref('int_events') }}
