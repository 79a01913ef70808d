-- Artifacts of each collection: the distinct artifacts of its projects (an artifact of two
-- projects of the collection, or listed with several tags, is one row).
select distinct
    artifacts.artifact_id,
    artifacts.artifact_source_id,
    artifacts.artifact_source,
    artifacts.artifact_namespace,
    artifacts.artifact_name,
    projects.collection_id,
    projects.collection_source,
    projects.collection_namespace,
    projects.collection_name
from {{ ref('int_artifacts_by_project') }} as artifacts
inner join {{ ref('int_projects_by_collection') }} as projects
    on artifacts.project_id = projects.project_id
