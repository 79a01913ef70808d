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

{#-
    json_values(column, paths): the scalars at several JSONPaths of one JSON text column, as
    an array of strings, parsing the text once (DuckDB json_extract_string with a list of
    paths; BigQuery an array of JSON_VALUE). Read element i (0-based) with array_item().
-#}
{% macro json_values(column, paths) -%}
    {{ return(adapter.dispatch('json_values', 'oso')(column, paths)) }}
{%- endmacro %}

{% macro default__json_values(column, paths) -%}
    json_extract_string({{ column }}, [
        {%- for path in paths %}'{{ path }}'{{ ', ' if not loop.last }}{% endfor -%}
    ])
{%- endmacro %}

{% macro bigquery__json_values(column, paths) -%}
    [
        {%- for path in paths %}json_value({{ column }}, '{{ path }}'){{ ', ' if not loop.last }}{% endfor -%}
    ]
{%- endmacro %}

{#- Element `index` (0-based) of an array expression; NULL when out of range. -#}
{% macro array_item(array_expr, index) -%}
    {{ return(adapter.dispatch('array_item', 'oso')(array_expr, index)) }}
{%- endmacro %}

{% macro default__array_item(array_expr, index) -%}
    {{ array_expr }}[{{ index + 1 }}]
{%- endmacro %}

{% macro bigquery__array_item(array_expr, index) -%}
    {{ array_expr }}[safe_offset({{ index }})]
{%- endmacro %}
