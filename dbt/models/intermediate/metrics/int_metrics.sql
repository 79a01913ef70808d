{{ config(materialized='table') }}

-- Every metric value: one row per entity (ARTIFACT, PROJECT, COLLECTION), metric, event
-- source, grain and period. metric_name = <EVENT_SOURCE>_<metric>_<grain>.
{% set models = ['int_metrics__sums', 'int_metrics__senders', 'int_metrics__developer_activity',
                 'int_metrics__contributor_lifecycle', 'int_metrics__thread_times'] %}
with

metric_values as (
    {% for model in models %}
        select
            entity_type,
            entity_id,
            event_source,
            metric,
            metric_grain,
            sample_date,
            amount
        from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

names as (
    select
        event_source,
        metric,
        metric_grain,
        event_source || '_' || metric || '_' || metric_grain as metric_name
    from metric_values
    group by 1, 2, 3
)

select
    {{ oso_id("'METRIC'", "'OSO'", "'oso'", 'names.metric_name') }} as metric_id,
    names.metric_name,
    metric_values.entity_type,
    metric_values.entity_id,
    metric_values.event_source,
    metric_values.metric,
    metric_values.metric_grain,
    metric_values.sample_date,
    metric_values.amount,
    definitions.unit
from metric_values
inner join names
    on
        metric_values.event_source = names.event_source
        and metric_values.metric = names.metric
        and metric_values.metric_grain = names.metric_grain
inner join {{ ref('int_metric_definitions') }} as definitions
    on metric_values.metric = definitions.metric
