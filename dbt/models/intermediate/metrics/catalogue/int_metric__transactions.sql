{{ config(materialized='table') }}

-- Transactions: one catalogue metric (macros/metrics/catalogue.sql), every entity and grain.
{{ metric_model('transactions') }}
