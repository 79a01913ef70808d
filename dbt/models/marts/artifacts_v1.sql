-- Every artifact: project artifacts from the registry plus the GitHub repositories and users
-- observed in events.
select
    artifact_id,
    artifact_source_id,
    artifact_source,
    artifact_namespace,
    artifact_name,
    artifact_url
from {{ ref('int_artifacts') }}
