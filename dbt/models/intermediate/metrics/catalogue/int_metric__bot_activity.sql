{{ config(materialized='table') }}

-- Bot activity: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('bot_activity') }}
