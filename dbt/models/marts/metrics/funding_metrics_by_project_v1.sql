-- Funding received by every project from every funding source (Open Collective credits,
-- oss-funding grants), in USD, as of the as-of date (OSO's columns; the project's
-- funding_received and funders key metrics). Projects without funding have no row.
with

key_metrics as (
    select
        entity_id as project_id,
        event_source,
        {{ pivot_metric('funders', 'over_all_time') }} as total_funders_count,
        {{ pivot_metric('funding_received', 'over_all_time') }} as total_funding_received_usd,
        {{ pivot_metric('funding_received', 'over_6_months') }}
            as total_funding_received_usd_6_months
    from {{ ref('int_metrics') }}
    where
        entity_type = 'PROJECT'
        and metric in ('funders', 'funding_received')
    group by 1, 2
)

select
    projects.project_id,
    projects.project_source,
    projects.project_namespace,
    projects.project_name,
    projects.display_name,
    key_metrics.event_source,
    cast(coalesce(key_metrics.total_funders_count, 0) as int64) as total_funders_count,
    cast(key_metrics.total_funding_received_usd as {{ type_double() }})
        as total_funding_received_usd,
    cast(coalesce(key_metrics.total_funding_received_usd_6_months, 0) as {{ type_double() }})
        as total_funding_received_usd_6_months
from key_metrics
inner join {{ ref('int_projects') }} as projects
    on key_metrics.project_id = projects.project_id
where key_metrics.total_funding_received_usd > 0
