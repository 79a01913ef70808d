-- Collections of the registry.
select
    collection_id,
    collection_source,
    collection_namespace,
    collection_name,
    display_name,
    description
from {{ ref('int_collections') }}
