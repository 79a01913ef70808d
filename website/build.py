"""Build the static website from the serving store and swap it into place atomically.

The site is written into a fresh directory beside ``out_dir`` and then exchanged with
the live one in a single ``renameat2(RENAME_EXCHANGE)`` call (Linux), so a web server
serving ``out_dir`` sees the whole old site or the whole new one. Where the exchange is
unsupported, the old directory is renamed away and the new one renamed in (two renames;
``out_dir`` is briefly absent but never half-written). A failed build leaves the
previous site untouched and removes its scratch directory.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from oso.serving.store import ServingStore
from website.data import load_site_data
from website.render import SiteContext, SitePages

STATIC_DIR = Path(__file__).parent / "static"
NODE_MODULES = Path(__file__).parent / "node_modules"
# static/<name> <- website/node_modules/<path>: the charting library, from website/package-lock.json
VENDORED = {
    "vendor/uPlot.iife.min.js": "uplot/dist/uPlot.iife.min.js",
    "vendor/uPlot.min.css": "uplot/dist/uPlot.min.css",
    "vendor/uPlot.LICENSE.txt": "uplot/LICENSE",
}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteBuildResult:
    out_dir: Path
    pages: int  # HTML pages written
    bytes: int  # total size of every file written (pages, badges, SQL, scripts, static)
    seconds: float
    projects: int
    collections: int
    files: int = 0  # every file written, static files included


def graphql_url(api_url: str | None) -> str | None:
    """``<api_url>/graphql`` (GraphiQL), for http(s) API URLs only."""
    if not api_url:
        return None
    if urlsplit(api_url).scheme not in {"http", "https"}:
        raise ValueError(f"api_url must be an http(s) URL, got {api_url!r}")
    base = api_url.rstrip("/")
    return base if base.endswith("/graphql") else f"{base}/graphql"


def _write_pages(pages: Iterable[tuple[str, str]], root: Path) -> tuple[int, int, int]:
    """Write every ``(relative path, text)``; the number of HTML pages, of files and bytes."""
    count = html_pages = size = 0
    made: set[str] = set()
    for rel, html in pages:
        directory = os.path.dirname(rel)
        if directory and directory not in made:
            os.makedirs(root / directory, exist_ok=True)
            made.add(directory)
        data = html.encode("utf-8")
        with open(root / rel, "wb") as f:
            f.write(data)
        count += 1
        html_pages += rel.endswith(".html")
        size += len(data)
    return html_pages, count, size


def _copy_static(root: Path) -> tuple[int, int]:
    missing = [path for path in VENDORED.values() if not (NODE_MODULES / path).is_file()]
    if missing:
        raise FileNotFoundError(
            f"website: {NODE_MODULES / missing[0]} is missing; install the site's front-end "
            "packages with scripts/install.sh (npm ci --prefix website)"
        )
    shutil.copytree(STATIC_DIR, root / "static")
    (root / "static" / "vendor").mkdir()
    for name, path in VENDORED.items():
        shutil.copyfile(NODE_MODULES / path, root / "static" / name)
    sizes = [p.stat().st_size for p in (root / "static").rglob("*") if p.is_file()]
    return len(sizes), sum(sizes)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directory entries (Linux renameat2); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}:
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, target: Path) -> None:
    """Make ``new`` the directory at ``target``; the previous version is deleted."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise FileExistsError(f"{target} exists and is not a directory; refusing to replace it")
    if not target.exists():
        os.rename(new, target)
    elif _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous site
    else:
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.rename(target, old)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(old, target)  # put the previous site back
            raise
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    store: ServingStore,
    out_dir: Path,
    *,
    as_of: dt.date,
    window_start: dt.date,
    synthetic: bool = False,
    api_url: str | None = None,
) -> SiteBuildResult:
    """Render the whole site from the published marts into ``out_dir`` (replaced atomically)."""
    started = time.perf_counter()
    out_dir = Path(out_dir).absolute()
    context = SiteContext(as_of, window_start, synthetic, graphql_url(api_url))
    data = load_site_data(store, as_of=as_of, window_start=window_start)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes it 0700; a web server must read it
        pages, files, size = _write_pages(SitePages(data, context).pages(), staging)
        static_files, static_size = _copy_static(staging)
        files, size = files + static_files, size + static_size
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = SiteBuildResult(
        out_dir,
        pages,
        size,
        time.perf_counter() - started,
        len(data.projects),
        len(data.collections),
        files,
    )
    log.info("website: %d pages, %d bytes in %.2f s -> %s", pages, size, result.seconds, out_dir)
    return result
