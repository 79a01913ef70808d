"""Who may open the embedded chDB directory, and how everyone else reaches it.

chDB allows one process per data directory. The directory is leased with an exclusive
``flock`` on ``serving/chdb.lease``:

* the API server (``hold_store``) takes the lease for as long as it runs and advertises a
  loopback endpoint plus a random token in ``serving/endpoint.json``;
* a pipeline step (``open_store``) takes the lease if it is free and opens chDB itself;
  if the API holds it, the step talks to the API's ``/internal/serving`` routes, where the
  same publish code runs on the API's client. If another step holds it, it waits.

Production (``OSO_TARGET=production``) skips all this and connects to the server URL.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from oso.serving.remote import RemoteStore
from oso.serving.store import ClickHouseStore, ServingStore
from oso.settings import Settings, Target

LEASE_FILE = "chdb.lease"
ENDPOINT_FILE = "endpoint.json"


class LeaseTimeoutError(TimeoutError):
    pass


class _Lease:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def try_acquire(self) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _read_endpoint(settings: Settings) -> dict[str, str] | None:
    try:
        data = json.loads((settings.serving_dir / ENDPOINT_FILE).read_text())
    except (OSError, ValueError):
        return None
    return data if {"url", "token", "pid"} <= data.keys() else None


def _connect_embedded(settings: Settings) -> ClickHouseStore:
    settings.chdb_path.mkdir(parents=True, exist_ok=True)
    return ClickHouseStore.connect(
        f"chdb://{settings.chdb_path}", settings.serving_database, settings.serving_keep_versions
    )


@contextlib.contextmanager
def open_store(settings: Settings, *, wait_s: float = 300.0) -> Iterator[ServingStore]:
    """The serving store for a pipeline step or a CLI command (short-lived use)."""
    if settings.target is Target.PRODUCTION:
        assert settings.clickhouse_url
        store = ClickHouseStore.connect(
            settings.clickhouse_url, settings.serving_database, settings.serving_keep_versions
        )
        try:
            yield store
        finally:
            store.close()
        return
    deadline = time.monotonic() + wait_s
    while True:
        lease = _Lease(settings.serving_dir / LEASE_FILE)
        if lease.try_acquire():
            try:
                embedded = _connect_embedded(settings)
                try:
                    yield embedded
                finally:
                    embedded.close()
            finally:
                lease.release()
            return
        lease.release()
        endpoint = _read_endpoint(settings)
        if endpoint is not None:
            yield RemoteStore(endpoint["url"], endpoint["token"], settings.serving_database)
            return
        if time.monotonic() > deadline:
            raise LeaseTimeoutError(
                f"the serving store {settings.chdb_path} stayed busy for {wait_s:.0f} s"
            )
        time.sleep(0.2)


@contextlib.contextmanager
def hold_store(
    settings: Settings, api_url: str, *, wait_s: float = 600.0
) -> Iterator[ServingStore]:
    """The API server's store: holds the embedded lease and advertises ``api_url``."""
    if settings.target is Target.PRODUCTION:
        with open_store(settings) as store:
            yield store
        return
    lease = _Lease(settings.serving_dir / LEASE_FILE)
    deadline = time.monotonic() + wait_s
    while not lease.try_acquire():  # a pipeline step is publishing: wait for it
        if time.monotonic() > deadline:
            lease.release()
            raise LeaseTimeoutError(f"could not lease {settings.chdb_path} within {wait_s:.0f} s")
        time.sleep(0.2)
    endpoint = settings.serving_dir / ENDPOINT_FILE
    try:
        store = _connect_embedded(settings)
        token = secrets.token_urlsafe(32)
        tmp = endpoint.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump({"url": api_url, "token": token, "pid": os.getpid()}, fh)
        tmp.replace(endpoint)
        store.serving_token = token  # type: ignore[attr-defined]
        try:
            yield store
        finally:
            endpoint.unlink(missing_ok=True)
            store.close()
    finally:
        lease.release()
