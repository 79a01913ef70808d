{{ config(materialized='view') }}

-- Every metric value: one row per entity (ARTIFACT, PROJECT, COLLECTION), metric, event
-- source, grain and period, named and identified by int_metric_names. A view: the marts read
-- their slice (entity type, grains) and the filters reach the metric tables
-- (int_metric__<name>, one per catalogue metric). The metric tables key entities by
-- entity_key; this view gives them back their ids.
with

metric_values as (
    {% for metric in metric_catalogue() %}
        select
            entity_key,
            event_source,
            metric,
            metric_grain,
            sample_date,
            amount
        from {{ ref('int_metric__' ~ metric.name) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    names.metric_id,
    names.metric_name,
    entities.entity_type,
    entities.entity_id,
    metric_values.event_source,
    metric_values.metric,
    metric_values.metric_grain,
    metric_values.sample_date,
    metric_values.amount,
    names.unit
from metric_values
inner join {{ ref('int_metric_names') }} as names
    on
        metric_values.event_source = names.event_source
        and metric_values.metric = names.metric
        and metric_values.metric_grain = names.metric_grain
inner join ({{ metric_entity_ids() }}) as entities
    on metric_values.entity_key = entities.entity_key
