-- The event types present in int_events (for pickers in the UI).
select distinct event_type
from {{ ref('int_events') }}
