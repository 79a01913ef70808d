{#-
    The metric catalogue: every metric the metric layer computes, defined once.

    A metric is computed for every entity (artifact, project, collection), every event source
    its events come from, and each of its grains; its published name is
    <EVENT_SOURCE>_<name>_<grain> (e.g. GITHUB_commits_monthly, OPTIMISM_gas_fees_over_6_months)
    and its id oso_id('METRIC', 'OSO', 'oso', that name). `kind` picks the SQL template
    (macros/metrics/kinds.sql); metrics_v0 publishes each metric's rendered SQL.

    Fields: kind; event_types; senders (all | humans | bots; bots are flagged in int_users);
    measure (event_count | amount) and scale (divisor) for sums; status for classifications;
    grains (default: every calendar and window grain). Metrics that count senders name a
    population (sender_populations) instead of event_types and senders.
-#}
{% macro contribution_event_types() -%}
    {{ return(['COMMIT_CODE', 'ISSUE_OPENED', 'PULL_REQUEST_OPENED', 'PULL_REQUEST_MERGED']) }}
{%- endmacro %}

{% macro github_event_types() -%}
    {{ return([
        'COMMIT_CODE', 'ISSUE_OPENED', 'ISSUE_CLOSED', 'ISSUE_REOPENED', 'PULL_REQUEST_OPENED',
        'PULL_REQUEST_CLOSED', 'PULL_REQUEST_REOPENED', 'PULL_REQUEST_MERGED',
        'PULL_REQUEST_REVIEW_COMMENT', 'ISSUE_COMMENT', 'RELEASE_PUBLISHED', 'STARRED', 'FORKED',
    ]) }}
{%- endmacro %}

{#-
    Who the sender-counting metrics count: each population is a set of (entity, event source,
    sender, day) with a qualifying event, built once in int_metric_sender_days and shared by
    every metric that names it (contributors, new/resurrected/churned contributors and the
    absence factor all count the same contributions).
-#}
{% macro sender_populations() -%}
    {{ return([
        {'name': 'contributors', 'event_types': contribution_event_types(), 'senders': 'humans'},
        {'name': 'committers', 'event_types': ['COMMIT_CODE'], 'senders': 'humans'},
        {'name': 'addresses', 'event_types': ['CONTRACT_INVOCATION_SUCCESS_DAILY_COUNT'], 'senders': 'all'},
        {'name': 'funders', 'event_types': ['CREDIT', 'GRANT_RECEIVED_USD'], 'senders': 'all'},
    ]) }}
{%- endmacro %}

{% macro metric_catalogue() -%}
    {%- set all_grains = calendar_grains() + window_grains() -%}
    {#- Day-averages of a trailing 30-day status: weekly and coarser (a daily series would be
        one row per entity and day for 30 days after every commit). -#}
    {%- set developer_grains = ['weekly', 'monthly', 'quarterly', 'yearly', 'over_90_days', 'over_6_months'] -%}
    {#- Day-to-day churn and day-sized "bus factors" say nothing: weekly and coarser only. -#}
    {%- set lifecycle_grains = ['weekly', 'monthly', 'quarterly', 'yearly'] -%}
    {%- set metrics = [
        {'name': 'stars', 'display_name': 'Stars', 'unit': 'stars', 'kind': 'sum',
         'event_types': ['STARRED'],
         'description': 'GitHub stars given in the period (WatchEvent), by anyone.'},
        {'name': 'forks', 'display_name': 'Forks', 'unit': 'forks', 'kind': 'sum',
         'event_types': ['FORKED'], 'description': 'Forks created in the period.'},
        {'name': 'commits', 'display_name': 'Commits', 'unit': 'commits', 'kind': 'sum',
         'event_types': ['COMMIT_CODE'],
         'description': 'Commits to the default branch in the period, each (repository, sha) once.'},
        {'name': 'comments', 'display_name': 'Comments', 'unit': 'comments', 'kind': 'sum',
         'event_types': ['PULL_REQUEST_REVIEW_COMMENT', 'ISSUE_COMMENT'],
         'description': 'Issue and pull request review comments written in the period.'},
        {'name': 'releases', 'display_name': 'Releases', 'unit': 'releases', 'kind': 'sum',
         'event_types': ['RELEASE_PUBLISHED'], 'description': 'Releases published in the period.'},
        {'name': 'opened_pull_requests', 'display_name': 'Pull requests opened',
         'unit': 'pull requests', 'kind': 'sum', 'event_types': ['PULL_REQUEST_OPENED'],
         'description': 'Pull requests opened in the period.'},
        {'name': 'merged_pull_requests', 'display_name': 'Pull requests merged',
         'unit': 'pull requests', 'kind': 'sum', 'event_types': ['PULL_REQUEST_MERGED'],
         'description': 'Pull requests merged in the period (timed at merged_at).'},
        {'name': 'opened_issues', 'display_name': 'Issues opened', 'unit': 'issues',
         'kind': 'sum', 'event_types': ['ISSUE_OPENED'], 'description': 'Issues opened in the period.'},
        {'name': 'closed_issues', 'display_name': 'Issues closed', 'unit': 'issues',
         'kind': 'sum', 'event_types': ['ISSUE_CLOSED'], 'description': 'Issues closed in the period.'},
        {'name': 'bot_activity', 'display_name': 'Bot activity', 'unit': 'events', 'kind': 'sum',
         'event_types': github_event_types(), 'senders': 'bots',
         'description': 'GitHub events of every type sent by accounts flagged as bots in users_v1.'},
        {'name': 'contributors', 'display_name': 'Contributors', 'unit': 'contributors',
         'kind': 'distinct_senders', 'population': 'contributors',
         'description': 'Distinct non-bot accounts that committed, opened an issue or opened or got merged a pull request in the period.'},
        {'name': 'active_developers', 'display_name': 'Active developers', 'unit': 'developers',
         'kind': 'distinct_senders', 'population': 'committers',
         'description': 'Distinct non-bot authors of at least one default-branch commit in the period.'},
        {'name': 'full_time_developers', 'display_name': 'Full-time developers',
         'unit': 'developers', 'kind': 'developer_activity', 'status': 'full_time',
         'population': 'committers', 'grains': developer_grains,
         'description': 'Average over the days of the period of the number of non-bot developers who committed on at least 10 of the 30 days ending that day.'},
        {'name': 'part_time_developers', 'display_name': 'Part-time developers',
         'unit': 'developers', 'kind': 'developer_activity', 'status': 'part_time',
         'population': 'committers', 'grains': developer_grains,
         'description': 'Average over the days of the period of the number of non-bot developers who committed on 1 to 9 of the 30 days ending that day.'},
        {'name': 'new_contributors', 'display_name': 'New contributors', 'unit': 'contributors',
         'kind': 'new_senders', 'population': 'contributors',
         'description': 'Contributors whose first contribution to the entity (any time up to the as-of date) falls in the period.'},
        {'name': 'resurrected_contributors', 'display_name': 'Resurrected contributors',
         'unit': 'contributors', 'kind': 'lifecycle', 'status': 'resurrected',
         'population': 'contributors', 'grains': lifecycle_grains,
         'description': 'Contributors active in the period, active before, but not in the previous period.'},
        {'name': 'churned_contributors', 'display_name': 'Churned contributors',
         'unit': 'contributors', 'kind': 'lifecycle', 'status': 'churned',
         'population': 'contributors', 'grains': lifecycle_grains,
         'description': 'Contributors active in the previous period but not in this one.'},
        {'name': 'contributor_absence_factor', 'display_name': 'Contributor absence factor',
         'unit': 'contributors', 'kind': 'absence_factor',
         'population': 'contributors', 'grains': lifecycle_grains + window_grains(),
         'description': 'The fewest contributors whose contributions in the period make up at least half of all (formerly "bus factor").'},
        {'name': 'time_to_first_response', 'display_name': 'Time to first response',
         'unit': 'days', 'kind': 'thread_time', 'status': 'first_response',
         'description': 'Average days from opening an issue or pull request to the first comment, review comment, close or merge by someone else, over threads first answered in the period.'},
        {'name': 'time_to_merge', 'display_name': 'Time to merge', 'unit': 'days',
         'kind': 'thread_time', 'status': 'merge',
         'description': 'Average days from opening to merging, over pull requests merged in the period.'},
        {'name': 'issue_age', 'display_name': 'Open issue age', 'unit': 'days',
         'kind': 'thread_time', 'status': 'issue_age',
         'grains': ['monthly', 'quarterly', 'yearly', 'over_all_time'],
         'description': 'Average age in days, at the end of the period, of the issues open then.'},
        {'name': 'downloads', 'display_name': 'Downloads', 'unit': 'downloads', 'kind': 'sum',
         'event_types': ['DOWNLOADS'], 'measure': 'amount',
         'description': 'Package downloads in the period (npm).'},
        {'name': 'transactions', 'display_name': 'Transactions', 'unit': 'transactions',
         'kind': 'sum', 'event_types': ['CONTRACT_INVOCATION_SUCCESS_DAILY_COUNT'], 'measure': 'amount',
         'description': 'Successful transactions calling the entity\'s contracts in the period.'},
        {'name': 'contract_invocations', 'display_name': 'Contract invocations',
         'unit': 'transactions', 'kind': 'sum', 'event_types': ['CONTRACT_INVOCATION_DAILY_COUNT'],
         'measure': 'amount', 'description': 'Transactions calling the entity\'s contracts, failed ones included.'},
        {'name': 'active_addresses', 'display_name': 'Active addresses', 'unit': 'addresses',
         'kind': 'distinct_senders', 'population': 'addresses',
         'description': 'Distinct addresses that sent a successful transaction to the entity\'s contracts in the period.'},
        {'name': 'new_addresses', 'display_name': 'New addresses', 'unit': 'addresses',
         'kind': 'new_senders', 'population': 'addresses',
         'description': 'Addresses whose first successful transaction to the entity\'s contracts falls in the period.'},
        {'name': 'gas_fees', 'display_name': 'Gas fees', 'unit': 'ETH', 'kind': 'sum',
         'event_types': ['CONTRACT_INVOCATION_DAILY_L2_GAS_USED'], 'measure': 'amount',
         'scale': '1e18', 'description': 'Gas fees (gas used x effective gas price) paid by transactions to the entity\'s contracts, in ETH.'},
        {'name': 'funding_received', 'display_name': 'Funding received', 'unit': 'USD',
         'kind': 'sum', 'event_types': ['CREDIT', 'GRANT_RECEIVED_USD'], 'measure': 'amount',
         'description': 'Money received in the period in USD: Open Collective credits and oss-funding grants.'},
        {'name': 'funders', 'display_name': 'Funders', 'unit': 'funders',
         'kind': 'distinct_senders', 'population': 'funders',
         'description': 'Distinct funders (Open Collective contributors, grant funders) who gave in the period.'},
    ] -%}
    {%- set result = [] -%}
    {%- for metric in metrics -%}
        {%- set full = {'senders': 'all', 'measure': 'event_count', 'scale': none,
                        'status': none, 'event_types': [], 'grains': all_grains,
                        'population': none} -%}
        {%- do full.update(metric) -%}
        {%- if full.population -%}
            {%- set population = sender_populations() | selectattr('name', 'equalto', full.population) | list -%}
            {%- do full.update({'event_types': population[0].event_types, 'senders': population[0].senders}) -%}
        {%- endif -%}
        {%- do result.append(full) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}
