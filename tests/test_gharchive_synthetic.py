"""The synthetic GH Archive generator: determinism, schema fidelity, consistency, DuckDB, benchmark."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from oso.sources.gharchive import synthetic
from oso.sources.gharchive.synthetic import repo_id_for

REAL_HOUR = Path(__file__).parents[2] / "shared" / "data" / "gharchive" / "2015-01-01-12.json.gz"
TRACKED = ["ethereum/go-ethereum", "opensource-observer/oso", "Bitcoin/Bitcoin"]
START, END = dt.date(2024, 2, 28), dt.date(2024, 2, 29)
KWARGS: dict[str, Any] = {"seed": 7, "events_per_hour": 40, "background_repos": 12}


@pytest.fixture(scope="module")
def hours_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hours")
    synthetic.generate_hours(out, TRACKED, START, END, **KWARGS)
    return out


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json.gz"), key=lambda p: _hour_of(p))


def _hour_of(path: Path) -> dt.datetime:
    return dt.datetime.strptime(path.name.removesuffix(".json.gz"), "%Y-%m-%d-%H")


def _events(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _all_events(directory: Path) -> list[dict[str, Any]]:
    return [event for path in _files(directory) for event in _events(path)]


def _created(event: dict[str, Any]) -> dt.datetime:
    return dt.datetime.strptime(event["created_at"], "%Y-%m-%dT%H:%M:%SZ")


def test_one_file_per_hour_named_like_gh_archive(hours_dir: Path) -> None:
    names = {p.name for p in hours_dir.glob("*.json.gz")}
    expected = {f"{day}-{h}.json.gz" for day in ("2024-02-28", "2024-02-29") for h in range(24)}
    assert names == expected
    assert "2024-02-28-0.json.gz" in names and "2024-02-28-00.json.gz" not in names
    readme = (hours_dir / synthetic.README_NAME).read_text()
    assert "SYNTHETIC" in readme and "oso.sources.gharchive.synthetic" in readme
    assert "--seed 7" in readme and "ethereum/go-ethereum" in readme


def test_same_arguments_give_identical_bytes(hours_dir: Path, tmp_path: Path) -> None:
    again = synthetic.generate_hours(tmp_path, list(reversed(TRACKED)), START, END, **KWARGS)
    assert [p.name for p in again] == [p.name for p in _files(hours_dir)]
    for path in again:
        assert path.read_bytes() == (hours_dir / path.name).read_bytes(), path.name
    assert (tmp_path / synthetic.README_NAME).read_text() == (
        hours_dir / synthetic.README_NAME
    ).read_text()
    assert again[0].read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime 0


def test_shorter_window_is_a_prefix(hours_dir: Path, tmp_path: Path) -> None:
    first_day = synthetic.generate_hours(tmp_path, TRACKED, START, START, **KWARGS)
    assert len(first_day) == 24
    for path in first_day:
        assert path.read_bytes() == (hours_dir / path.name).read_bytes(), path.name


def test_other_seed_differs(hours_dir: Path, tmp_path: Path) -> None:
    other = synthetic.generate_hours(tmp_path, TRACKED, START, START, **(KWARGS | {"seed": 8}))
    assert other[12].read_bytes() != (hours_dir / other[12].name).read_bytes()


def test_events_inside_their_hour_with_increasing_ids(hours_dir: Path) -> None:
    last_id = 0
    for path in _files(hours_dir):
        hour = _hour_of(path)
        events = list(_events(path))
        assert events, path.name
        for event in events:
            assert hour <= _created(event) < hour + dt.timedelta(hours=1)
            assert event["synthetic"] is True and event["public"] is True
            assert int(event["id"]) > last_id
            last_id = int(event["id"])


def _shape(event_type: str, path: str, value: Any, keys: dict, leaves: dict) -> None:
    if isinstance(value, dict):
        keys[(event_type, path)].add(frozenset(value))
        for key, child in value.items():
            _shape(event_type, f"{path}.{key}", child, keys, leaves)
    elif isinstance(value, list):
        for child in value:
            _shape(event_type, f"{path}[]", child, keys, leaves)
    else:
        leaves[(event_type, path)].add(type(value).__name__)


def _shapes(events: list[dict[str, Any]]) -> tuple[dict, dict]:
    keys: dict = defaultdict(set)
    leaves: dict = defaultdict(set)
    for event in events:
        event = {k: v for k, v in event.items() if k != "synthetic"}
        _shape(event["type"], "", event, keys, leaves)
    return keys, leaves


def test_key_sets_match_the_real_2015_file(hours_dir: Path) -> None:
    if not REAL_HOUR.exists():
        pytest.skip(
            f"needs the real GH Archive hour {REAL_HOUR} (../shared/data beside the repository)"
        )
    real_keys, real_leaves = _shapes(list(_events(REAL_HOUR)))
    syn_keys, syn_leaves = _shapes(_all_events(hours_dir))
    types = {t for t, _ in syn_keys}
    assert types >= {
        "PushEvent",
        "WatchEvent",
        "ForkEvent",
        "IssuesEvent",
        "IssueCommentEvent",
        "CreateEvent",
    }
    assert types >= {
        "PullRequestEvent",
        "PullRequestReviewCommentEvent",
        "DeleteEvent",
        "ReleaseEvent",
    }
    for where, key_sets in syn_keys.items():
        assert where in real_keys, f"{where} has no counterpart in the real file"
        for key_set in key_sets:
            assert key_set in real_keys[where], (
                f"{where}: {sorted(key_set ^ set().union(*real_keys[where]))}"
            )
    for where, kinds in syn_leaves.items():
        real = real_leaves.get(where, {"NoneType"})
        assert kinds <= real | {"NoneType"} or real == {"NoneType"}, (
            f"{where}: {kinds} vs real {real}"
        )


def test_issue_and_pull_request_lifecycles_are_consistent(hours_dir: Path) -> None:
    opened: dict[tuple[str, int], dt.datetime] = {}
    kind_of: dict[tuple[str, int], str] = {}
    merged = 0
    for event in _all_events(hours_dir):
        if event["type"] not in ("IssuesEvent", "PullRequestEvent"):
            continue
        payload = event["payload"]
        ticket = payload.get("issue") or payload["pull_request"]
        key = (event["repo"]["name"], ticket["number"])
        assert kind_of.setdefault(key, event["type"]) == event["type"], f"number reused: {key}"
        if payload["action"] == "opened":
            assert key not in opened
            opened[key] = _created(event)
        elif payload["action"] == "closed":
            assert key in opened and opened[key] < _created(event), key
            assert ticket["closed_at"] == event["created_at"] and ticket["state"] == "closed"
            if ticket.get("merged"):
                merged += 1
                assert ticket["merged_at"] == event["created_at"] and ticket["merged_by"]
                assert ticket["created_at"] < ticket["merged_at"]
    assert merged > 0


def test_repositories_people_and_activity(hours_dir: Path) -> None:
    events = _all_events(hours_dir)
    by_repo: dict[str, int] = defaultdict(int)
    for event in events:
        by_repo[event["repo"]["name"]] += 1
        if event["repo"]["name"] in TRACKED:
            assert event["repo"]["id"] == repo_id_for(event["repo"]["name"])
    assert all(by_repo[name] > 0 for name in TRACKED)
    untracked = [name for name in by_repo if name not in TRACKED]
    assert len(untracked) >= 5
    assert not {n.split("/")[0].lower() for n in untracked} & {
        n.split("/")[0].lower() for n in TRACKED
    }
    logins = {e["actor"]["login"]: e["actor"]["id"] for e in events}
    assert len(set(logins.values())) == len(logins), "actor ids must be unique per login"
    pushes = [e for e in events if e["type"] == "PushEvent"]
    refs = {e["payload"]["ref"] for e in pushes}
    assert "refs/heads/main" in refs and len(refs) > 1
    for push in pushes:
        payload = push["payload"]
        assert payload["head"] == payload["commits"][-1]["sha"]
        assert all(len(c["sha"]) == 40 and int(c["sha"], 16) >= 0 for c in payload["commits"])


def test_duckdb_reads_the_files(hours_dir: Path) -> None:
    total = sum(1 for _ in _all_events(hours_dir))
    pattern = str(hours_dir / "*.json.gz")
    con = duckdb.connect()
    auto = con.execute(
        f"select count(*), bool_and(synthetic) from read_json('{pattern}', format='newline_delimited', compression='gzip')"
    ).fetchone()
    assert auto == (total, True)
    columns = (
        "{id: 'VARCHAR', type: 'VARCHAR', repo: 'STRUCT(id BIGINT, name VARCHAR)', payload: 'JSON'}"
    )
    pushes = con.execute(
        f"""select count(*), count(distinct repo.id) from read_json('{pattern}', format='newline_delimited',
            compression='gzip', columns={columns}) where type = 'PushEvent'
            and json_extract_string(payload, '$.ref') like 'refs/heads/%'"""
    ).fetchone()
    assert pushes is not None and pushes[0] > 0 and pushes[1] > len(TRACKED)


def test_benchmark_hour_has_the_requested_tracked_share(tmp_path: Path) -> None:
    path = tmp_path / "2024-05-21-3.json.gz"
    tracked = ["ethereum/go-ethereum", "opensource-observer/oso"]
    synthetic.generate_benchmark_hour(
        path, n_events=3000, tracked_repos=tracked, tracked_share=0.1, seed=3
    )
    events = list(_events(path))
    assert len(events) == 3000
    assert sum(e["repo"]["name"] in tracked for e in events) == 300
    assert len({e["repo"]["name"] for e in events}) > 300
    hour = dt.datetime(2024, 5, 21, 3)
    assert all(
        hour <= _created(e) < hour + dt.timedelta(hours=1) and e["synthetic"] for e in events
    )
    assert {e["type"] for e in events} >= {"PushEvent", "PullRequestEvent", "IssueCommentEvent"}
    pr = next(e for e in events if e["type"] == "PullRequestEvent")["payload"]["pull_request"]
    assert {"head", "base", "author_association", "merged"} <= set(pr) and "repo" in pr["head"]
    assert (tmp_path / "SYNTHETIC-2024-05-21-3.md").exists()
    assert (tmp_path / synthetic.README_NAME).exists()
    again = tmp_path / "again" / path.name
    synthetic.generate_benchmark_hour(
        again, n_events=3000, tracked_repos=tracked, tracked_share=0.1, seed=3
    )
    assert again.read_bytes() == path.read_bytes()


def test_cli_hours_and_benchmark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repos_file = tmp_path / "repos.txt"
    repos_file.write_text("# tracked\nfoo/bar\n")
    args = ["hours", "--out", str(tmp_path / "h"), "--start", "2024-01-01", "--end", "2024-01-01"]
    assert synthetic.main([*args, "--repos-file", str(repos_file), "--events-per-hour", "5"]) == 0
    assert len(list((tmp_path / "h").glob("*.json.gz"))) == 24
    out = tmp_path / "b" / "2024-01-01-0.json.gz"
    assert (
        synthetic.main(
            ["benchmark", "--out", str(out), "--tracked", "foo/bar", "--n-events", "200"]
        )
        == 0
    )
    assert sum(1 for _ in _events(out)) == 200
    assert "hours: 24/24" in capsys.readouterr().err


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="owner/name"):
        synthetic.generate_hours(tmp_path, ["not-a-repo"], START, END)
    with pytest.raises(ValueError, match="before start"):
        synthetic.generate_hours(tmp_path, TRACKED, END, START)
    with pytest.raises(ValueError, match="tracked_share"):
        synthetic.generate_benchmark_hour(
            tmp_path / "x.json.gz", n_events=10, tracked_repos=[], tracked_share=0.5
        )
