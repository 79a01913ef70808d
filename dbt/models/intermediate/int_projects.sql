-- Projects of the registry with their OSO ids.
select
    {{ oso_id("'PROJECT'", "'OSS_DIRECTORY'", "'oso'", 'project_name') }} as project_id,
    'OSS_DIRECTORY' as project_source,
    'oso' as project_namespace,
    project_name,
    display_name,
    description
from {{ ref('stg_ossd__projects') }}
