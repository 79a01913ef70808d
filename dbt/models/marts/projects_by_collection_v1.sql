-- Projects of each collection.
select
    project_id,
    project_source,
    project_namespace,
    project_name,
    collection_id,
    collection_source,
    collection_namespace,
    collection_name
from {{ ref('int_projects_by_collection') }}
