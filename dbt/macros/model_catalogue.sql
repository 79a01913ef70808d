{#-
    model_catalogue(): every model of this dbt project (staging, intermediate and marts), read
    from dbt's graph context, as a list of dicts sorted by name with the keys name, layer
    (the folder under models/: staging, intermediate or marts), materialization, is_published
    (meta.serving.publish), description, sql_source_path (repo-relative) and sql (the model's
    raw SQL as written, Jinja included: compiled SQL is not in the graph when a model runs).
    Empty while dbt parses (the graph is only populated at execution).
-#}
{% macro model_catalogue() -%}
    {%- set models = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.package_name == project_name -%}
                {%- set meta = dict(node.meta or {}) -%}
                {%- do meta.update(node.config.get('meta') or {}) -%}
                {%- set serving = meta.get('serving') or {} -%}
                {%- do models.append({
                    'name': node.name,
                    'layer': node.fqn[1] if node.fqn | length > 2 else '',
                    'materialization': node.config.materialized,
                    'is_published': serving.get('publish') is true,
                    'description': (node.description or '') | trim,
                    'sql_source_path': 'dbt/' ~ node.original_file_path,
                    'sql': node.raw_code,
                }) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(models | sort(attribute='name')) }}
{%- endmacro %}
