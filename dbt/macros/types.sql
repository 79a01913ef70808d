{#- 64-bit float type name: FLOAT64 on BigQuery, DOUBLE elsewhere. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'oso')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}
