{{ config(materialized='table') }}

-- New contributors: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('new_contributors') }}
