"""Deterministic, SYNTHETIC local git repositories for the demo (no internet).

``write_demo_repos(base, repos, start, end)`` writes one bare repository per ``owner/name`` at
``base/<owner>/<name>``, so ``OSO_GIT_BASE_URL=<base>`` makes the git source clone them like
GitHub repositories. Each repository gets commits on its ``main`` branch over the window: a
per-repository pace, 0-5 commits a day at fixed times, authors from a small invented pool,
every message marked "[synthetic]". Commits are written with ``git fast-import`` in one stream
per repository, so 20 repositories x 35 days take well under a second each; the same inputs
always give the same shas. A marker file in ``base`` tells the pipeline the data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from oso.sources.git.repos import normalize_repository
from oso.sources.git.settings import SYNTHETIC_MARKER

AUTHORS = (
    ("Ada Synthetic", "ada@synthetic.example"),
    ("Bo Placeholder", "bo@synthetic.example"),
    ("Cy Invented", "cy@synthetic.example"),
    ("Di Madeup", "di@synthetic.example"),
    ("Ed Fictional", "ed@synthetic.example"),
    ("Fay Sample", "fay@synthetic.example"),
)
_ENV = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}


@dataclass(frozen=True)
class StreamCommit:
    author: tuple[str, str]  # name, e-mail (also the committer)
    epoch: int  # UTC seconds
    message: str
    path: str  # the one file the commit writes
    content: bytes


def _unit(*parts: object) -> float:
    """A deterministic number in [0, 1) from the parts."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def fast_import_stream(commits: Iterable[StreamCommit], branch: str = "main") -> Iterator[bytes]:
    """A ``git fast-import`` stream writing ``commits`` in order, each on top of the last."""
    for mark, c in enumerate(commits, 1):
        ident = f"{c.author[0]} <{c.author[1]}> {c.epoch} +0000".encode()
        yield b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark)
        yield b"author %s\ncommitter %s\n" % (ident, ident)
        yield _data(c.message.encode())
        if mark > 1:
            yield b"from :%d\n" % (mark - 1)
        yield b"M 100644 inline %s\n" % c.path.encode()
        yield _data(c.content)


def fast_import(repo: Path, stream: Iterable[bytes], branch: str = "main") -> None:
    """Create a bare repository at ``repo`` (replacing it) and import ``stream`` into it."""
    shutil.rmtree(repo, ignore_errors=True)
    repo.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "--bare", "-b", branch, str(repo)], env=_ENV, check=True)
    with subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"], cwd=repo, env=_ENV, stdin=subprocess.PIPE
    ) as proc:
        assert proc.stdin is not None
        for chunk in stream:
            proc.stdin.write(chunk)
        proc.stdin.write(b"done\n")
        proc.stdin.close()
        if proc.wait() != 0:
            raise RuntimeError(f"git fast-import failed for {repo}")


def demo_commits(repository: str, start: dt.date, end: dt.date) -> Iterator[StreamCommit]:
    """The synthetic history of one repository over [start, end]."""
    pace = 0.5 + 2.5 * _unit(repository, "pace")  # mean commits a day
    first = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp())
    yield StreamCommit(
        AUTHORS[0],
        first,
        f"[synthetic] initial demo commit of {repository}\n",
        "README.md",
        b"Synthetic demo repository: invented history, not real code.\n",
    )
    day, n = start, 0
    while day <= end:
        count = int(pace * 2 * _unit(repository, day, "count"))
        midnight = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
        times = sorted(int(86_400 * _unit(repository, day, i)) for i in range(count))
        for second in times:
            n += 1
            author = AUTHORS[int(len(AUTHORS) * _unit(repository, day, second, "author"))]
            yield StreamCommit(
                author=author,
                epoch=midnight + second,
                message=f"[synthetic] demo change {n} to {repository}\n",
                path=f"src/file{n % 7}.txt",
                content=f"synthetic demo content {n}\n".encode(),
            )
        day += dt.timedelta(days=1)


def write_demo_repos(base: Path, repos: list[str], start: dt.date, end: dt.date) -> None:
    """Write ``base/<owner>/<name>`` (bare) for each repository and the synthetic marker."""
    base.mkdir(parents=True, exist_ok=True)
    (base / SYNTHETIC_MARKER).write_text(
        "SYNTHETIC git repositories for the OSO demo: invented authors and commits"
        f" from {start} to {end}; not real project history.\n"
    )
    for name in sorted({normalize_repository(r) for r in repos}):
        fast_import(base / name, fast_import_stream(demo_commits(name, start, end)))
