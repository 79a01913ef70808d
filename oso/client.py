"""A Python client for the OSO API, like OSO's ``pyoso``: SQL into pandas, GraphQL into dicts.

    from oso.client import Client
    client = Client()  # OSO_API_KEY and OSO_API_URL from the environment, if set
    df = client.to_pandas("SELECT project_name, star_count FROM code_metrics_by_project_v1")
    data = client.graphql("{ oso_projectsV1(limit: 3) { projectName } }")

SQL goes to ``POST /api/v1/sql`` (NDJSON, read line by line); a query with more than one
statement is refused here, before it is sent, as pyoso does. Every failure (HTTP 4xx/5xx,
GraphQL ``errors``, an unreachable server) raises ``OsoError`` with the server's message.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
import pandas as pd
import sqlglot
from sqlglot.errors import SqlglotError

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
SQL_DIALECT = "clickhouse"


class OsoError(RuntimeError):
    """A request the OSO API refused or could not answer; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(f"HTTP {status}: {message}" if status else message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class QueryResult:
    """A SQL answer: column names, their types (as the server names them) and the rows."""

    columns: list[str]
    types: list[str]
    rows: list[list[Any]]

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame with a dtype per column type (nullable integers and booleans)."""
        values = list(zip(*self.rows, strict=True)) if self.rows else [()] * len(self.columns)
        frame = pd.DataFrame(
            {
                i: _series(list(v), t)
                for i, (v, t) in enumerate(zip(values, self.types, strict=True))
            }
        )
        frame.columns = pd.Index(self.columns)
        return frame


def _series(values: list[Any], type_name: str) -> pd.Series:
    if type_name.startswith("int"):
        return pd.Series(values, dtype="Int64")
    if type_name.startswith("uint"):
        return pd.Series(values, dtype="UInt64")
    if type_name.startswith("float"):
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if type_name == "bool":
        return pd.Series(values, dtype="boolean")
    if type_name == "string":
        return pd.Series(values, dtype="string")
    if type_name == "date":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object"), format="ISO8601"))
    if type_name == "timestamp":
        series = pd.Series(values, dtype="object")
        return pd.Series(pd.to_datetime(series, format="ISO8601", utc=True))
    return pd.Series(values, dtype="object")


class Client:
    """The OSO API at ``base_url`` (default ``OSO_API_URL``, else ``http://127.0.0.1:8000``)."""

    def __init__(
        self, api_key: str | None = None, base_url: str | None = None, timeout_s: float = 330.0
    ) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("OSO_API_KEY") or None
        self.base_url = (base_url or os.environ.get("OSO_API_URL") or DEFAULT_BASE_URL).rstrip("/")
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout_s)

    def query(self, sql: str) -> QueryResult:
        """Run one SQL SELECT over the published marts."""
        check_one_statement(sql)
        request = self._http.build_request("POST", "/api/v1/sql", json={"query": sql})
        response = self._send(request, stream=True)
        try:
            if response.status_code != 200:
                response.read()
                raise _error(response)
            return _read_ndjson(response)
        finally:
            response.close()

    def to_pandas(self, sql: str) -> pd.DataFrame:
        return self.query(sql).to_pandas()

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``data`` of a GraphQL answer; ``OsoError`` if it has ``errors``."""
        body = {"query": query, "variables": variables or {}}
        response = self._send(self._http.build_request("POST", "/graphql", json=body))
        if response.status_code >= 400:
            raise _error(response)
        answer = _json(response)
        if not isinstance(answer, dict):
            raise OsoError("the GraphQL answer is not a JSON object", response.status_code)
        if answer.get("errors"):
            raise OsoError("; ".join(_messages(answer["errors"])), response.status_code)
        data = answer.get("data")
        if not isinstance(data, dict):
            raise OsoError("the GraphQL answer has no data", response.status_code)
        return data

    def _send(self, request: httpx.Request, stream: bool = False) -> httpx.Response:
        try:
            return self._http.send(request, stream=stream)
        except httpx.HTTPError as exc:
            raise OsoError(f"cannot reach the OSO API at {self.base_url}: {exc}") from exc

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def check_one_statement(sql: str) -> None:
    """Refuse more than one statement before sending (the server checks everything again)."""
    try:
        statements = [s for s in sqlglot.parse(sql, read=SQL_DIALECT) if s is not None]
    except (SqlglotError, RecursionError):
        return  # not for the client to judge: the server answers with the exact problem
    if len(statements) > 1:
        raise OsoError(f"one SQL statement per query, this has {len(statements)}")


def _read_ndjson(response: httpx.Response) -> QueryResult:
    columns: list[str] | None = None
    types: list[str] = []
    rows: list[list[Any]] = []
    try:
        for line in response.iter_lines():
            if not line:
                continue
            chunk = json.loads(line)
            if columns is None:
                columns, types = (
                    chunk["columns"],
                    chunk.get("types") or [""] * len(chunk["columns"]),
                )
            rows.extend(chunk["data"])
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
        raise OsoError(f"the SQL answer broke off or is not OSO's NDJSON: {exc}") from exc
    if columns is None:
        raise OsoError("the SQL answer is empty")
    return QueryResult(columns, types, rows)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise OsoError(f"not JSON: {response.text[:300]}", response.status_code) from exc


def _error(response: httpx.Response) -> OsoError:
    """The server's message from any of the API's error shapes."""
    try:
        body = response.json()
    except ValueError:
        return OsoError(response.text.strip()[:500] or response.reason_phrase, response.status_code)
    if isinstance(body, dict):
        for key in ("error", "detail", "errors"):
            if key in body:
                found = body[key]
                text = found if isinstance(found, str) else "; ".join(_messages(found))
                return OsoError(text, response.status_code)
    return OsoError(str(body)[:500], response.status_code)


def _messages(errors: Any) -> list[str]:
    if not isinstance(errors, list):
        return [str(errors)]
    out = []
    for error in errors:
        if isinstance(error, dict):
            where = ".".join(str(p) for p in error.get("loc", ()))
            message = str(error.get("message") or error.get("msg") or error)
            out.append(f"{where}: {message}" if where else message)
        else:
            out.append(str(error))
    return out
