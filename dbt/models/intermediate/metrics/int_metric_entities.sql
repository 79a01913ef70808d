-- Which artifacts' events count for each project and collection, the entities metrics are
-- computed for besides single artifacts. An artifact listed by two projects counts for both;
-- within one collection each artifact counts once, however many of its projects list it.
with

project_artifacts as (
    select distinct
        project_id,
        artifact_id
    from {{ ref('int_artifacts_by_project') }}
),

collection_artifacts as (
    select distinct
        memberships.collection_id,
        project_artifacts.artifact_id
    from {{ ref('int_projects_by_collection') }} as memberships
    inner join project_artifacts
        on memberships.project_id = project_artifacts.project_id
)

select
    'PROJECT' as entity_type,
    project_id as entity_id,
    artifact_id
from project_artifacts
union all
select
    'COLLECTION' as entity_type,
    collection_id as entity_id,
    artifact_id
from collection_artifacts
