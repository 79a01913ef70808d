-- The metric layer identifies entities by entity_key (key64 of the id): two entities must
-- never share one, or their metrics would merge. Fails with the colliding keys.
select entity_key
from (
    select distinct
        entity_id,
        entity_key
    from {{ ref('int_metric_entities') }}
) as keyed
group by entity_key
having count(*) > 1
