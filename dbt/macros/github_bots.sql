{#-
    github_merge_bot_actor_ids(): numeric GitHub actor ids of merge bots, the accounts that
    push a pull request's merge commit on behalf of its author. Their COMMIT_CODE events are
    re-attributed to the author of the merged pull request (int_events__github, OSO §3.3).
    Returned as a SQL list body, e.g. `actor_id in ({{ github_merge_bot_actor_ids() }})`.

    118344674 github-merge-queue[bot] (GitHub's merge queue; OSO's
              stg_github__distinct_commits_resolved_mergebot).
-#}
{% macro github_merge_bot_actor_ids() -%}
    {%- set ids = [118344674] -%}
    {{- ids | join(', ') -}}
{%- endmacro %}
