-- Membership of projects in collections.
with

source as (
    select * from {{ source('ossd', 'collection_projects') }}
),

renamed as (
    select
        collection_name,
        project_name
    from source
)

select * from renamed
