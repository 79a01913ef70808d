{{ config(materialized='table') }}

-- Distinct and new senders (developers, contributors, addresses, funders).
-- One SELECT per catalogue metric (macros/metrics/catalogue.sql, templates in kinds.sql).
{{ metrics_union(['distinct_senders','new_senders']) }}
