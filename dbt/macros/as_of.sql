{#-
    The as-of date of every metric: the required var `as_of` ('YYYY-MM-DD').

    Nothing in this project reads the clock: windows and cut-offs derive from this var.
    Missing or malformed, it fails the run with a clear message. While dbt only parses the
    project (`execute` is false, e.g. `dbt parse` for a manifest) a placeholder is used.
-#}
{% macro as_of() -%}
    {%- set value = var('as_of', none) -%}
    {%- if value is none or (value | string | trim) == '' -%}
        {%- if execute -%}
            {{ exceptions.raise_compiler_error(
                "dbt var 'as_of' is required: pass --vars '{as_of: \"YYYY-MM-DD\"}' "
                ~ "(the date every metric is computed as of)."
            ) }}
        {%- endif -%}
        {{ return('1970-01-01') }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- set message = "dbt var 'as_of' must be a calendar date 'YYYY-MM-DD', got: " ~ text -%}
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

{#-
    Inclusive lower bound of the trailing `months`-month window ending on as_of:
    midnight of (as_of - months + 1 day). With as_of_end_timestamp() as the exclusive upper
    bound the window covers whole days.
-#}
{% macro window_start_timestamp(months) -%}
    {{ date_to_timestamp(add_days(add_months(as_of_date(), -months), 1)) }}
{%- endmacro %}
