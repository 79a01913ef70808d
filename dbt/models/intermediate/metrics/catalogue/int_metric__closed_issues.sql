{{ config(materialized='table') }}

-- Issues closed: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('closed_issues') }}
