{{ config(materialized='table') }}

-- Comments: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('comments') }}
