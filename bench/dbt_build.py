"""Benchmark: `dbt build` of the whole model graph on N synthetic GitHub events, real registry.

Builds a fresh DuckDB warehouse in ``--work-dir`` and, in the same run:

1. loads the full real oss-directory (``--oss-directory``, 7,112 projects) into the raw
   ``ossd`` tables exactly as the pipeline does (``load_registry`` + the ``ossd`` dlt source);
2. generates ``--events`` synthetic GH Archive events with DuckDB SQL (``range`` + ``hash``:
   deterministic for a ``--seed``, no Python loop over rows) straight into ``gharchive.events``
   with the columns the ingestion writes, spread over the 365 days ending on ``--as-of``, over
   the registry's repositories (``owner/repo`` URLs as listed; 1-3 invented repositories under
   each org-level URL; popular ones drawn more often) and ~N/50 users with Pareto-like activity
   (each contributes to 3 home repositories, 15% drive-by; stars and forks go anywhere); derives
   ``gharchive.push_commits`` with the ingestion's own SQL (``COMMIT_COLUMNS``). Every other
   source's raw tables are created empty (``oso.sources.catalog.raw_schemas``);
3. anchor: DuckDB scanning the events table with the payload JSON parsed
   (``count(*), count(json_extract_string(payload, '$.action'))``, best of 3);
4. ``dbt parse`` (once, so later commands parse partially), ``dbt build`` (models + tests) and,
   unless ``--no-run``, ``dbt run --full-refresh`` (models only; without --full-refresh this
   second run would rebuild only the last days of the incremental int_events), each timed
   (wall clock, CPU) with its peak memory.

Peak memory is measured two ways: the kernel's ``ru_maxrss`` of the dbt process, read with
GNU ``/usr/bin/time -f %M`` (exact; the largest single process of the tree, and dbt with its
in-process DuckDB is one process), and the sum of RSS over the dbt process tree sampled with
psutil every 0.1 s (a cross-check; can miss short spikes).

Event mix (share of events): PushEvent 50% (1-3 commits each, 90% to refs/heads/main),
WatchEvent 12%, CreateEvent 8%, IssueCommentEvent 8%, PullRequestEvent 6% (opened 50%,
closed 45% of which 70% merged, reopened 5%), IssuesEvent 5% (opened 55%, closed 40%,
reopened 5%), ForkEvent 4%, DeleteEvent 4%, PullRequestReviewCommentEvent 2%, ReleaseEvent 1%.

Usage: .venv/bin/python bench/dbt_build.py [--events 1M] [--as-of 2025-06-30] [--threads 1]
           [--work-dir DIR --keep] [--duckdb-memory-limit 10GB] [--max-rss-gb 17] [--no-run]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import dlt
import duckdb
import psutil
import pyarrow as pa
import yaml

from oso.registry import load_registry
from oso.registry.tables import TrackedGithub, tracked_github
from oso.sources.catalog import OPTIONAL_SOURCES, raw_schemas
from oso.sources.gharchive.settings import COMMIT_COLUMNS
from oso.sources.ossd import ossd
from oso.warehouse import create_warehouse

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DEFAULT_REGISTRY = REPO_ROOT.parent / "shared" / "data" / "oss-directory"
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None
# dbt progress: "12:00:00  7 of 354 OK created sql table model a.b ..... [OK in 1.23s]"
PROGRESS_LINE = re.compile(
    r"\d+ of \d+ (?P<label>.+?) \.{3,} \[(?:(?P<outcome>[A-Z]+)(?: \d+)? in (?P<seconds>[\d.]+)s|RUN)\]"
)

# The raw GH Archive tables exactly as the ingestion's dlt load creates them in DuckDB
# (oso/sources/gharchive: EVENT_COLUMNS / COMMIT_COLUMNS + hints: naive UTC timestamps,
# payload as text, the merge key ``hour`` not null; arrow loads add no _dlt columns).
GHARCHIVE_DDL = """
create schema if not exists gharchive;
create table gharchive.events (
    id varchar, type varchar, created_at timestamp, actor_id bigint, actor_login varchar,
    repo_id bigint, repo_name varchar, org_login varchar, payload varchar,
    hour timestamp not null
);
create table gharchive.push_commits (
    event_id varchar, push_id bigint, repo_id bigint, repo_name varchar, actor_id bigint,
    actor_login varchar, ref varchar, sha varchar, author_name varchar, author_email varchar,
    is_distinct boolean, created_at timestamp, hour timestamp not null
);
"""

# Invented repositories under an org-level registry URL (1-3 per owner, by a hash of the owner).
ORG_REPOS = ("core", "sdk", "docs")

# Cumulative thresholds (percent) of the event mix, in order.
EVENT_MIX = (
    ("PushEvent", 50),
    ("WatchEvent", 62),
    ("IssueCommentEvent", 70),
    ("PullRequestEvent", 76),
    ("IssuesEvent", 81),
    ("ForkEvent", 85),
    ("PullRequestReviewCommentEvent", 87),
    ("ReleaseEvent", 88),
    ("CreateEvent", 96),
    ("DeleteEvent", 100),
)

USERS_PER_EVENT = 1 / 50
USER_SKEW = 2.5  # rank = floor(users * u ** 2.5): the top 1% of users make ~16% of the events
REPO_SKEW = 2.0  # the top 1% of repositories get 10% of the events
HOME_REPOS = 3  # a user's contributions go to one of their 3 home repositories ...
DRIVE_BY = 0.15  # ... except for 15% (and for every star and fork): any repository
DAYS = 365


def parse_count(text: str) -> int:
    """``1000000``, ``1_000_000``, ``1M``, ``250k``, ``1.5M`` -> an int."""
    value = text.strip().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000, "b": 1_000_000_000}
    factor = scale.get(value[-1:].lower(), 1)
    if factor != 1:
        value = value[:-1]
    try:
        count = round(float(value) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a count: {text!r} (e.g. 1000000, 1M, 250k)"
        ) from None
    if count <= 0:
        raise argparse.ArgumentTypeError(f"count must be positive: {text!r}")
    return count


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def repositories(tracked: TrackedGithub) -> pa.Table:
    """The registry's repositories: listed ``owner/repo`` URLs + 1-3 invented per org URL."""
    names = set(tracked.repos)
    for owner in tracked.owners:
        count = zlib.crc32(owner.encode()) % len(ORG_REPOS) + 1
        names.update(f"{owner}/{suffix}" for suffix in ORG_REPOS[:count])
    ordered = sorted(names)
    return pa.table(
        {
            "name": pa.array(ordered, pa.string()),
            "org_login": pa.array(
                [
                    n.split("/", 1)[0] if n.split("/", 1)[0] in tracked.owners else None
                    for n in ordered
                ],
                pa.string(),
            ),
        }
    )


def load_registry_raw(
    db_path: Path, oss_directory: Path, work_dir: Path
) -> tuple[int, TrackedGithub]:
    """The registry into ``ossd.*`` as the pipeline's registry asset does: validate, then dlt."""
    registry = load_registry(oss_directory)
    create_warehouse(db_path)  # as the pipeline does (oso.warehouse.destination)
    pipeline = dlt.pipeline(
        pipeline_name="bench_ossd",
        destination=dlt.destinations.duckdb(str(db_path)),
        dataset_name="ossd",
        pipelines_dir=str(work_dir / "dlt"),
    )
    pipeline.run(ossd(registry)).raise_on_failed_jobs()
    return len(registry.projects), tracked_github(registry)


def create_empty_sources(con: duckdb.DuckDBPyConnection) -> None:
    """Every optional source's raw tables, empty, with their real columns (as the placeholders)."""
    for source in OPTIONAL_SOURCES:
        con.execute(f"create schema if not exists {source}")
        for table, schema in raw_schemas(source).items():
            con.register("_empty", schema.empty_table())
            con.execute(f"create table if not exists {source}.{table} as select * from _empty")
            con.unregister("_empty")


def _type_case() -> str:
    parts = " ".join(f"when p < {limit} then '{name}'" for name, limit in EVENT_MIX)
    return f"case {parts} end"


def events_sql(n: int, as_of: dt.date, seed: int, users: int, n_repos: int, pad: int) -> str:
    """One INSERT .. SELECT generating every event; needs the temp table ``repos`` (r, ...).

    ``u(i, k)`` is the k-th uniform [0, 1) draw of event i: DuckDB's (murmur-mixed) hash of
    the one integer ``i * 64 + k + seed * 2**40``. (``hash(i, seed, k)`` with several arguments
    combines the per-argument hashes so that draws for different k correlate, r ~ 0.5.)
    ``uh(rank, k)`` is the same for user ``rank`` (their k-th home repository).
    Event i's time grows with i (the table is in time order, like the hourly loads).
    """
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    start = end - dt.timedelta(days=DAYS)
    span_s = DAYS * 86_400
    padding = f",\n'pad': repeat('x', {pad})" if pad else ""
    return f"""
    create or replace temp macro u(i, k) as
        cast(hash(i * 64 + k + {seed} * 1099511627776) >> 11 as double) / 9007199254740992.0;
    create or replace temp macro iso(t) as strftime(t, '%Y-%m-%dT%H:%M:%SZ');
    create or replace temp macro usr(rank) as
        {{'login': 'user-' || cast(rank as varchar), 'id': 1000 + rank,
          'type': 'User', 'site_admin': false}};
    create or replace temp macro uh(rank, k) as u(rank, 32 + k);
    create or replace temp macro zipf_user(x) as cast(floor({users} * pow(x, {USER_SKEW})) as bigint);
    create or replace temp macro zipf_repo(x) as
        cast(floor({n_repos} * pow(x, {REPO_SKEW})) as bigint);
    insert into gharchive.events
    with
    draws as (
        select
            i,
            timestamp '{start:%Y-%m-%d %H:%M:%S}'
                + to_seconds(cast(floor((i + u(i, 1)) * ({span_s} / {n})) as bigint))
                as created_at,
            u(i, 2) * 100 as p,
            zipf_user(u(i, 4)) as actor_rank,
            zipf_user(u(i, 5)) as other_rank,
            u(i, 6) as a,
            u(i, 7) as b,
            u(i, 8) as c,
            u(i, 9) as home
        from range({n}) as t(i)
    ),
    typed as (
        select
            *,
            {_type_case()} as type
        from draws
    ),
    -- Stars and forks, and {DRIVE_BY:.0%} of other events, go to any repository (popular ones
    -- more often); the rest to one of the actor's {HOME_REPOS} home repositories (drawn the same way).
    placed as (
        select
            *,
            zipf_repo(
                case
                    when type in ('WatchEvent', 'ForkEvent') or home < {DRIVE_BY} then u(i, 3)
                    else uh(actor_rank, cast(floor(u(i, 3) * {HOME_REPOS}) as bigint))
                end
            ) as r
        from typed
    ),
    joined as (
        select
            d.*,
            x.name as repo_name,
            x.repo_id,
            x.org_login,
            1 + cast(floor(d.b * 3000) as bigint) as number,
            d.created_at - to_seconds(cast(floor(d.c * 60 * 86400) as bigint)) as opened_at
        from placed as d
        join repos as x on x.r = d.r
    ),
    shaped as (
        select
            *,
            'user-' || cast(actor_rank as varchar) as actor_login,
            1000 + actor_rank as actor_id,
            'https://api.github.com/repos/' || repo_name as api,
            case
                when type = 'PullRequestEvent' then
                    case when a < 0.50 then 'opened' when a < 0.95 then 'closed' else 'reopened' end
                when type = 'IssuesEvent' then
                    case when a < 0.55 then 'opened' when a < 0.95 then 'closed' else 'reopened' end
            end as action,
            a < 0.50 + 0.45 * 0.70 and a >= 0.50 as merged
        from joined
    )
    select
        cast(1000000000 + i as varchar) as id,
        type,
        created_at,
        actor_id,
        actor_login,
        repo_id,
        repo_name,
        org_login,
        cast(case type
            when 'PushEvent' then to_json({{
                'repository_id': repo_id,
                'push_id': 5000000000 + i,
                'size': 1 + cast(floor(a * 3) as int),
                'distinct_size': 1 + cast(floor(a * 3) as int),
                'ref': case when c < 0.9 then 'refs/heads/main' else 'refs/heads/feature-' || cast(number as varchar) end,
                'head': sha1('c' || cast(i as varchar) || '-0'),
                'before': sha1('b' || cast(i as varchar)),
                'commits': list_transform(range(1 + cast(floor(a * 3) as int)), j -> {{
                    'sha': sha1('c' || cast(i as varchar) || '-' || cast(j as varchar)),
                    'author': {{
                        'email': case when b < 0.8 then actor_login else 'user-' || cast(other_rank as varchar) end
                            || '@users.noreply.github.com',
                        'name': case when b < 0.8 then actor_login else 'user-' || cast(other_rank as varchar) end
                    }},
                    'message': 'Change ' || cast(number as varchar) || ' part ' || cast(j as varchar),
                    'distinct': true,
                    'url': api || '/commits/' || sha1('c' || cast(i as varchar) || '-' || cast(j as varchar))
                }}){padding}
            }})
            when 'WatchEvent' then to_json({{'action': 'started'{padding}}})
            when 'PullRequestEvent' then to_json({{
                'action': action,
                'number': number,
                'pull_request': {{
                    'url': api || '/pulls/' || cast(number as varchar),
                    'id': 700000000 + i,
                    'number': number,
                    'state': case when action = 'closed' then 'closed' else 'open' end,
                    'title': 'Pull request ' || cast(number as varchar) || ' of ' || repo_name,
                    'user': usr(case when action = 'opened' then actor_rank else other_rank end),
                    'body': 'This pull request changes things in ' || repo_name || '.',
                    'created_at': iso(case when action = 'opened' then created_at else opened_at end),
                    'updated_at': iso(created_at),
                    'closed_at': case when action = 'closed' then iso(created_at) end,
                    'merged_at': case when action = 'closed' and merged then iso(created_at) end,
                    'merge_commit_sha': case when action = 'closed' and merged
                        then sha1('m' || cast(i as varchar)) end,
                    'author_association': case when c < 0.3 then 'MEMBER' else 'CONTRIBUTOR' end,
                    'merged': action = 'closed' and merged,
                    'commits': 1 + cast(floor(c * 5) as int),
                    'additions': cast(floor(b * 500) as int),
                    'deletions': cast(floor(c * 200) as int),
                    'changed_files': 1 + cast(floor(a * 10) as int)
                }}{padding}
            }})
            when 'IssuesEvent' then to_json({{
                'action': action,
                'issue': {{
                    'url': api || '/issues/' || cast(number as varchar),
                    'id': 800000000 + i,
                    'number': number,
                    'title': 'Issue ' || cast(number as varchar) || ' of ' || repo_name,
                    'user': usr(case when action = 'opened' then actor_rank else other_rank end),
                    'state': case when action = 'closed' then 'closed' else 'open' end,
                    'comments': cast(floor(b * 10) as int),
                    'created_at': iso(case when action = 'opened' then created_at else opened_at end),
                    'updated_at': iso(created_at),
                    'closed_at': case when action = 'closed' then iso(created_at) end,
                    'author_association': 'NONE',
                    'body': 'Something is not right in ' || repo_name || '.'
                }}{padding}
            }})
            when 'IssueCommentEvent' then to_json({{
                'action': 'created',
                'issue': {{
                    'url': api || '/issues/' || cast(number as varchar),
                    'id': 800000000 + i,
                    'number': number,
                    'title': 'Thread ' || cast(number as varchar) || ' of ' || repo_name,
                    'user': usr(other_rank),
                    'state': 'open',
                    'created_at': iso(opened_at),
                    'updated_at': iso(created_at),
                    'pull_request': case when a < 0.4 then {{
                        'url': api || '/pulls/' || cast(number as varchar)
                    }} end
                }},
                'comment': {{
                    'id': 900000000 + i,
                    'user': usr(actor_rank),
                    'created_at': iso(created_at),
                    'author_association': 'CONTRIBUTOR',
                    'body': 'Thanks, looks good to me.'
                }}{padding}
            }})
            when 'PullRequestReviewCommentEvent' then to_json({{
                'action': 'created',
                'comment': {{
                    'id': 600000000 + i,
                    'path': 'src/module_' || cast(floor(a * 50) as varchar) || '.py',
                    'commit_id': sha1('r' || cast(i as varchar)),
                    'user': usr(actor_rank),
                    'body': 'Could this be simpler?',
                    'created_at': iso(created_at)
                }},
                'pull_request': {{
                    'url': api || '/pulls/' || cast(number as varchar),
                    'number': number,
                    'state': 'open',
                    'title': 'Pull request ' || cast(number as varchar) || ' of ' || repo_name,
                    'user': usr(other_rank),
                    'created_at': iso(opened_at)
                }}{padding}
            }})
            when 'ForkEvent' then to_json({{
                'forkee': {{
                    'id': 300000000 + i,
                    'name': split_part(repo_name, '/', 2),
                    'full_name': actor_login || '/' || split_part(repo_name, '/', 2),
                    'owner': usr(actor_rank),
                    'fork': true,
                    'created_at': iso(created_at)
                }}{padding}
            }})
            when 'ReleaseEvent' then to_json({{
                'action': 'published',
                'release': {{
                    'id': 400000000 + i,
                    'tag_name': 'v' || cast(number as varchar) || '.0',
                    'name': 'Release ' || cast(number as varchar),
                    'author': usr(actor_rank),
                    'draft': false,
                    'prerelease': b < 0.1,
                    'created_at': iso(created_at),
                    'published_at': iso(created_at),
                    'body': 'Release notes.'
                }}{padding}
            }})
            when 'CreateEvent' then to_json({{
                'ref': 'feature-' || cast(number as varchar),
                'ref_type': 'branch',
                'master_branch': 'main',
                'description': null,
                'pusher_type': 'user'{padding}
            }})
            else to_json({{
                'ref': 'feature-' || cast(number as varchar),
                'ref_type': 'branch',
                'pusher_type': 'user'{padding}
            }})
        end as varchar) as payload,
        date_trunc('hour', created_at) as hour
    from shaped
    """


def generate_events(
    con: duckdb.DuckDBPyConnection, repos: pa.Table, n: int, as_of: dt.date, seed: int, pad: int
) -> tuple[int, int]:
    """Events and their push commits into the raw tables; returns (events, push commits)."""
    con.execute(GHARCHIVE_DDL)
    con.register("_repos", repos)
    # Activity rank r (a seed-dependent shuffle), stable numeric id by name.
    con.execute(
        f"""create temp table repos as
        select
            row_number() over (order by hash(name, {seed})) - 1 as r,
            100000000 + row_number() over (order by name) as repo_id,
            name, org_login
        from _repos"""
    )
    con.unregister("_repos")
    users = max(1, round(n * USERS_PER_EVENT))
    started = time.perf_counter()
    con.execute(events_sql(n, as_of, seed, users, repos.num_rows, pad))
    log(f"  gharchive.events: {time.perf_counter() - started:.1f} s")
    # The push commits exactly as the ingestion derives them from the kept events.
    started = time.perf_counter()
    con.execute("create temp view kept as select * from gharchive.events")
    con.execute(f"insert into gharchive.push_commits {COMMIT_COLUMNS}")
    log(
        f"  gharchive.push_commits (ingestion's COMMIT_COLUMNS): {time.perf_counter() - started:.1f} s"
    )
    events = con.execute("select count(*) from gharchive.events").fetchone()
    commits = con.execute("select count(*) from gharchive.push_commits").fetchone()
    return int(events[0]) if events else 0, int(commits[0]) if commits else 0


def anchor_scan(db_path: Path, repeat: int = 3) -> float:
    """Best-of-``repeat`` seconds for a scan + count of the events with the payload parsed."""
    best = float("inf")
    with duckdb.connect(str(db_path), read_only=True) as con:
        for _ in range(repeat):
            started = time.perf_counter()
            con.execute(
                "select count(*), count(json_extract_string(payload, '$.action')) "
                "from gharchive.events"
            ).fetchall()
            best = min(best, time.perf_counter() - started)
    return best


@dataclass
class DbtRun:
    command: str
    returncode: int
    seconds: float
    maxrss_mb: float  # kernel ru_maxrss of the dbt process (GNU time %M)
    tree_peak_mb: float  # peak of the sampled RSS sum over the process tree
    cpu_seconds: float  # user + system CPU of dbt
    load_before: float  # 1-minute load average when dbt started / ended (other work on the box)
    load_after: float
    summary: str  # dbt's last "Done. PASS=..." line
    finished: list[tuple[str, str, float]]  # (node, status, seconds) from dbt's progress lines
    running: list[str]  # nodes started but not finished (when dbt was stopped)
    killed: bool  # stopped by --max-rss-gb


def profiles_dir(work_dir: Path, memory_limit: str | None) -> Path:
    """The project's profiles.yml, or a copy in ``work_dir`` whose DuckDB target has a memory_limit."""
    if memory_limit is None:
        return DBT_PROJECT_DIR
    profiles = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())
    embedded = profiles["oso"]["outputs"]["embedded"]
    embedded["settings"] = {**(embedded.get("settings") or {}), "memory_limit": memory_limit}
    folder = work_dir / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profiles.yml").write_text(yaml.safe_dump(profiles, sort_keys=False))
    return folder


def dbt_command(
    command: str,
    work_dir: Path,
    dbt_vars: str,
    threads: int | None,
    no_unit_tests: bool,
    profiles: Path,
) -> list[str]:
    dbt = Path(sys.executable).with_name("dbt")
    cmd = [
        str(dbt) if dbt.exists() else (shutil.which("dbt") or "dbt"),
        command,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(profiles),
        "--target",
        "embedded",
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--vars",
        dbt_vars,
    ]
    if threads is not None and command != "parse":
        cmd += ["--threads", str(threads)]
    if command == "run":
        # after the build, a plain run would be incremental (int_events: the last days only)
        cmd += ["--full-refresh"]
    if no_unit_tests and command == "build":
        cmd += ["--exclude-resource-type", "unit_test"]
    return cmd


def _sample_tree(
    pid: int, stop: threading.Event, peak: list[int], limit: int | None, killed: threading.Event
) -> None:
    """Track the peak RSS sum of the tree under ``pid``; over ``limit`` bytes, kill that tree."""
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        total = 0
        try:
            tree = [root, *root.children(recursive=True)]
            for proc in tree:
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            return
        peak[0] = max(peak[0], total)
        if limit is not None and total > limit:
            killed.set()
            for proc in reversed(tree):  # dbt first, then the `time` wrapper
                with contextlib.suppress(psutil.NoSuchProcess):
                    proc.kill()
            return
        stop.wait(0.1)


def run_dbt(
    cmd: list[str], env: dict[str, str], echo: bool, work_dir: Path, max_rss_gb: float | None
) -> DbtRun:
    """Run dbt, stream its output (progress), time it and measure its peak memory.

    Under GNU time when there is one: its ``%M`` is ``ru_maxrss`` of dbt forked from the small
    ``time`` process. (``os.wait4`` on a child of this script would also count the RSS this
    script had when it forked, so it is only the fallback.)
    """
    time_file = work_dir / f"time_{cmd[1]}.txt"
    wrapped = [GNU_TIME, "-f", "%M %U %S", "-o", str(time_file), *cmd] if GNU_TIME else cmd
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(
        wrapped,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    stop, killed, peak = threading.Event(), threading.Event(), [0]
    limit = None if max_rss_gb is None else int(max_rss_gb * 2**30)
    sampler = threading.Thread(
        target=_sample_tree, args=(proc.pid, stop, peak, limit, killed), daemon=True
    )
    sampler.start()
    summary = ""
    finished: list[tuple[str, str, float]] = []
    running: dict[str, None] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if echo:
            print(f"  dbt| {line.rstrip()}", flush=True)
        if "Done. PASS=" in line:
            summary = line.strip().split("  ", 1)[-1]
        if match := PROGRESS_LINE.search(line):
            label, outcome = match.group("label").split(), match.group("outcome")
            node = label[-1]
            if label[0] == "START":
                running[node] = None
            elif outcome and match.group("seconds"):
                running.pop(node, None)
                finished.append((node, outcome.lower(), float(match.group("seconds"))))
    if killed.is_set():
        summary = f"KILLED: the dbt process tree went over --max-rss-gb {max_rss_gb}"
        log(summary)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    # wait4's figure counts this script's RSS at fork time: only without GNU time
    maxrss_kib: float = float("nan") if GNU_TIME else usage.ru_maxrss  # KiB on Linux
    cpu = float("nan") if GNU_TIME else usage.ru_utime + usage.ru_stime
    if GNU_TIME and time_file.exists():  # missing when dbt was killed
        fields = time_file.read_text().split()[-3:]  # "%M %U %S" (after any exit-status line)
        with contextlib.suppress(ValueError, IndexError):
            maxrss_kib, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
    return DbtRun(
        command=cmd[1],
        returncode=proc.returncode,
        seconds=seconds,
        maxrss_mb=maxrss_kib / 1024,
        tree_peak_mb=peak[0] / 2**20,
        cpu_seconds=cpu,
        load_before=load_before,
        load_after=os.getloadavg()[0],
        summary=summary,
        finished=finished,
        running=list(running),
        killed=killed.is_set(),
    )


def top_nodes(
    run_results: Path, limit: int = 10
) -> tuple[list[tuple[str, str, float]], dict[str, float]]:
    """The ``limit`` slowest nodes of a run (id, status, seconds) and seconds per resource type."""
    results = json.loads(run_results.read_text())["results"]
    nodes = sorted(
        ((r["unique_id"], r["status"], float(r["execution_time"])) for r in results),
        key=lambda row: -row[2],
    )
    by_type: dict[str, float] = {}
    for uid, _, seconds in nodes:
        kind = uid.split(".", 1)[0]
        by_type[kind] = by_type.get(kind, 0.0) + seconds
    for kind in ("model", "test", "unit_test"):
        by_type[f"count_{kind}"] = sum(1 for uid, _, _ in nodes if uid.startswith(f"{kind}."))
    by_type["elapsed"] = float(json.loads(run_results.read_text()).get("elapsed_time") or 0.0)
    return nodes[:limit], by_type


def dbt_revision() -> str:
    """The commit of the dbt project and how many of its files differ from it (others edit it)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "dbt"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        return "unknown"
    return f"{head or 'unknown'}" + (f" + {len(dirty)} changed file(s) in dbt/" if dirty else "")


def clean_work_dir(work_dir: Path, whole: bool) -> None:
    """Remove what this script writes there (or the whole dir, when it made it)."""
    if whole:
        shutil.rmtree(work_dir, ignore_errors=True)
        return
    for pattern in ("warehouse.duckdb*", "run_results_*.json", "time_*.txt"):
        for path in work_dir.glob(pattern):
            path.unlink(missing_ok=True)
    for name in ("dlt", "target", "logs", "profiles"):
        shutil.rmtree(work_dir / name, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--events",
        type=parse_count,
        default=1_000_000,
        help="synthetic GH Archive events to generate (1000000, 1M, 250k, ...; default 1M)",
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=dt.date(2025, 6, 30),
        help="dbt var as_of; events span the 365 days ending on it (default 2025-06-30)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the event draws (default 1)")
    parser.add_argument(
        "--threads", type=int, default=None, help="dbt --threads (default: the profile's, 1)"
    )
    parser.add_argument(
        "--payload-pad",
        type=int,
        default=0,
        help="extra bytes of padding in every payload, to mimic GitHub's larger real payloads "
        "(default 0: compact payloads with the fields the models read, ~20-600 B)",
    )
    parser.add_argument(
        "--oss-directory",
        type=Path,
        default=DEFAULT_REGISTRY,
        help=f"oss-directory checkout to load (default {DEFAULT_REGISTRY})",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="where the warehouse, dbt target/ and logs go (default: a new temp dir); "
        "its warehouse.duckdb is replaced",
    )
    parser.add_argument(
        "--no-run",
        action="store_true",
        help="skip the extra `dbt run --full-refresh` (models only) timing",
    )
    parser.add_argument(
        "--no-unit-tests",
        action="store_true",
        help="dbt build --exclude-resource-type unit_test (unit tests run on fixed fixtures, "
        "not on the generated data; a failing one skips its model and everything downstream)",
    )
    parser.add_argument(
        "--max-rss-gb",
        type=float,
        default=None,
        help="kill dbt if its process tree's RSS goes over this many GiB (protects a shared "
        "machine; default: no limit)",
    )
    parser.add_argument(
        "--duckdb-memory-limit",
        default=None,
        help="run dbt with a copy of dbt/profiles.yml whose DuckDB target sets memory_limit to "
        "this (e.g. 8GB; DuckDB then spills to disk where it can). Default: the profile as is "
        "(DuckDB's own default, 80%% of RAM)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not echo dbt's output")
    parser.add_argument(
        "--keep", action="store_true", help="keep the work dir (warehouse, run_results) at the end"
    )
    args = parser.parse_args()
    for name in ("DO_NOT_TRACK",):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="oso-bench-dbt-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    db_path = work_dir / "warehouse.duckdb"
    clean_work_dir(work_dir, whole=False)
    log(f"work dir {work_dir}")

    started = time.perf_counter()
    projects, tracked = load_registry_raw(db_path, args.oss_directory, work_dir)
    t_registry = time.perf_counter() - started
    repos = repositories(tracked)
    log(
        f"registry {args.oss_directory}: {projects:,} projects, {len(tracked.repos):,} repo URLs, "
        f"{len(tracked.owners):,} org URLs -> {repos.num_rows:,} repositories; loaded in {t_registry:.1f} s"
    )

    log(f"generating {args.events:,} events (seed {args.seed}, as_of {args.as_of}) ...")
    started = time.perf_counter()
    with duckdb.connect(str(db_path)) as con:
        create_empty_sources(con)
        events, commits = generate_events(
            con, repos, args.events, args.as_of, args.seed, args.payload_pad
        )
        con.execute("checkpoint")
        stats = con.execute(
            """select count(distinct actor_id), count(distinct repo_id), avg(length(payload)),
                min(created_at), max(created_at) from gharchive.events"""
        ).fetchone()
        mix = con.execute(
            "select type, count(*) from gharchive.events group by 1 order by 2 desc"
        ).fetchall()
    t_generate = time.perf_counter() - started
    assert stats is not None
    log(
        f"generated {events:,} events + {commits:,} push commits in {t_generate:.1f} s "
        f"({events / t_generate:,.0f} events/s); {stats[0]:,} users, {stats[1]:,} repositories "
        f"active, payload avg {stats[2]:.0f} B, {stats[3]} .. {stats[4]}; "
        f"warehouse {db_path.stat().st_size / 1e6:,.0f} MB"
    )
    log("mix: " + ", ".join(f"{t} {c / events:.1%}" for t, c in mix))

    t_anchor = anchor_scan(db_path)
    log(f"anchor: scan + count with payload JSON parsed: {t_anchor:.2f} s (best of 3)")

    dbt_vars = json.dumps(
        {
            "as_of": args.as_of.isoformat(),
            **{f"{s}_schema": s for s in ("gharchive", "ossd", *OPTIONAL_SOURCES)},
        }
    )
    env = {
        **os.environ,
        "OSO_DBT_DUCKDB_PATH": str(db_path),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
        "DBT_PRINTER_WIDTH": "120",
    }
    runs: list[DbtRun] = []
    revision = dbt_revision()
    log(f"dbt project at {revision}")
    profiles = profiles_dir(work_dir, args.duckdb_memory_limit)
    commands = ["parse", "build"] + ([] if args.no_run else ["run"])
    top: list[tuple[str, str, float]] = []
    by_type: dict[str, float] = {}
    for command in commands:
        log(f"dbt {command} ...")
        command_started = time.time()
        result = run_dbt(
            dbt_command(command, work_dir, dbt_vars, args.threads, args.no_unit_tests, profiles),
            env,
            echo=not args.quiet,
            work_dir=work_dir,
            max_rss_gb=args.max_rss_gb,
        )
        runs.append(result)
        log(
            f"dbt {command}: exit {result.returncode}, {result.seconds:.1f} s, peak RSS "
            f"{result.maxrss_mb:,.0f} MB (tree sampled {result.tree_peak_mb:,.0f} MB), CPU "
            f"{result.cpu_seconds:.1f} s, load {result.load_before:.1f}->{result.load_after:.1f}; "
            f"{result.summary}"
        )
        results_file = work_dir / "target" / "run_results.json"
        fresh = results_file.exists() and results_file.stat().st_mtime >= command_started
        if command != "parse" and fresh:
            shutil.copy(results_file, work_dir / f"run_results_{command}.json")
            if command == "build":
                top, by_type = top_nodes(results_file)
        elif command == "build":  # stopped: dbt writes run_results.json only at the end
            top = sorted(result.finished, key=lambda row: -row[2])[:10]
            log(
                f"no run_results.json; from dbt's progress: {len(result.finished)} nodes "
                f"finished, still running when stopped: {', '.join(result.running) or 'none'}"
            )
        if result.returncode != 0 and command != "run":
            log(f"dbt {command} failed: see {work_dir / 'logs' / 'dbt.log'}")
            break

    print()
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}, load avg {os.getloadavg()[0]:.2f}"
    )
    print(
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC  events: {events:,}  push commits: "
        f"{commits:,}  projects: {projects:,}  repositories: {repos.num_rows:,}  "
        f"as_of: {args.as_of}  seed: {args.seed}  dbt threads: {args.threads or 'profile'}"
        + ("  (unit tests excluded)" if args.no_unit_tests else "")
        + (
            f"  DuckDB memory_limit {args.duckdb_memory_limit}"
            if args.duckdb_memory_limit
            else "  DuckDB memory_limit: default"
        )
    )
    print(f"dbt project: {revision} (at dbt parse)")
    print(f"peak RSS: {'GNU time %M (ru_maxrss of dbt)' if GNU_TIME else 'os.wait4 ru_maxrss'}")
    print(f"{'registry load (validate + dlt)':42} {t_registry:8.1f} s")
    print(
        f"{'event generation (SQL) + push commits':42} {t_generate:8.1f} s  {events / t_generate:12,.0f} events/s"
    )
    print(
        f"{'anchor: scan + count, payload parsed':42} {t_anchor:8.2f} s  {events / t_anchor:12,.0f} events/s"
    )
    for run in runs:
        print(
            f"{'dbt ' + run.command + (' --full-refresh' if run.command == 'run' else ''):42} {run.seconds:8.1f} s  {events / run.seconds:12,.0f} events/s  "
            f"peak RSS {run.maxrss_mb:7,.0f} MB (sampled tree {run.tree_peak_mb:,.0f} MB)  "
            f"CPU {run.cpu_seconds:7.1f} s  load {run.load_before:.1f}->{run.load_after:.1f}  "
            f"exit {run.returncode}"
        )
    build = next((r for r in runs if r.command == "build"), None)
    if top and by_type:
        print(
            f"dbt build node time: models {by_type.get('model', 0):.1f} s "
            f"({by_type.get('count_model', 0):.0f}), data tests {by_type.get('test', 0):.1f} s "
            f"({by_type.get('count_test', 0):.0f}), unit tests {by_type.get('unit_test', 0):.1f} s "
            f"({by_type.get('count_unit_test', 0):.0f}); dbt's own elapsed {by_type.get('elapsed', 0):.1f} s "
            f"(the rest of the wall time is dbt start-up and parse); slowest nodes:"
        )
    elif top and build is not None:
        print(
            f"dbt build stopped after {len(build.finished)} nodes (no run_results.json); still "
            f"running: {', '.join(build.running) or 'none'}; slowest finished nodes (dbt's progress):"
        )
    for uid, status, seconds in top:
        print(f"  {seconds:8.2f} s  {status:6} {uid}")
    if build is not None:
        rate = f"{events / build.seconds:.0f}" if build.returncode == 0 else "n/a"
        print(
            f"RESULT dbt build: events={events} projects={projects} wall_s={build.seconds:.1f} "
            f"peak_rss_mb={build.maxrss_mb:.0f} sampled_tree_peak_mb={build.tree_peak_mb:.0f} "
            f"events_per_s={rate} cpu_s={build.cpu_seconds:.1f} anchor_scan_s={t_anchor:.2f} "
            f"exit={build.returncode}{' (KILLED: over --max-rss-gb)' if build.killed else ''}"
        )
    if args.keep:
        print(f"kept: {work_dir}")
    else:
        clean_work_dir(work_dir, whole=args.work_dir is None)
    if any(r.returncode != 0 for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
