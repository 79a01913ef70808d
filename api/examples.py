"""The 20 example queries OSO's users ran (../shared/reference/oso.md §6.4), as templates.

Each has a SQL form, which runs unchanged on the warehouse (DuckDB) and on the SQL API, and
most have a GraphQL form; ``rows`` flattens a GraphQL response into the SQL form's columns, so
the two forms can be compared. ``{{name}}`` placeholders take the names of a registry:
``OSO_NAMES`` are the ones OSO's docs used (the full real registry has them all: ``gg-01``,
``optimism``, ``op-rpgf3``, ``ipfs``...); ``DEMO_NAMES`` are the bundled demo registry's. The
tests run them on the demo data (tests/test_api_examples.py) and the benchmark on data of the
full registry's size (bench/api_latency.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

Rows = list[tuple[Any, ...]]


@dataclass(frozen=True)
class Example:
    number: int
    title: str
    sql: str
    graphql: str | None = None
    rows: Callable[[dict[str, Any]], Rows] | None = None  # default: flat_rows
    ordered: bool = True  # the SQL orders every row; compare in order
    variables: dict[str, str] | None = None  # GraphQL variable -> SQL giving its list of values


def flat_rows(data: dict[str, Any]) -> Rows:
    (rows,) = data.values()
    return [tuple(row.values()) for row in rows]


def _nested(child: str, *, parent_fields: int = 1) -> Callable[[dict[str, Any]], Rows]:
    """collection -> projects -> <child> (one object or a list), flattened per project."""

    def rows(data: dict[str, Any]) -> Rows:
        out: Rows = []
        for collection in data["oso_collectionsV1"]:
            for project in collection["projects"]:
                head = tuple(project.values())[:parent_fields]
                related = project[child]
                for item in related if isinstance(related, list) else [related]:
                    if item is not None:
                        out.append((*head, *item.values()))
        return out

    return rows


def _key_metrics(data: dict[str, Any]) -> Rows:
    return [
        (p["projectName"], k["metric"]["metricName"], k["amount"])
        for p in data["oso_projectsV1"]
        for k in sorted(p["keyMetrics"], key=lambda k: k["metric"]["metricName"])
    ]


def _chart(data: dict[str, Any]) -> Rows:
    assert len(data["oso_projectsV1"]) == 2 and len(data["oso_metricsV0"]) == 2, data
    return flat_rows({"t": data["oso_timeseriesMetricsByProjectV0"]})


def _issue_counts(data: dict[str, Any]) -> Rows:
    return [("ISSUE_CLOSED", data["closed"]["count"]), ("ISSUE_OPENED", data["opened"]["count"])]


_IN_PROJECT = "(SELECT project_id FROM projects_v1 WHERE project_name = '{}')"
_CHART_WHERE = (
    '{projectId: {_in: $ids}, metricId: {_in: $metrics}, sampleDate: {_gte: "{{first_day}}", '
    '_lte: "{{last_day}}"}}'
)

EXAMPLES = (
    Example(
        1, "List projects",
        "SELECT project_id, project_name, project_namespace, project_source, display_name, "
        "description FROM projects_v1 ORDER BY project_id LIMIT 10",
        "{ oso_projectsV1(limit: 10) { projectId projectName projectNamespace projectSource "
        "displayName description } }",
    ),
    Example(
        2, "Top projects by stars",
        "SELECT project_name, event_source, star_count, fork_count, contributor_count "
        "FROM code_metrics_by_project_v1 ORDER BY star_count DESC, project_id LIMIT 10",
        "{ oso_codeMetricsByProjectV1(limit: 10, order_by: [{ starCount: Desc }]) { projectName "
        "eventSource starCount forkCount contributorCount } }",
    ),
    Example(
        3, "Find a project by name",
        "SELECT project_id, project_name, display_name FROM projects_v1 "
        "WHERE lower(display_name) LIKE lower('%{{search}}%') ORDER BY project_id",
        '{ oso_projectsV1(where: { displayName: { _ilike: "%{{search}}%" } }) { projectId projectName '
        "displayName } }",
    ),
    Example(
        4, "The project owning a GitHub organisation",
        "SELECT project_name, artifact_namespace, artifact_name FROM artifacts_by_project_v1 "
        "WHERE artifact_source = 'GITHUB' AND artifact_namespace LIKE '%{{org}}%'",
        '{ oso_artifactsByProjectV1(where: {artifactSource: {_eq: "GITHUB"}, artifactNamespace: '
        '{_like: "%{{org}}%"}}) { projectName artifactNamespace artifactName } }',
        ordered=False,
    ),
    Example(
        5, "All collections",
        "SELECT collection_name, display_name FROM collections_v1 ORDER BY collection_name",
        "{ oso_collectionsV1(order_by: [{collectionName: Asc}]) { collectionName displayName } }",
    ),
    Example(
        6, "Projects in a collection",
        "SELECT project_id, project_name FROM projects_by_collection_v1 "
        "WHERE collection_name = '{{collection}}' ORDER BY project_id",
        '{ oso_projectsByCollectionV1(where: {collectionName: {_eq: "{{collection}}"}}) '
        "{ projectId projectName } }",
    ),
    Example(
        7, "Code metrics of a collection",
        "SELECT c.project_name, c.star_count, c.fork_count, c.commit_count_6_months, "
        "c.contributor_count_6_months FROM code_metrics_by_project_v1 AS c "
        "JOIN projects_by_collection_v1 AS p ON c.project_id = p.project_id "
        "WHERE p.collection_name = '{{code_collection}}' ORDER BY c.project_name",
        '{ oso_collectionsV1(where: {collectionName: {_eq: "{{code_collection}}"}}, limit: 1) { '
        "projects(order_by: [{projectName: Asc}]) { projectName codeMetrics { starCount forkCount "
        "commitCount6Months contributorCount6Months } } } }",
        _nested("codeMetrics"),
    ),
    Example(
        8, "Onchain metrics of a collection",
        "SELECT o.project_name, o.event_source, o.transaction_count_6_months, "
        "o.gas_fees_sum_6_months, o.new_address_count_90_days FROM onchain_metrics_by_project_v1 AS o "
        "JOIN projects_by_collection_v1 AS p ON o.project_id = p.project_id "
        "WHERE p.collection_name = '{{onchain_collection}}' ORDER BY o.project_name, o.event_source",
        '{ oso_collectionsV1(where: {collectionName: {_eq: "{{onchain_collection}}"}}, limit: 1) { '
        "projects(order_by: [{projectName: Asc}]) { projectName onchainMetrics(order_by: "
        "[{eventSource: Asc}]) { eventSource transactionCount6Months gasFeesSum6Months "
        "newAddressCount90Days } } } }",
        _nested("onchainMetrics"),
    ),
    Example(
        9, "Funding metrics of a collection",
        "SELECT f.project_name, f.event_source, f.total_funders_count, f.total_funding_received_usd "
        "FROM funding_metrics_by_project_v1 AS f "
        "JOIN projects_by_collection_v1 AS p ON f.project_id = p.project_id "
        "WHERE p.collection_name = '{{funding_collection}}' ORDER BY f.project_name, f.event_source",
        '{ oso_collectionsV1(where: {collectionName: {_eq: "{{funding_collection}}"}}, limit: 1) { '
        "projects(order_by: [{projectName: Asc}]) { projectName fundingMetrics(order_by: "
        "[{eventSource: Asc}]) { eventSource totalFundersCount totalFundingReceivedUsd } } } }",
        _nested("fundingMetrics"),
    ),
    Example(
        10, "One project's code metrics",
        "SELECT project_name, star_count, fork_count, commit_count_6_months, "
        "contributor_count_6_months FROM code_metrics_by_project_v1 "
        "WHERE project_name = '{{project}}'",
        '{ oso_codeMetricsByProjectV1(where: {projectName: {_eq: "{{project}}"}}) { '
        "projectName starCount forkCount commitCount6Months contributorCount6Months } }",
    ),
    Example(
        11, "The metric catalogue",
        "SELECT metric_id, metric_name, display_name, description FROM metrics_v0 ORDER BY metric_id",
        "{ oso_metricsV0(limit: 10000) { metricId metricName displayName description } }",
    ),
    Example(
        12, "The current value of one metric",
        "SELECT amount FROM key_metrics_by_project_v0 WHERE project_id = "
        + _IN_PROJECT.format("{{project}}")
        + " AND metric_id = (SELECT metric_id FROM metrics_v0 "
        "WHERE metric_name = 'GITHUB_commits_over_all_time')",
        '{ oso_projectsV1(where: {projectName: {_eq: "{{project}}"}}) { '
        'keyMetrics(metricNames: ["GITHUB_commits_over_all_time"]) { amount } } }',
        lambda d: [tuple(k.values()) for p in d["oso_projectsV1"] for k in p["keyMetrics"]],
    ),
    Example(
        13, "A time series for a chart",
        "SELECT t.sample_date, t.amount FROM timeseries_metrics_by_project_v0 AS t "
        "JOIN metrics_v0 AS m ON t.metric_id = m.metric_id "
        "JOIN projects_v1 AS p ON t.project_id = p.project_id "
        "WHERE p.project_name = '{{project}}' AND m.metric_name = 'GITHUB_stars_daily' "
        "ORDER BY t.sample_date",
        '{ oso_projectsV1(where: {projectName: {_eq: "{{project}}"}}, limit: 1) { '
        'timeseries(metricNames: ["GITHUB_stars_daily"], order_by: [{sampleDate: Asc}], '
        "limit: 10000) { sampleDate amount } } }",
        lambda d: [tuple(t.values()) for p in d["oso_projectsV1"] for t in p["timeseries"]],
    ),
    Example(
        14, "Compare projects on key metrics",
        "SELECT p.project_name, m.metric_name, k.amount FROM key_metrics_by_project_v0 AS k "
        "JOIN metrics_v0 AS m ON k.metric_id = m.metric_id "
        "JOIN projects_v1 AS p ON k.project_id = p.project_id "
        "WHERE p.project_name IN ('{{compare}}') "
        "AND m.metric_name IN ('GITHUB_stars_over_all_time', 'GITHUB_forks_over_all_time') "
        "ORDER BY p.project_name, m.metric_name",
        '{ oso_projectsV1(where: {projectName: {_in: ["{{compare}}"]}}, '
        'order_by: [{projectName: Asc}]) { projectName keyMetrics(metricNames: '
        '["GITHUB_stars_over_all_time", "GITHUB_forks_over_all_time"]) { metric { metricName } '
        "amount } } }",
        _key_metrics,
    ),
    Example(
        15, "A project's contributors",
        "SELECT a.artifact_name AS contributor, count(*) AS commits "
        "FROM timeseries_events_by_artifact_v0 AS e "
        "JOIN artifacts_by_project_v1 AS p ON e.to_artifact_id = p.artifact_id "
        "JOIN artifacts_v1 AS a ON e.from_artifact_id = a.artifact_id "
        "WHERE p.project_name = '{{contributors_project}}' AND e.event_type = 'COMMIT_CODE' "
        "GROUP BY a.artifact_name ORDER BY commits DESC, contributor",
    ),
    Example(
        16, "Cheap onchain totals",
        "SELECT event_source, SUM(amount) AS total FROM int_events_daily_to_project "
        "WHERE project_id = " + _IN_PROJECT.format("{{onchain_project}}")
        + " AND event_type = 'CONTRACT_INVOCATION_DAILY_COUNT' GROUP BY event_source "
        "ORDER BY event_source",
    ),
    Example(
        17, "Stable models",
        "SELECT model_id, model_name FROM models_v0 WHERE model_name LIKE '%_v1' ORDER BY model_id",
        '{ oso_modelsV0(where: {modelName: {_like: "%_v1"}}, order_by: [{modelId: Asc}]) '
        "{ modelId modelName } }",
    ),
    Example(
        18, "Artifacts owned by a project",
        "SELECT artifact_id, artifact_source, artifact_namespace, artifact_name, artifact_type "
        "FROM artifacts_by_project_v1 WHERE project_name = '{{project}}' "
        "ORDER BY artifact_id, artifact_type",
        '{ oso_artifactsByProjectV1(where: {projectName: {_eq: "{{project}}"}}, '
        "order_by: [{artifactId: Asc}, {artifactType: Asc}]) { artifactId artifactSource "
        "artifactNamespace artifactName artifactType } }",
    ),
    Example(
        19, "The website's chart query",
        "SELECT project_id, metric_id, sample_date, amount FROM timeseries_metrics_by_project_v0 "
        "WHERE project_id IN (SELECT project_id FROM projects_v1 WHERE project_name IN "
        "('{{chart_projects}}')) AND metric_id IN (SELECT metric_id FROM metrics_v0 WHERE metric_name "
        "IN ('GITHUB_stars_daily', 'GITHUB_commits_daily')) "
        "AND sample_date BETWEEN '{{first_day}}' AND '{{last_day}}' "
        "ORDER BY project_id, metric_id, sample_date",
        "query Chart($ids: [String!], $metrics: [String!]) { "
        f"oso_timeseriesMetricsByProjectV0(where: {_CHART_WHERE}, limit: 10000, "
        "order_by: [{projectId: Asc}, {metricId: Asc}, {sampleDate: Asc}]) "
        "{ projectId metricId sampleDate amount } "
        "oso_projectsV1(where: {projectId: {_in: $ids}}) { projectId displayName } "
        "oso_metricsV0(where: {metricId: {_in: $metrics}}) { metricId displayName } }",
        _chart,
        variables={
            "ids": "SELECT project_id FROM projects_v1 WHERE project_name IN ('{{chart_projects}}')",
            "metrics": "SELECT metric_id FROM metrics_v0 WHERE metric_name IN "
            "('GITHUB_stars_daily', 'GITHUB_commits_daily')",
        },
    ),
    Example(
        20, "Issues opened and closed in a day",
        "SELECT event_type, count(*) AS events FROM timeseries_events_by_artifact_v0 "
        "WHERE event_type IN ('ISSUE_OPENED', 'ISSUE_CLOSED') "
        "AND time >= '{{day}} 00:00:00' AND time < '{{next_day}} 00:00:00' "
        "GROUP BY event_type ORDER BY event_type",
        '{ opened: oso_timeseriesEventsByArtifactV0Aggregate(where: {eventType: {_eq: '
        '"ISSUE_OPENED"}, time: {_gte: "{{day}}T00:00:00Z", _lt: "{{next_day}}T00:00:00Z"}}) '
        '{ count } closed: oso_timeseriesEventsByArtifactV0Aggregate(where: {eventType: {_eq: '
        '"ISSUE_CLOSED"}, time: {_gte: "{{day}}T00:00:00Z", _lt: "{{next_day}}T00:00:00Z"}}) '
        "{ count } }",
        _issue_counts,
    ),
)  # fmt: skip

Names = dict[str, str | tuple[str, ...]]
OSO_NAMES: Names = {
    "search": "ethereum", "org": "uniswap", "collection": "gg-01",
    "code_collection": "ethereum-crypto-ecosystems", "onchain_collection": "optimism",
    "funding_collection": "op-rpgf3", "project": "opensource-observer",
    "compare": ("opensource-observer", "huggingface", "wevm"), "contributors_project": "ipfs",
    "onchain_project": "opensource-observer", "chart_projects": ("opensource-observer", "wevm"),
}  # fmt: skip
DEMO_NAMES: Names = {
    "search": "DuckDB", "org": "wevm", "collection": "ethereum-tooling",
    "code_collection": "open-data-stack", "onchain_collection": "ethereum-tooling",
    "funding_collection": "open-data-stack", "project": "opensource-observer",
    "compare": ("opensource-observer", "duckdb", "wevm"), "contributors_project": "duckdb",
    "onchain_project": "demo-onchain-app", "chart_projects": ("duckdb", "wevm"),
}  # fmt: skip


def _fill(text: str, names: Names, days: dict[str, str], quote: str) -> str:
    """Fill quoted placeholders: ``'{{x}}'`` -> ``'a'``, and for a list -> ``'a', 'b'``."""
    for key, value in {**names, **days}.items():
        items = value if isinstance(value, tuple) else (value,)
        text = text.replace("{{" + key + "}}", ", ".join(f"{quote}{v}{quote}" for v in items)[1:-1])
    return text


def render(example: Example, names: Names, as_of: dt.date) -> Example:
    """``example`` with the registry's names and the days around ``as_of`` filled in."""
    days = {
        "first_day": (as_of - dt.timedelta(days=2)).isoformat(),
        "day": (as_of - dt.timedelta(days=1)).isoformat(),
        "last_day": as_of.isoformat(),
        "next_day": as_of.isoformat(),
    }
    graphql = _fill(example.graphql, names, days, '"') if example.graphql else None
    variables = {k: _fill(v, names, days, "'") for k, v in (example.variables or {}).items()}
    return replace(
        example,
        sql=_fill(example.sql, names, days, "'"),
        graphql=graphql,
        variables=variables or None,
    )
