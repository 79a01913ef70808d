{#-
    SQL templates of the metric kinds. metric_sql(metric) renders one catalogue metric as a
    SELECT with the columns entity_key, event_source, metric, metric_grain,
    sample_date, amount: one row per entity, event source and period with a value (periods
    without activity have no row). All windows derive from int_metric_periods, i.e. from the
    as-of date.
-#}
{% macro metric_sql(metric) -%}
    {%- if metric.kind == 'sum' -%} {{ metric_sql__sum(metric) }}
    {%- elif metric.kind == 'distinct_senders' -%} {{ metric_sql__distinct_senders(metric) }}
    {%- elif metric.kind == 'new_senders' -%} {{ metric_sql__new_senders(metric) }}
    {%- elif metric.kind == 'developer_activity' -%} {{ metric_sql__developer_activity(metric) }}
    {%- elif metric.kind == 'lifecycle' -%} {{ metric_sql__lifecycle(metric) }}
    {%- elif metric.kind == 'absence_factor' -%} {{ metric_sql__absence_factor(metric) }}
    {%- elif metric.kind == 'thread_time' -%} {{ metric_sql__thread_time(metric) }}
    {%- else -%} {{ exceptions.raise_compiler_error('unknown metric kind: ' ~ metric.kind) }}
    {%- endif -%}
{%- endmacro %}

{#-
    key64(expr): a 64-bit hash of an id (null for a null id). The metric layer groups, joins
    and counts entities (entity_key) and senders (sender_key) by it instead of their
    64-character hex ids: several times less to hash, compare and write. Collisions: two of a
    million ids share a key with odds of about 1 in 3.6e7; int_metric_entities has a test
    that its keys are unique.
-#}
{% macro key64(expr) -%}
    {{ return(adapter.dispatch('key64', 'oso')(expr)) }}
{%- endmacro %}

{% macro default__key64(expr) -%}
    case when {{ expr }} is not null then hash({{ expr }}) end
{%- endmacro %}

{% macro bigquery__key64(expr) -%}
    farm_fingerprint({{ expr }})
{%- endmacro %}

{#-
    The WHERE conditions selecting the facts of `selection` (a sum metric or a sender
    population: anything with event_types and senders) from int_metric_events; with
    require_sender, only facts whose sender is known (populations count senders).
-#}
{% macro metric_fact_filter(selection, alias='facts', require_sender=false) -%}
    {{ alias }}.event_type in {{ sql_list(selection.event_types) }}
    {%- if selection.senders == 'humans' %} and not {{ alias }}.is_bot{% endif %}
    {%- if selection.senders == 'bots' %} and {{ alias }}.is_bot{% endif %}
    {%- if require_sender %} and {{ alias }}.sender_key is not null{% endif %}
{%- endmacro %}

{#-
    Each (entity, event source, sender, day) of the metric's sender population with its number
    of qualifying events (int_metric_sender_days): the input of the sender kinds.
-#}
{% macro metric_sender_days(metric) -%}
    select
        senders.entity_key,
        senders.event_source,
        senders.sender_key,
        senders.metric_day,
        senders.event_count
    from {{ ref('int_metric_sender_days') }} as senders
    where senders.population = '{{ metric.population }}'
{%- endmacro %}

{% macro metric_periods(metric) -%}
    select * from {{ ref('int_metric_periods') }}
    where metric_grain in {{ sql_list(metric.grains) }}
{%- endmacro %}

{#-
    metric_by_grain(metric, relation, keys, aggregates): `relation` (a CTE with a metric_day
    column) aggregated per period of each of the metric's grains: one SELECT per grain joined
    to that grain's periods, unioned, with the columns `keys`, metric_grain, sample_date and
    `aggregates`. Per grain, not one join to every grain: that join multiplies the rows by
    the number of grains before a single large aggregation (2x slower at 10M events).
-#}
{% macro metric_by_grain(metric, relation, keys, aggregates) -%}
    {%- for grain in metric.grains %}
        select
            {%- for key in keys %}
                {{ relation }}.{{ key }},
            {%- endfor %}
            '{{ grain }}' as metric_grain,
            periods.sample_date,
            {{ aggregates }}
        from {{ relation }}
        inner join periods on {{ relation }}.metric_day = periods.metric_day
        where periods.metric_grain = '{{ grain }}'
        group by
            {%- for key in keys %} {{ relation }}.{{ key }},{% endfor %} periods.sample_date
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- Sum of event counts or amounts (optionally scaled), per period. -#}
{% macro metric_sql__sum(metric) -%}
    with daily as (
        select
            facts.entity_key,
            facts.event_source,
            facts.metric_day,
            sum(facts.{{ metric.measure }}) as amount
        from {{ ref('int_metric_events') }} as facts
        where {{ metric_fact_filter(metric) }}
        group by 1, 2, 3
    ),

    periods as ({{ metric_periods(metric) }}),

    totals as (
        {{ metric_by_grain(metric, 'daily', ['entity_key', 'event_source'], 'sum(daily.amount) as amount') }}
    )

    select
        entity_key,
        event_source,
        '{{ metric.name }}' as metric,
        metric_grain,
        sample_date,
        cast(amount as {{ type_double() }})
        {%- if metric.scale %} / {{ metric.scale }}{% endif %} as amount
    from totals
{%- endmacro %}

{#- Distinct senders (developers, contributors, addresses, funders) per period. -#}
{% macro metric_sql__distinct_senders(metric) -%}
    with senders as (
        {{ metric_sender_days(metric) }}
    ),

    periods as ({{ metric_periods(metric) }}),

    counted as (
        {{ metric_by_grain(metric, 'senders', ['entity_key', 'event_source'], 'count(distinct senders.sender_key) as amount') }}
    )

    select
        entity_key,
        event_source,
        '{{ metric.name }}' as metric,
        metric_grain,
        sample_date,
        cast(amount as {{ type_double() }}) as amount
    from counted
{%- endmacro %}

{#- Senders whose first qualifying event to the entity (up to the as-of date) is in the period. -#}
{% macro metric_sql__new_senders(metric) -%}
    with sender_days as (
        {{ metric_sender_days(metric) }}
    ),

    firsts as (
        select
            entity_key,
            event_source,
            sender_key,
            min(metric_day) as metric_day
        from sender_days
        group by 1, 2, 3
    ),

    periods as ({{ metric_periods(metric) }}),

    counted as (
        {{ metric_by_grain(metric, 'firsts', ['entity_key', 'event_source'], 'count(*) as amount') }}
    )

    select
        entity_key,
        event_source,
        '{{ metric.name }}' as metric,
        metric_grain,
        sample_date,
        cast(amount as {{ type_double() }}) as amount
    from counted
{%- endmacro %}

{#-
    Full-time / part-time developers: on day d a developer is full-time if they committed on
    at least 10 of the 30 days d-29..d, part-time on 1 to 9. Between one commit day c and the
    next the trailing count only falls, so a developer is full-time on [c, c10 + 30) where c10
    is their 10th-latest commit day up to c (if it lies within the 30 days), and active on
    [c, c + 30), both cut at the next commit day and the as-of date. Counts per entity change
    only at those bounds; the metric is the day-average over the period (sum / period_days).
-#}
{% macro metric_sql__developer_activity(metric) -%}
    {%- set horizon = add_days(as_of_date(), 1) -%}
    with commit_days as (
        {{ metric_sender_days(metric) }}
    ),

    sequenced as (
        select
            *,
            coalesce(
                lead(metric_day) over developer_days, {{ horizon }}
            ) as next_commit_day,
            lag(metric_day, 9) over developer_days as tenth_latest_commit_day
        from commit_days
        window developer_days as (
            partition by entity_key, event_source, sender_key
            order by metric_day
        )
    ),

    spans as (
        select
            entity_key,
            event_source,
            metric_day as span_start,
            {%- if metric.status == 'full_time' %}
                case
                    when tenth_latest_commit_day > {{ add_days('metric_day', -30) }}
                        then least(next_commit_day, {{ add_days('tenth_latest_commit_day', 30) }})
                    else metric_day
                end as span_end
            {%- else %}
                case
                    when tenth_latest_commit_day > {{ add_days('metric_day', -30) }}
                        then least(next_commit_day, {{ add_days('tenth_latest_commit_day', 30) }})
                    else metric_day
                end as span_start_part_time,
                least(next_commit_day, {{ add_days('metric_day', 30) }}) as span_end
            {%- endif %}
        from sequenced
    ),

    changes as (
        select
            entity_key,
            event_source,
            {{ 'span_start_part_time' if metric.status == 'part_time' else 'span_start' }}
                as change_day,
            1 as delta
        from spans
        where span_end > {{ 'span_start_part_time' if metric.status == 'part_time' else 'span_start' }}
        union all
        select
            entity_key,
            event_source,
            span_end as change_day,
            -1 as delta
        from spans
        where span_end > {{ 'span_start_part_time' if metric.status == 'part_time' else 'span_start' }}
    ),

    counts as (
        select
            entity_key,
            event_source,
            change_day,
            sum(sum(delta)) over entity_days as developer_count,
            lead(change_day) over entity_days as next_change_day
        from changes
        group by 1, 2, 3
        window entity_days as (
            partition by entity_key, event_source order by change_day
        )
    ),

    entity_days as (
        select
            counts.entity_key,
            counts.event_source,
            counts.developer_count,
            cast(series_day as date) as metric_day
        from counts
        cross join {{ unnest_as(day_series('counts.change_day', add_days('counts.next_change_day', -1)), 'series_day') }}
        where counts.developer_count > 0 and counts.next_change_day is not null
    ),

    periods as ({{ metric_periods(metric) }}),

    totals as (
        {{ metric_by_grain(metric, 'entity_days', ['entity_key', 'event_source'],
            'sum(entity_days.developer_count) as developer_days, max(periods.period_days) as period_days') }}
    )

    select
        entity_key,
        event_source,
        '{{ metric.name }}' as metric,
        metric_grain,
        sample_date,
        cast(developer_days as {{ type_double() }}) / period_days as amount
    from totals
{%- endmacro %}

{#-
    Contributor lifecycle on calendar grains. Resurrected: active in the period, active
    before, not active in the previous period. Churned: active in the previous period, not in
    this one (counted in the period they are missing from, up to the as-of date).
-#}
{% macro metric_sql__lifecycle(metric) -%}
    with periods as ({{ metric_periods(metric) }}),

    sender_days as (
        {{ metric_sender_days(metric) }}
    ),

    active as (
        {{ metric_by_grain(metric, 'sender_days', ['entity_key', 'event_source', 'sender_key'], 'count(*) as active_days') }}
    ),

    sequenced as (
        select
            *,
            lag(sample_date) over contributor_periods as previous_active_date,
            lead(sample_date) over contributor_periods as next_active_date
        from active
        window contributor_periods as (
            partition by entity_key, event_source, sender_key, metric_grain
            order by sample_date
        )
    ),

    {%- if metric.status == 'resurrected' %}
        matched as (
            select
                entity_key,
                event_source,
                metric_grain,
                sample_date
            from sequenced
            where previous_active_date < {{ shift_period('metric_grain', 'sample_date', -1) }}
        )
    {%- else %}
        matched as (
            select
                entity_key,
                event_source,
                metric_grain,
                {{ shift_period('metric_grain', 'sample_date', 1) }} as sample_date
            from sequenced
            where
                coalesce(next_active_date, {{ add_months(as_of_date(), 13) }})
                > {{ shift_period('metric_grain', 'sample_date', 1) }}
                and {{ shift_period('metric_grain', 'sample_date', 1) }} <= {{ as_of_date() }}
        )
    {%- endif %}

    select
        entity_key,
        event_source,
        '{{ metric.name }}' as metric,
        metric_grain,
        sample_date,
        cast(count(*) as {{ type_double() }}) as amount
    from matched
    group by 1, 2, 3, 4, 5
{%- endmacro %}

{#-
    The fewest contributors who together made at least half of the period's contributions:
    the smallest k with 2 * (sum of the k largest contribution counts) >= total. Computed on a
    histogram instead of ranking every contributor: per period, how many contributors made
    each count (few distinct counts), largest first. In the first count bucket where the
    running sum reaches half, k = the contributors of the larger buckets + the fewest of this
    bucket needed: ceil((total - 2 * sum of larger buckets) / (2 * count)).
-#}
{% macro metric_sql__absence_factor(metric) -%}
    with periods as ({{ metric_periods(metric) }}),

    sender_days as (
        {{ metric_sender_days(metric) }}
    ),

    contributions as (
        {{ metric_by_grain(metric, 'sender_days', ['entity_key', 'event_source', 'sender_key'],
            'sum(sender_days.event_count) as contribution_count') }}
    ),

    histogram as (
        select
            entity_key,
            event_source,
            metric_grain,
            sample_date,
            contribution_count,
            count(*) as contributor_count
        from contributions
        group by 1, 2, 3, 4, 5
    ),

    cumulated as (
        select
            *,
            sum(contribution_count * contributor_count) over entity_period as total_count,
            coalesce(sum(contribution_count * contributor_count) over larger_buckets, 0)
                as larger_count,
            coalesce(sum(contributor_count) over larger_buckets, 0) as larger_contributors
        from histogram
        window
            entity_period as (
                partition by entity_key, event_source, metric_grain, sample_date
            ),
            larger_buckets as (
                entity_period
                order by contribution_count desc
                rows between unbounded preceding and 1 preceding
            )
    )

    select
        entity_key,
        event_source,
        '{{ metric.name }}' as metric,
        metric_grain,
        sample_date,
        cast(
            larger_contributors
            + ceil((total_count - 2 * larger_count) / (2.0 * contribution_count))
            as {{ type_double() }}
        ) as amount
    from cumulated
    where
        2 * larger_count < total_count
        and 2 * (larger_count + contribution_count * contributor_count) >= total_count
{%- endmacro %}

{#-
    Durations of GitHub threads (issues and pull requests, int_metric_threads), in days:
    first_response and merge average over threads answered / merged in the period;
    issue_age averages, at the period's last day, the age of issues open then.
-#}
{% macro metric_sql__thread_time(metric) -%}
    with periods as ({{ metric_periods(metric) }}),

    {%- if metric.status == 'issue_age' %}
        period_ends as (
            select distinct
                metric_grain,
                sample_date,
                period_last_day
            from periods
        ),

        measured as (
            select
                threads.entity_key,
                period_ends.metric_grain,
                period_ends.sample_date,
                {{ dbt.datediff('threads.opened_at', date_to_timestamp(add_days('period_ends.period_last_day', 1)), 'second') }}
                / 86400.0 as days
            from {{ ref('int_metric_threads') }} as threads
            inner join period_ends
                on cast(threads.opened_at as date) <= period_ends.period_last_day
            where
                threads.thread_type = 'ISSUE'
                and (
                    threads.closed_at is null
                    or cast(threads.closed_at as date) > period_ends.period_last_day
                )
        )
    {%- else %}
        {%- set done_at = 'first_response_at' if metric.status == 'first_response' else 'merged_at' %}
        measured as (
            select
                threads.entity_key,
                periods.metric_grain,
                periods.sample_date,
                {{ dbt.datediff('threads.opened_at', 'threads.' ~ done_at, 'second') }} / 86400.0
                    as days
            from {{ ref('int_metric_threads') }} as threads
            inner join periods on cast(threads.{{ done_at }} as date) = periods.metric_day
            where threads.{{ done_at }} is not null and threads.opened_at is not null
        )
    {%- endif %}

    select
        entity_key,
        'GITHUB' as event_source,
        '{{ metric.name }}' as metric,
        metric_grain,
        sample_date,
        cast(avg(days) as {{ type_double() }}) as amount
    from measured
    group by 1, 2, 3, 4, 5
{%- endmacro %}

{#- A string as a SQL string literal (DuckDB doubles quotes; BigQuery escapes with backslashes). -#}
{% macro sql_string(text) -%}
    {{ return(adapter.dispatch('sql_string', 'oso')(text)) }}
{%- endmacro %}

{% macro default__sql_string(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{% macro bigquery__sql_string(text) -%}
    '{{ text | replace("\\", "\\\\") | replace("'", "\\'") | replace("\n", "\\n") }}'
{%- endmacro %}

{#- The body of the model int_metric__<name>: one catalogue metric. -#}
{% macro metric_model(name) -%}
    {%- set found = metric_catalogue() | selectattr('name', 'equalto', name) | list -%}
    {%- if found | length != 1 -%}
        {{ exceptions.raise_compiler_error('no catalogue metric named ' ~ name) }}
    {%- endif -%}
    {{ metric_sql(found[0]) }}
{%- endmacro %}

{#-
    Each entity's type and id by its entity_key, to give metric rows (keyed by entity_key
    alone: keys are unique across entity types, see int_metric_entities) their ids back.
-#}
{% macro metric_entity_ids() -%}
    select distinct
        entity_type,
        entity_key,
        entity_id
    from {{ ref('int_metric_entities') }}
{%- endmacro %}

{#-
    metric_rows_with_ids(relation): metric rows (entity_key, event_source, metric,
    metric_grain, sample_date, amount) of `relation` (a CTE name or a parenthesised query)
    with their entity's type and id instead of the key: what int_metrics and the SQL
    published in metrics_v0 both give.
-#}
{% macro metric_rows_with_ids(relation) -%}
    select
        entities.entity_type,
        entities.entity_id,
        metric_values.event_source,
        metric_values.metric,
        metric_values.metric_grain,
        metric_values.sample_date,
        metric_values.amount
    from {{ relation }} as metric_values
    inner join ({{ metric_entity_ids() }}) as entities
        on metric_values.entity_key = entities.entity_key
{%- endmacro %}

{#- A metric's SQL as published in metrics_v0: the rows of its time series and key metrics. -#}
{% macro metric_published_sql(metric) -%}
    {{ metric_rows_with_ids('(' ~ metric_sql(metric) ~ ')') }}
{%- endmacro %}
