"""The demo's stand-in for the internet: one loopback HTTP server for the HTTP sources.

Each source's ``demo.py`` provides a handler answering like the real service (GitHub REST,
npm downloads, Open Collective GraphQL) with deterministic synthetic data; this server mounts
them under ``/<source>/`` so settings point at e.g. ``http://127.0.0.1:PORT/github``.
"""

from __future__ import annotations

import importlib
import threading
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oso.settings import Settings

Handler = Callable[[str, str, dict[str, list[str]], bytes], tuple[int, dict[str, str], bytes]]
HTTP_SOURCES = ("github", "npm", "opencollective")


def load_handlers(settings: Settings) -> dict[str, Handler]:
    handlers = {}
    for source in HTTP_SOURCES:
        module = importlib.import_module(f"oso.sources.{source}.demo")
        handlers[source] = module.demo_handler(settings)
    return handlers


class DemoUpstream:
    """A threaded loopback server dispatching ``/<source>/<path>`` to the source's handler."""

    def __init__(self, handlers: dict[str, Handler], port: int = 0) -> None:
        self.handlers = handlers
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def dispatch(
        self, method: str, raw_path: str, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parsed = urllib.parse.urlsplit(raw_path)
        _, source, rest = [*parsed.path.split("/", 2), "", ""][:3]
        handler = self.handlers.get(source)
        if handler is None:
            return 404, {"Content-Type": "application/json"}, b'{"message": "unknown demo source"}'
        return handler(method, "/" + rest, urllib.parse.parse_qs(parsed.query), body)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        upstream = self

        class _Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, payload = upstream.dispatch(self.command, self.path, body)
                self.send_response(status)
                for key, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _serve  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        return _Handler

    def start(self) -> DemoUpstream:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
