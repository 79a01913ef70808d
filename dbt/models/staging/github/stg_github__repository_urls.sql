-- The registry's GitHub URLs (normalised to https://github.com/<owner>[/<repo>]) and the
-- repositories each resolved to through the GitHub REST API.
with

source as (
    select * from {{ source('github', 'repository_urls') }}
),

renamed as (
    select
        lower(url) as registry_url,
        case
            when repo is null then lower(owner)
            else lower(owner) || '/' || lower(repo)
        end as github_path,
        lower(owner) as owner_name,
        lower(repo) as repo_name,
        cast(repo_id as int64) as repo_id,
        status as resolution_status
    from source
)

select * from renamed
