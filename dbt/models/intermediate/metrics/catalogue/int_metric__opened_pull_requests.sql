{{ config(materialized='table') }}

-- Pull requests opened: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('opened_pull_requests') }}
