"""Open Collective: GraphQL v2 API (loopback replay server), real CSV exports, dbt models."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.opencollective.assets import build_opencollective_assets
from oso.demo_upstream import DemoUpstream
from oso.ids import oso_id
from oso.settings import Settings
from oso.sources.opencollective.api import OpenCollectiveError
from oso.sources.opencollective.csv_exports import read_export
from oso.sources.opencollective.demo import demo_handler
from tests.conftest import shared_data
from tests.dbt_helpers import run_dbt
from tests.replay import Recorded, ReplayServer, Reply

ASTRO = "astrodotbuild-transactions.csv"
PRETTIER = "prettier-transactions-2020-01-27-2023-11-28.csv"
COLLECTIVES = {"astro": "astrodotbuild", "prettier": "prettier", "babel": "babel"}
WEEK1, WEEK2 = "2024-01-01", "2024-01-08"
RANGE = {"dagster/asset_partition_range_start": WEEK1, "dagster/asset_partition_range_end": WEEK2}


def _account(slug: str, name: str, kind: str = "INDIVIDUAL") -> dict[str, str]:
    return {"slug": slug, "name": name, "type": kind}


def _node(legacy: int, kind: str, amount: float, at: str, other: dict, **extra: Any) -> dict:
    """A transaction node shaped like the v2 API's (see settings.TRANSACTIONS_QUERY)."""
    currency = extra.pop("currency", "USD")
    host_amount = extra.pop("host_amount", {"value": amount, "currency": currency})
    return {
        "id": f"{legacy:08x}-oc-public-id",
        "legacyId": legacy,
        "kind": kind,
        "type": "CREDIT" if amount > 0 else "DEBIT",
        "description": f"{kind.title()} with {other['name']}",
        "createdAt": at,
        "isRefund": extra.pop("isRefund", False),
        "isRefunded": extra.pop("isRefunded", False),
        "amount": {"value": amount, "currency": currency},
        "amountInHostCurrency": host_amount,
        "netAmount": {"value": round(amount * 0.95, 2), "currency": currency},
        "account": _account("babel", "Babel", "COLLECTIVE"),
        "oppositeAccount": other,
        "host": {"slug": "opensource"},
    }


OSC = _account("opensource", "Open Source Collective", "ORGANIZATION")
SPONSOR, BACKER_C, BACKER_D = (
    _account("sponsor-a", "A"),
    _account("backer-c", "C"),
    _account("d", "D"),
)
MAINTAINER, GH = (
    _account("maint-b", "B"),
    _account("gh-sponsors", "GitHub Sponsors", "ORGANIZATION"),
)
EUR = {"currency": "EUR", "host_amount": {"value": 54.5, "currency": "USD"}}
BABEL_NODES = [
    _node(1001, "CONTRIBUTION", 100.0, "2024-01-02T10:00:00.000Z", SPONSOR),
    _node(1002, "HOST_FEE", -10.0, "2024-01-02T10:00:00.000Z", OSC),
    _node(1003, "EXPENSE", -250.0, "2024-01-05T12:30:00.000Z", MAINTAINER),
    _node(1004, "CONTRIBUTION", 50.0, "2024-01-09T08:00:00.000Z", BACKER_C, **EUR),
    _node(1005, "ADDED_FUNDS", 500.0, "2024-01-10T09:00:00.000Z", GH),
    _node(1006, "CONTRIBUTION", 20.0, "2024-01-11T09:00:00.000Z", BACKER_D, isRefunded=True),
    _node(1007, "CONTRIBUTION", -20.0, "2024-01-12T09:00:00.000Z", BACKER_D, isRefund=True),
]


class FakeApi:
    """Answers the transactions query from ``nodes`` per slug, two nodes a page."""

    def __init__(self, nodes: dict[str, list[dict]]) -> None:
        self.nodes = nodes

    def __call__(self, request: Recorded) -> Reply:
        variables = json.loads(request.body)["variables"]
        start, end = variables["dateFrom"], variables["dateTo"]
        matching = [
            n for n in self.nodes.get(variables["slug"], []) if start <= n["createdAt"] <= end
        ]
        offset = variables["offset"]
        page = matching[offset : offset + 2]
        collection = {"totalCount": len(matching), "offset": offset, "limit": 2, "nodes": page}
        return Reply(200, {"data": {"transactions": collection}})


def _registry(root: Path, projects: dict[str, str]) -> Path:
    for name, slug in projects.items():
        path = root / "projects" / name[0] / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"version: 7\nname: {name}\ndisplay_name: {name.title()}\n"
            f"open_collective:\n  - url: https://opencollective.com/{slug}\n"
        )
    (root / "collections").mkdir(parents=True, exist_ok=True)
    members = "".join(f"  - {name}\n" for name in projects)
    (root / "collections" / "oc.yaml").write_text(
        f"version: 7\nname: oc\ndisplay_name: OC\nprojects:\n{members}"
    )
    return root


def _settings(tmp_path: Path, api_url: str, csv_dir: Path | None = None, **extra: Any) -> Settings:
    return Settings(
        home=tmp_path / "home",
        oss_directory=_registry(tmp_path / "registry", COLLECTIVES),
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 1, 14),
        opencollective_api_url=api_url,
        opencollective_csv_dir=csv_dir,
        http_max_retry_s=20,
        **extra,
    )


def _materialize(settings: Settings, **kwargs: Any) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        build_opencollective_assets(settings),
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
        **kwargs,
    )


def _failure(result: dg.ExecuteInProcessResult) -> str:
    assert not result.success
    event = next(e for e in result.all_events if e.is_step_failure)
    return str(event.step_failure_data.error)


def _rows(settings: Settings, where: str = "true") -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(
            "select id, collective, kind, type, amount, currency, amount_usd, created_at, "
            "opposite_slug, source, week, is_refund, is_refunded "
            f"from opencollective.transactions where {where} order by id"
        ).fetchall()


@pytest.fixture
def api(replay: ReplayServer) -> FakeApi:
    fake = FakeApi({"babel": [dict(n) for n in BABEL_NODES]})
    replay.add("POST", "/graphql/v2", fake)
    return fake


def test_api_weeks_page_load_and_reload_replaces(
    tmp_path: Path, replay: ReplayServer, api: FakeApi
) -> None:
    settings = _settings(tmp_path, replay.url + "/graphql/v2", opencollective_token="s3cret")
    first = _materialize(settings, tags=RANGE)  # one run over both weeks
    assert first.success
    rows = _rows(settings)
    assert [r[0] for r in rows] == [str(n["legacyId"]) for n in BABEL_NODES]
    by_id = {r[0]: r for r in rows}
    assert by_id["1004"][5:7] == ("EUR", 54.5)  # not USD itself: the USD host amount
    assert by_id["1003"][4] == -250.0 and by_id["1003"][3] == "DEBIT"
    assert by_id["1001"][7] == dt.datetime(2024, 1, 2, 10, 0)
    assert {r[10] for r in rows} == {dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 8)}
    assert by_id["1006"][12] and by_id["1007"][11]
    babel = [json.loads(c.body)["variables"] for c in replay.calls("/graphql/v2")]
    babel = [v for v in babel if v["slug"] == "babel"]
    assert [(v["dateFrom"], v["dateTo"], v["offset"]) for v in babel] == [
        ("2024-01-01T00:00:00.000Z", "2024-01-07T23:59:59.999Z", 0),
        ("2024-01-01T00:00:00.000Z", "2024-01-07T23:59:59.999Z", 2),  # second page
        ("2024-01-08T00:00:00.000Z", "2024-01-14T23:59:59.999Z", 0),
        ("2024-01-08T00:00:00.000Z", "2024-01-14T23:59:59.999Z", 2),
    ]
    request = replay.calls("/graphql/v2")[0]
    assert request.headers["personal-token"] == "s3cret"
    assert "transactions(" in json.loads(request.body)["query"]
    assert _materialize(settings, tags=RANGE).success
    assert _rows(settings) == rows  # a re-run changes nothing
    # The API drops a transaction of week 1: re-loading week 1 removes it, week 2 is untouched.
    api.nodes["babel"] = [n for n in BABEL_NODES if n["legacyId"] != 1003]
    assert _materialize(settings, partition_key=WEEK1).success
    assert [r[0] for r in _rows(settings)] == ["1001", "1002", "1004", "1005", "1006", "1007"]
    api.nodes["babel"] = []  # an empty week clears its API rows
    assert _materialize(settings, partition_key=WEEK2).success
    assert [r[0] for r in _rows(settings)] == ["1001", "1002"]


def test_rate_limit_and_server_error_are_retried(tmp_path: Path, replay: ReplayServer) -> None:
    fake = FakeApi({"babel": BABEL_NODES})
    replay.add(
        "POST",
        "/graphql/v2",
        Reply(429, {"message": "Too many requests"}, {"Retry-After": "1"}),
        Reply(500, "internal error"),
        fake,
    )
    settings = _settings(tmp_path, replay.url + "/graphql/v2")
    assert _materialize(settings, partition_key=WEEK1).success
    assert len(_rows(settings)) == 3
    assert len(replay.calls("/graphql/v2")) == 2 + 4  # 2 retried + 3 slugs (babel: 2 pages)


GRAPHQL_ERRORS = {"errors": [{"message": "Rate limit exceeded"}], "data": None}


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(200, '{"data": {"transactions": '), "malformed JSON"),
        (Reply(200, GRAPHQL_ERRORS), "GraphQL errors: Rate limit exceeded"),
    ],
)
def test_bad_responses_fail_naming_query_and_collective_and_keep_data(
    tmp_path: Path, replay: ReplayServer, api: FakeApi, reply: Reply, message: str
) -> None:
    settings = _settings(tmp_path, replay.url + "/graphql/v2")
    assert _materialize(settings, partition_key=WEEK1).success
    before = _rows(settings)

    def babel_fails(request: Recorded) -> Reply:
        slug = json.loads(request.body)["variables"]["slug"]
        return reply if slug == "babel" else api(request)

    replay.add("POST", "/graphql/v2", babel_fails)
    error = _failure(_materialize(settings, partition_key=WEEK1))
    assert "OsoCollectiveTransactions for collective 'babel'" in error
    assert message in error
    assert _rows(settings) == before  # the failed collective's week keeps its rows


def _expected_csv_counts(path: Path) -> Counter[tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return Counter(
        (r.get("Account Handle") or r["accountSlug"], r.get("Kind") or r["kind"]) for r in rows
    )


def test_csv_exports_load_both_column_sets(
    tmp_path: Path, replay: ReplayServer, api: FakeApi
) -> None:
    folder = shared_data("opencollective")
    settings = _settings(tmp_path, replay.url + "/graphql/v2", csv_dir=folder)
    assert _materialize(settings, partition_key=WEEK1).success
    rows = _rows(settings, "source like 'csv:%'")
    loaded = Counter((r[1], r[2]) for r in rows)
    expected = _expected_csv_counts(folder / ASTRO) + _expected_csv_counts(folder / PRETTIER)
    assert loaded == expected
    assert loaded[("astrodotbuild", "CONTRIBUTION")] == 1417
    assert len({r[0] for r in rows}) == 3136 + 4433
    assert _materialize(settings, partition_key=WEEK1).success
    assert _rows(settings, "source like 'csv:%'") == rows  # idempotent


def test_malformed_csv_fails_naming_the_file_while_others_load(
    tmp_path: Path, replay: ReplayServer, api: FakeApi
) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    data = shared_data("opencollective", ASTRO).read_bytes()
    cut = data.index(b'"Expense from', len(data) // 2) + 10  # inside a quoted field
    (folder / ASTRO).write_bytes(data[:cut])
    shutil.copy(shared_data("opencollective", PRETTIER), folder / PRETTIER)
    settings = _settings(tmp_path, replay.url + "/graphql/v2", csv_dir=folder)
    error = _failure(_materialize(settings, partition_key=WEEK1))
    assert ASTRO in error and "line " in error and "expected 27 fields" in error
    assert Counter(r[1] for r in _rows(settings)) == {"prettier": 4433, "babel": 3}


def test_bad_csv_value_names_file_row_and_column(tmp_path: Path) -> None:
    lines = shared_data("opencollective", PRETTIER).read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "prettier-bad.csv"
    bad.write_text("\n".join([lines[0], lines[1], lines[2].replace(",-10,", ",ten,", 1)]) + "\n")
    with pytest.raises(OpenCollectiveError, match=r'prettier-bad.csv: data row 2, column "amount"'):
        read_export(bad)


EVENT_RULE = {
    ("CREDIT", "CONTRIBUTION"): "CREDIT",
    ("CREDIT", "ADDED_FUNDS"): "CREDIT",
    ("DEBIT", "EXPENSE"): "DEBIT",
}


def _csv_fields(r: dict[str, str]) -> tuple[str, str, str, bool, dt.datetime, Decimal]:
    """(collective, type, kind, refund-or-refunded, time, gross amount) of either column set."""
    if "Kind" in r:  # newer set: gross = net ("Amount Single Column") - processor fee - tax
        net = Decimal(r["Amount Single Column"])
        gross = net - Decimal(r["Payment Processor Fee"] or 0) - Decimal(r["Tax Amount"] or 0)
        refund = bool(r["Is Reverse"] or r["Is Reversed"])
        when = dt.datetime.fromisoformat(r["Effective Date & Time"])
        return r["Account Handle"], r["Credit/Debit"], r["Kind"], refund, when, gross
    refund = bool(r["isRefund"] or r["isRefunded"])
    when = dt.datetime.fromisoformat(r["datetime"])
    return r["accountSlug"], r["type"], r["kind"], refund, when, Decimal(r["amount"])


def _expected_events(folder: Path, as_of: dt.date) -> dict[tuple[str, str], tuple[int, Decimal]]:
    """(collective, event type) -> (count, USD total) from the raw CSVs, by the documented rule."""
    totals: dict[tuple[str, str], tuple[int, Decimal]] = defaultdict(lambda: (0, Decimal(0)))
    for name in (ASTRO, PRETTIER):
        with (folder / name).open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                slug, typ, kind, refund, when, gross = _csv_fields(row)
                event = EVENT_RULE.get((typ, kind))
                if event and not refund and when.date() <= as_of:
                    count, total = totals[(slug, event)]
                    totals[(slug, event)] = (count + 1, total + abs(gross))
    return dict(totals)


def test_dbt_models_build_with_expected_totals(
    tmp_path: Path, replay: ReplayServer, api: FakeApi
) -> None:
    folder = shared_data("opencollective")
    settings = _settings(tmp_path, replay.url + "/graphql/v2", csv_dir=folder)
    assert _materialize(settings, tags=RANGE).success
    as_of = dt.date(2025, 12, 31)  # cuts astro's 2026 transactions
    run_dbt(
        ["build", "--select", "stg_opencollective__transactions", "int_events__opencollective"],
        work_dir=tmp_path / "dbt",
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(settings.warehouse_path)},
        dbt_vars=f'{{as_of: "{as_of}", opencollective_schema: opencollective}}',
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        events = con.execute(
            """
            select
                case when event_type = 'CREDIT' then to_artifact_name else from_artifact_name end,
                event_type, count(*), round(sum(amount), 2)
            from intermediate.int_events__opencollective group by 1, 2
            """
        ).fetchall()
        sample = con.execute(
            "select * from intermediate.int_events__opencollective where event_source_id = '1004'"
        ).fetchone()
        assert con.execute(
            "select max(time) from intermediate.int_events__opencollective"
        ).fetchone()[0] < dt.datetime(2026, 1, 1)  # type: ignore[index]
    got = {(slug, kind): (count, Decimal(str(total))) for slug, kind, count, total in events}
    expected = _expected_events(folder, as_of)
    # babel (API): 1001 + 1004 (USD host amount) + 1005 credited; 1003 paid out; refunds out.
    expected[("babel", "CREDIT")] = (3, Decimal("654.5"))
    expected[("babel", "DEBIT")] = (1, Decimal("250"))
    assert got == expected
    assert sample is not None
    assert sample[1:4] == ("CREDIT", "OPEN_COLLECTIVE", "1004")
    assert sample[4] == oso_id("ARTIFACT", "OPEN_COLLECTIVE", "COLLECTIVE", "babel")
    assert sample[9] == oso_id("ARTIFACT", "OPEN_COLLECTIVE", "ACCOUNT", "backer-c")
    assert sample[14] == 54.5


def test_demo_handler_serves_synthetic_deterministic_transactions(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "http://unused")
    upstream = DemoUpstream({"opencollective": demo_handler(settings)}).start()
    try:
        settings = settings.model_copy(
            update={"opencollective_api_url": upstream.url + "/opencollective/graphql/v2"}
        )
        assert _materialize(settings, tags=RANGE).success
        rows = _rows(settings)
        assert _materialize(settings, tags=RANGE).success
        assert _rows(settings) == rows
    finally:
        upstream.stop()
    assert {r[1] for r in rows} == set(COLLECTIVES.values())
    assert {r[2] for r in rows} <= {"CONTRIBUTION", "HOST_FEE", "EXPENSE"}
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        descriptions = con.execute(
            "select distinct description from opencollective.transactions"
        ).fetchall()
    assert all(d[0].startswith("[synthetic demo]") for d in descriptions)
