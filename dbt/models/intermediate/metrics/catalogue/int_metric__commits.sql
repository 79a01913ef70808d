{{ config(materialized='table') }}

-- Commits: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('commits') }}
