-- GitHub repositories as the REST API last answered (renames and transfers update the row).
with

source as (
    select * from {{ source('github', 'repositories') }}
),

renamed as (
    select
        cast(id as int64) as repo_id,
        node_id,
        owner as repo_owner,
        name as repo_name,
        full_name as repo_full_name,
        url as repo_url,
        description,
        default_branch,
        cast(stars as int64) as star_count,
        cast(forks as int64) as fork_count,
        cast(watchers as int64) as watcher_count,
        is_fork,
        language,
        license_spdx_id,
        license_name,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        cast(pushed_at as timestamp) as pushed_at,
        archived as is_archived,
        cast(fetched_at as timestamp) as fetched_at
    from source
)

select * from renamed
