-- GitHub repositories of each registry project as resolved by the GitHub REST API, keyed by
-- numeric id: https://github.com/<owner> is every repository of the owner (also those never
-- seen in GH Archive), https://github.com/<owner>/<repo> that repository, following renames
-- and transfers (case-insensitive; query, trailing slash and .git trimmed, as in
-- oso/sources/github/urls.py). Grain: (project_id, artifact_id).
with

registry_paths as (
    select
        project_name,
        {{ github_path("artifact_url") }} as github_path
    from {{ ref('stg_ossd__project_artifacts') }}
    where
        artifact_kind = 'github'
        and lower(artifact_url) like '%github.com/%'
),

handles as (
    select
        project_name,
        {{ dbt.split_part('github_path', "'/'", 1) }} as owner_name,
        nullif({{ dbt.split_part('github_path', "'/'", 2) }}, '') as repo_name
    from registry_paths
    where github_path not like '%:%'
),

registry_urls as (
    select distinct
        project_name,
        case
            when repo_name is null then owner_name
            else owner_name || '/' || repo_name
        end as github_path
    from handles
    where owner_name != ''
),

project_repositories as (
    select distinct
        registry_urls.project_name,
        urls.repo_id
    from registry_urls
    inner join {{ ref('stg_github__repository_urls') }} as urls
        on registry_urls.github_path = urls.github_path
    where urls.repo_id is not null
)

select
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    {{ oso_id("'ARTIFACT'", "'GITHUB'", "'REPOSITORY'", 'repositories.repo_id') }} as artifact_id,
    cast(repositories.repo_id as string) as artifact_source_id,
    'GITHUB' as artifact_source,
    'REPOSITORY' as artifact_type,
    lower(repositories.repo_owner) as artifact_namespace,
    lower(repositories.repo_name) as artifact_name,
    'https://github.com/' || lower(repositories.repo_full_name) as artifact_url,
    repositories.default_branch as branch,
    repositories.created_at,
    repositories.updated_at,
    repositories.pushed_at,
    repositories.star_count,
    repositories.fork_count,
    repositories.watcher_count,
    repositories.is_fork,
    repositories.is_archived,
    repositories.language,
    repositories.license_name,
    repositories.license_spdx_id,
    repositories.fetched_at
from project_repositories
inner join {{ ref('stg_github__repositories') }} as repositories
    on project_repositories.repo_id = repositories.repo_id
inner join {{ ref('int_projects') }} as projects
    on project_repositories.project_name = projects.project_name
