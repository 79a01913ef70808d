{{ config(materialized='table') }}

-- Contributors: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('contributors') }}
