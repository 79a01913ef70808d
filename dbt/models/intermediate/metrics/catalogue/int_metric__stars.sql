{{ config(materialized='table') }}

-- Stars: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('stars') }}
