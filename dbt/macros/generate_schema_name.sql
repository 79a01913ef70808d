{#-
    Schema (BigQuery: dataset) of a model.

    DuckDB (embedded): the custom schema is used as-is, so models land in `staging`,
    `intermediate` and `marts` next to the raw `gharchive` / `ossd` schemas.
    BigQuery and others: dbt's default, `<target dataset>_<custom schema>` (e.g. `oso_marts`).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is not none and target.type == 'duckdb' -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ default__generate_schema_name(custom_schema_name, node) }}
    {%- endif -%}
{%- endmacro %}
