-- Projects of each collection (memberships naming an unknown project or collection are dropped).
with

memberships as (
    select distinct
        collection_name,
        project_name
    from {{ ref('stg_ossd__collection_projects') }}
)

select
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    collections.collection_id,
    collections.collection_source,
    collections.collection_namespace,
    collections.collection_name
from memberships
inner join {{ ref('int_projects') }} as projects
    on memberships.project_name = projects.project_name
inner join {{ ref('int_collections') }} as collections
    on memberships.collection_name = collections.collection_name
