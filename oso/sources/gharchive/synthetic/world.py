"""The hourly simulation: all repositories and people of a window, evolving hour by hour."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from oso.sources.gharchive.synthetic.entities import JSON
from oso.sources.gharchive.synthetic.events_pulls import Events
from oso.sources.gharchive.synthetic.ids import cumulative, ts
from oso.sources.gharchive.synthetic.payloads.accounts import actor_2015
from oso.sources.gharchive.synthetic.payloads.envelope import envelope
from oso.sources.gharchive.synthetic.registry import Registry
from oso.sources.gharchive.synthetic.repo_state import KINDS, RepoState, build_repos
from oso.sources.gharchive.synthetic.slot import Clock, Draft


class World:
    """All repositories and people of one :func:`generate_hours` call, and their evolution."""

    def __init__(
        self, repos: Sequence[str], seed: int, background_repos: int, start: dt.date
    ) -> None:
        self.registry = Registry(seed, start)
        self.repos = build_repos(self.registry, repos, background_repos)
        self.repo_weights = cumulative(r.weight for r in self.repos)

    @property
    def tracked(self) -> list[RepoState]:
        return [r for r in self.repos if r.tracked]

    def simulate_hour(self, hour: dt.datetime, index: int, events_per_hour: int) -> list[JSON]:
        """The events of the hour (the ``index``-th since the start), in created_at order."""
        rng = self.registry.rng(f"{hour:%Y-%m-%dT%H}")
        n = _hour_volume(rng, hour, events_per_hour)
        seconds = sorted(rng.randrange(3600) for _ in range(n))
        picks = rng.choices(self.repos, cum_weights=self.repo_weights, k=n)
        clock = Clock(hour, index)
        drafts: list[tuple[Draft, RepoState]] = []
        for sec, repo in zip(seconds, picks, strict=True):
            clock.sec = sec
            kind = rng.choices(KINDS, cum_weights=repo.mix)[0]
            handler = Events(self.registry, repo, clock, rng)
            drafts.extend((d, repo) for d in handler.run(kind))
        drafts.sort(key=lambda pair: pair[0][0])
        return [self._event(draft, repo, hour, rng) for draft, repo in drafts]

    def _event(self, draft: Draft, repo: RepoState, hour: dt.datetime, rng: random.Random) -> JSON:
        sec, kind, actor, payload = draft
        event_id = self.registry.next_id("event", rng)
        created_at = ts(hour + dt.timedelta(seconds=sec))
        return envelope(event_id, kind, actor_2015(actor), repo.info, payload, created_at)


def _hour_volume(rng: random.Random, hour: dt.datetime, mean: int) -> int:
    """Events in an hour: diurnal (peak 15:00 UTC) and weekly (quieter weekends) variation."""
    diurnal = 1.0 + 0.45 * math.cos(2 * math.pi * (hour.hour - 15) / 24)
    weekly = 0.75 if hour.weekday() >= 5 else 1.0
    expected = mean * diurnal * weekly / ((5 + 2 * 0.75) / 7)
    return max(0, round(rng.gauss(expected, math.sqrt(expected) if expected > 0 else 0.0)))
