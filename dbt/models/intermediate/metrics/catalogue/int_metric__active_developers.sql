{{ config(materialized='table') }}

-- Active developers: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('active_developers') }}
