{{ config(materialized='table') }}

-- Full-time developers: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('full_time_developers') }}
