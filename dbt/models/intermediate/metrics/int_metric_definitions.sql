-- The metric catalogue (macros/metrics/catalogue.sql) as rows: one per metric, before it is
-- multiplied by event source and grain.
{% for metric in metric_catalogue() %}
    select
        '{{ metric.name }}' as metric,
        {{ sql_string(metric.display_name) }} as display_name,
        {{ sql_string(metric.description) }} as description,
        '{{ metric.unit }}' as unit,
        '{{ metric.kind }}' as metric_kind
    {% if not loop.last %}union all{% endif %}
{% endfor %}
