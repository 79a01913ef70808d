"""The benchmark hour: one large GH Archive hour of 2020s-schema events."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from oso.sources.gharchive.synthetic.bench_payloads import BenchPayloads
from oso.sources.gharchive.synthetic.bench_pools import DEFAULT_HOUR, KINDS, MIX
from oso.sources.gharchive.synthetic.entities import JSON, Person, Progress, RepoInfo
from oso.sources.gharchive.synthetic.ids import cumulative, normalise_repos
from oso.sources.gharchive.synthetic.output import (
    DIRECTORY_MARKER,
    README_NAME,
    benchmark_readme,
    hour_from_name,
    write_gzip,
)
from oso.sources.gharchive.synthetic.payloads.accounts import actor_2020s
from oso.sources.gharchive.synthetic.payloads.envelope import envelope

_Builder = Callable[[RepoInfo, Person, str], JSON]


def generate_benchmark_hour(
    path: Path,
    *,
    n_events: int = 200_000,
    tracked_repos: list[str],
    tracked_share: float = 0.05,
    seed: int = 0,
    compresslevel: int = 3,
    progress: Progress | None = None,
) -> Path:
    """Write one large hour of 2020s-schema events (``~2.3 kB`` each) to ``path`` (a .json.gz).

    Exactly ``round(n_events * tracked_share)`` events belong to ``tracked_repos``; the rest to
    tens of thousands of other repos with Zipf-like popularity. The hour of the timestamps comes
    from the file name when it is ``YYYY-MM-DD-H.json.gz`` (else 2024-05-21 00:00 UTC).
    """
    tracked = normalise_repos(tracked_repos)
    if not 0.0 <= tracked_share <= 1.0 or (tracked_share > 0 and not tracked):
        raise ValueError("tracked_share must be in [0, 1] and needs tracked_repos when positive")
    hour = hour_from_name(path.name) or DEFAULT_HOUR
    path.parent.mkdir(parents=True, exist_ok=True)
    bench = _Bench(random.Random(f"oso-gharchive-benchmark:{seed}"), hour, n_events, tracked)
    write_gzip(path, bench.chunks(n_events, tracked_share, progress), level=compresslevel)
    args = {"n_events": n_events, "tracked_share": tracked_share, "seed": seed, "hour": hour}
    readme = path.parent / f"SYNTHETIC-{path.name.removesuffix('.json.gz')}.md"
    readme.write_text(benchmark_readme(path.name, args, tracked), encoding="utf-8")
    marker = path.parent / README_NAME  # directory-level; generate_hours writes a fuller one
    if not marker.exists():
        marker.write_text(DIRECTORY_MARKER, encoding="utf-8")
    return path


class _Bench(BenchPayloads):
    """The event stream of the benchmark hour."""

    def chunks(self, n: int, share: float, progress: Progress | None) -> Iterator[bytes]:
        """The hour as JSON lines, 5,000 events per chunk, in created_at order."""
        rng = self.rng
        tracked_at = set(rng.sample(range(n), round(n * share) if self.tracked else 0))
        kinds = rng.choices(KINDS, cum_weights=cumulative(MIX), k=n)
        seconds = sorted(rng.choices(range(3600), k=n))
        actors = rng.choices(self.users, cum_weights=self.user_weights, k=n)
        others = rng.choices(self.others, cum_weights=self.other_weights, k=n)
        builders = self.builders()
        lines: list[bytes] = []
        for i in range(n):
            repo = (
                rng.choices(self.tracked, cum_weights=self.tracked_weights)[0]
                if i in tracked_at
                else others[i]
            )
            event = self.event(
                kinds[i], actors[i], repo, self.times[seconds[i]], builders[kinds[i]]
            )
            lines.append(orjson.dumps(event))
            if len(lines) == 5000 or i == n - 1:
                yield b"\n".join(lines) + b"\n"
                lines.clear()
                if progress is not None:
                    progress(i + 1, n)

    def event(self, kind: str, actor: Person, repo: RepoInfo, at: str, build: _Builder) -> JSON:
        self.counter += 1 + self.rng.randrange(4)
        return envelope(self.counter, kind, actor_2020s(actor), repo, build(repo, actor, at), at)

    def builders(self) -> dict[str, _Builder]:
        """The payload builder of each event type."""
        return {
            "PushEvent": self.push,
            "CreateEvent": self.create,
            "PullRequestEvent": self.pull_request,
            "IssueCommentEvent": self.issue_comment,
            "WatchEvent": self.watch,
            "DeleteEvent": self.delete,
            "PullRequestReviewEvent": self.review,
            "PullRequestReviewCommentEvent": self.review_comment,
            "IssuesEvent": self.issues,
            "ForkEvent": self.fork,
            "ReleaseEvent": self.release,
        }
