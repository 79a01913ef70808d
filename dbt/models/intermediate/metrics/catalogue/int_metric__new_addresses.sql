{{ config(materialized='table') }}

-- New addresses: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('new_addresses') }}
