-- GitHub users seen in events, with OSO's users_v1 columns plus the bot flag of int_users.
select
    user_artifact_id as user_id,
    user_source_id,
    user_source,
    login as display_name,
    'https://avatars.githubusercontent.com/u/' || user_source_id as profile_picture_url,
    cast(null as string) as bio,
    'https://github.com/' || login as url,
    is_bot,
    bot_reason
from {{ ref('int_users') }}
