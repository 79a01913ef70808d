{{ config(materialized='table') }}

-- Contract invocations: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('contract_invocations') }}
