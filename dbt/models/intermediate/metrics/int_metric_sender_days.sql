{{
    config(
        materialized='table',
        cluster_by=(['population'] if target.type == 'bigquery' else none),
    )
}}

-- The sender populations of the metric layer (sender_populations in
-- macros/metrics/catalogue.sql): each (entity, event source, sender, day) with an event that
-- makes the sender count (e.g. a non-bot contribution), with the number of such events. Built
-- once here; every metric that counts senders reads its population from this table.
{% for population in sender_populations() %}
    select
        '{{ population.name }}' as population,
        facts.entity_key,
        facts.event_source,
        facts.sender_key,
        facts.metric_day,
        sum(facts.event_count) as event_count
    from {{ ref('int_metric_events') }} as facts
    where {{ metric_fact_filter(population, require_sender=true) }}
    group by 1, 2, 3, 4, 5
    {% if not loop.last %}union all{% endif %}
{% endfor %}
