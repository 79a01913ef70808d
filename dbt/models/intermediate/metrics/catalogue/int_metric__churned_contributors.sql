{{ config(materialized='table') }}

-- Churned contributors: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('churned_contributors') }}
