"""Clear messages for the storage faults every step can meet: a full disk, a permission error,
a read-only file system.

``storage_fault`` recognises them in an ``OSError`` or in the text of an engine's error
(DuckDB, dlt and dbt report them as strings); ``guard_storage`` turns them into a
``StorageError`` naming the path, the fault and the free space; ``check_writable`` is the
preflight that catches them before a run starts writing anything.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
from collections.abc import Iterator
from pathlib import Path

FAULTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the file system is read-only",
}
_TEXTS = {
    "no space left on device": errno.ENOSPC,
    "disk quota exceeded": errno.EDQUOT,
    "permission denied": errno.EACCES,
    "operation not permitted": errno.EPERM,
    "read-only file system": errno.EROFS,
}


class StorageError(OSError):
    """A storage fault, with a message that says where, what and what to do."""


def storage_fault(exc: BaseException) -> int | None:
    """The errno of a storage fault in ``exc`` or its causes, else None."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in FAULTS:
            return seen.errno
        text = str(seen).lower()
        for needle, code in _TEXTS.items():
            if needle in text:
                return code
        seen = seen.__cause__ or seen.__context__
    return None


def free_space(path: Path) -> str:
    """Free space on the file system holding ``path`` (or its nearest existing parent)."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return "unknown free space"
    return f"{free / 2**30:.2f} GiB free on {probe}"


def describe(code: int, path: Path, doing: str) -> str:
    hint = (
        "free some space or point OSO_HOME at a larger disk"
        if code in (errno.ENOSPC, errno.EDQUOT)
        else "fix the permissions or point OSO_HOME at a directory you can write"
    )
    return f"{doing}: {FAULTS[code]} at {path} ({free_space(path)}); {hint}"


@contextlib.contextmanager
def guard_storage(path: Path, doing: str) -> Iterator[None]:
    """Re-raise a storage fault inside the block as a ``StorageError`` with a clear message."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        code = storage_fault(exc)
        if code is None:
            raise
        raise StorageError(code, describe(code, path, doing)) from exc


def check_writable(*dirs: Path) -> None:
    """Create each directory and write a probe file in it; a fault raises a ``StorageError``."""
    for folder in dirs:
        with guard_storage(folder, "cannot write the pipeline's state"):
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".oso-write-probe"
            probe.write_bytes(b"x" * 4096)
            probe.unlink()
