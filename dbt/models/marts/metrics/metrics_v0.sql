-- The metric catalogue as published: one row per metric name (<EVENT_SOURCE>_<metric>_<grain>)
-- for every event source that has events of the metric's types, with its definition and the
-- SQL that computes it (rendered against this warehouse; run it to reproduce any value).
select
    metric_id,
    'OSO' as metric_source,
    'oso' as metric_namespace,
    metric_name,
    display_name,
    description,
    unit,
    event_source,
    metric as metric_group,
    metric_grain as time_grain,
    metric_kind as aggregation_function,
    rendered_sql,
    'dbt/macros/metrics/kinds.sql' as sql_source_path
from {{ ref('int_metric_names') }}
