{#-
    Cross-database date arithmetic on DATE expressions; results are DATEs.
    Month arithmetic clamps to the end of month on both engines (2024-08-31 - 6 months =
    2024-02-29).
-#}
{% macro add_days(date_expr, days) -%}
    {{ return(adapter.dispatch('add_days', 'oso')(date_expr, days)) }}
{%- endmacro %}

{% macro default__add_days(date_expr, days) -%}
    cast(({{ date_expr }}) + to_days(cast({{ days }} as integer)) as date)
{%- endmacro %}

{% macro bigquery__add_days(date_expr, days) -%}
    date_add({{ date_expr }}, interval {{ days }} day)
{%- endmacro %}

{% macro add_months(date_expr, months) -%}
    {{ return(adapter.dispatch('add_months', 'oso')(date_expr, months)) }}
{%- endmacro %}

{% macro default__add_months(date_expr, months) -%}
    cast(({{ date_expr }}) + to_months(cast({{ months }} as integer)) as date)
{%- endmacro %}

{% macro bigquery__add_months(date_expr, months) -%}
    date_add({{ date_expr }}, interval {{ months }} month)
{%- endmacro %}

{#- Midnight UTC of a DATE, as a TIMESTAMP (comparable with event times on both engines). -#}
{% macro date_to_timestamp(date_expr) -%}
    cast({{ date_expr }} as timestamp)
{%- endmacro %}
