{#-
    The body of timeseries_metrics_by_<entity>_v0 and key_metrics_by_<entity>_v0: OSO's five
    columns (metric_id, <entity>_id, sample_date, amount, unit) for one entity type and a set
    of grains.
-#}
{% macro entity_metrics_mart(entity_type, grains) -%}
    select
        metric_id,
        entity_id as {{ entity_type | lower }}_id,
        sample_date,
        amount,
        unit
    from {{ ref('int_metrics') }}
    where
        entity_type = '{{ entity_type }}'
        and metric_grain in {{ sql_list(grains) }}
{%- endmacro %}

{#- One metric's value at one grain, pivoted out of int_metrics rows grouped by entity. -#}
{% macro pivot_metric(metric, grain) -%}
    max(case when metric = '{{ metric }}' and metric_grain = '{{ grain }}' then amount end)
{%- endmacro %}

{#-
    The GitHub code metric columns of the snapshot marts (code_metrics_by_*): column name,
    the metric and grain it reads, SQL type and the value when the entity has none (none =
    NULL).
-#}
{% macro code_metric_columns() -%}
    {{ return([
        ('star_count', 'stars', 'over_all_time', 'int64', 0),
        ('fork_count', 'forks', 'over_all_time', 'int64', 0),
        ('developer_count', 'active_developers', 'over_all_time', 'int64', 0),
        ('contributor_count', 'contributors', 'over_all_time', 'int64', 0),
        ('contributor_count_6_months', 'contributors', 'over_6_months', 'int64', 0),
        ('new_contributor_count_6_months', 'new_contributors', 'over_6_months', 'int64', 0),
        ('fulltime_developer_average_6_months', 'full_time_developers', 'over_6_months', type_double(), 0),
        ('active_developer_count_6_months', 'active_developers', 'over_6_months', 'int64', 0),
        ('commit_count_6_months', 'commits', 'over_6_months', 'int64', 0),
        ('opened_pull_request_count_6_months', 'opened_pull_requests', 'over_6_months', 'int64', 0),
        ('merged_pull_request_count_6_months', 'merged_pull_requests', 'over_6_months', 'int64', 0),
        ('opened_issue_count_6_months', 'opened_issues', 'over_6_months', 'int64', 0),
        ('closed_issue_count_6_months', 'closed_issues', 'over_6_months', 'int64', 0),
        ('comment_count_6_months', 'comments', 'over_6_months', 'int64', 0),
        ('release_count_6_months', 'releases', 'over_6_months', 'int64', 0),
        ('time_to_first_response_days_average_6_months', 'time_to_first_response', 'over_6_months', type_double(), none),
        ('time_to_merge_days_average_6_months', 'time_to_merge', 'over_6_months', type_double(), none),
    ]) }}
{%- endmacro %}

{#- The code metric columns of one snapshot mart, read from int_code_metrics as `metrics`. -#}
{% macro code_metric_select(columns) -%}
    {%- for column, metric, grain, type, default in code_metric_columns() if column in columns %}
        {%- if default is none %}
            cast(metrics.{{ column }} as {{ type }}) as {{ column }}
        {%- else %}
            cast(coalesce(metrics.{{ column }}, {{ default }}) as {{ type }}) as {{ column }}
        {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- The pivots of every code metric column (see code_metric_columns). -#}
{% macro code_metric_pivots() -%}
    {%- for column, metric, grain, type, default in code_metric_columns() %}
        {{ pivot_metric(metric, grain) }} as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
