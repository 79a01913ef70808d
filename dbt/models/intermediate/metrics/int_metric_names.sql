{{ config(materialized='table') }}

-- Every published metric name: each catalogue metric x each event source that has events of
-- the metric's types x each of its grains, with its definition and the SQL that computes it.
with

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
            {{ sql_string(metric_published_sql(metric)) }} as rendered_sql
        from (
            {% for grain in metric.grains %}
                select '{{ grain }}' as metric_grain
                {% if not loop.last %}union all{% endif %}
            {% endfor %}
        ) as grains
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- Thread times have no event types of their own: they exist where issues or PRs do.
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
    named.metric_name,
    named.event_source,
    named.metric,
    named.metric_grain,
    definitions.display_name,
    definitions.description,
    definitions.unit,
    definitions.metric_kind,
    named.rendered_sql
from named
inner join {{ ref('int_metric_definitions') }} as definitions
    on named.metric = definitions.metric
