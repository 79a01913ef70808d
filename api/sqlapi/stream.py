"""An Arrow result as OSO's NDJSON answer, one chunk of rows per line.

The first line is ``{"columns": [...], "types": [...], "data": [...]}``, each further line
``{"data": [...]}``. ``format`` ``minimal`` gives rows as arrays, ``json`` as objects keyed
by column. Values: dates and timestamps as ISO 8601 strings, NaN and ±inf as null (orjson),
bytes as UTF-8 text (invalid bytes replaced), decimals as strings. Rows are converted to
Python one chunk at a time, straight from the Arrow columns.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from typing import Any

import orjson
import pyarrow as pa

NDJSON = "application/x-ndjson"


def type_name(arrow_type: pa.DataType) -> str:
    """A column's type as the client sees it: the marts' logical names where they apply."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "string"
    if pa.types.is_boolean(arrow_type):
        return "bool"
    if pa.types.is_integer(arrow_type):
        return str(arrow_type)  # int8 ... int64, uint8 ... uint64
    if pa.types.is_floating(arrow_type):
        return f"float{arrow_type.bit_width}"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_timestamp(arrow_type):
        return "timestamp"
    if pa.types.is_decimal(arrow_type):
        return "decimal"
    return str(arrow_type)


def ndjson_lines(table: pa.Table, fmt: str, chunk_rows: int) -> Iterator[bytes]:
    """The answer's lines; the first one always comes, with the columns, even for no rows."""
    table = _valid_text(table)
    columns = table.column_names
    head: dict[str, Any] = {"columns": columns, "types": [type_name(t) for t in table.schema.types]}
    for start in range(0, max(table.num_rows, 1), chunk_rows):
        chunk = table.slice(start, chunk_rows)
        values = [column.to_pylist() for column in chunk.columns]
        rows: list[Any] = list(zip(*values, strict=True))
        if fmt == "json":
            rows = [dict(zip(columns, row, strict=True)) for row in rows]
        line = {**head, "data": rows} if start == 0 else {"data": rows}
        yield orjson.dumps(line, default=_json_value) + b"\n"


def _valid_text(table: pa.Table) -> pa.Table:
    """String columns holding invalid UTF-8 (ClickHouse Strings are bytes) become binary."""
    try:
        table.validate(full=True)
        return table
    except pa.ArrowInvalid:
        fields = [
            f.with_type(pa.binary()) if pa.types.is_string(f.type) else f for f in table.schema
        ]
        return table.cast(pa.schema(fields))


def _json_value(value: Any) -> Any:
    """What orjson can't write itself."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return str(value)
