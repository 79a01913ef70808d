{{ config(materialized='table') }}

-- Forks: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('forks') }}
