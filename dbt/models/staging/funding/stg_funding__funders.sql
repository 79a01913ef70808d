-- oss-funding funders (one YAML each); funder_name is the lower-cased key grants refer to.
with

source as (
    select * from {{ source('funding', 'funders') }}
),

renamed as (
    select
        lower(name) as funder_name,
        name as funder_yaml_name,
        display_name,
        type as funder_type,
        description,
        source_file
    from source
)

select * from renamed
