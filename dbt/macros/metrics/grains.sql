{#-
    Time grains of the metric layer.

    Calendar grains group days into periods (sample_date = the period's first day; weeks start
    on Monday). Window grains are one period ending on the as-of date (sample_date = as_of):
    over_all_time from the first day with data, over_90_days and over_6_months trailing.
    Every period ends at the as-of date at the latest: the current month is a partial month.
-#}
{% macro calendar_grains() -%}
    {{ return(['daily', 'weekly', 'monthly', 'quarterly', 'yearly']) }}
{%- endmacro %}

{% macro window_grains() -%}
    {{ return(['over_all_time', 'over_90_days', 'over_6_months']) }}
{%- endmacro %}

{#- The grains of timeseries_metrics_by_*_v0 and of key_metrics_by_*_v0. -#}
{% macro timeseries_grains() -%}
    {{ return(calendar_grains() + ['over_all_time']) }}
{%- endmacro %}

{% macro key_metric_grains() -%}
    {{ return(window_grains()) }}
{%- endmacro %}

{#- A SQL list literal of grains, e.g. ('daily', 'weekly'). -#}
{% macro sql_list(values) -%}
    ({%- for value in values -%}'{{ value }}'{{ ', ' if not loop.last }}{%- endfor -%})
{%- endmacro %}

{#- First day of the calendar period of `grain` that contains the DATE `date_expr`. -#}
{% macro period_start(grain, date_expr) -%}
    {{ return(adapter.dispatch('period_start', 'oso')(grain, date_expr)) }}
{%- endmacro %}

{% macro default__period_start(grain, date_expr) -%}
    {%- set unit = {'daily': 'day', 'weekly': 'week', 'monthly': 'month',
                    'quarterly': 'quarter', 'yearly': 'year'}[grain] -%}
    cast(date_trunc('{{ unit }}', {{ date_expr }}) as date)
{%- endmacro %}

{% macro bigquery__period_start(grain, date_expr) -%}
    {%- set unit = {'daily': 'day', 'weekly': 'isoweek', 'monthly': 'month',
                    'quarterly': 'quarter', 'yearly': 'year'}[grain] -%}
    date_trunc({{ date_expr }}, {{ unit }})
{%- endmacro %}

{#-
    The start of the calendar period `steps` periods after the one starting at `date_expr`,
    for a grain held in the SQL column `grain_column` (calendar grains only).
-#}
{% macro shift_period(grain_column, date_expr, steps) -%}
    case {{ grain_column }}
        when 'daily' then {{ add_days(date_expr, steps) }}
        when 'weekly' then {{ add_days(date_expr, 7 * steps) }}
        when 'monthly' then {{ add_months(date_expr, steps) }}
        when 'quarterly' then {{ add_months(date_expr, 3 * steps) }}
        when 'yearly' then {{ add_months(date_expr, 12 * steps) }}
    end
{%- endmacro %}

{#-
    day_series(start_expr, end_expr): an array of every DATE from start through end inclusive,
    to unnest (DuckDB generate_series, BigQuery generate_date_array).
-#}
{% macro day_series(start_expr, end_expr) -%}
    {{ return(adapter.dispatch('day_series', 'oso')(start_expr, end_expr)) }}
{%- endmacro %}

{% macro default__day_series(start_expr, end_expr) -%}
    generate_series(
        cast({{ start_expr }} as timestamp), cast({{ end_expr }} as timestamp), interval 1 day
    )
{%- endmacro %}

{% macro bigquery__day_series(start_expr, end_expr) -%}
    generate_date_array({{ start_expr }}, {{ end_expr }})
{%- endmacro %}

{#- One row per element of an array expression, as column `alias` (cross-database unnest). -#}
{% macro unnest_as(array_expr, alias) -%}
    {{ return(adapter.dispatch('unnest_as', 'oso')(array_expr, alias)) }}
{%- endmacro %}

{% macro default__unnest_as(array_expr, alias) -%}
    unnest({{ array_expr }}) as series ({{ alias }})
{%- endmacro %}

{% macro bigquery__unnest_as(array_expr, alias) -%}
    unnest({{ array_expr }}) as {{ alias }}
{%- endmacro %}
