"""Check one SQL API query with sqlglot and rewrite it onto the serving database.

The query must be exactly one SELECT (or UNION / INTERSECT / EXCEPT, optionally with a
WITH clause) whose every table is a published mart or a CTE of the query. No database
names, table functions, SETTINGS, FORMAT, INTO OUTFILE, query parameters or functions of
``policy``. The SQL that runs is generated from the checked AST, never the text received:
marts are qualified with the serving database, CTEs are renamed (so a name that ClickHouse
and sqlglot resolve differently finds no table at all) and comments are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import expressions as exp
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError, TokenError
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.tokens import TokenType

from api.sqlapi.policy import DENIED_NODES, denied_function

DIALECT = "clickhouse"
CTE_PREFIX = "_sql_cte_"
_STARTS = (TokenType.SELECT, TokenType.WITH, TokenType.L_PAREN)
_CLASS = re.compile(r"<class 'sqlglot\.expressions\.[\w.]*?(?P<name>\w+)'>")
_TOKEN = re.compile(
    r"<Token token_type: TokenType\.(?P<type>\w+), text: (?P<text>.*?), line: [^>]*>"
)


class SqlApiError(ValueError):
    """A query the SQL API will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class CheckedQuery:
    sql: str  # ClickHouse SQL generated from the rewritten AST
    marts: tuple[str, ...]  # the published marts it reads, sorted


def check_query(text: str, marts: Collection[str], database: str) -> CheckedQuery:
    """Parse, check and rewrite ``text``; raise ``SqlApiError`` naming what is wrong.

    Results are cached by query text (dashboards repeat their queries); refusals are not.
    """
    return _check_cached(text, frozenset(marts), database)


@lru_cache(maxsize=1024)
def _check_cached(text: str, marts: frozenset[str], database: str) -> CheckedQuery:
    _prescan(text)
    ast = _parse_one(text)
    for node in ast.walk():
        _check_node(node)
    read = _rewrite_tables(ast, _cte_references(ast), set(marts), database)
    if isinstance(ast, exp.SetOperation):  # max_result_rows caps a SELECT's own result only
        ast = exp.select("*").from_(ast.subquery())
    return CheckedQuery(_generate(ast), tuple(sorted(read)))


def _prescan(text: str) -> None:
    """Checks on the tokens: clear messages for what sqlglot would only call a syntax error."""
    if "\x00" in text:
        raise SqlApiError("the query contains a NUL character")
    try:
        text.encode("utf-8")
        tokens = sqlglot.tokenize(text, read=DIALECT)
    except UnicodeEncodeError as exc:
        raise SqlApiError("the query is not valid Unicode text") from exc
    except TokenError as exc:
        raise SqlApiError(f"invalid SQL: {_first_line(exc)}") from exc
    if not tokens:
        raise SqlApiError("the query is empty")
    if tokens[0].token_type not in _STARTS:
        raise SqlApiError(
            f"only a SELECT query is allowed; this one starts with {tokens[0].text.upper()}"
        )
    for a, b in itertools.pairwise(tokens):
        if a.token_type is TokenType.INTO and b.text.upper() == "OUTFILE":
            raise SqlApiError("INTO OUTFILE is not allowed: the SQL API only returns rows")


def _parse_one(text: str) -> exp.Expression:
    try:
        statements = [s for s in sqlglot.parse(text, read=DIALECT) if s is not None]
    except ParseError as exc:
        raise SqlApiError(f"invalid SQL: {_describe(exc)}") from exc
    except SqlglotError as exc:
        raise SqlApiError(f"invalid SQL: {_first_line(exc)}") from exc
    except RecursionError as exc:
        raise SqlApiError("the query is nested too deeply") from exc
    if not statements:
        raise SqlApiError("the query is empty")
    if len(statements) > 1:
        kinds = ", ".join(_kind(s) for s in statements)
        raise SqlApiError(f"exactly one statement is allowed; found {len(statements)} ({kinds})")
    ast = statements[0]
    while isinstance(ast, exp.Subquery) and not ast.alias:
        ast = ast.this
    if not isinstance(ast, exp.Select | exp.SetOperation):
        raise SqlApiError(f"only a SELECT query is allowed; this is {_kind(ast)}")
    return ast


def _check_node(node: exp.Expr) -> None:
    for kind, label in DENIED_NODES.items():
        if isinstance(node, kind):
            raise SqlApiError(f"{label} is not allowed: the SQL API runs one read-only SELECT")
    if isinstance(node, exp.Query):
        if node.args.get("settings"):
            raise SqlApiError("SETTINGS is not allowed: the SQL API sets the query's limits")
        if node.args.get("format"):
            raise SqlApiError("FORMAT is not allowed: answers are NDJSON (see the format field)")
    if isinstance(node, exp.In) and node.args.get("field") is not None:
        raise SqlApiError(
            f"IN {node.args['field'].sql(DIALECT)} is not allowed: "
            "write IN (SELECT ... FROM <published table>)"
        )
    if isinstance(node, exp.Func):
        names = {type(node).__name__, *type(node).sql_names()}
        if isinstance(node.args.get("this"), str):
            names.add(node.args["this"])
        denied = denied_function(names)
        if denied is not None:
            raise SqlApiError(
                f"function {denied} is not allowed: the SQL API only runs functions of the "
                "published data (no dictionaries, files, server state or sleeps)"
            )


def _cte_references(ast: exp.Expression) -> dict[int, exp.CTE]:
    """Table nodes (by id) that refer to a CTE of the query, by sqlglot's scoping rules."""
    try:
        root = build_scope(ast)
    except (SqlglotError, RecursionError) as exc:
        raise SqlApiError(f"the query's tables could not be resolved: {exc}") from exc
    found: dict[int, exp.CTE] = {}
    for scope in root.traverse() if root is not None else []:
        for table in scope.tables:
            source = scope.sources.get(table.alias_or_name)
            if isinstance(source, Scope) and isinstance(source.expression.parent, exp.CTE):
                found[id(table)] = source.expression.parent
    return found


def _rewrite_tables(
    ast: exp.Expression, ctes: dict[int, exp.CTE], marts: set[str], database: str
) -> set[str]:
    """Qualify every mart with ``database``, rename CTEs; return the marts read."""
    names = {id(c): f"{CTE_PREFIX}{i}" for i, c in enumerate(ast.find_all(exp.CTE))}
    read: set[str] = set()
    for table in list(ast.find_all(exp.Table)):
        if not isinstance(table.this, exp.Identifier):
            raise SqlApiError(
                f"table function {_callee(table.this)} is not allowed: "
                "only published tables can be read"
            )
        if id(table) in ctes:
            if not table.alias:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(table.name)))
            table.set("this", exp.to_identifier(names[id(ctes[id(table)])]))
            continue
        parts = [p.name for p in (table.args.get("catalog"), table.args.get("db")) if p]
        qualified = ".".join([*parts, table.name])
        if parts or table.name not in marts:
            raise SqlApiError(f"table {qualified} is not a published table{_hint(marts)}")
        table.set("db", exp.to_identifier(database, quoted=True))
        read.add(table.name)
    for cte in ast.find_all(exp.CTE):
        if not cte.args.get("scalar"):
            cte.args["alias"].set("this", exp.to_identifier(names[id(cte)]))
    return read


def _generate(ast: exp.Expression) -> str:
    try:
        sql = ast.sql(dialect=DIALECT, comments=False, unsupported_level=ErrorLevel.RAISE)
        again = [s for s in sqlglot.parse(sql, read=DIALECT) if s is not None]
    except (SqlglotError, RecursionError) as exc:
        raise SqlApiError(f"the query could not be rewritten safely: {_first_line(exc)}") from exc
    if len(again) != 1:  # a regenerated query must still be one statement
        raise SqlApiError("the query could not be rewritten safely")
    return sql


def _hint(marts: set[str]) -> str:
    if not marts:
        return " (no table is published)"
    shown = sorted(marts)
    more = f", … ({len(shown) - 12} more)" if len(shown) > 12 else ""
    return f"; published tables (no database prefix): {', '.join(shown[:12])}{more}"


def _callee(node: exp.Expression) -> str:
    if not isinstance(node, exp.Func):
        return node.sql(DIALECT)
    name = node.name if isinstance(node, exp.Anonymous) else type(node).sql_names()[0].lower()
    return f"{name}(...)"


def _kind(statement: exp.Expr) -> str:
    if isinstance(statement, exp.Command):
        return str(statement.this).upper()
    return statement.key.upper()


def _describe(exc: ParseError) -> str:
    if not exc.errors:
        return _first_line(exc)
    error = exc.errors[0]
    description = _TOKEN.sub(_token_text, str(error["description"]))
    description = _CLASS.sub(lambda m: m["name"], description)
    near = f" near {error['highlight']!r}" if error.get("highlight") else ""
    return f"{description} at line {error['line']}, column {error['col']}{near}"


def _token_text(match: re.Match[str]) -> str:
    """sqlglot names tokens by their repr; say which text (or the end of the query)."""
    return "the end of the query" if match["type"] == "SENTINEL" else repr(match["text"])


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__
