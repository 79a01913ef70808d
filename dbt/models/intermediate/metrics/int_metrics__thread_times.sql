{{ config(materialized='table') }}

-- Time to first response, time to merge and open issue age.
-- One SELECT per catalogue metric (macros/metrics/catalogue.sql, templates in kinds.sql).
{{ metrics_union(['thread_time']) }}
