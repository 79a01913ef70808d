{{ config(materialized='table') }}

-- Funders: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('funders') }}
