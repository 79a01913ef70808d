"""Open Collective CSV transaction exports (``<slug>*.csv``) as Arrow, both column sets.

Each file is parsed by pyarrow (every column as a string), checked in DuckDB (types, dates,
amounts) and mapped onto TRANSACTIONS_SCHEMA. A malformed file raises an
:class:`OpenCollectiveError` naming the file and the line, row or column at fault.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv

from oso.sources.opencollective.api import OpenCollectiveError
from oso.sources.opencollective.settings import (
    NEW_EXPORT_COLUMNS,
    OLD_EXPORT_COLUMNS,
    SOURCE,
    TRANSACTIONS_SCHEMA,
)

_PARSE = {"newlines_in_values": True}


def export_files(folder: Path, slugs: list[str]) -> dict[Path, str]:
    """Files named ``<slug>*.csv`` for the registry's slugs (the slug followed by a non-letter,
    non-digit character, e.g. ``babel-transactions.csv``; the longest matching slug wins)."""
    found: dict[Path, str] = {}
    for slug in sorted(slugs, key=len):
        for path in sorted(folder.glob("*.csv")):
            name = path.name.lower()
            if name.startswith(slug) and not name[len(slug)].isalnum():
                found[path] = slug
    return dict(sorted(found.items()))


def _read_strings(path: Path) -> pa.Table:
    """Every column as a string; a row with the wrong number of fields fails naming its line."""
    bad: list[str] = []

    def on_invalid(row: pa_csv.InvalidRow) -> str:
        bad.append(
            f"line {row.number}: expected {row.expected_columns} fields, got "
            f"{row.actual_columns}: {row.text[:80]!r}"
        )
        return "error"

    try:
        names = pa_csv.open_csv(
            path, parse_options=pa_csv.ParseOptions(invalid_row_handler=lambda _: "skip", **_PARSE)
        ).schema.names
        return pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(use_threads=False),  # known row numbers
            parse_options=pa_csv.ParseOptions(invalid_row_handler=on_invalid, **_PARSE),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError) as exc:
        detail = bad[0] if bad else str(exc)
        raise OpenCollectiveError(f"{SOURCE}: CSV export {path}: {detail}") from exc


def _column_set(path: Path, names: list[str]) -> dict[str, str]:
    for columns in (NEW_EXPORT_COLUMNS, OLD_EXPORT_COLUMNS):
        if all(quoted.strip('"') in names for quoted in columns.values()):
            return columns
    raise OpenCollectiveError(
        f"{SOURCE}: CSV export {path}: unrecognised columns (neither Open Collective column set): "
        + ", ".join(names[:30])
    )


def _flag(expr: str) -> str:
    return f"coalesce(lower(trim({expr})), '') not in ('', 'false', '0', 'no')"


def _checks(c: dict[str, str]) -> list[tuple[str, str]]:
    """(column, SQL condition true on a bad row) for every column the mapping relies on."""
    checks = [
        (c["id"], f"trim({c['id']}) = ''"),
        (c["type"], f"upper(trim({c['type']})) not in ('CREDIT', 'DEBIT')"),
        (c["created_at"], f"try_cast({c['created_at']} as timestamptz) is null"),
        (c["net_amount"], f"try_cast({c['net_amount']} as double) is null"),
    ]
    if "amount" in c:
        checks.append((c["amount"], f"try_cast({c['amount']} as double) is null"))
    for key in ("fee", "tax"):  # optional numbers
        if key in c:
            value = f"nullif(trim({c[key]}), '')"
            checks.append((c[key], f"{value} is not null and try_cast({value} as double) is null"))
    return checks


def _validate(con: duckdb.DuckDBPyConnection, path: Path, c: dict[str, str]) -> None:
    for column, bad in _checks(c):
        row = con.execute(
            f"select _row, cast({column} as varchar) from raw where {bad} order by _row limit 1"
        ).fetchone()
        if row:
            raise OpenCollectiveError(
                f"{SOURCE}: CSV export {path}: data row {row[0]}, column {column}: "
                f"bad value {row[1]!r}"
            )


def _select(c: dict[str, str], source: str) -> str:
    net = f"round(cast({c['net_amount']} as double), 2)"
    if "amount" in c:
        amount = f"round(cast({c['amount']} as double), 2)"
    else:  # newer set: gross = net - processor fee - tax
        fee = f"coalesce(try_cast(nullif(trim({c['fee']}), '') as double), 0)"
        tax = f"coalesce(try_cast(nullif(trim({c['tax']}), '') as double), 0)"
        amount = f"round({net} - {fee} - {tax}, 2)"
    currency = f"upper(trim({c['currency']}))"
    return f"""
        select
            {"'short:' || " if "amount" in c else ""}trim({c["id"]}) as id,
            lower(trim({c["collective"]})) as collective,
            upper(trim({c["kind"]})) as kind,
            upper(trim({c["type"]})) as type,
            {amount} as amount,
            {net} as net_amount,
            {currency} as currency,
            case when {currency} = 'USD' then {amount} end as amount_usd,
            cast(timezone('UTC', cast({c["created_at"]} as timestamptz)) as timestamp)
                as created_at,
            {c["description"]} as description,
            nullif(lower(trim({c["opposite_slug"]})), '') as opposite_slug,
            nullif({c["opposite_name"]}, '') as opposite_name,
            cast(null as varchar) as host_slug,
            {_flag(c["is_refund"])} as is_refund,
            {_flag(c["is_refunded"])} as is_refunded,
            '{source}' as source,
            cast(null as timestamp) as week
        from raw
        order by _row
    """


def read_export(path: Path) -> pa.Table:
    """One CSV export as TRANSACTIONS_SCHEMA rows (``source`` = ``csv:<file name>``)."""
    strings = _read_strings(path)
    columns = _column_set(path, strings.column_names)
    strings = strings.append_column("_row", pa.array(range(1, strings.num_rows + 1), pa.int64()))
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        con.register("raw", strings)
        _validate(con, path, columns)
        source = "csv:" + path.name.replace("'", "''")
        table = con.execute(_select(columns, source)).to_arrow_table()
    finally:
        con.close()
    return table.cast(TRANSACTIONS_SCHEMA)
