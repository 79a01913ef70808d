{{ config(materialized='table') }}

-- Artifacts of each registry project: GitHub repositories, npm packages and blockchain
-- addresses. Grain: (project_id, artifact_id, artifact_type); an address listed with several
-- tags is one artifact with one row per tag (artifact_type = the tag).
--
-- GitHub: https://github.com/<owner> means every repository of that owner observed in
-- GH Archive; https://github.com/<owner>/<repo> that repository (case-insensitive, trailing
-- slash / .git trimmed). A repository never observed gets the provisional key owner/repo.
-- Other registry kinds (websites, social, defillama, crates, pypi, go, ...) are not modelled yet.
with

registry as (
    select
        project_name,
        artifact_kind,
        lower(artifact_url) as artifact_url,
        address,
        network,
        address_tag
    from {{ ref('stg_ossd__project_artifacts') }}
),

github_paths as (
    select
        project_name,
        {{ github_path("artifact_url") }} as github_path
    from registry
    where
        artifact_kind = 'github'
        and artifact_url like '%github.com/%'
),

github_handles as (
    select distinct
        project_name,
        nullif({{ dbt.split_part('github_path', "'/'", 1) }}, '') as owner_name,
        nullif({{ dbt.split_part('github_path', "'/'", 2) }}, '') as repo_name
    from github_paths
    where github_path not like '%:%'
),

-- URLs the GitHub REST API resolved (source `github`) take their repositories from
-- int_repositories__github_api (numeric ids, current names, every repository of an owner,
-- also those never seen in GH Archive); GH Archive and provisional keys cover the rest.
api_resolved_handles as (
    select distinct
        owner_name,
        repo_name
    from {{ ref('stg_github__repository_urls') }}
    where repo_id is not null
),

unresolved_handles as (
    select handles.*
    from github_handles as handles
    left join api_resolved_handles as resolved
        on
            handles.owner_name = resolved.owner_name
            and coalesce(handles.repo_name, '') = coalesce(resolved.repo_name, '')
    where resolved.owner_name is null
),

owner_repositories as (
    select
        handles.project_name,
        cast(repositories.repo_id as string) as artifact_source_id,
        repositories.repo_owner as artifact_namespace,
        repositories.repo_name as artifact_name
    from unresolved_handles as handles
    inner join {{ ref('int_repositories') }} as repositories
        on handles.owner_name = repositories.repo_owner
    where
        handles.owner_name is not null
        and handles.repo_name is null
),

named_repositories as (
    select
        handles.project_name,
        coalesce(
            cast(repositories.repo_id as string),
            handles.owner_name || '/' || handles.repo_name
        ) as artifact_source_id,
        coalesce(repositories.repo_owner, handles.owner_name) as artifact_namespace,
        coalesce(repositories.repo_name, handles.repo_name) as artifact_name
    from unresolved_handles as handles
    left join {{ ref('int_repository_names') }} as names
        on handles.owner_name || '/' || handles.repo_name = names.repo_full_name
    left join {{ ref('int_repositories') }} as repositories
        on names.repo_id = repositories.repo_id
    where
        handles.owner_name is not null
        and handles.repo_name is not null
),

api_repositories as (
    select
        project_name,
        artifact_source_id,
        artifact_namespace,
        artifact_name
    from {{ ref('int_repositories__github_api') }}
),

github_candidates as (
    select
        *,
        1 as name_priority
    from api_repositories
    union all
    select
        *,
        2 as name_priority
    from owner_repositories
    union all
    select
        *,
        2 as name_priority
    from named_repositories
),

-- One name per repository: the API's current name, else the latest seen in GH Archive.
github_names as (
    select
        artifact_source_id,
        artifact_namespace,
        artifact_name,
        row_number() over (
            partition by artifact_source_id
            order by name_priority, artifact_namespace, artifact_name
        ) as name_rank
    from github_candidates
),

github_repositories as (
    select distinct
        candidates.project_name,
        candidates.artifact_source_id,
        names.artifact_namespace,
        names.artifact_name
    from github_candidates as candidates
    inner join github_names as names
        on
            candidates.artifact_source_id = names.artifact_source_id
            and names.name_rank = 1
),

github_artifacts as (
    select
        project_name,
        {{ oso_id("'ARTIFACT'", "'GITHUB'", "'REPOSITORY'", 'artifact_source_id') }} as artifact_id,
        artifact_source_id,
        'GITHUB' as artifact_source,
        'REPOSITORY' as artifact_type,
        artifact_namespace,
        artifact_name,
        'https://github.com/' || artifact_namespace || '/' || artifact_name as artifact_url
    from github_repositories
),

npm_packages as (
    select
        project_name,
        regexp_replace(
            regexp_replace(
                regexp_replace(artifact_url, '[?#].*$', ''),
                '(/v/.*)?/*$', ''
            ),
            '^.*npmjs[.](com|org)/package/', ''
        ) as package_name
    from registry
    where
        artifact_kind = 'npm'
        and artifact_url like '%npmjs.%/package/_%'
),

npm_artifacts as (
    select
        project_name,
        {{ oso_id("'ARTIFACT'", "'NPM'", "'PACKAGE'", 'package_name') }} as artifact_id,
        package_name as artifact_source_id,
        'NPM' as artifact_source,
        'PACKAGE' as artifact_type,
        case
            when package_name like '@%/%'
                then substr({{ dbt.split_part('package_name', "'/'", 1) }}, 2)
            else package_name
        end as artifact_namespace,
        package_name as artifact_name,
        'https://www.npmjs.com/package/' || package_name as artifact_url
    from npm_packages
    where package_name != ''
),

blockchain_artifacts as (
    select
        project_name,
        {{ oso_id("'ARTIFACT'", 'upper(network)', "'ADDRESS'", 'address') }} as artifact_id,
        address as artifact_source_id,
        upper(network) as artifact_source,
        upper(coalesce(address_tag, 'address')) as artifact_type,
        '' as artifact_namespace,
        address as artifact_name,
        cast(null as string) as artifact_url
    from registry
    where
        artifact_kind = 'blockchain'
        and address is not null
        and network is not null
),

-- Open Collective: `https://opencollective.com/<slug>` (case, www, query and sub-paths
-- tolerated) is the collective `<slug>`.
open_collective_paths as (
    select
        project_name,
        regexp_replace(
            regexp_replace(artifact_url, '[?#].*$', ''),
            '^(https?://)?(www[.])?opencollective[.]com/', ''
        ) as collective_path
    from registry
    where
        artifact_kind = 'open_collective'
        and artifact_url like '%opencollective.com/_%'
),

open_collective_slugs as (
    select distinct
        project_name,
        {{ dbt.split_part('collective_path', "'/'", 1) }} as collective_slug
    from open_collective_paths
),

open_collective_artifacts as (
    select
        project_name,
        {{ oso_id("'ARTIFACT'", "'OPEN_COLLECTIVE'", "'COLLECTIVE'", 'collective_slug') }}
            as artifact_id,
        collective_slug as artifact_source_id,
        'OPEN_COLLECTIVE' as artifact_source,
        'COLLECTIVE' as artifact_type,
        collective_slug as artifact_namespace,
        collective_slug as artifact_name,
        'https://opencollective.com/' || collective_slug as artifact_url
    from open_collective_slugs
    where collective_slug != ''
),

-- oss-funding: every registry project has one funding artifact, the `to` of its grants in
-- int_events__funding (key = project name).
funding_artifacts as (
    select
        project_name,
        {{ oso_id("'ARTIFACT'", "'OSS_FUNDING'", "'PROJECT'", 'project_name') }} as artifact_id,
        project_name as artifact_source_id,
        'OSS_FUNDING' as artifact_source,
        'PROJECT' as artifact_type,
        project_name as artifact_namespace,
        project_name as artifact_name,
        cast(null as string) as artifact_url
    from {{ ref('stg_ossd__projects') }}
),

-- Contracts discovered on EVM networks: deployed by an address the project tags deployer,
-- creator or eoa, or created by a factory it tags factory (int_contracts__evm). Type CONTRACT.
discovered_contract_artifacts as (
    select
        project_name,
        artifact_id,
        artifact_source_id,
        artifact_source,
        artifact_type,
        artifact_namespace,
        artifact_name,
        artifact_url
    from {{ ref('int_contracts__evm') }}
),

all_artifacts as (
    select * from github_artifacts
    union all
    select * from funding_artifacts
    union all
    select * from open_collective_artifacts
    union all
    select * from discovered_contract_artifacts
    union all
    select * from npm_artifacts
    union all
    select * from blockchain_artifacts
)

select distinct
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    all_artifacts.artifact_id,
    all_artifacts.artifact_source_id,
    all_artifacts.artifact_source,
    all_artifacts.artifact_type,
    all_artifacts.artifact_namespace,
    all_artifacts.artifact_name,
    all_artifacts.artifact_url
from all_artifacts
inner join {{ ref('int_projects') }} as projects
    on all_artifacts.project_name = projects.project_name
