{{ config(materialized='table') }}

-- Time to first response: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('time_to_first_response') }}
