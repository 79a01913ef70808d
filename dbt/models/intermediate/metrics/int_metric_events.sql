{{
    config(
        materialized='table',
        cluster_by=(['entity_type', 'event_type'] if target.type == 'bigquery' else none),
    )
}}

-- The facts every metric reads: events per day, entity, source, type and sender, with the
-- sender's bot flag (int_users). Entities: each artifact that received events (ARTIFACT) and
-- the projects and collections it belongs to (int_metric_entities). event_count counts events,
-- amount sums their amounts (downloads, gas, USD, ...). sender_key is a 64-bit hash of the
-- sender (sender_key macro), computed once here for every metric that counts senders.
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
        daily.*,
        {{ sender_key('daily.from_artifact_id') }} as sender_key,
        coalesce(users.is_bot, false) as is_bot
    from daily
    left join {{ ref('int_users') }} as users
        on daily.from_artifact_id = users.user_artifact_id
)

select
    'ARTIFACT' as entity_type,
    to_artifact_id as entity_id,
    metric_day,
    event_source,
    event_type,
    from_artifact_id,
    sender_key,
    is_bot,
    event_count,
    amount
from flagged
union all
select
    entities.entity_type,
    entities.entity_id,
    flagged.metric_day,
    flagged.event_source,
    flagged.event_type,
    flagged.from_artifact_id,
    flagged.sender_key,
    flagged.is_bot,
    flagged.event_count,
    flagged.amount
from flagged
inner join {{ ref('int_metric_entities') }} as entities
    on flagged.to_artifact_id = entities.artifact_id
