{{ config(materialized='view') }}

-- EVM contract invocations as OSO's daily events, up to the end of the as_of day: calls
-- (input not empty) to a tracked contract, grouped by (UTC day, network, from, to).
-- Tracked contracts: registry addresses tagged contract, factory, proxy, safe or bridge on the
-- network (or any_evm), and contracts discovered from tracked deployers and factories.
--   CONTRACT_INVOCATION_DAILY_COUNT          every call
--   CONTRACT_INVOCATION_SUCCESS_DAILY_COUNT  calls with receipt status 1 (no row when none)
--   CONTRACT_INVOCATION_DAILY_L2_GAS_USED    sum of gas_used * effective_gas_price (wei)
with

listed_contracts as (
    select distinct
        address,
        network
    from {{ ref('stg_ossd__project_artifacts') }}
    where
        artifact_kind = 'blockchain'
        and address_tag in ('contract', 'factory', 'proxy', 'safe', 'bridge')
        and address is not null
),

tracked_contracts as (
    select
        address,
        network
    from listed_contracts
    union distinct
    select
        contract_address as address,
        network
    from {{ ref('int_contracts__evm') }}
),

invocations as (
    select distinct
        transactions.network,
        transactions.tx_hash,
        cast(transactions.block_timestamp as date) as call_date,
        transactions.from_address,
        transactions.to_address,
        transactions.receipt_status,
        cast(transactions.gas_used as {{ type_double() }})
        * cast(transactions.effective_gas_price as {{ type_double() }}) as gas_fee_wei
    from {{ ref('stg_evm__transactions') }} as transactions
    inner join tracked_contracts
        on
            transactions.to_address = tracked_contracts.address
            and tracked_contracts.network in (transactions.network, 'any_evm')
    where
        transactions.is_contract_call
        and transactions.block_timestamp < {{ as_of_end_timestamp() }}
),

daily as (
    select
        network,
        call_date,
        from_address,
        to_address,
        count(*) as call_count,
        sum(case when receipt_status = 1 then 1 else 0 end) as success_count,
        sum(gas_fee_wei) as gas_fee_wei
    from invocations
    group by network, call_date, from_address, to_address
),

events as (
    select
        network,
        call_date,
        from_address,
        to_address,
        'CONTRACT_INVOCATION_DAILY_COUNT' as event_type,
        cast(call_count as {{ type_double() }}) as amount
    from daily
    union all
    select
        network,
        call_date,
        from_address,
        to_address,
        'CONTRACT_INVOCATION_SUCCESS_DAILY_COUNT' as event_type,
        cast(success_count as {{ type_double() }}) as amount
    from daily
    where success_count > 0
    union all
    select
        network,
        call_date,
        from_address,
        to_address,
        'CONTRACT_INVOCATION_DAILY_L2_GAS_USED' as event_type,
        coalesce(gas_fee_wei, 0) as amount
    from daily
)

select
    {{ date_to_timestamp('call_date') }} as time,
    event_type,
    upper(network) as event_source,
    {{ oso_id('event_type', 'upper(network)', 'call_date', "from_address || '>' || to_address") }}
        as event_source_id,
    {{ oso_id("'ARTIFACT'", 'upper(network)', "'ADDRESS'", 'to_address') }} as to_artifact_id,
    to_address as to_artifact_name,
    '' as to_artifact_namespace,
    'CONTRACT' as to_artifact_type,
    to_address as to_artifact_source_id,
    {{ oso_id("'ARTIFACT'", 'upper(network)', "'ADDRESS'", 'from_address') }} as from_artifact_id,
    from_address as from_artifact_name,
    '' as from_artifact_namespace,
    'EOA' as from_artifact_type,
    from_address as from_artifact_source_id,
    amount
from events
where {{ date_to_timestamp('call_date') }} < {{ as_of_end_timestamp() }}
