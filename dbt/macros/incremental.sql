{#-
    Day windows of incremental-by-day models (int_events; reusable by any model keyed on a day).

    A first run or `--full-refresh` builds every day up to as_of. An incremental run rebuilds
    the days from `incremental_from()` through as_of and leaves earlier days untouched:
      - var `events_from` ('YYYY-MM-DD', optional): the first day to rebuild (`oso run` passes
        the start of its window, so a run over a date range rebuilds that range);
      - otherwise as_of minus var `events_lookback_days` (default 2), so hours arriving late
        for the last few days are picked up.
    Days after as_of are removed as well (a re-run with an earlier as_of), so the table always
    equals a full rebuild as of the same day, provided the raw data of days before the window
    did not change (a backfill of old days passes `events_from`).
-#}

{#- The first day an incremental run rebuilds, as 'YYYY-MM-DD' (see the top of this file). -#}
{% macro incremental_from() -%}
    {%- set as_of_day = modules.datetime.date.fromisoformat(as_of()) -%}
    {%- set events_from = date_var('events_from') -%}
    {%- if events_from is none -%}
        {%- set lookback = var('events_lookback_days', 2) | string | trim -%}
        {%- if not modules.re.match('^[0-9]+$', lookback) -%}
            {{ exceptions.raise_compiler_error(
                "dbt var 'events_lookback_days' must be a whole number of days >= 0, got: " ~ lookback
            ) }}
        {%- endif -%}
        {{ return((as_of_day - modules.datetime.timedelta(days=lookback | int)).isoformat()) }}
    {%- endif -%}
    {#- while only parsing, as_of may be a placeholder: check the order when executing -#}
    {%- if execute and modules.datetime.date.fromisoformat(events_from) > as_of_day -%}
        {{ exceptions.raise_compiler_error(
            "dbt var 'events_from' (" ~ events_from ~ ") is after as_of (" ~ as_of_day.isoformat() ~ ")"
        ) }}
    {%- endif -%}
    {{ return(events_from) }}
{%- endmacro %}

{#-
    is_incremental(), except on the credential-less `bigquery_offline` test target (profiles.yml),
    which cannot look the table up: there models compile their full-build SQL.
-#}
{% macro is_incremental_run() -%}
    {%- if target.name == 'bigquery_offline' -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(is_incremental()) }}
{%- endmacro %}

{#- Inclusive lower bound of an incremental run: midnight UTC of incremental_from(). -#}
{% macro incremental_from_timestamp() -%}
    {{ date_to_timestamp("cast('" ~ incremental_from() ~ "' as date)") }}
{%- endmacro %}

{#-
    Row filter of an incremental-by-day model on its event-time column: up to the end of the
    as_of day; on an incremental run also from incremental_from() on. Validates the vars on
    every run.
-#}
{% macro incremental_days_filter(time_column) -%}
    {%- do incremental_from() -%}
    {{ time_column }} < {{ as_of_end_timestamp() }}
    {%- if is_incremental_run() %}
        and {{ time_column }} >= {{ incremental_from_timestamp() }}
    {%- endif %}
{%- endmacro %}

{#-
    BigQuery `partitions` (static insert_overwrite) of a model partitioned by day on a
    TIMESTAMP: every day from incremental_from() through as_of, so a day of the window left
    with no rows is emptied too. Config is read while parsing, with the run's vars.
-#}
{% macro incremental_day_partitions() -%}
    {%- set first = modules.datetime.date.fromisoformat(incremental_from()) -%}
    {%- set last = modules.datetime.date.fromisoformat(as_of()) -%}
    {%- set partitions = [] -%}
    {%- for offset in range((last - first).days + 1) -%}
        {%- set day = first + modules.datetime.timedelta(days=offset) -%}
        {%- do partitions.append("cast('" ~ day.isoformat() ~ "' as timestamp)") -%}
    {%- endfor -%}
    {{ return(partitions) }}
{%- endmacro %}

{#-
    Pre-hook of an incremental-by-day model (empty unless the run is incremental): deletes what
    the incremental strategy would not replace.
    - DuckDB (delete+insert keyed on the day column): the strategy only deletes days present in
      the new rows, so delete every day from incremental_from() on (inside the model's
      transaction), including window days now without rows and days after as_of.
    - BigQuery (static insert_overwrite of the window's partitions): delete days after as_of.
-#}
{% macro incremental_days_pre_hook(time_column) -%}
    {%- if is_incremental_run() -%}
        {%- if target.type == 'bigquery' -%}
            delete from {{ this }} where {{ time_column }} >= {{ as_of_end_timestamp() }}
        {%- else -%}
            delete from {{ this }} where {{ time_column }} >= {{ incremental_from_timestamp() }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
