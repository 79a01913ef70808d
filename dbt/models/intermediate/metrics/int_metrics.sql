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
),

identified as (
    {{ metric_rows_with_ids('metric_values') }}
)

select
    names.metric_id,
    names.metric_name,
    identified.entity_type,
    identified.entity_id,
    identified.event_source,
    identified.metric,
    identified.metric_grain,
    identified.sample_date,
    identified.amount,
    names.unit
from identified
inner join {{ ref('int_metric_names') }} as names
    on
        identified.event_source = names.event_source
        and identified.metric = names.metric
        and identified.metric_grain = names.metric_grain
