{#-
    github_path(url): the owner or owner/repo path of a registry GitHub URL, as
    oso/registry/github_urls.py reads it: lower-case, query and fragment dropped, trailing
    slashes and .git trimmed, http(s)://(www.)github.com/ removed; github.com/orgs/<org>/...
    is the owner <org>. Segments after owner/repo (/tree/main, /blob/...) are ignored by the
    callers, which split the path and keep its first two segments.
-#}
{% macro github_path(url) -%}
    {%- set path -%}
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(lower({{ url }}), '[?#].*$', ''),
                    '/+$', ''
                ),
                '[.]git$', ''
            ),
            '^(https?://)?(www[.])?github[.]com/', ''
        )
    {%- endset -%}
    case
        when {{ path }} like 'orgs/_%'
            then {{ dbt.split_part(path, "'/'", 2) }}
        else {{ path }}
    end
{%- endmacro %}
