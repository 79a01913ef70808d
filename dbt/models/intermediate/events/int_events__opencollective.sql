{{ config(materialized='view') }}

-- Open Collective's part of int_events: money received and paid out by the registry's
-- collectives, in USD, up to the end of the as_of day.
--
-- CREDIT: money received, i.e. a CREDIT transaction of kind CONTRIBUTION or ADDED_FUNDS;
--     from = the contributor (the opposite account), to = the collective.
-- DEBIT: money paid out, i.e. a DEBIT transaction of kind EXPENSE;
--     from = the collective, to = the payee (the opposite account).
-- Not events: HOST_FEE (and HOST_FEE_SHARE*), PAYMENT_PROCESSOR_FEE / _COVER / _DISPUTE_FEE,
-- PLATFORM_FEE / PLATFORM_TIP*, BALANCE_TRANSFER and PREPAID_PAYMENT_METHOD are fee and
-- bookkeeping movements, not funding; a collective's own CONTRIBUTION debits (backing another
-- collective) are the recipient's CREDIT. Refunds and the transactions they refund are both
-- left out, so a refunded contribution or expense counts as nothing. Transactions not in USD
-- or without an opposite account are left out. amount = abs(USD amount).
with

transactions as (
    select
        transaction_id,
        collective_slug,
        opposite_slug,
        created_at,
        amount_usd,
        case
            when
                transaction_type = 'CREDIT'
                and transaction_kind in ('CONTRIBUTION', 'ADDED_FUNDS')
                then 'CREDIT'
            when
                transaction_type = 'DEBIT'
                and transaction_kind = 'EXPENSE'
                then 'DEBIT'
        end as event_type
    from {{ ref('stg_opencollective__transactions') }}
    where
        created_at < {{ as_of_end_timestamp() }}
        and amount_usd is not null
        and opposite_slug is not null
        and not is_refund
        and not is_refunded
),

funding as (
    select
        created_at as time,
        event_type,
        transaction_id,
        case when event_type = 'CREDIT' then collective_slug else opposite_slug end as to_slug,
        case when event_type = 'CREDIT' then 'COLLECTIVE' else 'ACCOUNT' end as to_type,
        case when event_type = 'CREDIT' then opposite_slug else collective_slug end as from_slug,
        case when event_type = 'CREDIT' then 'ACCOUNT' else 'COLLECTIVE' end as from_type,
        abs(amount_usd) as amount
    from transactions
    where event_type is not null
)

select
    time,
    event_type,
    'OPEN_COLLECTIVE' as event_source,
    transaction_id as event_source_id,
    {{ oso_id("'ARTIFACT'", "'OPEN_COLLECTIVE'", 'to_type', 'to_slug') }} as to_artifact_id,
    to_slug as to_artifact_name,
    to_slug as to_artifact_namespace,
    to_type as to_artifact_type,
    to_slug as to_artifact_source_id,
    {{ oso_id("'ARTIFACT'", "'OPEN_COLLECTIVE'", 'from_type', 'from_slug') }} as from_artifact_id,
    from_slug as from_artifact_name,
    from_slug as from_artifact_namespace,
    from_type as from_artifact_type,
    from_slug as from_artifact_source_id,
    cast(amount as {{ type_double() }}) as amount
from funding
where time < {{ as_of_end_timestamp() }}
