"""EVM block ranges into the warehouse (``dlt/evm/blocks``, ``.../transactions``, ``.../contracts``).

One run can take several ranges (single-run backfills); they are fetched in block order per
network, so contracts discovered in one range are tracked in the next. Contracts discovered by
earlier runs are read back from ``evm.contracts``: load a network's ranges in order (a backfill
does) or re-run a range after the one holding a deployment. A range that fails (endpoint down,
malformed answer) stops its network; ranges fetched before it load, and the run fails naming it.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
import dlt
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.evm.partitions import (
    EVM_PARTITIONS,
    evm_partitions,
    new_block_ranges,
    rpc_client,
)
from dagster_project.guards import permanent_failure, registry_or_fail
from dagster_project.translator import OsoDltTranslator, dlt_asset_key, with_metadata
from oso.http import SourceError
from oso.settings import Settings
from oso.sources.evm import BlockRange, FetchedRange, evm, fetch_range
from oso.sources.evm.tracked import Tracked, tracked_evm
from oso.warehouse import delete_partitions, dlt_pipeline


def _missing_table(exc: Exception) -> bool:
    return "does not exist" in str(exc) or "Not found" in str(exc)


def _known_contracts(pipeline: dlt.Pipeline, network: str, tracked: Tracked) -> set[str]:
    """Contracts loaded earlier whose deployer or factory the registry still tracks."""
    with pipeline.sql_client() as client:
        if not client.has_dataset():
            return set()
        table = client.make_qualified_table_name("contracts")
        sql = f"select address, deployer, factory from {table} where network = %s"
        try:
            with client.execute_query(sql, network) as cursor:
                rows = cursor.fetchall()
        except Exception as exc:  # nothing loaded yet
            if not _missing_table(exc):
                raise
            return set()
    return {
        a for a, d, f in rows if (f is None and d in tracked.deployers) or f in tracked.factories
    }


def _fetch_all(
    context: dg.AssetExecutionContext, settings: Settings, pipeline: dlt.Pipeline
) -> tuple[list[FetchedRange], list[str]]:
    registry = registry_or_fail(settings)
    try:
        ranges = sorted(BlockRange.parse(key) for key in context.partition_keys)
    except ValueError as exc:
        raise permanent_failure(exc) from exc
    fetched: list[FetchedRange] = []
    failures: list[str] = []
    for network in sorted({r.network for r in ranges}):
        todo = [r for r in ranges if r.network == network]
        if network not in settings.evm_rpc_urls:
            failures += [f"{r.key}: no endpoint for {network} in OSO_EVM_RPC_URLS" for r in todo]
            continue
        tracked = tracked_evm(registry, [network])[network]
        tracked.contracts |= _known_contracts(pipeline, network, tracked)
        with rpc_client(settings, network) as rpc:
            for block_range in todo:
                try:
                    fetched.append(fetch_range(rpc, block_range, tracked))
                except SourceError as exc:
                    failures.append(f"{block_range.key}: {exc}")
                    break  # later ranges may depend on contracts discovered in this one
                stats = fetched[-1].stats
                context.log.info(f"EVM {block_range.key}: {stats}")
                if stats["traces_unavailable"]:
                    context.log.warning(
                        f"EVM {block_range.key}: the {network} node has no debug_traceTransaction; "
                        f"contracts created by factories in {stats['traces_unavailable']} call(s) are missed"
                    )
    return fetched, failures


def _metadata(fetched: list[FetchedRange], settings: Settings) -> dict[str, Any]:
    totals: dict[str, Any] = {"ranges": len(fetched)}
    for item in fetched:
        for name, value in item.stats.items():
            totals[name] = totals.get(name, 0) + value
    totals["confirmations"] = settings.evm_confirmations
    return totals


def build_evm_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    pipeline = dlt_pipeline(settings, "evm")

    @dlt_assets(
        dlt_source=evm(),
        dlt_pipeline=pipeline,
        name="evm",
        partitions_def=evm_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        dagster_dlt_translator=OsoDltTranslator(deps=[dlt_asset_key("ossd", "project_artifacts")]),
    )
    def evm_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        fetched, failures = _fetch_all(context, settings, pipeline)
        results = []
        if fetched:
            results = list(DagsterDltResource().run(context=context, dlt_source=evm(fetched)))
            for key in context.selected_asset_keys:
                table = key.path[-1]
                empty = [f.block_range.key for f in fetched if f.tables[table].num_rows == 0]
                delete_partitions(pipeline, table, "partition", empty)
        if failures:
            raise dg.Failure(
                description=f"{len(failures)} EVM block range(s) failed; {len(fetched)} other range(s) loaded:\n"
                + "\n".join(failures)
            )
        extra = _metadata(fetched, settings)
        yield from with_metadata(results, extra)

    return [evm_assets]


def build_evm_sensors(settings: Settings) -> list[dg.SensorDefinition]:
    """Registers new confirmed block ranges and requests a run for each (off by default)."""

    @dg.sensor(
        name="evm_block_ranges_sensor",
        asset_selection=dg.AssetSelection.key_prefixes(["dlt", "evm"]),
        minimum_interval_seconds=600,
    )
    def evm_block_ranges_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        existing = set(context.instance.get_dynamic_partitions(EVM_PARTITIONS))
        keys = new_block_ranges(settings, existing)
        return dg.SensorResult(
            run_requests=[dg.RunRequest(partition_key=k) for k in keys],
            dynamic_partitions_requests=[evm_partitions.build_add_request(keys)] if keys else [],
        )

    return [evm_block_ranges_sensor]


def ensure_evm_tables(settings: Settings) -> None:
    """Create the evm tables (empty) if they are missing, so the dbt evm models build even when
    no EVM endpoint is configured. Loads no rows and deletes none: safe to call on every run."""
    dlt_pipeline(settings, "evm").run(evm()).raise_on_failed_jobs()
