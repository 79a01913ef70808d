{{ config(materialized='table') }}

-- Funding received: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('funding_received') }}
