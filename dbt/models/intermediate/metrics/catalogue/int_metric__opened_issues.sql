{{ config(materialized='table') }}

-- Issues opened: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('opened_issues') }}
