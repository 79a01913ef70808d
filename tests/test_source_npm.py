"""npm daily downloads: the Dagster asset, dlt, a DuckDB warehouse and the dbt models, against a
real loopback server (tests/replay.py) answering like the npm downloads API.

The shared samples hold only `downloads/point` totals (no `range` answer exists there), so the
range answers here are written in the documented shape with daily values that add up to the
real point totals, and the tests check the loaded totals equal those real totals.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.npm.assets import build_npm_assets
from dagster_project.npm.partitions import weekly_partitions
from oso.demo_upstream import DemoUpstream
from oso.http import HttpClient, SourceError
from oso.ids import oso_id
from oso.settings import Settings
from oso.sources.npm.demo import demo_handler, synthetic_downloads
from oso.sources.npm.helpers import fetch_downloads, plan_requests
from oso.sources.npm.packages import package_name
from oso.sources.npm.validate import RangeRequest, parse_range
from tests.conftest import shared_data
from tests.dbt_helpers import run_dbt
from tests.replay import Recorded, ReplayServer, Reply

D = dt.date.fromisoformat
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
# The real point samples' week (npmx.dev fixtures): 2026-01-27 .. 2026-02-02 (Tue .. Mon).
POINT_START, POINT_END = D("2026-01-27"), D("2026-02-02")
UNKNOWN, UNKNOWN_SCOPED = "oso-no-such-package", "@oso-nobody/nothing"


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def spread(total: int, over: list[dt.date]) -> dict[dt.date, int]:
    """Split a real total over days (weekends weigh less); the parts add up to it exactly."""
    weights = [6 if day.weekday() >= 5 else 10 for day in over]
    parts = [total * w // sum(weights) for w in weights]
    parts[0] += total - sum(parts)
    return dict(zip(over, parts, strict=True))


def range_body(package: str, values: dict[dt.date, int]) -> dict[str, Any]:
    """A `downloads/range` answer of the documented shape."""
    return {
        "start": f"{min(values)}",
        "end": f"{max(values)}",
        "package": package,
        "downloads": [{"day": f"{day}", "downloads": n} for day, n in sorted(values.items())],
    }


def range_path(start: dt.date, end: dt.date, *packages: str) -> str:
    names = ",".join(urllib.parse.quote(p, safe="@") for p in packages)
    return f"/downloads/range/{start}:{end}/{names}"


def write_registry(root: Path, projects: dict[str, list[str]]) -> Path:
    for name, urls in projects.items():
        path = root / "projects" / name[0] / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"version: 7\nname: {name}\ndisplay_name: {name}"]
        if urls:
            lines += ["npm:", *[f"  - url: {url}" for url in urls]]
        path.write_text("\n".join(lines) + "\n")
    (root / "collections").mkdir(parents=True, exist_ok=True)
    return root


def make_settings(tmp_path: Path, url: str, registry: Path, start: str, end: str) -> Settings:
    return Settings(
        home=tmp_path / "home",
        npm_downloads_url=url,
        oss_directory=registry,
        start=D(start),
        end=D(end),
        http_max_retry_s=10,
    )


def materialize(
    settings: Settings, first: str, last: str | None = None
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        build_npm_assets(settings),
        tags={RANGE_START: first, RANGE_END: last or first},
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
    )


def failure_text(result: dg.ExecuteInProcessResult) -> str:
    failure = next(e for e in result.all_events if e.is_step_failure)
    return str(failure.step_failure_data.error)


def rows(settings: Settings, where: str = "true") -> list[tuple[Any, ...]]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(
            f"select package, day, downloads, week from npm.downloads where {where} order by 1, 2"
        ).fetchall()


def real_point_totals() -> dict[str, int]:
    """package -> real last-week total from the npmx.dev samples (all for POINT_START..END)."""
    totals = {}
    for path in shared_data("npm", "npmx.dev-fixtures", "npm-api", "downloads").rglob("*.json"):
        point = json.loads(path.read_text())
        assert (D(point["start"]), D(point["end"])) == (POINT_START, POINT_END)
        totals[point["package"]] = point["downloads"]
    return totals


# ---- a real week: bulk + scoped requests, 404s, idempotency, dbt -------------------------


@pytest.fixture(scope="module")
def real_week(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Weeks 2026-01-26 and 2026-02-02 of the 12 sampled packages (+ 2 unknown), loaded twice."""
    totals = real_point_totals()
    tmp = tmp_path_factory.mktemp("npm_real_week")
    urls = [f"https://www.npmjs.com/package/{p}" for p in totals]
    urls[0] += "/"  # trailing slash
    urls[1] += "/v/1.2.3"  # version page
    urls += [
        f"https://www.npmjs.com/package/{UNKNOWN}",
        f"https://npmjs.com/package/{UNKNOWN_SCOPED}",
    ]
    registry = write_registry(tmp / "registry", {"sampled": urls})
    week = days(D("2026-01-26"), D("2026-02-02"))
    values = {
        p: {week[0]: 0 if p == "create-nuxt" else total // 9, **spread(total, week[1:])}
        for p, total in totals.items()
    }
    unscoped = sorted([p for p in totals if not p.startswith("@")] + [UNKNOWN])
    with ReplayServer() as server:
        bulk = {p: range_body(p, values[p]) if p in values else None for p in unscoped}
        server.json("GET", range_path(week[0], week[-1], *unscoped), bulk)
        for p in sorted(p for p in totals if p.startswith("@")):
            server.json("GET", range_path(week[0], week[-1], p), range_body(p, values[p]))
        missing = {"error": f"package {UNKNOWN_SCOPED} not found"}
        server.json("GET", range_path(week[0], week[-1], UNKNOWN_SCOPED), missing, status=404)
        settings = make_settings(tmp, server.url, registry, "2026-01-26", "2026-02-02")
        results = [materialize(settings, "2026-01-26", "2026-02-02") for _ in range(2)]
        yield {
            "settings": settings,
            "results": results,
            "paths": [r.path for r in server.requests],
            "totals": totals,
            "values": values,
            "unscoped": unscoped,
        }


def test_real_week_totals_match_the_real_point_samples(real_week: dict[str, Any]) -> None:
    settings, totals = real_week["settings"], real_week["totals"]
    assert all(r.success for r in real_week["results"])
    loaded = rows(settings, f"day between '{POINT_START}' and '{POINT_END}'")
    sums: dict[str, int] = {}
    for package, _, downloads, _ in loaded:
        sums[package] = sums.get(package, 0) + downloads
    assert sums == totals  # e.g. vue 8,502,619 and @types/node 217,871,651 over that week
    assert {r[3] for r in rows(settings)} == {D("2026-01-26"), D("2026-02-02")}


def test_bulk_for_unscoped_one_request_per_scoped_and_404s_reported(
    real_week: dict[str, Any],
) -> None:
    start, end = D("2026-01-26"), D("2026-02-02")
    expected = {
        range_path(start, end, *real_week["unscoped"]),
        f"/downloads/range/{start}:{end}/@nuxt%2Fkit",
        f"/downloads/range/{start}:{end}/@types%2Fnode",
        f"/downloads/range/{start}:{end}/@oso-nobody%2Fnothing",
    }
    assert len(real_week["paths"]) == 8  # two runs
    assert set(real_week["paths"]) == expected
    mats = real_week["results"][-1].asset_materializations_for_node("npm")
    assert mats[0].metadata["not_found"].value == sorted([UNKNOWN, UNKNOWN_SCOPED])
    assert mats[0].metadata["packages_loaded"].value == 12


def test_loading_twice_gives_the_same_rows(real_week: dict[str, Any]) -> None:
    expected = sorted(
        (p, day, n, day - dt.timedelta(days=day.weekday()))
        for p, per_day in real_week["values"].items()
        for day, n in per_day.items()
    )
    assert rows(real_week["settings"]) == expected  # 12 x 8 rows after two identical runs


def test_dbt_models_build_with_expected_values(real_week: dict[str, Any], tmp_path: Path) -> None:
    settings = real_week["settings"]
    as_of = "2026-02-01"  # the last day (2026-02-02) is after as_of: left out
    run_dbt(
        ["build", "--select", "stg_npm__downloads", "int_events__npm"],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(settings.warehouse_path)},
        dbt_vars=f'{{as_of: "{as_of}", npm_schema: npm}}',
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        events = con.execute("select * from intermediate.int_events__npm").to_arrow_table()
    expected = {
        (p, day): n
        for p, per_day in real_week["values"].items()
        for day, n in per_day.items()
        if n > 0 and day <= D(as_of)
    }
    got = events.to_pylist()
    assert len(got) == len(expected) == 12 * 7 - 1  # create-nuxt's 0 on 2026-01-26 is no event
    assert len(events.column_names) == 15
    for event in got:
        key = (event["to_artifact_name"], event["time"].date())
        assert event["amount"] == float(expected[key])
        assert event["time"] == dt.datetime.combine(key[1], dt.time())
        assert (event["event_type"], event["event_source"]) == ("DOWNLOADS", "NPM")
        assert event["to_artifact_id"] == oso_id("ARTIFACT", "NPM", "PACKAGE", key[0])
        assert event["event_source_id"] == oso_id("EVENT", "NPM", key[0], f"{key[1]}")
        assert event["from_artifact_id"] == oso_id(
            "ARTIFACT", "NPM", "REGISTRY", "registry.npmjs.org"
        )
    kit = next(e for e in got if e["to_artifact_name"] == "@nuxt/kit")
    assert (kit["to_artifact_namespace"], kit["to_artifact_type"]) == ("nuxt", "PACKAGE")


# ---- one real month over one request, with a 429 first ------------------------------------


def test_base62_month_after_429_totals_the_real_point_value(
    tmp_path: Path, replay: ReplayServer
) -> None:
    point = json.loads(
        shared_data(
            "npm", "ecosyste-ms-packages-fixtures", "downloads_point_last-month_base62.json"
        ).read_text()
    )
    start, end = D(point["start"]), D(point["end"])  # 2022-08-22 (a Monday) .. 2022-09-20
    registry = write_registry(tmp_path / "r", {"base62": ["https://www.npmjs.com/package/base62"]})
    body = range_body("base62", spread(point["downloads"], days(start, end)))
    path = range_path(start, end, "base62")
    replay.add(
        "GET", path, Reply(429, {"error": "slow down"}, {"Retry-After": "1"}), Reply(200, body)
    )
    settings = make_settings(tmp_path, replay.url, registry, point["start"], point["end"])
    assert materialize(settings, "2022-08-22", "2022-09-19").success
    loaded = rows(settings)
    assert sum(r[2] for r in loaded) == point["downloads"] == 1076972
    assert len(loaded) == 30
    assert len({r[3] for r in loaded}) == 5
    assert len(replay.calls(path)) == 2


# ---- re-running a week replaces it; a week coming back empty is cleared ----------------------


def test_rerun_replaces_a_week_and_empty_weeks_are_cleared(
    tmp_path: Path, replay: ReplayServer
) -> None:
    registry = write_registry(tmp_path / "r", {"unjs": ["https://www.npmjs.com/package/ufo"]})
    settings = make_settings(tmp_path, replay.url, registry, "2026-01-26", "2026-02-08")
    both, second = days(D("2026-01-26"), D("2026-02-08")), days(D("2026-02-02"), D("2026-02-08"))
    replay.json(
        "GET", range_path(both[0], both[-1], "ufo"), range_body("ufo", dict.fromkeys(both, 5))
    )
    assert materialize(settings, "2026-01-26", "2026-02-02").success
    second_path = range_path(second[0], second[-1], "ufo")
    replay.add(
        "GET",
        second_path,
        Reply(500, "boom"),
        Reply(200, range_body("ufo", dict.fromkeys(second, 9))),
    )
    assert materialize(settings, "2026-02-02").success
    assert len(replay.calls(second_path)) == 2  # the 500 was retried
    assert [r[2] for r in rows(settings)] == [5] * 7 + [9] * 7
    empty = settings.model_copy(
        update={"oss_directory": write_registry(tmp_path / "e", {"none": []})}
    )
    result = materialize(empty, "2026-02-02")
    assert result.success
    assert result.asset_materializations_for_node("npm")[0].metadata["requests"].value == 0
    assert [r[2] for r in rows(settings)] == [5] * 7  # week 2026-02-02 cleared, the other kept


# ---- malformed answers fail clearly and load nothing -----------------------------------------

GOOD = {"start": "2026-01-26", "end": "2026-01-27", "package": "ufo"}
MALFORMED = {
    "negative count": {**GOOD, "downloads": [{"day": "2026-01-26", "downloads": -1}]},
    "float count": {**GOOD, "downloads": [{"day": "2026-01-26", "downloads": 1.5}]},
    "bool count": {**GOOD, "downloads": [{"day": "2026-01-26", "downloads": True}]},
    "day outside": {**GOOD, "downloads": [{"day": "2026-01-28", "downloads": 1}]},
    "bad day": {**GOOD, "downloads": [{"day": "26/01/2026", "downloads": 1}]},
    "twice": {**GOOD, "downloads": [{"day": "2026-01-26", "downloads": 1}] * 2},
    "no downloads": GOOD,
    "not a list": {**GOOD, "downloads": 7},
    "other package": {**GOOD, "package": "vue", "downloads": []},
    "bad end": {**GOOD, "end": None, "downloads": []},
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_validation_rejects_malformed_ranges(case: str) -> None:
    request = RangeRequest(("ufo",), D("2026-01-26"), D("2026-01-27"))
    with pytest.raises(
        SourceError, match=r"GET http://x/r answered a malformed range for package 'ufo'"
    ):
        parse_range(request, "http://x/r", MALFORMED[case])
    bulk = RangeRequest(("ufo", "vue"), D("2026-01-26"), D("2026-01-27"))
    with pytest.raises(SourceError, match="'ufo'"):
        parse_range(bulk, "http://x/r", {"ufo": MALFORMED[case], "vue": None})
    with pytest.raises(SourceError, match=r"'next'.*not requested"):
        parse_range(bulk, "http://x/r", {"ufo": None, "next": None})


def test_malformed_answer_fails_the_run_and_keeps_earlier_weeks(
    tmp_path: Path, replay: ReplayServer
) -> None:
    registry = write_registry(
        tmp_path / "r", {"p": [f"https://www.npmjs.com/package/{p}" for p in ("ufo", "vue")]}
    )
    settings = make_settings(tmp_path, replay.url, registry, "2026-01-26", "2026-02-08")
    first, both = days(D("2026-01-26"), D("2026-02-01")), days(D("2026-01-26"), D("2026-02-08"))
    good = {p: range_body(p, dict.fromkeys(first, 3)) for p in ("ufo", "vue")}
    replay.json("GET", range_path(first[0], first[-1], "ufo", "vue"), good)
    assert materialize(settings, "2026-01-26").success
    before = rows(settings)
    bad_vue = range_body("vue", {**dict.fromkeys(both, 8), both[3]: -4})
    path = range_path(both[0], both[-1], "ufo", "vue")
    replay.json("GET", path, {"ufo": range_body("ufo", dict.fromkeys(both, 8)), "vue": bad_vue})
    result = materialize(settings, "2026-01-26", "2026-02-02")
    assert not result.success
    error = failure_text(result)
    assert "'vue'" in error and path in error and "-4" in error
    replay.add("GET", path, Reply(200, "<html>maintenance</html>"))
    result = materialize(settings, "2026-01-26", "2026-02-02")
    assert not result.success and "malformed JSON" in failure_text(result)
    assert rows(settings) == before == [(p, d, 3, first[0]) for p in ("ufo", "vue") for d in first]


# ---- ranges longer than the API serves are split ---------------------------------------------


def _any_range(recorded: Recorded) -> Reply:
    period, names = recorded.path.split("/")[3:5]
    start, end = (D(x) for x in period.split(":"))
    objects = {
        p: range_body(p, {d: d.day for d in days(start, end)})
        for p in urllib.parse.unquote(names).split(",")
    }
    return Reply(200, objects if len(objects) > 1 else next(iter(objects.values())))


def test_ranges_over_18_months_are_split(tmp_path: Path, replay: ReplayServer) -> None:
    names = ("left-pad", "ufo", "@nuxt/kit")
    registry = write_registry(
        tmp_path / "r", {"p": [f"https://www.npmjs.com/package/{p}" for p in names]}
    )
    expected = [  # nothing before 2015-01-10; bulk <= 365 days, single <= 18 months
        range_path(D("2015-01-10"), D("2016-01-09"), "left-pad", "ufo"),
        range_path(D("2016-01-10"), D("2016-12-31"), "left-pad", "ufo"),
        range_path(D("2015-01-10"), D("2016-07-02"), "@nuxt/kit"),
        range_path(D("2016-07-03"), D("2016-12-31"), "@nuxt/kit"),
    ]
    for path in expected:
        replay.add("GET", path, _any_range)
    settings = make_settings(tmp_path, replay.url, registry, "2015-01-01", "2016-12-31")
    keys = weekly_partitions(settings).get_partition_keys()
    assert (keys[0], keys[-1], len(keys)) == ("2014-12-29", "2016-12-26", 105)
    assert materialize(settings, keys[0], keys[-1]).success
    assert [r.path for r in replay.requests] == expected
    loaded = rows(settings)
    assert len(loaded) == 3 * len(days(D("2015-01-10"), D("2016-12-31")))
    assert min(r[1] for r in loaded) == D("2015-01-10")


def test_plans_respect_the_api_limits() -> None:
    packages = [f"pkg-{i:03d}" for i in range(300)] + ["@a/b"]
    plan = plan_requests(packages, D("2014-06-01"), D("2017-06-30"))
    for request in plan:
        assert request.start >= D("2015-01-10")
        span = (request.end - request.start).days + 1
        assert span <= (365 if request.bulk else 540) and len(request.packages) <= 128
        assert not (request.bulk and any(p.startswith("@") for p in request.packages))
    covered = {(p, d) for r in plan for p in r.packages for d in days(r.start, r.end)}
    assert len(covered) == 301 * len(days(D("2015-01-10"), D("2017-06-30")))


# ---- registry URLs, partitions, demo ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.npmjs.com/package/viem", "viem"),
        ("https://www.npmjs.com/package/viem/", "viem"),
        ("https://www.npmjs.com/package/@duckdb/duckdb-wasm", "@duckdb/duckdb-wasm"),
        ("https://www.npmjs.com/package/@duckdb/duckdb-wasm/v/1.29.0", "@duckdb/duckdb-wasm"),
        ("http://npmjs.org/package/Lodash.Merge/v/4.6.2/?activeTab=versions", "lodash.merge"),
        ("https://www.npmjs.com/package/a,b", None),
        ("https://www.npmjs.com/~someone", None),
        ("https://github.com/wevm/viem", None),
    ],
)
def test_package_names_from_registry_urls(url: str, name: str | None) -> None:
    assert package_name(url) == name


def test_weekly_partitions_cover_the_window_from_its_monday(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "http://unused", tmp_path, "2026-01-28", "2026-02-09")
    keys = weekly_partitions(settings).get_partition_keys()
    assert keys == ["2026-01-26", "2026-02-02", "2026-02-09"]  # 02-09 (a Monday) is OSO_END


def test_demo_answers_bulk_and_scoped_deterministically(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "http://unused", tmp_path, "2026-09-01", "2026-10-07")
    upstream = DemoUpstream({"npm": demo_handler(settings)}).start()
    try:
        with HttpClient("npm", f"{upstream.url}/npm") as client:
            runs = [
                fetch_downloads(
                    client,
                    ["viem", "wagmi", "@duckdb/duckdb-wasm"],
                    D("2025-01-01"),
                    D("2026-12-31"),
                )
                for _ in range(2)
            ]
    finally:
        upstream.stop()
    assert runs[0].table.drop(["fetched_at"]).equals(runs[1].table.drop(["fetched_at"]))
    assert runs[0].synthetic and runs[0].requests == 4 and not runs[0].not_found
    table = runs[0].table.to_pylist()
    assert len(table) == 3 * len(days(D("2025-01-01"), D("2026-10-07")))  # nothing after OSO_END
    assert all(r["downloads"] == synthetic_downloads(r["package"], r["day"]) for r in table)
    status, _, body = demo_handler(settings)(
        "GET", "/downloads/range/2026-10-01:2026-10-07/a,@b%2Fc", {}, b""
    )
    assert status == 400 and b"scoped" in body
