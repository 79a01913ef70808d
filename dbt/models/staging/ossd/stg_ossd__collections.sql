-- Collections of the oss-directory registry.
with

source as (
    select * from {{ source('ossd', 'collections') }}
),

renamed as (
    select
        collection_name,
        display_name,
        description,
        version as schema_version,
        source_path
    from source
)

select * from renamed
