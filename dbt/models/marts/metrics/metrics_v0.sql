-- The metric catalogue as published: one row per metric name (<EVENT_SOURCE>_<metric>_<grain>)
-- for every event source that has events of the metric's types, with its definition and the
-- SQL that computes it (rendered against this warehouse; run it to reproduce any value).
with

definitions as (
    select * from {{ ref('int_metric_definitions') }}
),

event_sources as (
    select distinct
        event_source,
        event_type
    from {{ ref('int_events') }}
),

catalogue as (
    {% for metric in metric_catalogue() %}
        select
            '{{ metric.name }}' as metric,
            metric_grain,
            {{ sql_string(metric_sql(metric)) }} as rendered_sql
        from (
            {% for grain in metric.grains %}
                select '{{ grain }}' as metric_grain
                {% if not loop.last %}union all{% endif %}
            {% endfor %}
        ) as grains
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

metric_sources as (
    {% for metric in metric_catalogue() %}
        select distinct
            '{{ metric.name }}' as metric,
            event_source
        from event_sources
        where event_type in {{ sql_list(metric.event_types or ['PULL_REQUEST_OPENED', 'ISSUE_OPENED']) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

named as (
    select
        metric_sources.event_source || '_' || catalogue.metric || '_' || catalogue.metric_grain
            as metric_name,
        metric_sources.event_source,
        catalogue.metric,
        catalogue.metric_grain,
        catalogue.rendered_sql
    from catalogue
    inner join metric_sources on catalogue.metric = metric_sources.metric
)

select
    {{ oso_id("'METRIC'", "'OSO'", "'oso'", 'named.metric_name') }} as metric_id,
    'OSO' as metric_source,
    'oso' as metric_namespace,
    named.metric_name,
    definitions.display_name,
    definitions.description,
    definitions.unit,
    named.event_source,
    named.metric as metric_group,
    named.metric_grain as time_grain,
    definitions.metric_kind as aggregation_function,
    named.rendered_sql,
    'dbt/macros/metrics/kinds.sql' as sql_source_path
from named
inner join definitions on named.metric = definitions.metric
