-- Transactions of tracked addresses on EVM networks, one row per (network, tx_hash), with the
-- gas price actually paid: the receipt's effective gas price, else the transaction's.
with

source as (
    select
        network,
        {{ adapter.quote('hash') }} as tx_hash,
        block_number,
        block_timestamp,
        tx_index,
        from_address,
        to_address,
        value_wei,
        gas,
        gas_price,
        input_selector,
        is_contract_call,
        receipt_status,
        gas_used,
        effective_gas_price,
        contract_address,
        {{ adapter.quote('partition') }} as block_range,
        row_number() over (
            partition by lower(network), lower({{ adapter.quote('hash') }})
            order by block_number, {{ adapter.quote('partition') }}
        ) as copy_number
    from {{ source('evm', 'transactions') }}
),

renamed as (
    select
        lower(network) as network,
        lower(tx_hash) as tx_hash,
        block_number,
        cast(block_timestamp as timestamp) as block_timestamp,
        tx_index,
        lower(from_address) as from_address,
        lower(to_address) as to_address,
        value_wei,
        gas,
        gas_price,
        input_selector,
        is_contract_call,
        receipt_status,
        gas_used,
        coalesce(effective_gas_price, gas_price) as effective_gas_price,
        lower(contract_address) as contract_address,
        block_range
    from source
    where copy_number = 1
)

select * from renamed
