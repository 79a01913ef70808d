{{ config(severity='warn') }}

-- OSO's rule: an artifact belongs to exactly one project. The registry sometimes lists an
-- artifact under two projects; both rows are kept (nothing is dropped silently) and this test
-- warns with the artifacts concerned.
select
    artifact_id,
    artifact_source,
    artifact_namespace,
    artifact_name,
    count(distinct project_id) as project_count
from {{ ref('int_artifacts_by_project') }}
group by artifact_id, artifact_source, artifact_namespace, artifact_name
having count(distinct project_id) > 1
