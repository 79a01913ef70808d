-- GitHub threads (issues and pull requests, int_github_threads) of every entity: the
-- repository itself (ARTIFACT) and the projects and collections it belongs to, by entity_key.
select
    entities.entity_type,
    entities.entity_key,
    threads.to_artifact_id,
    threads.thread_type,
    threads.thread_number,
    threads.opened_at,
    threads.first_response_at,
    threads.merged_at,
    threads.closed_at
from {{ ref('int_github_threads') }} as threads
inner join {{ ref('int_metric_entities') }} as entities
    on threads.to_artifact_id = entities.artifact_id
