{{ config(materialized='table') }}

-- Time to merge: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('time_to_merge') }}
