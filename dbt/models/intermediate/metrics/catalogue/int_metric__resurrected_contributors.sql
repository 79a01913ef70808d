{{ config(materialized='table') }}

-- Resurrected contributors: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('resurrected_contributors') }}
