{#- safe_cast(expr, type): cast that yields NULL instead of failing (DuckDB try_cast, BigQuery safe_cast). -#}
{% macro safe_cast(expr, type) -%}
    {{ return(adapter.dispatch('safe_cast', 'oso')(expr, type)) }}
{%- endmacro %}

{% macro default__safe_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}

{% macro bigquery__safe_cast(expr, type) -%}
    safe_cast({{ expr }} as {{ type }})
{%- endmacro %}
