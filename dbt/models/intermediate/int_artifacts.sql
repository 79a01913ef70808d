{{ config(materialized='table') }}

-- Every artifact: the registry's project artifacts, the GitHub repositories and the GitHub
-- users observed in events up to as_of (users: key = numeric actor id, name = latest login).
-- Grain: artifact_id.
with

project_artifacts as (
    select distinct
        artifact_id,
        artifact_source_id,
        artifact_source,
        artifact_namespace,
        artifact_name,
        artifact_url
    from {{ ref('int_artifacts_by_project') }}
),

observed_repositories as (
    select
        artifact_id,
        cast(repo_id as string) as artifact_source_id,
        'GITHUB' as artifact_source,
        repo_owner as artifact_namespace,
        repo_name as artifact_name,
        repo_url as artifact_url
    from {{ ref('int_repositories') }}
    -- a project's repository keeps the name int_artifacts_by_project gave it (the API's)
    where artifact_id not in (select artifact_id from project_artifacts)
),

user_logins as (
    select
        from_artifact_id,
        from_artifact_source_id,
        from_artifact_name,
        row_number() over (
            partition by from_artifact_id
            order by time desc, from_artifact_name desc
        ) as recency_rank
    from {{ ref('int_events') }}
    where
        from_artifact_type = 'GIT_USER'
        and from_artifact_id is not null
),

observed_users as (
    select
        from_artifact_id as artifact_id,
        from_artifact_source_id as artifact_source_id,
        'GITHUB' as artifact_source,
        from_artifact_name as artifact_namespace,
        from_artifact_name as artifact_name,
        'https://github.com/' || from_artifact_name as artifact_url
    from user_logins
    where recency_rank = 1
),

all_artifacts as (
    select * from project_artifacts
    union distinct
    select * from observed_repositories
    union distinct
    select * from observed_users
)

select * from all_artifacts
