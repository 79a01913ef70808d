{#-
    json_value(column, path): the scalar at JSONPath `path` (e.g. '$.pull_request.merged')
    in a JSON text column, as a string; NULL when absent or JSON null.
    DuckDB: json_extract_string; BigQuery: JSON_VALUE.
-#}
{% macro json_value(column, path) -%}
    {{ return(adapter.dispatch('json_value', 'oso')(column, path)) }}
{%- endmacro %}

{% macro default__json_value(column, path) -%}
    json_extract_string({{ column }}, '{{ path }}')
{%- endmacro %}

{% macro bigquery__json_value(column, path) -%}
    json_value({{ column }}, '{{ path }}')
{%- endmacro %}
