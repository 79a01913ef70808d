"""Oracle test: code_metrics_by_project_v1 from the real GH Archive hour and the full real
registry, checked row by row against the same metrics computed in plain Python.

Pipeline side: the real registry (``../shared/data/oss-directory``, 7,112 projects) and the
real hour ``2015-01-01-12`` go through the project's own Dagster/dlt assets into a fresh
DuckDB warehouse (optional sources switched off: empty tables), then ``dbt build`` of the mart
and everything upstream (data tests included) with as_of = 2015-01-01, and
``marts.code_metrics_by_project_v1`` is read.

Oracle side: json + gzip over the raw file and yaml over the registry's project files. No
SQL, DuckDB, dbt or project code. Definitions re-implemented from the
metric documentation (macros/metrics/catalogue.sql) and the rules written in
int_artifacts_by_project, int_repository_names / sightings, int_events__github, int_users
and int_github_threads:

- Only events of repositories the registry tracks reach the warehouse: the ingest keeps an
  event when its repo's owner has an ``https://github.com/<owner>`` URL or its
  ``owner/name`` has an ``https://github.com/<owner>/<name>`` URL (read like every URL
  below: further path segments such as ``/tree/main`` are ignored). Those tracked events are what "seen in GH Archive" means everywhere below.
- A project's repositories: an owner URL = every repository (numeric id) whose latest name
  is under that owner; an ``owner/name`` URL = the repository that used that name most
  recently, else a provisional artifact that still counts in repository_count. URLs are
  lower-cased; query/fragment, trailing slashes, ``.git`` and the github.com prefix removed;
  the first two path segments are owner and name (``orgs/<org>`` is the owner ``<org>``);
  paths with ':' are ignored.
- Events are deduplicated by id and attributed to a project through the repository id.
- Bots: login rule on the latest lower-case login (``[bot]`` suffix, OSO's regex, a short
  list) or behaviour (>= 20 distinct hours or > 500 events of one actor in one UTC day,
  counted over the tracked GH Archive events).
- Window: everything up to the end of the as-of day; over_6_months = days after
  as_of - 6 months. With one hour of data both windows hold every event.

What this hour can and cannot exercise (156 tracked events, 45 projects with activity): stars,
forks, default-branch commits, opened PRs and issues, closed issues, comments, contributors,
time to first response, repository resolution (owner URLs, named URLs, 1,100+ provisional
repositories). None of the tracked repositories has a merged PR or a release in the hour
(merged_pull_request_count and time_to_merge are 0 / NULL on both sides), the one bot
(a login-rule bot) only comments, so no bot changes a contributor count, and no sha is pushed
twice. Merge-bot re-attribution and commits read from git cannot occur in 2015 data.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import shared_data
from tests.gharchive_helpers import REAL_HOUR

pytestmark = pytest.mark.slow

AS_OF = dt.date(2015, 1, 1)
AS_OF_END = dt.datetime(2015, 1, 2)  # events strictly before the end of the as-of day (UTC)
SIX_MONTHS_AFTER = dt.date(2014, 7, 1)  # over_6_months: metric days > as_of - 6 months
HOUR_KEY = "2015-01-01-12:00"

INT_COLUMNS = (
    "repository_count",
    "star_count",
    "fork_count",
    "developer_count",
    "contributor_count",
    "contributor_count_6_months",
    "new_contributor_count_6_months",
    "active_developer_count_6_months",
    "commit_count_6_months",
    "opened_pull_request_count_6_months",
    "merged_pull_request_count_6_months",
    "opened_issue_count_6_months",
    "closed_issue_count_6_months",
    "comment_count_6_months",
    "release_count_6_months",
)
DATE_COLUMNS = ("first_commit_date", "last_commit_date")
FLOAT_COLUMNS = (
    "fulltime_developer_average_6_months",
    "time_to_first_response_days_average_6_months",
    "time_to_merge_days_average_6_months",
)
COLUMNS = INT_COLUMNS + DATE_COLUMNS + FLOAT_COLUMNS

# ---------------------------------------------------------------------------------------------
# Oracle: plain Python over the raw hour and the registry YAML
# ---------------------------------------------------------------------------------------------

_BOT_LOGIN = re.compile(r"(^|[^a-z0-9_])bot([^a-z0-9_]|$)|bot$")
_AUTOMATION_LOGINS = frozenset(
    {
        "github-actions",
        "github-merge-queue",
        "dependabot-preview",
        "renovate",
        "web-flow",
        "imgbotapp",
        "codecov-io",
        "codecov-commenter",
        "coveralls",
        "gitter-badger",
    }
)
_MERGE_BOT_IDS = frozenset({118344674})  # github-merge-queue[bot]
BEHAVIOUR_MIN_ACTIVE_HOURS = 20
BEHAVIOUR_MAX_DAILY_EVENTS = 500
CONTRIBUTION_TYPES = frozenset(
    {"COMMIT_CODE", "ISSUE_OPENED", "PULL_REQUEST_OPENED", "PULL_REQUEST_MERGED"}
)


def _ts(value: Any) -> dt.datetime | None:
    """A GH Archive timestamp ('2015-01-01T12:00:01Z') as naive UTC; None when absent/invalid."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _tracking(projects: dict[str, dict[str, Any]]) -> tuple[set[str], set[str]]:
    owners: set[str] = set()
    repos: set[str] = set()
    for doc in projects.values():
        for item in doc.get("github") or []:
            handle = _github_handle(item["url"])
            if handle is None:
                continue
            owner, name = handle
            if name is None:
                owners.add(owner)
            else:
                repos.add(f"{owner}/{name}")
    return owners, repos


def _read_projects(root: Path) -> dict[str, dict[str, Any]]:
    """Every project file (projects/<letter>/<name>.yaml) by project name."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    projects: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "projects").rglob("*.yaml")):
        doc = yaml.load(path.read_bytes(), Loader=loader)
        assert doc["name"] not in projects, f"project {doc['name']} defined twice"
        projects[doc["name"]] = doc
    return projects


def _github_handle(url: str) -> tuple[str, str | None] | None:
    """(owner, name or None) of a registry GitHub URL, as int_artifacts_by_project reads it."""
    path = url.strip().lower()
    if "github.com/" not in path:
        return None
    path = re.sub(r"[?#].*$", "", path)
    path = re.sub(r"/+$", "", path)
    path = re.sub(r"[.]git$", "", path)
    path = re.sub(r"^(https?://)?(www[.])?github[.]com/", "", path)
    if ":" in path:
        return None
    parts = path.split("/")
    if parts[0] == "orgs" and len(parts) > 1 and parts[1]:
        return parts[1], None  # github.com/orgs/<org>/... is the organisation
    owner = parts[0] or None
    name = (parts[1] if len(parts) > 1 else "") or None
    if owner is None:
        return None
    return owner, name


@dataclass
class Fact:
    """One int_events-like row: a typed GitHub event on a repository from a user."""

    time: dt.datetime
    event_type: str
    repo_id: int
    sender_id: int | None
    sender_login: str | None


@dataclass
class Thread:
    repo_id: int
    number: int
    types: set[str] = field(default_factory=set)
    events: list[dict[str, Any]] = field(default_factory=list)


def _event_order(event: dict[str, Any]) -> tuple[dt.datetime, int, str]:
    return (event["_created"], len(event["id"]), event["id"])


def _payload(event: dict[str, Any]) -> dict[str, Any]:
    payload = event.get("payload")
    return payload if isinstance(payload, dict) else {}


def _is_merge(event: dict[str, Any]) -> bool:
    """A PullRequestEvent closing a merged pull request (merged = true or a merged_at)."""
    payload = _payload(event)
    return (
        event["type"] == "PullRequestEvent"
        and payload.get("action") == "closed"
        and (
            _get(payload, "pull_request", "merged") is True
            or _ts(_get(payload, "pull_request", "merged_at")) is not None
        )
    )


def _merge_time(event: dict[str, Any]) -> dt.datetime:
    merged_at = _ts(_get(_payload(event), "pull_request", "merged_at"))
    return merged_at or event["_created"]


def _activity_facts(event: dict[str, Any]) -> list[Fact]:
    """Issue, pull request, comment, release, star, fork and merge facts of one event."""
    repo_id = _get(event, "repo", "id")
    if repo_id is None:
        return []
    kind, payload = event["type"], _payload(event)
    action = payload.get("action")
    actor_id, actor_login = _get(event, "actor", "id"), _get(event, "actor", "login")
    event_type = None
    if kind in ("IssuesEvent", "PullRequestEvent") and action in ("opened", "closed", "reopened"):
        event_type = ("ISSUE_" if kind == "IssuesEvent" else "PULL_REQUEST_") + action.upper()
    elif kind == "PullRequestReviewCommentEvent" and action in (None, "created"):
        event_type = "PULL_REQUEST_REVIEW_COMMENT"
    elif kind == "IssueCommentEvent" and action in (None, "created"):
        event_type = "ISSUE_COMMENT"
    elif kind == "ReleaseEvent" and action in (None, "published"):
        event_type = "RELEASE_PUBLISHED"
    elif kind == "WatchEvent":
        event_type = "STARRED"
    elif kind == "ForkEvent":
        event_type = "FORKED"
    facts = []
    if event_type is not None:
        facts.append(Fact(event["_created"], event_type, repo_id, actor_id, actor_login))
    if _is_merge(event):
        # timed at merged_at, credited to the pull request's author (not the merger)
        author_id = _int(_get(payload, "pull_request", "user", "id"))
        merged = Fact(
            _merge_time(event),
            "PULL_REQUEST_MERGED",
            repo_id,
            author_id if author_id is not None else actor_id,
            _get(payload, "pull_request", "user", "login")
            if author_id is not None
            else actor_login,
        )
        if merged.time < AS_OF_END:
            facts.append(merged)
    return facts


def _commit_facts(
    event: dict[str, Any],
) -> Iterator[tuple[tuple[int, str], tuple[Any, ...], Fact]]:
    """COMMIT_CODE candidates of a push to main/master (no REST default branch in this test):
    ((repo id, sha), order among pushes of that sha, fact from the pusher)."""
    payload = _payload(event)
    repo_id = _get(event, "repo", "id")
    if (
        event["type"] != "PushEvent"
        or repo_id is None
        or payload.get("ref") not in ("refs/heads/main", "refs/heads/master")
    ):
        return
    push_id = _int(payload.get("push_id"))
    order = (event["_created"], push_id is None, push_id or 0, event["id"])
    for commit in payload.get("commits") or []:
        sha = commit.get("sha")
        if sha is not None:
            fact = Fact(
                event["_created"],
                "COMMIT_CODE",
                repo_id,
                _get(event, "actor", "id"),
                _get(event, "actor", "login"),
            )
            yield (repo_id, sha), order, fact


ThreadTimes = tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None]


def _thread_times(events: list[dict[str, Any]]) -> dict[int, list[ThreadTimes]]:
    """Per repository id, each issue / pull request thread's (opened_at, first response by
    someone other than its author, merged_at), after int_github_threads' rules."""
    threads: dict[tuple[int, int], Thread] = {}
    for e in events:
        payload = _payload(e)
        repo_id = _get(e, "repo", "id")
        number = _int(_get(payload, "pull_request", "number"))
        if number is None:
            number = _int(_get(payload, "issue", "number"))
        if repo_id is None or number is None:
            continue
        thread = threads.setdefault((repo_id, number), Thread(repo_id, number))
        if (
            _get(payload, "pull_request", "number") is not None
            or _get(payload, "issue", "pull_request", "url") is not None
        ):
            thread.types.add("PULL_REQUEST")
        elif _get(payload, "issue", "number") is not None:
            thread.types.add("ISSUE")
        thread.events.append(e)

    times: dict[int, list[ThreadTimes]] = defaultdict(list)
    for thread in threads.values():
        is_pr = "PULL_REQUEST" in thread.types
        evs = sorted(thread.events, key=_event_order)
        created = [
            c
            for c in (
                _ts(_get(_payload(e), "pull_request", "created_at"))
                if _get(_payload(e), "pull_request", "created_at") is not None
                else _ts(_get(_payload(e), "issue", "created_at"))
                for e in evs
            )
            if c is not None
        ]
        openers = [
            e
            for e in evs
            if e["type"] in ("IssuesEvent", "PullRequestEvent")
            and _payload(e).get("action") == "opened"
        ]
        opened_at = min(created) if created else (openers[0]["_created"] if openers else None)
        merges = [_merge_time(e) for e in evs if _is_merge(e)]

        # the author: the issue / PR user of the earliest event carrying one, else the opener
        author: int | None = None
        for e in evs:
            value = _get(_payload(e), "pull_request", "user", "id")
            if value is None:
                value = _get(_payload(e), "issue", "user", "id")
            author = _int(value)
            if author is not None:
                break
        if author is None:
            author = next((a for e in openers if (a := _get(e, "actor", "id")) is not None), None)

        # responses by someone else: issues a comment or the close; pull requests a comment,
        # a review comment or the close / merge (a merge at merged_at)
        responses = []
        for e in evs:
            actor = _get(e, "actor", "id")
            if author is None or actor is None or actor == author:
                continue
            action = _payload(e).get("action")
            comment = (
                e["type"] == "IssueCommentEvent"
                or (is_pr and e["type"] == "PullRequestReviewCommentEvent")
            ) and action in (None, "created")
            closed = (
                e["type"] == ("PullRequestEvent" if is_pr else "IssuesEvent") and action == "closed"
            )
            if comment or closed:
                responses.append(_merge_time(e) if _is_merge(e) else e["_created"])
        times[thread.repo_id].append(
            (opened_at, min(responses) if responses else None, min(merges) if merges else None)
        )
    return times


@dataclass
class Oracle:
    projects: list[str]
    rows: dict[str, dict[str, Any]]
    bots: dict[int, str]  # user id -> reason
    tracked_events: int
    active_projects: int


def compute_oracle(hour_file: Path, registry_root: Path) -> Oracle:
    projects = _read_projects(registry_root)
    owners, tracked_repos = _tracking(projects)

    # 1. The tracked events of the hour, each id once (the first copy in file order).
    events: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    with gzip.open(hour_file, "rt", encoding="utf-8") as fh:
        for line in fh:
            event = json.loads(line)
            name = (_get(event, "repo", "name") or "").lower()
            if name.split("/", 1)[0] not in owners and name not in tracked_repos:
                continue
            created = _ts(event["created_at"])
            assert created is not None
            if created >= AS_OF_END:
                continue
            event_id = str(event["id"])
            event["id"] = event_id
            event["_created"] = created
            if event_id in seen_ids:
                continue
            seen_ids.add(event_id)
            events.append(event)

    # 2. Repositories seen: latest name per id, most recent id per name.
    sightings = [
        (e["repo"]["id"], e["repo"]["name"].lower(), e["_created"])
        for e in events
        if _get(e, "repo", "id") is not None and "/" in (_get(e, "repo", "name") or "")
    ]
    latest_name: dict[int, tuple[dt.datetime, str]] = {}
    id_of_name: dict[str, tuple[dt.datetime, int]] = {}
    for repo_id, name, created in sightings:
        if repo_id not in latest_name or (created, name) > latest_name[repo_id]:
            latest_name[repo_id] = (created, name)
        if name not in id_of_name or (created, repo_id) > id_of_name[name]:
            id_of_name[name] = (created, repo_id)
    repos_of_owner: dict[str, set[int]] = defaultdict(set)
    for repo_id, (_, name) in latest_name.items():
        repos_of_owner[name.split("/", 1)[0]].add(repo_id)

    # 3. Each project's repository artifacts: numeric ids, or provisional 'owner/name' keys.
    artifacts: dict[str, set[int | str]] = {}
    for project, doc in projects.items():
        keys: set[int | str] = set()
        for item in doc.get("github") or []:
            handle = _github_handle(item["url"])
            if handle is None:
                continue
            owner, name = handle
            if name is None:
                keys |= repos_of_owner.get(owner, set())
            elif f"{owner}/{name}" in id_of_name:
                keys.add(id_of_name[f"{owner}/{name}"][1])
            else:
                keys.add(f"{owner}/{name}")
        artifacts[project] = keys

    # 4. Typed facts (int_events__github).
    facts = [f for e in events for f in _activity_facts(e)]
    commits: dict[tuple[int, str], tuple[tuple[Any, ...], Fact]] = {}
    for e in events:
        for key, order, commit in _commit_facts(e):
            if key not in commits or order < commits[key][0]:
                commits[key] = (order, commit)
    commit_facts = [f for _, f in commits.values()]
    # Merge-bot re-attribution (int_events__github) needs a merge bot pushing the commit:
    # GitHub's merge queue and '[bot]' accounts postdate 2015, so it never applies here.
    assert not [
        f
        for f in commit_facts
        if f.sender_id in _MERGE_BOT_IDS or (f.sender_login or "").lower().endswith("[bot]")
    ]
    facts += commit_facts

    # 5. Bots (int_users): users = senders of facts, latest lower-case login; behaviour on
    # the tracked events each actor produced per UTC day.
    latest_login: dict[int, tuple[dt.datetime, str]] = {}
    for f in facts:
        if f.sender_id is None:
            continue
        login = (f.sender_login or "").lower()
        if f.sender_id not in latest_login or (f.time, login) > latest_login[f.sender_id]:
            latest_login[f.sender_id] = (f.time, login)
    day_hours: dict[tuple[int, dt.date], set[int]] = defaultdict(set)
    day_events: dict[tuple[int, dt.date], int] = defaultdict(int)
    for e in events:
        actor_id = _get(e, "actor", "id")
        if actor_id is None:
            continue
        day = (actor_id, e["_created"].date())
        day_hours[day].add(e["_created"].hour)
        day_events[day] += 1
    behaviour = {
        actor
        for (actor, day), hours in day_hours.items()
        if len(hours) >= BEHAVIOUR_MIN_ACTIVE_HOURS
        or day_events[(actor, day)] > BEHAVIOUR_MAX_DAILY_EVENTS
    }
    bots: dict[int, str] = {}
    for user, (_, login) in latest_login.items():
        if (
            login.endswith("[bot]")
            or _BOT_LOGIN.search(login) is not None
            or login in _AUTOMATION_LOGINS
        ):
            bots[user] = "login"
        elif user in behaviour:
            bots[user] = "behaviour"

    # 6. Threads (int_github_threads): repo id -> [(opened_at, first_response_at, merged_at)].
    thread_times = _thread_times(events)

    # 7. Metrics per project.
    def in_6_months(time: dt.datetime) -> bool:
        return SIX_MONTHS_AFTER < time.date() <= AS_OF and time < AS_OF_END

    facts_by_repo: dict[int, list[Fact]] = defaultdict(list)
    for f in facts:
        facts_by_repo[f.repo_id].append(f)

    def average_days(pairs: Iterable[tuple[dt.datetime, dt.datetime]]) -> float | None:
        days = [(done - start).total_seconds() / 86400.0 for start, done in pairs]
        return sum(days) / len(days) if days else None

    rows: dict[str, dict[str, Any]] = {}
    for project, keys in artifacts.items():
        repo_ids = {k for k in keys if isinstance(k, int)}
        pf = [f for r in repo_ids for f in facts_by_repo.get(r, [])]
        recent = [f for f in pf if in_6_months(f.time)]

        def count(kinds: set[str], window: list[Fact]) -> int:
            return sum(1 for f in window if f.event_type in kinds)

        def humans(kinds: frozenset[str] | set[str], window: list[Fact]) -> int:
            return len(
                {
                    f.sender_id
                    for f in window
                    if f.event_type in kinds and f.sender_id is not None and f.sender_id not in bots
                }
            )

        commit_days = sorted(f.time.date() for f in pf if f.event_type == "COMMIT_CODE")
        times = [t for r in repo_ids for t in thread_times.get(r, [])]
        rows[project] = {
            "repository_count": len(keys),
            "star_count": count({"STARRED"}, pf),
            "fork_count": count({"FORKED"}, pf),
            "developer_count": humans({"COMMIT_CODE"}, pf),
            "contributor_count": humans(CONTRIBUTION_TYPES, pf),
            "contributor_count_6_months": humans(CONTRIBUTION_TYPES, recent),
            # first contribution (any time up to as_of) inside the window: all of them here
            "new_contributor_count_6_months": humans(CONTRIBUTION_TYPES, recent),
            "active_developer_count_6_months": humans({"COMMIT_CODE"}, recent),
            "commit_count_6_months": count({"COMMIT_CODE"}, recent),
            "opened_pull_request_count_6_months": count({"PULL_REQUEST_OPENED"}, recent),
            "merged_pull_request_count_6_months": count({"PULL_REQUEST_MERGED"}, recent),
            "opened_issue_count_6_months": count({"ISSUE_OPENED"}, recent),
            "closed_issue_count_6_months": count({"ISSUE_CLOSED"}, recent),
            "comment_count_6_months": count(
                {"ISSUE_COMMENT", "PULL_REQUEST_REVIEW_COMMENT"}, recent
            ),
            "release_count_6_months": count({"RELEASE_PUBLISHED"}, recent),
            "first_commit_date": commit_days[0] if commit_days else None,
            "last_commit_date": commit_days[-1] if commit_days else None,
            # 10 commit days in 30 needed: one hour of data can never reach it
            "fulltime_developer_average_6_months": 0.0,
            "time_to_first_response_days_average_6_months": average_days(
                (opened, first)
                for opened, first, _ in times
                if opened is not None and first is not None and in_6_months(first)
            ),
            "time_to_merge_days_average_6_months": average_days(
                (opened, merged)
                for opened, _, merged in times
                if opened is not None and merged is not None and in_6_months(merged)
            ),
        }
    active = sum(
        1 for row in rows.values() if any(row[c] for c in INT_COLUMNS if c != "repository_count")
    )
    return Oracle(sorted(projects), rows, bots, len(events), active)


# ---------------------------------------------------------------------------------------------
# Pipeline: the real assets and dbt build into a fresh warehouse
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    import dagster as dg
    import duckdb

    from dagster_project.build import build_source_assets
    from dagster_project.dbt.resources import dbt_env, dbt_vars
    from dagster_project.gharchive.assets import build_gharchive_assets
    from dagster_project.registry.assets import build_registry_assets
    from oso.settings import Settings
    from tests.dbt_helpers import run_dbt

    hour = shared_data("gharchive", REAL_HOUR)
    registry = shared_data("oss-directory")
    tmp = tmp_path_factory.mktemp("oracle")
    archive = tmp / "gharchive"
    archive.mkdir()
    shutil.copy(hour, archive / REAL_HOUR)
    settings = Settings(
        home=tmp / "home",
        oss_directory=registry,
        gharchive_url=str(archive),
        start=AS_OF,
        end=AS_OF,
        sources=[],  # offline: registry + GH Archive; other sources get their empty tables
    )
    instance = dg.DagsterInstance.ephemeral()
    for assets, partition in (
        (build_registry_assets(settings), None),
        (build_gharchive_assets(settings), HOUR_KEY),
        (build_source_assets(settings), None),
    ):
        result = dg.materialize(
            assets, partition_key=partition, instance=instance, raise_on_error=False
        )
        assert result.success, [str(e) for e in result.all_events if e.is_step_failure]
    # The mart and everything upstream of it, with the data tests of those models (cautious:
    # not tests that also read models outside the selection). dbt unit tests (mock inputs,
    # not this data) are left to the dbt test suite.
    run_dbt(
        [
            "build",
            "--select",
            "+code_metrics_by_project_v1",
            "--indirect-selection",
            "cautious",
            "--exclude-resource-type",
            "unit_test",
        ],
        work_dir=tmp / "dbt",
        target="embedded",
        env=dbt_env(settings),
        dbt_vars=dbt_vars(settings),
        timeout=900,
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        cursor = con.execute(
            f"select project_name, {', '.join(COLUMNS)} from marts.code_metrics_by_project_v1"
        )
        names = [d[0] for d in cursor.description]
        records = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    names_seen = [r["project_name"] for r in records]
    assert len(names_seen) == len(set(names_seen)), "a project appears twice in the mart"
    yield {r["project_name"]: r for r in records}


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return compute_oracle(shared_data("gharchive", REAL_HOUR), shared_data("oss-directory"))


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


def _same(column: str, expected: Any, got: Any) -> bool:
    if column in FLOAT_COLUMNS:
        if expected is None or got is None:
            return expected is None and got is None
        return math.isclose(float(expected), float(got), rel_tol=1e-9, abs_tol=1e-6)
    return bool(expected == got)


def _diff(oracle: Oracle, mart: dict[str, dict[str, Any]]) -> list[tuple[str, str, Any, Any]]:
    return [
        (project, column, oracle.rows[project][column], mart[project][column])
        for project in oracle.projects
        if project in mart
        for column in COLUMNS
        if not _same(column, oracle.rows[project][column], mart[project][column])
    ]


def test_every_registry_project_once(oracle: Oracle, mart: dict[str, dict[str, Any]]) -> None:
    assert len(oracle.projects) == 7112
    missing = sorted(set(oracle.projects) - set(mart))
    extra = sorted(set(mart) - set(oracle.projects))
    assert not missing and not extra, f"missing {missing[:10]}, not in the registry {extra[:10]}"


def test_oracle_is_not_vacuous(oracle: Oracle) -> None:
    rows = oracle.rows.values()
    # Worked out from the real hour and registry: 156 tracked events; 7 projects with
    # default-branch commits, 23 with stars, 2 with both.
    assert oracle.tracked_events >= 150
    assert sum(1 for r in rows if r["commit_count_6_months"] > 0) >= 7
    assert sum(1 for r in rows if r["star_count"] > 0) >= 20
    assert sum(1 for r in rows if r["commit_count_6_months"] > 0 and r["star_count"] > 0) >= 2
    assert sum(1 for r in rows if r["contributor_count"] > 0) >= 5
    assert sum(1 for r in rows if r["comment_count_6_months"] > 0) >= 10
    assert sum(1 for r in rows if r["time_to_first_response_days_average_6_months"]) >= 10
    assert sum(1 for r in rows if r["repository_count"] > 0) >= 1000
    assert all(r["fulltime_developer_average_6_months"] == 0 for r in rows)


def test_code_metrics_equal_the_oracle_row_by_row(
    oracle: Oracle, mart: dict[str, dict[str, Any]]
) -> None:
    diffs = _diff(oracle, mart)
    if diffs:
        projects = sorted({d[0] for d in diffs})
        lines = [f"{len(diffs)} differing values in {len(projects)} projects (oracle vs mart):"]
        for project in projects[:8]:
            lines.append(f"  {project}:")
            lines += [f"    {c}: oracle={e!r} mart={g!r}" for p, c, e, g in diffs if p == project]
        pytest.fail("\n".join(lines))
    assert all(mart[p]["fulltime_developer_average_6_months"] == 0 for p in oracle.projects)
