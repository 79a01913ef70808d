-- GitHub threads (issues and pull requests, int_github_threads) of every entity: the
-- repository itself (ARTIFACT) and the projects and collections it belongs to.
with

threads as (
    select
        to_artifact_id,
        thread_type,
        thread_number,
        opened_at,
        first_response_at,
        merged_at,
        closed_at
    from {{ ref('int_github_threads') }}
)

select
    'ARTIFACT' as entity_type,
    threads.to_artifact_id as entity_id,
    threads.*
from threads
union all
select
    entities.entity_type,
    entities.entity_id,
    threads.*
from threads
inner join {{ ref('int_metric_entities') }} as entities
    on threads.to_artifact_id = entities.artifact_id
