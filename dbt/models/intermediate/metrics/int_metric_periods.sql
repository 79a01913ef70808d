-- The metric calendar: for every metric grain, which period each day belongs to. One row per
-- (metric_grain, metric_day) from 1 January of the first year with events through the as-of
-- date (never the wall clock). Calendar grains: sample_date = the period's first day (weeks
-- start on Monday). Window grains: sample_date = the as-of date. period_first_day and
-- period_last_day bound the period (the last one is capped at the as-of date); period_days
-- counts its days, the divisor of metrics that average over days.
with

bounds as (
    select
        {{ period_start('yearly', 'coalesce(min(cast(time as date)), ' ~ as_of_date() ~ ')') }}
            as first_day
    from {{ ref('int_events') }}
),

days as (
    select cast(series_day as date) as metric_day  -- noqa: RF03
    from bounds
    cross join {{ unnest_as(day_series('bounds.first_day', as_of_date()), 'series_day') }}
),

periods as (
    {% for grain in calendar_grains() %}
        select
            '{{ grain }}' as metric_grain,
            metric_day,
            {{ period_start(grain, 'metric_day') }} as sample_date
        from days
        union all
    {% endfor %}
    select
        'over_all_time' as metric_grain,
        metric_day,
        {{ as_of_date() }} as sample_date
    from days
    union all
    select
        'over_90_days' as metric_grain,
        metric_day,
        {{ as_of_date() }} as sample_date
    from days
    where metric_day > {{ add_days(as_of_date(), -90) }}
    union all
    select
        'over_6_months' as metric_grain,
        metric_day,
        {{ as_of_date() }} as sample_date
    from days
    where metric_day > {{ add_months(as_of_date(), -6) }}
),

bounded as (
    select
        metric_grain,
        metric_day,
        sample_date,
        case
            when metric_grain in {{ sql_list(calendar_grains()) }} then sample_date
            else min(metric_day) over (partition by metric_grain)
        end as period_first_day,
        case
            when metric_grain in {{ sql_list(calendar_grains()) }}
                then least(
                    {{ add_days(shift_period('metric_grain', 'sample_date', 1), -1) }},
                    {{ as_of_date() }}
                )
            else {{ as_of_date() }}
        end as period_last_day
    from periods
)

select
    metric_grain,
    metric_day,
    sample_date,
    period_first_day,
    period_last_day,
    {{ dbt.datediff('period_first_day', 'period_last_day', 'day') }} + 1 as period_days
from bounded
