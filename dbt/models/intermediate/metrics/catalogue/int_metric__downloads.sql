{{ config(materialized='table') }}

-- Downloads: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('downloads') }}
