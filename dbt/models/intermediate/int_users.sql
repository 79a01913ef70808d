{{ config(materialized='table') }}

{#-
    Bot rules (OSO §3.7, extended).

    1. Login (reason 'login'), on the lower-case latest login:
       - ends with '[bot]' (GitHub Apps act as '<app>[bot]');
       - OSO's regex from int_github_users: 'bot' as a word or at the end. Note that 'bot$'
         also flags human names ending in "bot" (e.g. 'talbot'); 'abbott' or 'robotics-fan'
         are not flagged;
       - a short list of automation accounts the two rules above miss:
         github-actions, github-merge-queue, dependabot-preview, renovate: GitHub Apps as the
           GraphQL API and some exports name them, without the '[bot]' suffix;
         web-flow: GitHub's own committer account for commits and merges made in the web UI;
         imgbotapp, codecov-io, codecov-commenter, coveralls, gitter-badger: automation
           services that run as ordinary user accounts (image PRs, coverage comments, badge PRs).
    2. Behaviour (reason 'behaviour'): on one UTC day the actor produced GH Archive events in
       at least behaviour_min_active_hours distinct clock hours (no person works 20 hours of
       a day, a scheduled job does) or more than behaviour_max_daily_events events. It is
       measured on the GH Archive events the actor produced (deduplicated by event id, every
       event type, a push counts once), not on int_events: there a push is one row per commit,
       commits read from git carry their committer date and are credited through the author
       e-mail, so a person's rebase or history import would look like a burst.
    The login rule wins when both apply.
-#}
{%- set behaviour_min_active_hours = 20 -%}
{%- set behaviour_max_daily_events = 500 -%}
{%- set bot_login_regex = '(^|[^a-z0-9_])bot([^a-z0-9_]|$)|bot$' -%}
{%- set automation_logins = [
    'github-actions',
    'github-merge-queue',
    'dependabot-preview',
    'renovate',
    'web-flow',
    'imgbotapp',
    'codecov-io',
    'codecov-commenter',
    'coveralls',
    'gitter-badger',
] -%}

-- GitHub users: one row per GitHub user seen as the sender (`from`) of a GitHub event in
-- int_events up to as_of, with the user's latest lower-case login, activity span and event
-- count, and whether the user is a bot (see the rules above). Grain: user_artifact_id.
with

user_events as (
    select
        from_artifact_id,
        from_artifact_source_id,
        from_artifact_name,
        time
    from {{ ref('int_events') }}
    where
        time < {{ as_of_end_timestamp() }}
        and event_source = 'GITHUB'
        and from_artifact_type = 'GIT_USER'
        and from_artifact_id is not null
),

activity as (
    select
        from_artifact_id,
        from_artifact_source_id,
        min(time) as first_event_at,
        max(time) as last_event_at,
        count(*) as event_count
    from user_events
    group by from_artifact_id, from_artifact_source_id
),

-- The latest login; on a tie the same choice as int_artifacts.
logins as (
    select
        from_artifact_id,
        from_artifact_name as login,
        row_number() over (
            partition by from_artifact_id
            order by time desc, from_artifact_name desc
        ) as recency_rank
    from user_events
),

actor_days as (
    select
        actor_id,
        cast(created_at as date) as activity_day,
        count(distinct extract(hour from created_at)) as active_hours,
        count(distinct event_id) as event_count
    from {{ ref('stg_gharchive__events') }}
    where
        created_at < {{ as_of_end_timestamp() }}
        and actor_id is not null
    group by actor_id, cast(created_at as date)
),

behaviour_bots as (
    select distinct cast(actor_id as string) as user_source_id
    from actor_days
    where
        active_hours >= {{ behaviour_min_active_hours }}
        or event_count > {{ behaviour_max_daily_events }}
),

users as (
    select
        activity.from_artifact_id as user_artifact_id,
        activity.from_artifact_source_id as user_source_id,
        logins.login,
        activity.first_event_at,
        activity.last_event_at,
        activity.event_count,
        coalesce(
            lower(logins.login) like '%[bot]'
            or {{ regexp_matches('lower(logins.login)', "'" ~ bot_login_regex ~ "'") }}
            or lower(logins.login) in ('{{ automation_logins | join("', '") }}'),
            false
        ) as is_login_bot,
        behaviour_bots.user_source_id is not null as is_behaviour_bot
    from activity
    inner join logins
        on
            activity.from_artifact_id = logins.from_artifact_id
            and logins.recency_rank = 1
    left join behaviour_bots
        on activity.from_artifact_source_id = behaviour_bots.user_source_id
)

select
    user_artifact_id,
    'GITHUB' as user_source,
    user_source_id,
    login,
    first_event_at,
    last_event_at,
    event_count,
    is_login_bot or is_behaviour_bot as is_bot,
    case
        when is_login_bot then 'login'
        when is_behaviour_bot then 'behaviour'
    end as bot_reason
from users
