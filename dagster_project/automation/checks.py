"""Asset checks on every source: rows in the warehouse, freshness, quarantined inputs.

dbt's own tests are asset checks too (``dagster_project/dbt``); these cover the raw tables.
Freshness checks use the last materialization's time, evaluated by their sensor, and show in
the UI beside each asset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import warnings
from collections.abc import Iterator

import dagster as dg

from oso.quarantine import quarantined
from oso.settings import Settings
from oso.warehouse import table_row_count

# How stale a source may get before its freshness check fails: its cadence plus a margin.
MAX_AGE = {
    "ossd": dt.timedelta(days=2),
    "gharchive": dt.timedelta(hours=3),
    "git": dt.timedelta(hours=12),
    "github": dt.timedelta(days=2),
    "npm": dt.timedelta(days=2),
    "opencollective": dt.timedelta(days=2),
    "funding": dt.timedelta(days=8),
    "evm": dt.timedelta(hours=3),
}


def _row_count_check(settings: Settings, key: dg.AssetKey) -> dg.AssetChecksDefinition:
    _, source, table = key.path

    @dg.asset_check(
        asset=key,
        name="row_count",
        description=f"Rows of {source}.{table} in the warehouse; fails if the table is missing.",
    )
    def row_count() -> dg.AssetCheckResult:
        rows = table_row_count(settings, source, table)
        return dg.AssetCheckResult(
            passed=rows is not None,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"rows": rows if rows is not None else -1},
            description=None if rows is not None else f"{source}.{table} does not exist",
        )

    return row_count


def _quarantine_check(settings: Settings, key: dg.AssetKey) -> dg.AssetChecksDefinition:
    source = key.path[1]

    @dg.asset_check(
        asset=key,
        name="quarantine",
        description=f"No {source} input file sits in OSO_HOME/quarantine/{source}.",
    )
    def quarantine() -> dg.AssetCheckResult:
        found = quarantined(settings.home, source)
        return dg.AssetCheckResult(
            passed=not found,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"files": [f"{q.path}: {q.reason}" for q in found]},
            description=f"{len(found)} quarantined file(s); replace them and re-run their partitions"
            if found
            else None,
        )

    return quarantine


def build_source_checks(
    settings: Settings, keys: list[dg.AssetKey]
) -> list[dg.AssetChecksDefinition]:
    """Row counts for every raw table, quarantine for GH Archive, freshness per source."""
    checks = [_row_count_check(settings, key) for key in keys]
    checks += [
        _quarantine_check(settings, k) for k in keys if k.path[1:] == ["gharchive", "events"]
    ]
    for source, age in MAX_AGE.items():
        of_source = [k for k in keys if k.path[1] == source]
        if of_source:
            with _superseded():
                checks += dg.build_last_update_freshness_checks(
                    assets=of_source, lower_bound_delta=age
                )
    return checks


def build_freshness_sensor(checks: list[dg.AssetChecksDefinition]) -> dg.SensorDefinition:
    freshness = [c for c in checks if any(k.name.startswith("freshness") for k in c.check_keys)]
    with _superseded():
        return dg.build_sensor_for_freshness_checks(
            freshness_checks=freshness,
            name="freshness_checks",
            default_status=dg.DefaultSensorStatus.RUNNING,
        )


@contextlib.contextmanager
def _superseded() -> Iterator[None]:
    """Freshness checks are superseded by FreshnessPolicy, which is not an asset check."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.SupersessionWarning)
        yield
