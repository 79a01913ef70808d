-- Projects of the registry.
select
    project_id,
    project_source,
    project_namespace,
    project_name,
    display_name,
    description
from {{ ref('int_projects') }}
