{{ config(materialized='table') }}

-- Releases: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('releases') }}
