-- Contracts created by tracked deployers or tracked factories on EVM networks, one row per
-- (network, contract_address): the earliest creation.
with

source as (
    select
        network,
        address,
        deployer,
        factory,
        tx_hash,
        block_number,
        deployed_at,
        {{ adapter.quote('partition') }} as block_range,
        row_number() over (
            partition by lower(network), lower(address)
            order by block_number, tx_hash
        ) as creation_rank
    from {{ source('evm', 'contracts') }}
),

renamed as (
    select
        lower(network) as network,
        lower(address) as contract_address,
        lower(deployer) as deployer_address,
        lower(factory) as factory_address,
        lower(tx_hash) as deployment_tx_hash,
        block_number as deployment_block_number,
        cast(deployed_at as timestamp) as deployed_at,
        block_range
    from source
    where creation_rank = 1
)

select * from renamed
