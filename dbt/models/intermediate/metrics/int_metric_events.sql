{{
    config(
        materialized='table',
        cluster_by=(['entity_type', 'event_type'] if target.type == 'bigquery' else none),
    )
}}

-- The facts every metric reads: events per day, entity, source, type and sender, with the
-- sender's bot flag (int_users). Entities (int_metric_entities): each artifact that received
-- events (ARTIFACT) and the projects and collections it belongs to, by entity_key. Senders
-- by sender_key (null when unknown). Both are 64-bit keys (key64): this table is the input
-- of every metric, and grouping and sorting by keys is much cheaper than by 64-character ids.
-- event_count counts events, amount sums their amounts (downloads, gas, USD, ...).
with

daily as (
    select
        cast(time as date) as metric_day,
        event_source,
        event_type,
        to_artifact_id,
        from_artifact_id,
        count(*) as event_count,
        sum(amount) as amount
    from {{ ref('int_events') }}
    group by 1, 2, 3, 4, 5
),

flagged as (
    select
        daily.metric_day,
        daily.event_source,
        daily.event_type,
        daily.to_artifact_id,
        daily.event_count,
        daily.amount,
        {{ key64('daily.from_artifact_id') }} as sender_key,
        coalesce(users.is_bot, false) as is_bot
    from daily
    left join {{ ref('int_users') }} as users
        on daily.from_artifact_id = users.user_artifact_id
)

select
    entities.entity_type,
    entities.entity_key,
    flagged.metric_day,
    flagged.event_source,
    flagged.event_type,
    flagged.sender_key,
    flagged.is_bot,
    flagged.event_count,
    flagged.amount
from flagged
inner join {{ ref('int_metric_entities') }} as entities
    on flagged.to_artifact_id = entities.artifact_id
