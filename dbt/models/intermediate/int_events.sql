{{
    config(
        materialized='incremental',
        incremental_strategy=('insert_overwrite' if target.type == 'bigquery' else 'delete+insert'),
        unique_key=(none if target.type == 'bigquery' else 'event_day'),
        partition_by=(
            {'field': 'time', 'data_type': 'timestamp', 'granularity': 'day'}
            if target.type == 'bigquery' else none
        ),
        partitions=(incremental_day_partitions() if target.type == 'bigquery' else none),
        cluster_by=(['event_type'] if target.type == 'bigquery' else none),
        on_schema_change='fail',
        pre_hook="{{ incremental_days_pre_hook('time') }}",
    )
}}

-- OSO's universal event table: every source's events with the same columns, up to the end
-- of the as_of day. Each source contributes one `int_events__<source>` model.
--
-- Incremental by day (macros/incremental.sql): a first run or --full-refresh builds every day
-- up to as_of; an incremental run rebuilds only the days from var `events_from` (default:
-- as_of - var `events_lookback_days`, 2) through as_of and drops any day after as_of, leaving
-- earlier days as they are. Re-running a day replaces it, so the result equals a full rebuild.
-- DuckDB: delete+insert keyed on `event_day` (UTC date of `time`); BigQuery: insert_overwrite
-- of the window's `time` day partitions.
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
        amount,
        cast(time as date) as event_day
    from {{ ref(source) }}
    where {{ incremental_days_filter('time') }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
