-- Collections of the registry with their OSO ids.
select
    {{ oso_id("'COLLECTION'", "'OSS_DIRECTORY'", "'oso'", 'collection_name') }} as collection_id,
    'OSS_DIRECTORY' as collection_source,
    'oso' as collection_namespace,
    collection_name,
    display_name,
    description
from {{ ref('stg_ossd__collections') }}
