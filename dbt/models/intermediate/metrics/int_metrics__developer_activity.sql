{{ config(materialized='table') }}

-- Full-time and part-time developers (10 commit-days in 30).
-- One SELECT per catalogue metric (macros/metrics/catalogue.sql, templates in kinds.sql).
{{ metrics_union(['developer_activity']) }}
