-- oss-funding grants: amounts in USD, funder names lower-cased (the funder key).
with

source as (
    select * from {{ source('funding', 'grants') }}
),

renamed as (
    select
        id as grant_id,
        to_project_name,
        to_project_display_name,
        cast(amount as {{ type_double() }}) as amount_usd,
        cast(funding_date as date) as funding_date,
        {{ date_to_timestamp('cast(funding_date as date)') }} as funded_at,
        lower(from_funder_name) as funder_name,
        grant_pool_name,
        metadata,
        source_file
    from source
)

select * from renamed
