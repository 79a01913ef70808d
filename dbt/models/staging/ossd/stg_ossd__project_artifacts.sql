-- URLs and blockchain addresses listed by each registry project.
with

source as (
    select * from {{ source('ossd', 'project_artifacts') }}
),

renamed as (
    select
        project_name,
        lower(trim(kind)) as artifact_kind,
        trim(url) as artifact_url,
        lower(trim(address)) as address,
        lower(trim(network)) as network,
        lower(trim(tag)) as address_tag,
        name as address_name
    from source
)

select * from renamed
