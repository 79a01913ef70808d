{{ config(materialized='table') }}

-- Sums of event counts or amounts (stars, commits, downloads, gas, funding, ...).
-- One SELECT per catalogue metric (macros/metrics/catalogue.sql, templates in kinds.sql).
{{ metrics_union(['sum']) }}
