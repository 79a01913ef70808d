-- Every model of this dbt project (staging, intermediate and marts), one row each, from dbt's
-- graph at run time (macros/model_catalogue.sql): its name, layer, materialization, whether it
-- is published to the serving store, and its SQL as written. rendered_at is the run's start.
{%- set models = model_catalogue() %}
with

models as (
    {%- if models %}
        {%- for model in models %}
            select
                '{{ model.name }}' as model_name,
                {{ sql_string(model.sql) }} as rendered_sql,
                '{{ model.layer }}' as model_layer,
                '{{ model.materialization }}' as materialization,
                {{ 'true' if model.is_published else 'false' }} as is_published,
                {{ sql_string(model.description) }} as description,
                '{{ model.sql_source_path }}' as sql_source_path
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    {%- else %}
        -- while dbt parses, the graph is empty: no rows, same columns
        select
            cast(null as string) as model_name,
            cast(null as string) as rendered_sql,
            cast(null as string) as model_layer,
            cast(null as string) as materialization,
            cast(null as boolean) as is_published,
            cast(null as string) as description,
            cast(null as string) as sql_source_path
        limit 0
    {%- endif %}
)

select
    {{ oso_id("'MODEL'", "'OSO'", "'oso'", 'model_name') }} as model_id,
    model_name,
    rendered_sql,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as rendered_at,
    model_layer,
    materialization,
    is_published,
    description,
    sql_source_path
from models
