{#-
    oso_id(kind, source, scope, key): the one ID recipe (see oso/ids.py).

    Lower-case hex SHA-256 of the four parts joined by the unit separator chr(31), i.e.
    hashlib.sha256("\x1f".join(parts).encode()).hexdigest(). Each argument is a SQL
    expression (pass string literals quoted, e.g. "'PROJECT'"); non-string expressions are
    cast to string. A NULL part gives a NULL id.
-#}
{% macro oso_id(kind, source, scope, key) -%}
    {{ return(adapter.dispatch('oso_id', 'oso')(kind, source, scope, key)) }}
{%- endmacro %}

{% macro default__oso_id(kind, source, scope, key) -%}
    sha256(
        cast({{ kind }} as string) || chr(31)
        || cast({{ source }} as string) || chr(31)
        || cast({{ scope }} as string) || chr(31)
        || cast({{ key }} as string)
    )
{%- endmacro %}

{% macro bigquery__oso_id(kind, source, scope, key) -%}
    to_hex(sha256(
        cast({{ kind }} as string) || code_points_to_string([31])
        || cast({{ source }} as string) || code_points_to_string([31])
        || cast({{ scope }} as string) || code_points_to_string([31])
        || cast({{ key }} as string)
    ))
{%- endmacro %}
