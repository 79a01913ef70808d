"""SQL for one GraphQL list query: a pure function of the mart spec and the arguments.

``build_select`` turns a Hasura-style filter (``where``), sort keys, ``limit`` and
``offset`` into ClickHouse SQL with server-side parameters (``{p0:String}``). Values
are always bound as parameters typed by the column's logical type; identifiers come
only from the :class:`~oso.marts.MartSpec` and are backtick-quoted.

The filter is a plain mapping, independent of GraphQL::

    {"_and": [...], "_or": [...], "_not": {...}, "<column>": {"_eq": value, ...}}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from oso.marts import CLICKHOUSE_TYPES, ColumnSpec, MartSpec

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
MAX_FILTER_DEPTH = 32

PARAM_TYPES = CLICKHOUSE_TYPES  # a bound parameter has its column's ClickHouse type
_BINARY = {"_eq": "=", "_neq": "!=", "_gt": ">", "_gte": ">=", "_lt": "<", "_lte": "<="}
_PATTERN = {"_like": "LIKE", "_nlike": "NOT LIKE", "_ilike": "ILIKE", "_nilike": "NOT ILIKE"}
_LIST = {"_in": "IN", "_nin": "NOT IN"}
COMMON_OPERATORS = (*_BINARY, *_LIST, "_is_null")
STRING_OPERATORS = (*COMMON_OPERATORS, *_PATTERN)
DIRECTIONS = {
    "Asc": "ASC",
    "Desc": "DESC",
    "AscNullsFirst": "ASC NULLS FIRST",
    "AscNullsLast": "ASC NULLS LAST",
    "DescNullsFirst": "DESC NULLS FIRST",
    "DescNullsLast": "DESC NULLS LAST",
}

Filter = Mapping[str, Any]
OrderKey = tuple[str, str]  # (column name, one of DIRECTIONS)


class QueryError(ValueError):
    """A request the API refuses; its message is safe to show to the client."""


def quote(identifier: str) -> str:
    if not identifier or "`" in identifier or "\\" in identifier:
        raise ValueError(f"refusing to quote identifier {identifier!r}")
    return f"`{identifier}`"


def operators_for(logical_type: str) -> tuple[str, ...]:
    """The comparison operators a column of this logical type supports."""
    return STRING_OPERATORS if logical_type == "string" else COMMON_OPERATORS


def _coerce(column: ColumnSpec, value: Any) -> Any:
    """Check a filter value against the column type; timestamps are normalised to UTC."""
    kind = column.type
    ok = {
        "string": isinstance(value, str),
        "int64": isinstance(value, int) and not isinstance(value, bool),
        "float64": isinstance(value, int | float) and not isinstance(value, bool),
        "date": isinstance(value, dt.date) and not isinstance(value, dt.datetime),
        "timestamp": isinstance(value, dt.datetime),
        "bool": isinstance(value, bool),
    }[kind]
    if not ok:
        raise QueryError(f"{column.name}: {value!r} is not a valid {kind} value")
    if kind == "float64":
        return float(value)
    if kind == "timestamp":
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    return value


class SelectBuilder:
    """Binds values and renders conditions and sort keys for one mart."""

    def __init__(self, spec: MartSpec) -> None:
        self.spec = spec
        self.columns = {c.name: c for c in spec.columns}
        self.parameters: dict[str, Any] = {}

    def column(self, name: str) -> ColumnSpec:
        try:
            return self.columns[name]
        except KeyError:
            raise QueryError(f"{self.spec.name} has no column {name!r}") from None

    def bind(self, value: Any, ch_type: str) -> str:
        name = f"p{len(self.parameters)}"
        self.parameters[name] = value
        return f"{{{name}:{ch_type}}}"

    def condition(self, expr: Filter, depth: int = 0) -> str:
        if depth > MAX_FILTER_DEPTH:
            raise QueryError(f"the filter is nested deeper than {MAX_FILTER_DEPTH} levels")
        parts: list[str] = []
        for key, value in expr.items():
            if value is None:  # an explicit null means "no condition", as if omitted
                continue
            if key in ("_and", "_or"):
                items = [self.condition(e, depth + 1) for e in value]
                empty, joiner = ("1", " AND ") if key == "_and" else ("0", " OR ")
                parts.append(joiner.join(f"({i})" for i in items) if items else empty)
            elif key == "_not":
                parts.append(f"NOT ({self.condition(value, depth + 1)})")
            else:
                parts.extend(self.comparisons(self.column(key), value))
        if not parts:
            return "1"
        return parts[0] if len(parts) == 1 else " AND ".join(f"({p})" for p in parts)

    def comparisons(self, column: ColumnSpec, ops: Mapping[str, Any]) -> Iterator[str]:
        ident, ch_type = quote(column.name), PARAM_TYPES[column.type]
        allowed = operators_for(column.type)
        for op, value in ops.items():
            if op not in allowed:
                raise QueryError(f"{column.name}: operator {op} is not supported for {column.type}")
            if value is None:
                raise QueryError(f"{column.name}: {op} needs a value (use _is_null to match NULL)")
            if op == "_is_null":
                if not isinstance(value, bool):
                    raise QueryError(f"{column.name}: _is_null takes true or false")
                yield f"{ident} IS NULL" if value else f"{ident} IS NOT NULL"
            elif op in _LIST:
                if isinstance(value, str | bytes) or not isinstance(value, Sequence):
                    raise QueryError(f"{column.name}: {op} takes a list")
                values = [_coerce(column, v) for v in value]
                yield f"{ident} {_LIST[op]} {self.bind(values, f'Array({ch_type})')}"
            else:
                sql_op = _BINARY.get(op) or _PATTERN[op]
                yield f"{ident} {sql_op} {self.bind(_coerce(column, value), ch_type)}"

    def order(self, keys: Sequence[OrderKey]) -> str:
        terms, used = [], set()
        for name, direction in keys:
            column = self.column(name)
            if direction not in DIRECTIONS:
                raise QueryError(f"{name}: unknown sort direction {direction!r}")
            if column.name not in used:
                terms.append(f"{quote(column.name)} {DIRECTIONS[direction]}")
                used.add(column.name)
        # The table key breaks ties, so limit/offset pages are stable.
        terms += [f"{quote(k)} ASC" for k in self.spec.order_by if k not in used]
        return ", ".join(terms)


def check_window(limit: int | None, offset: int | None, max_limit: int) -> tuple[int, int]:
    """Validate ``limit``/``offset``, applying the default limit."""
    limit = min(DEFAULT_LIMIT, max_limit) if limit is None else limit
    offset = 0 if offset is None else offset
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    if limit > max_limit:
        raise QueryError(f"limit {limit} exceeds the maximum of {max_limit}; page with offset")
    return limit, offset


def build_select(
    spec: MartSpec,
    database: str,
    *,
    columns: Sequence[str] | None = None,
    where: Filter | None = None,
    order_by: Sequence[OrderKey] = (),
    limit: int | None = None,
    offset: int | None = None,
    max_limit: int = MAX_LIMIT,
) -> tuple[str, dict[str, Any]]:
    """``SELECT`` for one mart; returns the SQL and its server-side parameters."""
    builder = SelectBuilder(spec)
    names = [builder.column(c).name for c in dict.fromkeys(columns or spec.column_names)]
    where_sql = builder.condition(where or {})
    order_sql = builder.order(order_by)
    limit, offset = check_window(limit, offset, max_limit)
    builder.parameters.update(limit=limit, offset=offset)
    sql = f"SELECT {', '.join(quote(n) for n in names)} FROM {quote(database)}.{quote(spec.name)}"
    sql += f" WHERE {where_sql}"
    if order_sql:
        sql += f" ORDER BY {order_sql}"
    sql += " LIMIT {limit:UInt64} OFFSET {offset:UInt64}"
    return sql, builder.parameters
