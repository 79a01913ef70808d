{{ config(materialized='table') }}

-- Contributor absence factor: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('contributor_absence_factor') }}
