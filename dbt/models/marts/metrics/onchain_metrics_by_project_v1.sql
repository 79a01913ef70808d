-- Onchain metrics of every project on every network it has contract activity on, as of the
-- as-of date (OSO's columns). Transactions, gas fees and addresses are the project's key
-- metrics (int_metrics; successful calls, gas in ETH); activity levels, multi-project
-- addresses and active contracts are computed here over the same 90-day window.
with

facts as (
    select
        projects.entity_id as project_id,
        facts.event_source,
        facts.event_type,
        facts.sender_key,
        facts.metric_day,
        facts.amount,
        facts.metric_day > {{ add_days(as_of_date(), -90) }} as is_in_90_days
    from {{ ref('int_metric_events') }} as facts
    inner join ({{ metric_entity_ids() }}) as projects
        on
            facts.entity_type = projects.entity_type
            and facts.entity_key = projects.entity_key
    where
        facts.entity_type = 'PROJECT'
        and facts.event_type in (
            'CONTRACT_INVOCATION_DAILY_COUNT', 'CONTRACT_INVOCATION_SUCCESS_DAILY_COUNT'
        )
),

networks as (
    select
        project_id,
        event_source,
        min(metric_day) as first_transaction_day
    from facts
    where event_type = 'CONTRACT_INVOCATION_DAILY_COUNT'
    group by 1, 2
),

key_metrics as (
    select
        entity_id as project_id,
        event_source,
        {{ pivot_metric('transactions', 'over_all_time') }} as transaction_count,
        {{ pivot_metric('transactions', 'over_6_months') }} as transaction_count_6_months,
        {{ pivot_metric('gas_fees', 'over_all_time') }} as gas_fees_sum,
        {{ pivot_metric('gas_fees', 'over_6_months') }} as gas_fees_sum_6_months,
        {{ pivot_metric('active_addresses', 'over_all_time') }} as address_count,
        {{ pivot_metric('active_addresses', 'over_90_days') }} as address_count_90_days,
        {{ pivot_metric('new_addresses', 'over_90_days') }} as new_address_count_90_days
    from {{ ref('int_metrics') }}
    where
        entity_type = 'PROJECT'
        and metric in ('transactions', 'gas_fees', 'active_addresses', 'new_addresses')
    group by 1, 2
),

-- Successful transactions of each address to each project in the last 90 days.
address_activity as (
    select
        project_id,
        event_source,
        sender_key,
        sum(amount) as transaction_count
    from facts
    where
        event_type = 'CONTRACT_INVOCATION_SUCCESS_DAILY_COUNT'
        and is_in_90_days
        and sender_key is not null
    group by 1, 2, 3
),

multi_project_addresses as (
    select
        event_source,
        sender_key
    from address_activity
    group by 1, 2
    having count(distinct project_id) > 2
),

address_levels as (
    select
        address_activity.project_id,
        address_activity.event_source,
        count(case when address_activity.transaction_count >= 100 then 1 end) as high_count,
        count(
            case when address_activity.transaction_count between 10 and 99 then 1 end
        ) as medium_count,
        count(case when address_activity.transaction_count < 10 then 1 end) as low_count,
        count(multi_project_addresses.sender_key) as multi_project_count
    from address_activity
    left join multi_project_addresses
        on
            address_activity.event_source = multi_project_addresses.event_source
            and address_activity.sender_key = multi_project_addresses.sender_key
    group by 1, 2
),

active_contracts as (
    select
        projects.entity_id as project_id,
        facts.event_source,
        count(distinct facts.entity_key) as active_contract_count
    from {{ ref('int_metric_events') }} as facts
    inner join {{ ref('int_metric_entities') }} as contracts
        on
            facts.entity_key = contracts.entity_key
            and contracts.entity_type = 'ARTIFACT'
    inner join {{ ref('int_metric_entities') }} as projects
        on
            contracts.artifact_id = projects.artifact_id
            and projects.entity_type = 'PROJECT'
    where
        facts.entity_type = 'ARTIFACT'
        and facts.event_type = 'CONTRACT_INVOCATION_DAILY_COUNT'
        and facts.metric_day > {{ add_days(as_of_date(), -90) }}
    group by 1, 2
)

select
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    projects.display_name,
    networks.event_source,
    cast(
        {{ dbt.datediff('networks.first_transaction_day', as_of_date(), 'day') }} as int64
    ) as days_since_first_transaction,
    cast(coalesce(active_contracts.active_contract_count, 0) as int64)
        as active_contract_count_90_days,
    cast(coalesce(key_metrics.transaction_count, 0) as int64) as transaction_count,
    cast(coalesce(key_metrics.transaction_count_6_months, 0) as int64)
        as transaction_count_6_months,
    cast(coalesce(key_metrics.gas_fees_sum, 0) as {{ type_double() }}) as gas_fees_sum,
    cast(coalesce(key_metrics.gas_fees_sum_6_months, 0) as {{ type_double() }})
        as gas_fees_sum_6_months,
    cast(coalesce(key_metrics.address_count, 0) as int64) as address_count,
    cast(coalesce(key_metrics.address_count_90_days, 0) as int64) as address_count_90_days,
    cast(coalesce(key_metrics.new_address_count_90_days, 0) as int64)
        as new_address_count_90_days,
    cast(
        coalesce(key_metrics.address_count_90_days, 0)
        - coalesce(key_metrics.new_address_count_90_days, 0) as int64
    ) as returning_address_count_90_days,
    cast(coalesce(address_levels.high_count, 0) as int64) as high_activity_address_count_90_days,
    cast(coalesce(address_levels.medium_count, 0) as int64)
        as medium_activity_address_count_90_days,
    cast(coalesce(address_levels.low_count, 0) as int64) as low_activity_address_count_90_days,
    cast(coalesce(address_levels.multi_project_count, 0) as int64)
        as multi_project_address_count_90_days
from networks
inner join {{ ref('int_projects') }} as projects
    on networks.project_id = projects.project_id
left join key_metrics
    on
        networks.project_id = key_metrics.project_id
        and networks.event_source = key_metrics.event_source
left join address_levels
    on
        networks.project_id = address_levels.project_id
        and networks.event_source = address_levels.event_source
left join active_contracts
    on
        networks.project_id = active_contracts.project_id
        and networks.event_source = active_contracts.event_source
