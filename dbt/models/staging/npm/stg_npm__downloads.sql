-- Daily downloads per npm package, as loaded (days with no downloads included).
with

source as (
    select * from {{ source('npm', 'downloads') }}
),

renamed as (
    select
        lower(package) as package_name,
        cast(day as date) as download_date,
        cast(downloads as int64) as downloads,
        cast(week as date) as source_week,
        cast(fetched_at as timestamp) as fetched_at
    from source
)

select * from renamed
