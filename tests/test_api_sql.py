"""Unit tests of the GraphQL -> SQL builder (``api.sql``): pure, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from api.sql import DEFAULT_LIMIT, MAX_FILTER_DEPTH, QueryError, build_select
from oso.marts import ColumnSpec, MartSpec

SPEC = MartSpec(
    name="things_v1",
    description="test mart",
    columns=(
        ColumnSpec("thing_id", "string"),
        ColumnSpec("name", "string"),
        ColumnSpec("star_count", "int64"),
        ColumnSpec("score", "float64"),
        ColumnSpec("day", "date"),
        ColumnSpec("seen_at", "timestamp"),
        ColumnSpec("is_fork", "bool"),
    ),
    order_by=("thing_id",),
)


def build(**kwargs: object) -> tuple[str, dict[str, object]]:
    return build_select(SPEC, "db_x", **kwargs)  # type: ignore[arg-type]


def test_defaults_select_every_column_from_the_stores_database() -> None:
    sql, params = build()
    columns = ", ".join(f"`{c}`" for c in SPEC.column_names)
    assert sql == (
        f"SELECT {columns} FROM `db_x`.`things_v1` WHERE 1 ORDER BY `thing_id` ASC "
        "LIMIT {limit:UInt64} OFFSET {offset:UInt64}"
    )
    assert params == {"limit": DEFAULT_LIMIT, "offset": 0}


def test_values_are_bound_never_spliced() -> None:
    evil = "x' OR 1=1 --"
    sql, params = build(columns=["name"], where={"name": {"_eq": evil}})
    assert evil not in sql
    assert "WHERE `name` = {p0:String}" in sql
    assert params["p0"] == evil


@pytest.mark.parametrize(
    ("column", "ops", "fragment", "value"),
    [
        ("star_count", {"_gt": 5}, "`star_count` > {p0:Int64}", 5),
        ("star_count", {"_lte": -1}, "`star_count` <= {p0:Int64}", -1),
        ("score", {"_gte": 2}, "`score` >= {p0:Float64}", 2.0),
        ("day", {"_lt": dt.date(2024, 1, 2)}, "`day` < {p0:Date32}", dt.date(2024, 1, 2)),
        ("is_fork", {"_eq": True}, "`is_fork` = {p0:Bool}", True),
        ("name", {"_neq": "a"}, "`name` != {p0:String}", "a"),
        ("name", {"_in": ["a", "b"]}, "`name` IN {p0:Array(String)}", ["a", "b"]),
        ("star_count", {"_nin": [1, 2]}, "`star_count` NOT IN {p0:Array(Int64)}", [1, 2]),
        ("name", {"_like": "a%"}, "`name` LIKE {p0:String}", "a%"),
        ("name", {"_nlike": "a%"}, "`name` NOT LIKE {p0:String}", "a%"),
        ("name", {"_ilike": "%A%"}, "`name` ILIKE {p0:String}", "%A%"),
        ("name", {"_nilike": "%A%"}, "`name` NOT ILIKE {p0:String}", "%A%"),
    ],
)
def test_operators_bind_typed_parameters(
    column: str, ops: dict[str, object], fragment: str, value: object
) -> None:
    sql, params = build(where={column: ops})
    assert f"WHERE {fragment} ORDER BY" in sql
    assert params["p0"] == value


def test_timestamps_are_bound_in_utc() -> None:
    local = dt.datetime(2024, 1, 1, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    sql, params = build(where={"seen_at": {"_gte": local}})
    assert "`seen_at` >= {p0:DateTime64(6, 'UTC')}" in sql
    assert params["p0"] == dt.datetime(2024, 1, 1, 0, 30, tzinfo=dt.UTC)
    assert params["p0"].tzinfo is dt.UTC


def test_is_null() -> None:
    sql, _ = build(where={"name": {"_is_null": True}, "score": {"_is_null": False}})
    assert "WHERE (`name` IS NULL) AND (`score` IS NOT NULL)" in sql


def test_and_or_not_nest_with_parentheses() -> None:
    where = {
        "_or": [
            {"name": {"_eq": "a"}},
            {"_and": [{"star_count": {"_gt": 1}}, {"is_fork": {"_eq": False}}]},
        ],
        "_not": {"name": {"_like": "z%"}},
    }
    sql, params = build(where=where)
    assert (
        "WHERE ((`name` = {p0:String}) OR ((`star_count` > {p1:Int64}) AND (`is_fork` = {p2:Bool})))"
        " AND (NOT (`name` LIKE {p3:String}))"
    ) in sql
    assert [params[f"p{i}"] for i in range(4)] == ["a", 1, False, "z%"]


def test_empty_logic_and_explicit_nulls() -> None:
    assert "WHERE 1 ORDER" in build(where={"_and": []})[0]
    assert "WHERE 0 ORDER" in build(where={"_or": []})[0]
    assert "WHERE 1 ORDER" in build(where={"_not": None, "name": None, "_and": None})[0]
    assert "WHERE 1 ORDER" in build(where={"name": {}})[0]


def test_multi_key_order_then_table_key() -> None:
    sql, _ = build(
        order_by=[("star_count", "Desc"), ("name", "AscNullsFirst"), ("star_count", "Asc")]
    )
    assert "ORDER BY `star_count` DESC, `name` ASC NULLS FIRST, `thing_id` ASC LIMIT" in sql
    sql, _ = build(order_by=[("thing_id", "Desc")])
    assert "ORDER BY `thing_id` DESC LIMIT" in sql


def test_selected_columns_deduplicated() -> None:
    sql, _ = build(columns=["name", "star_count", "name"])
    assert sql.startswith("SELECT `name`, `star_count` FROM")


def test_limit_and_offset() -> None:
    assert build(limit=0, offset=20)[1] == {"limit": 0, "offset": 20}
    assert build(limit=10_000)[1]["limit"] == 10_000
    with pytest.raises(QueryError, match="exceeds the maximum of 10000"):
        build(limit=10_001)
    with pytest.raises(QueryError, match="must not be negative"):
        build(limit=-1)
    with pytest.raises(QueryError, match="must not be negative"):
        build(offset=-5)
    with pytest.raises(QueryError, match="maximum of 5"):
        build(limit=6, max_limit=5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"where": {"nope": {"_eq": "a"}}}, "no column 'nope'"),
        ({"where": {"name`; DROP": {"_eq": "a"}}}, "no column"),
        ({"columns": ["nope"]}, "no column 'nope'"),
        ({"order_by": [("nope", "Asc")]}, "no column 'nope'"),
        ({"order_by": [("name", "Sideways")]}, "unknown sort direction"),
        ({"where": {"star_count": {"_like": "1%"}}}, "_like is not supported for int64"),
        ({"where": {"name": {"_regex": "a"}}}, "_regex is not supported"),
        ({"where": {"name": {"_eq": None}}}, "use _is_null"),
        ({"where": {"name": {"_eq": 1}}}, "not a valid string"),
        ({"where": {"star_count": {"_eq": "1"}}}, "not a valid int64"),
        ({"where": {"star_count": {"_eq": True}}}, "not a valid int64"),
        ({"where": {"day": {"_eq": dt.datetime(2024, 1, 1)}}}, "not a valid date"),
        ({"where": {"name": {"_in": "ab"}}}, "takes a list"),
        ({"where": {"name": {"_is_null": "yes"}}}, "takes true or false"),
    ],
)
def test_rejected_requests(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        build(**kwargs)


def test_filter_depth_is_bounded() -> None:
    where: dict[str, object] = {"name": {"_eq": "a"}}
    for _ in range(MAX_FILTER_DEPTH + 1):
        where = {"_not": where}
    with pytest.raises(QueryError, match="nested deeper"):
        build(where=where)
