{{ config(materialized='view') }}

-- npm's part of int_events: one DOWNLOADS event per package and day with downloads > 0, up to
-- the end of the as_of day, timed at midnight UTC of the day; amount = the day's downloads.
-- `to` is the package: artifact ('NPM', 'PACKAGE', package name), named as the npm rows of
-- int_artifacts_by_project (namespace = the scope without '@', else the name).
-- `from` is one fixed artifact standing for the npm registry itself, since downloads are
-- anonymous: ('NPM', 'REGISTRY', 'registry.npmjs.org'), name 'registry.npmjs.org', namespace
-- 'npm', type 'REGISTRY'.
-- event_source_id = oso_id('EVENT', 'NPM', package name, day as 'YYYY-MM-DD'): one id per
-- (package, day), the same on every load.
with

downloads as (
    select
        package_name,
        download_date,
        downloads
    from {{ ref('stg_npm__downloads') }}
    where downloads > 0
)

select
    {{ date_to_timestamp('download_date') }} as time,
    'DOWNLOADS' as event_type,
    'NPM' as event_source,
    {{ oso_id("'EVENT'", "'NPM'", 'package_name', 'download_date') }} as event_source_id,
    {{ oso_id("'ARTIFACT'", "'NPM'", "'PACKAGE'", 'package_name') }} as to_artifact_id,
    package_name as to_artifact_name,
    case
        when package_name like '@%/%'
            then substr({{ dbt.split_part('package_name', "'/'", 1) }}, 2)
        else package_name
    end as to_artifact_namespace,
    'PACKAGE' as to_artifact_type,
    package_name as to_artifact_source_id,
    {{ oso_id("'ARTIFACT'", "'NPM'", "'REGISTRY'", "'registry.npmjs.org'") }} as from_artifact_id,
    'registry.npmjs.org' as from_artifact_name,
    'npm' as from_artifact_namespace,
    'REGISTRY' as from_artifact_type,
    'registry.npmjs.org' as from_artifact_source_id,
    cast(downloads as {{ type_double() }}) as amount
from downloads
where {{ date_to_timestamp('download_date') }} < {{ as_of_end_timestamp() }}
