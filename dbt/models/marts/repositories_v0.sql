-- GitHub repositories of each project with the GitHub API's snapshot of their metadata
-- (OSO's repositories_v0; see int_repositories__github_api).
select
    artifact_id,
    artifact_source_id,
    artifact_source,
    artifact_namespace,
    artifact_name,
    artifact_url,
    project_id,
    branch,
    created_at,
    updated_at,
    star_count,
    fork_count,
    watcher_count,
    is_fork,
    language,
    license_name,
    license_spdx_id
from {{ ref('int_repositories__github_api') }}
