{{ config(materialized='table') }}

-- GitHub code metrics of every entity as of the as-of date, one column per key metric (see
-- code_metric_columns in macros/metrics/marts.sql), plus the first and last commit dates:
-- the shared body of code_metrics_by_project_v1 and code_metrics_by_artifact_v0.
with

key_metrics as (
    select
        entity_type,
        entity_id,
        metric,
        metric_grain,
        amount
    from {{ ref('int_metrics') }}
    where
        event_source = 'GITHUB'
        and metric_grain in ('over_all_time', 'over_6_months')
),

pivoted as (
    select
        entity_type,
        entity_id,
        {{ code_metric_pivots() }}
    from key_metrics
    group by 1, 2
),

commit_dates as (
    select
        entities.entity_type,
        entities.entity_id,
        min(facts.metric_day) as first_commit_date,
        max(facts.metric_day) as last_commit_date
    from {{ ref('int_metric_events') }} as facts
    inner join ({{ metric_entity_ids() }}) as entities
        on
            facts.entity_type = entities.entity_type
            and facts.entity_key = entities.entity_key
    where facts.event_type = 'COMMIT_CODE'
    group by 1, 2
)

select
    pivoted.*,
    commit_dates.first_commit_date,
    commit_dates.last_commit_date
from pivoted
left join commit_dates
    on
        pivoted.entity_type = commit_dates.entity_type
        and pivoted.entity_id = commit_dates.entity_id
