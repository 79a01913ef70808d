"""Staging a run (API windows + CSV exports) and replacing the API weeks it loaded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dlt
import duckdb
import pyarrow as pa

from oso.settings import Settings
from oso.sources.opencollective.api import OpenCollectiveError, api_client, fetch_window
from oso.sources.opencollective.csv_exports import export_files, read_export
from oso.sources.opencollective.settings import TRANSACTIONS_SCHEMA


@dataclass
class Staged:
    """What a run fetched: tables to load, the (collective, week) windows they replace, failures."""

    tables: list[pa.Table] = field(default_factory=list)
    windows: dict[str, list[dt.datetime]] = field(default_factory=lambda: defaultdict(list))
    csv_files: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def stage_api(
    settings: Settings,
    slugs: Sequence[str],
    weeks: Sequence[dt.datetime],
    staged: Staged,
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    """Fetch every collective's transactions for each week (cut at the end of the as_of day)."""
    cap = dt.datetime.combine(settings.as_of + dt.timedelta(days=1), dt.time())
    with api_client(settings) as client:
        for slug in slugs:
            for week in weeks:
                end = min(week + dt.timedelta(days=7), cap)
                if end <= week:
                    continue
                try:
                    table = fetch_window(client, settings.opencollective_api_url, slug, week, end)
                except OpenCollectiveError as exc:
                    staged.failures.append(str(exc))
                    continue
                staged.tables.append(table)
                staged.windows[slug].append(week)
            progress(f"Open Collective: {slug}: {len(weeks)} week(s) fetched")


def stage_csv(folder: Path | None, slugs: Sequence[str], staged: Staged) -> None:
    """Read the registry collectives' CSV exports; a malformed file is a failure, others load."""
    if folder is None:
        return
    if not folder.is_dir():
        staged.failures.append(f"opencollective: CSV folder {folder} does not exist")
        return
    for path in export_files(folder, list(slugs)):
        try:
            staged.tables.append(read_export(path))
        except OpenCollectiveError as exc:
            staged.failures.append(str(exc))
            continue
        staged.csv_files.append(path.name)


def combine(tables: Iterable[pa.Table]) -> pa.Table:
    """One table, one row per id: the API's version wins over a CSV export's."""
    merged = pa.concat_tables([TRANSACTIONS_SCHEMA.empty_table(), *tables])
    with duckdb.connect() as con:
        con.register("staged", merged)
        table = con.execute(
            """
            select * from staged
            qualify row_number() over (
                partition by id
                order by case when source = 'api' then 0 else 1 end, source, week desc
            ) = 1
            order by collective, created_at, id
            """
        ).to_arrow_table()
    return table.cast(TRANSACTIONS_SCHEMA)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def delete_stale_api_rows(
    pipeline: dlt.Pipeline, windows: dict[str, list[dt.datetime]], loaded: pa.Table
) -> None:
    """Remove API rows of the loaded (collective, week) windows whose id this run did not load."""
    api_ids: dict[str, set[str]] = defaultdict(set)
    for row in loaded.select(["collective", "id", "source"]).to_pylist():
        if row["source"] == "api":
            api_ids[row["collective"]].add(row["id"])
    with pipeline.sql_client() as client:
        if not client.has_dataset():
            return
        name = client.make_qualified_table_name("transactions")
        for slug, weeks in sorted(windows.items()):
            if not weeks:
                continue
            week_list = ", ".join(f"timestamp '{w:%Y-%m-%d %H:%M:%S}'" for w in sorted(weeks))
            keep = ", ".join(_literal(i) for i in sorted(api_ids[slug]))
            client.execute_sql(
                f"delete from {name} where source = 'api' and collective = {_literal(slug)}"
                f" and week in ({week_list})" + (f" and id not in ({keep})" if keep else "")
            )
