"""``funding_data.csv`` -> the ``grants`` Arrow table, with every bad row reported by line.

DuckDB reads the file once with explicit types and ``store_rejects``: a row with the wrong
number of fields, an amount or date that does not convert, or metadata that is not JSON lands
in DuckDB's reject table with its line and is reported and skipped. Rows whose funder or grant
pool is empty are reported and skipped too. Nothing is parsed row by row in Python.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pyarrow as pa

from oso.sources.funding.issues import WARNING, FundingFolderError, LoadIssue
from oso.sources.funding.settings import (
    CSV_TYPES,
    GRANT_KEY_FIELDS,
    GRANTS_CSV,
    GRANTS_SCHEMA,
    REQUIRED_TEXT_FIELDS,
)

_NULL = "\x01NULL\x01"  # never in the data: an empty amount or date is a conversion error


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise FundingFolderError(f"oss-funding: cannot read the header of {path}: {exc}") from exc


def _columns(path: Path) -> tuple[dict[str, str], list[LoadIssue]]:
    """read_csv column types in the file's own order; unknown columns are read and ignored."""
    header = _header(path)
    missing = [name for name in CSV_TYPES if name not in header]
    if missing:
        raise FundingFolderError(
            f"oss-funding: {path} lacks column(s) {', '.join(missing)} (header: {header})"
        )
    extra = [name for name in header if name not in CSV_TYPES]
    issues = [
        LoadIssue(GRANTS_CSV, 1, header.index(n) + 1, f"unknown column {n!r} ignored", WARNING)
        for n in extra
    ]
    return {name: CSV_TYPES.get(name, "VARCHAR") for name in header}, issues


def _read_sql(path: Path, columns: dict[str, str]) -> str:
    spec = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    quoted = str(path).replace("'", "''")
    return f"""
        create temp table raw as
        select row_number() over () as record, *
        from read_csv('{quoted}', header = true, auto_detect = false, delim = ',',
                      quote = '"', escape = '"', nullstr = '{_NULL}', parallel = false,
                      columns = {{{spec}}}, store_rejects = true)
    """


_WHAT = {"amount": "a number", "funding_date": "a date (YYYY-MM-DD)", "metadata": "JSON"}
_VALUE = re.compile(r'Could not convert string "(.*)" to', re.DOTALL)


def _problem(column: str | None, kind: str, message: str) -> str:
    """DuckDB's reject reason in the words of this file."""
    value = _VALUE.search(message)
    if kind == "CAST" and column and value:
        shown = value.group(1) if len(value.group(1)) <= 60 else value.group(1)[:57] + "..."
        return f"{column} {shown!r} is not {_WHAT.get(column, CSV_TYPES.get(column, 'valid'))}"
    return message


def _rejected(con: duckdb.DuckDBPyConnection, fields: int) -> list[LoadIssue]:
    """One issue per rejected line: a wrong field count, else every value that did not convert."""
    rows = con.execute(
        """select line, column_idx, column_name, error_type, error_message
        from reject_errors order by line, column_idx"""
    ).fetchall()
    by_line: dict[int, list[tuple[int, str | None, str, str]]] = {}
    for line, idx, column, kind, message in rows:
        by_line.setdefault(int(line), []).append((int(idx), column, str(kind), str(message)))
    issues = []
    for line, errors in by_line.items():
        kinds = {kind for _, _, kind, _ in errors}
        if kinds & {"MISSING COLUMNS", "TOO MANY COLUMNS"}:
            found = (
                min(idx for idx, _, kind, _ in errors if kind == "MISSING COLUMNS")
                if "MISSING COLUMNS" in kinds
                else max(idx for idx, _, kind, _ in errors if kind == "TOO MANY COLUMNS")
            )
            column, text = min(found, fields) + 1, f"expected {fields} fields, found {found}"
        else:
            column = errors[0][0]  # DuckDB's column_idx is 1-based
            text = "; ".join(_problem(col, kind, msg) for _, col, kind, msg in errors)
        issues.append(LoadIssue(GRANTS_CSV, line, column, f"malformed row: {text}"))
    return issues


def _record_lines(path: Path, rejected: set[int], accepted: int) -> list[int] | None:
    """Line of each accepted record when every record is one line (no quoted newlines)."""
    with path.open("rb") as f:
        lines = sum(1 for _ in f)
    if lines != 1 + accepted + len(rejected):
        return None
    return [n for n in range(2, lines + 1) if n not in rejected]


def _empty_required(
    con: duckdb.DuckDBPyConnection, path: Path, header: list[str], rejected: set[int]
) -> list[LoadIssue]:
    """Rows lacking a funder or grant pool: reported and deleted from ``raw``."""
    empty = [f"coalesce(trim({f}), '') = ''" for f in REQUIRED_TEXT_FIELDS]
    checks = " or ".join(empty)
    bad = con.execute(
        f"select record, {', '.join(empty)} from raw where {checks} order by record"
    ).fetchall()
    if not bad:
        return []
    accepted = con.execute("select count(*) from raw").fetchone()[0]  # type: ignore[index]
    lines = _record_lines(path, rejected, accepted)
    con.execute(f"delete from raw where {checks}")
    issues = []
    for record, *flags in bad:
        names = [f for f, is_empty in zip(REQUIRED_TEXT_FIELDS, flags, strict=True) if is_empty]
        issues.append(
            LoadIssue(
                GRANTS_CSV,
                lines[record - 1] if lines else None,
                header.index(names[0]) + 1,
                f"malformed row (record {record}): {' and '.join(names)} empty",
            )
        )
    return issues


def _grants_sql() -> str:
    key = ", ".join(f"coalesce(cast({f} as varchar), '')" for f in GRANT_KEY_FIELDS)
    partition = ", ".join(GRANT_KEY_FIELDS)
    return f"""
        select
            sha256(concat_ws(chr(31), {key}, cast(occurrence as varchar))) as id,
            nullif(trim(to_project_name), '') as to_project_name,
            coalesce(
                json_extract_string(metadata, '$.application_name'),
                json_extract_string(metadata, '$.project_name')
            ) as to_project_display_name,
            cast(amount as double) as amount,
            funding_date,
            trim(from_funder_name) as from_funder_name,
            trim(grant_pool_name) as grant_pool_name,
            cast(metadata as varchar) as metadata,
            file_path as source_file
        from (
            select *, row_number() over (partition by {partition} order by record) as occurrence
            from raw
        )
        order by record
    """


def read_grants(folder: Path) -> tuple[pa.Table, list[LoadIssue]]:
    """The folder's grants, and the issues of the rows left out (with their lines)."""
    path = folder / GRANTS_CSV
    if not path.is_file():
        raise FundingFolderError(f"oss-funding: {path} does not exist")
    columns, issues = _columns(path)
    con = duckdb.connect()
    try:
        con.execute(_read_sql(path, columns))
        rejected = _rejected(con, len(columns))
        issues += rejected
        lines = {i.line for i in rejected if i.line is not None}
        issues += _empty_required(con, path, list(columns), lines)
        table = con.execute(_grants_sql()).to_arrow_table()
    except duckdb.Error as exc:
        raise FundingFolderError(f"oss-funding: cannot read {path}: {exc}") from exc
    finally:
        con.close()
    return table.cast(GRANTS_SCHEMA), issues
