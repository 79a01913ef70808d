{{
    config(
        materialized='table',
        partition_by=(
            {'field': 'time', 'data_type': 'timestamp', 'granularity': 'day'}
            if target.type == 'bigquery' else none
        ),
        cluster_by=(['event_type'] if target.type == 'bigquery' else none),
    )
}}

-- OSO's universal event table: every source's events with the same columns, up to the end
-- of the as_of day. Each source contributes one `int_events__<source>` model.
{% set sources = ['int_events__github', 'int_events__npm', 'int_events__funding', 'int_events__opencollective', 'int_events__evm'] %}

{% for source in sources %}
    select
        time,
        event_type,
        event_source,
        event_source_id,
        to_artifact_id,
        to_artifact_name,
        to_artifact_namespace,
        to_artifact_type,
        to_artifact_source_id,
        from_artifact_id,
        from_artifact_name,
        from_artifact_namespace,
        from_artifact_type,
        from_artifact_source_id,
        amount
    from {{ ref(source) }}
    where time < {{ as_of_end_timestamp() }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
