{{ config(materialized='table') }}

-- Pull requests merged: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('merged_pull_requests') }}
