"""Page weight: the bytes a browser downloads to show one page of the built site.

A page's weight is its HTML plus every local file it loads (scripts, style sheets, images,
the favicon), each counted once, as found in its ``src``/``href`` attributes of ``script``,
``link`` and ``img`` elements. Links to other pages are not loads and do not count.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_LOAD = re.compile(r"<(?:script|img|link)\b[^>]*?\s(?:src|href)=\"([^\"#?:]+)\"")
PAGE_BUDGET_BYTES = 500_000


@dataclass(frozen=True)
class PageWeight:
    page: str  # site-relative path
    bytes: int
    loads: tuple[str, ...]  # site-relative paths of the files it loads


def page_weight(root: Path, page: Path, sizes: dict[Path, int] | None = None) -> PageWeight:
    """The weight of ``page`` (a file under ``root``); ``sizes`` caches file sizes."""
    sizes = {} if sizes is None else sizes
    html = page.read_text(encoding="utf-8")
    loads = []
    for ref in dict.fromkeys(_LOAD.findall(html)):  # each file once, in page order
        target = Path(os.path.normpath(page.parent / ref))
        if target not in sizes:
            sizes[target] = target.stat().st_size  # a missing file is a broken page: raise
        loads.append(target)
    total = len(html.encode("utf-8")) + sum(sizes[t] for t in loads)
    return PageWeight(
        str(page.relative_to(root)), total, tuple(str(t.relative_to(root)) for t in loads)
    )


def site_weights(root: Path) -> list[PageWeight]:
    """Every HTML page of the site at ``root``, heaviest first."""
    sizes: dict[Path, int] = {}
    weights = [page_weight(root, p, sizes) for p in sorted(root.rglob("*.html"))]
    return sorted(weights, key=lambda w: (-w.bytes, w.page))
