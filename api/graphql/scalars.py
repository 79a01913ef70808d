"""OSO's custom scalars (``Oso_Int64``, ``Oso_Float64``, ``Oso_Date``, ``Oso_DateTime``, ``Oso_Bool``).

Each logical column type of a mart spec maps to a Python ``NewType``; the schema's
``scalar_map`` gives those their GraphQL names and (de)serialisers. String columns use
GraphQL's built-in ``String``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

Int64 = NewType("Int64", int)
Float64 = NewType("Float64", float)
Date = NewType("Date", dt.date)
DateTime = NewType("DateTime", dt.datetime)
Bool = NewType("Bool", bool)

_INT64_RE = re.compile(r"[+-]?\d{1,19}")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def parse_int64(value: Any) -> int:
    if isinstance(value, str) and _INT64_RE.fullmatch(value.strip()):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and _INT64_MIN <= value <= _INT64_MAX:
        return value
    raise ValueError(f"Oso_Int64 cannot represent {value!r}")


def parse_float64(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            raise ValueError(f"Oso_Float64 cannot represent {value!r}") from None
    else:
        raise ValueError(f"Oso_Float64 cannot represent {value!r}")
    if math.isnan(result):
        raise ValueError("Oso_Float64 does not accept NaN in filters")
    return result


def parse_date(value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"Oso_Date expects YYYY-MM-DD, got {value!r}")


def parse_datetime(value: Any) -> dt.datetime:
    """ISO 8601; a value without a UTC offset is taken as UTC."""
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    raise ValueError(f"Oso_DateTime expects an ISO 8601 timestamp, got {value!r}")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"Oso_Bool expects true or false, got {value!r}")


def serialize_date(value: dt.date) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def serialize_datetime(value: dt.datetime) -> str:
    """ISO 8601 in UTC (ClickHouse may hand back naive UTC values)."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat()


SCALAR_MAP: dict[object, ScalarDefinition] = {
    Int64: strawberry.scalar(
        name="Oso_Int64",
        description="64-bit integer; accepted as a number or a decimal string.",
        serialize=int,
        parse_value=parse_int64,
    ),
    Float64: strawberry.scalar(
        name="Oso_Float64", description="64-bit float.", serialize=float, parse_value=parse_float64
    ),
    Date: strawberry.scalar(
        name="Oso_Date",
        description="Calendar date, YYYY-MM-DD.",
        serialize=serialize_date,
        parse_value=parse_date,
    ),
    DateTime: strawberry.scalar(
        name="Oso_DateTime",
        description="Timestamp in ISO 8601, UTC (input without an offset is taken as UTC).",
        serialize=serialize_datetime,
        parse_value=parse_datetime,
    ),
    Bool: strawberry.scalar(
        name="Oso_Bool", description="Boolean.", serialize=bool, parse_value=parse_bool
    ),
}

# Python annotation and GraphQL scalar name per logical column type.
PYTHON_TYPES: dict[str, Any] = {
    "string": str,
    "int64": Int64,
    "float64": Float64,
    "date": Date,
    "timestamp": DateTime,
    "bool": Bool,
}
SCALAR_NAMES = {
    "string": "String",
    "int64": "Int64",
    "float64": "Float64",
    "date": "Date",
    "timestamp": "DateTime",
    "bool": "Bool",
}
