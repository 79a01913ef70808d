{{ config(materialized='table') }}

-- Open issue age: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('issue_age') }}
