"""Small ASGI helpers for the access middleware: JSON answers, body replay, recording."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Message, Receive, Scope, Send

Headers = list[tuple[bytes, bytes]]
CACHEABLE_TYPES = (b"application/json", b"application/graphql-response+json")
NDJSON = b"application/x-ndjson"


def request_headers(scope: Scope, *names: bytes) -> dict[bytes, str]:
    """The first value of each of ``names`` (lower-case) present in the request."""
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in names and name not in found:
            found[name] = value.decode("latin-1")
    return found


async def send_json(
    send: Send, status: int, body: dict[str, Any], headers: Headers | None = None
) -> None:
    data = json.dumps(body).encode()
    out = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": out + (headers or [])})
    await send({"type": "http.response.body", "body": data, "more_body": False})


async def send_cached(send: Send, status: int, headers: Headers, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that yields ``body`` once, then defers to the real one."""
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again


def _is_error_body(content_type: bytes, body: bytes) -> bool:
    """A GraphQL answer with ``errors`` or an NDJSON stream with an ``error`` line."""
    if b'"error' not in body:
        return False
    lines = body.splitlines() if content_type.startswith(NDJSON) else [body]
    for line in lines:
        try:
            item = json.loads(line)
        except ValueError:
            return True
        if isinstance(item, dict) and (item.get("errors") or item.get("error")):
            return True
    return False


class Recorder:
    """Wraps ``send``: adds ``extra`` headers and keeps a copy of a cacheable response."""

    def __init__(self, send: Send, extra: Headers, max_bytes: int) -> None:
        self.send, self.extra, self.max_bytes = send, extra, max_bytes
        self.status = 0
        self.headers: Headers = []
        self.chunks: list[bytes] = []
        self.size = 0
        self.keep = False
        self.complete = False
        self._type = b""

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status, self.headers = message["status"], list(message.get("headers", []))
            self._type = next((v for k, v in self.headers if k == b"content-type"), b"")
            self.keep = self.status == 200 and self._type.startswith((*CACHEABLE_TYPES, NDJSON))
            message = {**message, "headers": self.headers + self.extra}
        elif message["type"] == "http.response.body" and self.keep:
            chunk = message.get("body", b"")
            self.size += len(chunk)
            if self.size > self.max_bytes:
                self.keep, self.chunks = False, []
            else:
                self.chunks.append(chunk)
            self.complete = not message.get("more_body", False)
        await self.send(message)

    def cacheable(self) -> bytes | None:
        """The whole body when the response may be cached."""
        if not (self.keep and self.complete):
            return None
        body = b"".join(self.chunks)
        return None if _is_error_body(self._type, body) else body
