{#-
    The as-of date of every metric: the required var `as_of` ('YYYY-MM-DD').

    Nothing in this project reads the clock: windows and cut-offs derive from this var.
    Missing or malformed, it fails the run with a clear message. While dbt only parses the
    project (`execute` is false, e.g. `dbt parse` for a manifest) a placeholder is used.
-#}
{% macro as_of() -%}
    {%- set text = date_var('as_of') -%}
    {%- if text is none -%}
        {%- if execute -%}
            {{ exceptions.raise_compiler_error(
                "dbt var 'as_of' is required: pass --vars '{as_of: \"YYYY-MM-DD\"}' "
                ~ "(the date every metric is computed as of)."
            ) }}
        {%- endif -%}
        {{ return('1970-01-01') }}
    {%- endif -%}
    {{ return(text) }}
{%- endmacro %}

{#- A 'YYYY-MM-DD' dbt var as text (none when absent); a malformed date fails the run (as_of, events_from). -#}
{% macro date_var(name) -%}
    {%- set value = var(name, none) -%}
    {%- if value is none or (value | string | trim) == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- set message = "dbt var '" ~ name ~ "' must be a calendar date 'YYYY-MM-DD', got: " ~ text -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {{ exceptions.raise_compiler_error(message) }}
    {%- endif -%}
    {%- set year, month, day = text.split('-') | map('int') | list -%}
    {%- if month < 1 or month > 12 or day < 1 -%}
        {{ exceptions.raise_compiler_error(message) }}
    {%- endif -%}
    {%- set next_month = modules.datetime.date(year + month // 12, month % 12 + 1, 1) -%}
    {%- if day > (next_month - modules.datetime.timedelta(days=1)).day -%}
        {{ exceptions.raise_compiler_error(message) }}
    {%- endif -%}
    {{ return(text) }}
{%- endmacro %}

{#- The as-of date as a SQL date literal. -#}
{% macro as_of_date() -%}
    cast('{{ as_of() }}' as date)
{%- endmacro %}

{#- Exclusive upper bound of "up to as_of": midnight UTC after the as-of day. -#}
{% macro as_of_end_timestamp() -%}
    {{ date_to_timestamp(add_days(as_of_date(), 1)) }}
{%- endmacro %}
