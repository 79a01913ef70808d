"""Quarantine: a corrupt input file is moved aside with the reason, and the run goes on.

Files land in ``OSO_HOME/quarantine/<source>/`` beside ``<name>.reason.txt``. Moving the file
out of the input folder (or the download cache) means the next run fetches it again instead
of failing on the same bytes; a later successful load of the same name releases the entry.
The ``quarantine`` asset check of the source lists what is there.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

REASON_SUFFIX = ".reason.txt"


@dataclass(frozen=True)
class Quarantined:
    name: str
    path: Path
    reason: str


def quarantine_dir(home: Path, source: str) -> Path:
    return home / "quarantine" / source


def quarantine(home: Path, source: str, path: Path, reason: str) -> Path:
    """Move ``path`` into the source's quarantine with its reason; returns the new path."""
    folder = quarantine_dir(home, source)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    shutil.move(str(path), target)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    (folder / f"{path.name}{REASON_SUFFIX}").write_text(f"{stamp} {reason}\n", encoding="utf-8")
    return target


def quarantined(home: Path, source: str) -> list[Quarantined]:
    folder = quarantine_dir(home, source)
    if not folder.is_dir():
        return []
    found = []
    for reason in sorted(folder.glob(f"*{REASON_SUFFIX}")):
        name = reason.name.removesuffix(REASON_SUFFIX)
        text = reason.read_text(encoding="utf-8").strip()
        found.append(Quarantined(name, folder / name, text))
    return found


def release(home: Path, source: str, names: list[str]) -> None:
    """Forget the entries of files that have since loaded cleanly."""
    folder = quarantine_dir(home, source)
    for name in names:
        (folder / name).unlink(missing_ok=True)
        (folder / f"{name}{REASON_SUFFIX}").unlink(missing_ok=True)
