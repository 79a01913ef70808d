{{ config(materialized='view') }}

-- oss-funding's part of int_events: one GRANT_RECEIVED_USD event per grant to a registry
-- project, at midnight UTC of its funding date, up to the end of the as_of day (OSO's dbt-era
-- name for oss-funding grants; its sqlmesh era calls them FUNDING_AWARDED). amount = USD.
-- `to` is the project's funding artifact (key = oss-directory project name), `from` the funder
-- (key = lower-case funder name). Grants to recipients outside the registry (no project name)
-- have no artifact to go to and stay in stg_funding__grants only.
with

grants as (
    select
        grant_id,
        funded_at,
        to_project_name,
        funder_name,
        amount_usd
    from {{ ref('stg_funding__grants') }}
    where
        funded_at < {{ as_of_end_timestamp() }}
        and to_project_name is not null
        and funder_name is not null
        and amount_usd is not null
)

select
    funded_at as time,
    'GRANT_RECEIVED_USD' as event_type,
    'OSS_FUNDING' as event_source,
    grant_id as event_source_id,
    {{ oso_id("'ARTIFACT'", "'OSS_FUNDING'", "'PROJECT'", 'to_project_name') }} as to_artifact_id,
    to_project_name as to_artifact_name,
    to_project_name as to_artifact_namespace,
    'PROJECT' as to_artifact_type,
    to_project_name as to_artifact_source_id,
    {{ oso_id("'ARTIFACT'", "'OSS_FUNDING'", "'FUNDER'", 'funder_name') }} as from_artifact_id,
    funder_name as from_artifact_name,
    funder_name as from_artifact_namespace,
    'FUNDER' as from_artifact_type,
    funder_name as from_artifact_source_id,
    cast(amount_usd as {{ type_double() }}) as amount
from grants
