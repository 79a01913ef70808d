"""Faults that retrying cannot fix fail the step at once, with a message that says why."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from oso.registry import Registry, RegistryError, load_registry
from oso.settings import Settings
from oso.storage import StorageError, guard_storage


@contextlib.contextmanager
def fail_on_storage_fault(path: Path, doing: str) -> Iterator[None]:
    """A full disk or a permission error inside the block fails the step, not retried."""
    try:
        with guard_storage(path, doing):
            yield
    except StorageError as exc:
        raise dg.Failure(description=exc.strerror, allow_retries=False) from exc


def permanent_failure(exc: Exception) -> dg.Failure:
    """Bad input (an invalid registry, a malformed answer): retrying gives the same result."""
    return dg.Failure(description=str(exc), allow_retries=False)


def registry_or_fail(settings: Settings) -> Registry:
    """The validated registry; its problems fail the step at once (a retry reads the same files)."""
    try:
        return load_registry(settings.oss_directory)
    except RegistryError as exc:
        raise permanent_failure(exc) from exc
