"""One activity slot of the hourly simulation: its clock, its drafts and who is around to act."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass

from oso.sources.gharchive.synthetic.entities import JSON, Person
from oso.sources.gharchive.synthetic.ids import stable_int, ts
from oso.sources.gharchive.synthetic.registry import Registry
from oso.sources.gharchive.synthetic.repo_state import RepoState

Draft = tuple[int, str, Person, JSON]  # (second in the hour, event type, actor, payload)


@dataclass
class Clock:
    """Where the simulation is: the hour, its index since the start, the second being filled."""

    hour: dt.datetime
    index: int
    sec: int = 0

    def at(self, offset: int = 0) -> tuple[int, str]:
        sec = min(3599, self.sec + offset)
        return sec, ts(self.hour + dt.timedelta(seconds=sec))


@functools.lru_cache(maxsize=65536)
def active_on(seed: int, login: str, day: int, max_rate: float) -> bool:
    """Whether a person is active on a day: a personal rate in [max_rate/4, max_rate], lower on weekends."""
    rate = max_rate * (0.25 + 0.75 * (stable_int(str(seed), "rate", login) % 1000) / 1000)
    if dt.date.fromordinal(day).weekday() >= 5:
        rate *= 0.4
    return stable_int(str(seed), "day", login, str(day)) % 1000 < rate * 1000


class Slot:
    """The base of the event handlers: ``run(kind)`` calls the handler ``_kind``.

    The handlers (in :mod:`.events_git`, :mod:`.events_issues`, :mod:`.events_pulls`) return the
    events one slot produces and mutate the repository state as GitHub would.
    """

    def __init__(
        self, registry: Registry, repo: RepoState, clock: Clock, rng: random.Random
    ) -> None:
        self.registry, self.repo, self.info = registry, repo, repo.info
        self.clock, self.rng = clock, rng

    def run(self, kind: str) -> list[Draft]:
        return getattr(self, f"_{kind}")()

    def core(self) -> Person:
        return self.available(
            lambda: self.rng.choices(self.repo.core, cum_weights=self.repo.core_weights)[0], 0.9
        )

    def contributor(self) -> Person:
        return self.available(lambda: self.rng.choice(self.repo.contributors), 0.35)

    def available(self, pick: Callable[[], Person], max_rate: float) -> Person:
        """Pick someone who works on this day (people have personal rates of active days)."""
        day = self.clock.hour.toordinal()
        for _ in range(4):
            person = pick()
            if active_on(self.registry.seed, person.login, day, max_rate):
                return person
        seed = self.registry.seed
        active = [p for p in self.repo.core if active_on(seed, p.login, day, 0.9)]
        active += [p for p in self.repo.contributors if active_on(seed, p.login, day, 0.35)]
        return self.rng.choice(active) if active else person

    def member(self) -> Person:
        roll = self.rng.random()
        if roll < 0.45:
            return self.core()
        return self.contributor() if roll < 0.8 else self.registry.drive_by(self.rng)
