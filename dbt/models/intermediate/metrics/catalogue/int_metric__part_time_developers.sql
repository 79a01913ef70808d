{{ config(materialized='table') }}

-- Part-time developers: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('part_time_developers') }}
