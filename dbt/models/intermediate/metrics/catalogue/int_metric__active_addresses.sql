{{ config(materialized='table') }}

-- Active addresses: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('active_addresses') }}
