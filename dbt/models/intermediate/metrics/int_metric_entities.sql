{{ config(materialized='table') }}

-- The entities metrics are computed for and which artifacts' events count for each: every
-- artifact that received events counts for itself (ARTIFACT), and for the projects and
-- collections it belongs to. An artifact listed by two projects counts for both; within one
-- collection each artifact counts once, however many of its projects list it. entity_key is
-- the 64-bit key (key64) the metric layer computes with; int_metrics maps it back to entity_id.
with

event_artifacts as (
    select distinct to_artifact_id as artifact_id
    from {{ ref('int_events') }}
),

project_artifacts as (
    select distinct
        project_id,
        artifact_id
    from {{ ref('int_artifacts_by_project') }}
),

collection_artifacts as (
    select distinct
        memberships.collection_id,
        project_artifacts.artifact_id
    from {{ ref('int_projects_by_collection') }} as memberships
    inner join project_artifacts
        on memberships.project_id = project_artifacts.project_id
),

entities as (
    select
        'ARTIFACT' as entity_type,
        artifact_id as entity_id,
        artifact_id
    from event_artifacts
    union all
    select
        'PROJECT' as entity_type,
        project_id as entity_id,
        artifact_id
    from project_artifacts
    union all
    select
        'COLLECTION' as entity_type,
        collection_id as entity_id,
        artifact_id
    from collection_artifacts
)

select
    entity_type,
    entity_id,
    {{ key64('entity_id') }} as entity_key,
    artifact_id
from entities
