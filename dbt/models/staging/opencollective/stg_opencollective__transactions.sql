-- Open Collective transactions (GraphQL v2 API and CSV exports), one row per transaction id.
with

source as (
    select * from {{ source('opencollective', 'transactions') }}
),

renamed as (
    select
        cast(id as string) as transaction_id,
        lower(trim(collective)) as collective_slug,
        upper(trim(kind)) as transaction_kind,
        upper(trim(type)) as transaction_type,
        cast(amount as {{ type_double() }}) as amount,
        cast(net_amount as {{ type_double() }}) as net_amount,
        upper(trim(currency)) as currency,
        cast(amount_usd as {{ type_double() }}) as amount_usd,
        cast(created_at as timestamp) as created_at,
        description,
        nullif(lower(trim(opposite_slug)), '') as opposite_slug,
        opposite_name,
        nullif(lower(trim(host_slug)), '') as host_slug,
        coalesce(is_refund, false) as is_refund,
        coalesce(is_refunded, false) as is_refunded,
        source as load_source,
        cast(week as timestamp) as source_week
    from source
)

select * from renamed
