"""Batched JSON-RPC over ``oso.http.HttpClient``: responses matched by id, every failure named.

A batch is one POST of an array of calls. Each response must carry the id of a call and a
``result``; an ``error`` member, a missing id or a missing result raises ``SourceError`` naming
the network, the method and what was asked for (a block number or a transaction hash).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from oso.http import HttpClient, SourceError

# Answers meaning "this node has no such method" (geth: -32601; ganache: -32700 + text).
_UNSUPPORTED = re.compile(r"does not exist|not available|not supported|unsupported|not found")


@dataclass(frozen=True)
class Call:
    method: str
    params: list[Any]
    what: str  # what the call is about, for errors: "block 12", "tx 0xab…"


class RpcError(SourceError):
    """The node answered a call with an ``error`` member."""

    def __init__(self, message: str, code: int | None, detail: str) -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail

    @property
    def unsupported(self) -> bool:
        return self.code == -32601 or bool(_UNSUPPORTED.search(self.detail.lower()))


def redact(url: str) -> str:
    """scheme://host[:port] only: RPC URLs often carry an API key in the path or query."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}" + ("/…" if parts.path.strip("/") or parts.query else "")


class JsonRpc:
    """One network's endpoint; ``batch`` sends calls ``batch_size`` at a time."""

    def __init__(
        self,
        network: str,
        url: str,
        *,
        batch_size: int = 50,
        timeout_s: float = 60.0,
        max_retry_s: float = 120.0,
    ) -> None:
        self.network = network
        self.url = url
        self.batch_size = max(1, batch_size)
        self.source = f"evm {network}"
        self._http = HttpClient(self.source, url, timeout_s=timeout_s, max_retry_s=max_retry_s)
        self.unsupported: set[str] = set()  # methods the node does not know
        self._known: set[str] = set()

    def _fail(self, call: Call, detail: str) -> SourceError:
        return SourceError(f"{self.source}: {call.method} {call.what}: {detail}")

    def _post(self, payload: list[dict[str, Any]], first: Call) -> Any:
        try:
            return self._http.json("POST", self.url, json=payload)
        except SourceError as exc:
            message = str(exc).replace(self.url, redact(self.url))
            raise SourceError(f"{message} (calling {first.method} {first.what})") from None

    def _send(self, calls: Sequence[Call]) -> list[dict[str, Any]]:
        """One POST; the responses in call order (each holds a result or an error)."""
        payload = [
            {"jsonrpc": "2.0", "id": i, "method": c.method, "params": c.params}
            for i, c in enumerate(calls)
        ]
        body = self._post(payload, calls[0])
        if isinstance(body, dict) and "error" in body:  # the whole batch was refused
            raise self._error(calls[0], body["error"])
        if not isinstance(body, list):
            raise self._fail(calls[0], f"batch answer is not a JSON array: {str(body)[:200]}")
        by_id: dict[int, dict[str, Any]] = {}
        for item in body:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                by_id[item["id"]] = item
        answers = []
        for i, call in enumerate(calls):
            if i not in by_id:
                raise self._fail(call, f"no response with id {i} in the batch answer")
            answers.append(by_id[i])
        return answers

    def _error(self, call: Call, error: Any) -> RpcError:
        code = error.get("code") if isinstance(error, dict) else None
        detail = str(error.get("message") if isinstance(error, dict) else error)[:300]
        return RpcError(
            f"{self.source}: {call.method} {call.what}: error {code}: {detail}", code, detail
        )

    def _result(self, call: Call, answer: dict[str, Any]) -> Any:
        if "error" in answer and answer["error"] is not None:
            raise self._error(call, answer["error"])
        if "result" not in answer:
            raise self._fail(call, "response has neither result nor error")
        return answer["result"]

    def batch(self, calls: Sequence[Call]) -> list[Any]:
        """Every call's result, in order (``batch_size`` calls per POST)."""
        results: list[Any] = []
        for i in range(0, len(calls), self.batch_size):
            chunk = calls[i : i + self.batch_size]
            results += [self._result(c, a) for c, a in zip(chunk, self._send(chunk), strict=True)]
        return results

    def call(self, method: str, params: list[Any], what: str = "") -> Any:
        return self.batch([Call(method, params, what)])[0]

    def supports(self, call: Call) -> bool:
        """Whether the node knows ``call.method`` (asked once, with ``call``, then remembered)."""
        if call.method not in self._known and call.method not in self.unsupported:
            try:
                self.call(call.method, call.params, call.what)
                self._known.add(call.method)
            except RpcError as exc:
                if not exc.unsupported:
                    raise
                self.unsupported.add(call.method)
        return call.method in self._known

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> JsonRpc:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
