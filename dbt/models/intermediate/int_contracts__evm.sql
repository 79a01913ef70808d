-- Contracts discovered on EVM networks, as CONTRACT artifacts of the project that tracks their
-- creator: a direct deployment belongs to the project listing its sender with tag deployer,
-- creator or eoa; a factory creation to the project listing the factory with tag factory. A
-- registry entry on network any_evm matches every network. Deployed up to the end of as_of.
-- Grain: (project_name, network, contract_address).
with

registry as (
    select distinct
        project_name,
        address,
        network,
        address_tag
    from {{ ref('stg_ossd__project_artifacts') }}
    where
        artifact_kind = 'blockchain'
        and address is not null
        and network is not null
),

contracts as (
    select *
    from {{ ref('stg_evm__contracts') }}
    where deployed_at < {{ as_of_end_timestamp() }}
),

attributed as (
    select distinct
        registry.project_name,
        contracts.network,
        contracts.contract_address,
        contracts.deployer_address,
        contracts.factory_address,
        contracts.deployment_tx_hash,
        contracts.deployed_at
    from contracts
    inner join registry
        on
            registry.network in (contracts.network, 'any_evm')
            and (
                (
                    contracts.factory_address is null
                    and registry.address = contracts.deployer_address
                    and registry.address_tag in ('deployer', 'creator', 'eoa')
                )
                or (
                    registry.address = contracts.factory_address
                    and registry.address_tag = 'factory'
                )
            )
)

select
    project_name,
    network,
    contract_address,
    deployer_address,
    factory_address,
    deployment_tx_hash,
    deployed_at,
    {{ oso_id("'ARTIFACT'", 'upper(network)', "'ADDRESS'", 'contract_address') }} as artifact_id,
    contract_address as artifact_source_id,
    upper(network) as artifact_source,
    'CONTRACT' as artifact_type,
    '' as artifact_namespace,
    contract_address as artifact_name,
    cast(null as string) as artifact_url
from attributed
