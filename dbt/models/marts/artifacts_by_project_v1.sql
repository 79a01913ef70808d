-- Artifacts of each project (one row per artifact type; see int_artifacts_by_project).
select
    artifact_id,
    artifact_source_id,
    artifact_source,
    artifact_namespace,
    artifact_name,
    artifact_type,
    project_id,
    project_source,
    project_namespace,
    project_name
from {{ ref('int_artifacts_by_project') }}
