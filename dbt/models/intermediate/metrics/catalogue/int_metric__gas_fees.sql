{{ config(materialized='table') }}

-- Gas fees: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('gas_fees') }}
