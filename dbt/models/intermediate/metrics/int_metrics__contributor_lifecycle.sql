{{ config(materialized='table') }}

-- Resurrected and churned contributors; contributor absence factor.
-- One SELECT per catalogue metric (macros/metrics/catalogue.sql, templates in kinds.sql).
{{ metrics_union(['lifecycle','absence_factor']) }}
