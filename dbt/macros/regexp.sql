{#-
    regexp_matches(expr, pattern): true when the RE2 regular expression `pattern` matches
    anywhere in `expr` (a search, not a full match; NULL in, NULL out). `pattern` is a SQL
    string expression, e.g. "'bot$'"; keep it free of backslashes so the literal means the
    same on both engines. DuckDB regexp_matches, BigQuery regexp_contains.
-#}
{% macro regexp_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches', 'oso')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro bigquery__regexp_matches(expr, pattern) -%}
    regexp_contains({{ expr }}, {{ pattern }})
{%- endmacro %}
