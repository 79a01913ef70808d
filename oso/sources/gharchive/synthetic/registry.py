"""Who exists in one simulation: people by login, unique actor and repository ids, id counters."""

from __future__ import annotations

import datetime as dt
import random

from oso.sources.gharchive.synthetic.entities import Person
from oso.sources.gharchive.synthetic.ids import actor_id_for, repo_id_for
from oso.sources.gharchive.synthetic.people import make_login, make_person

# (value on 2015-01-01, growth per day): ids keep roughly the magnitude GitHub had at the time.
_ID_BASES = {
    "event": (2_489_582_589, 10_500_000),
    "push": (536_834_835, 5_300_000),
    "repo": (28_685_800, 230_000),
    "issue": (53_218_351, 650_000),
    "pr": (26_742_575, 550_000),
    "comment": (68_485_195, 600_000),
    "review_comment": (22_399_287, 460_000),
    "release": (817_624, 46_000),
    "asset": (362_229, 50_000),
}
_ORIGIN = dt.date(2015, 1, 1)


class Registry:
    """The people and ids of one :func:`generate_hours` call, and its named random streams."""

    def __init__(self, seed: int, start: dt.date) -> None:
        self.seed = seed
        self.start = start
        self.people: dict[str, Person] = {}
        self.actor_ids: set[int] = set()
        self.repo_ids: set[int] = set()
        days = (start - _ORIGIN).days
        self.counters = {
            k: max(1_000, base + days * per_day) for k, (base, per_day) in _ID_BASES.items()
        }

    def rng(self, *parts: str) -> random.Random:
        """The random stream of one named part of the simulation, independent of the others."""
        return random.Random(":".join(("oso-gharchive-synthetic", str(self.seed), *parts)))

    def person(self, login: str, rng: random.Random, kind: str = "User") -> Person:
        """The person with this login (case-insensitive), made on first use."""
        known = self.people.get(login.lower())
        if known is not None:
            return known
        uid = actor_id_for(login)
        while uid in self.actor_ids:
            uid += 7919
        self.actor_ids.add(uid)
        made = make_person(login, uid, rng, kind)
        self.people[login.lower()] = made
        return made

    def drive_by(self, rng: random.Random) -> Person:
        """A user with no role in the repository (stargazer, forker, one-off reporter)."""
        login = make_login(rng)
        while login.lower() in self.people and self.people[login.lower()].type != "User":
            login += str(rng.randrange(10))
        return self.person(login, rng)

    def next_id(self, kind: str, rng: random.Random) -> int:
        """The next id of a kind of object (``event``, ``issue``, …), with random gaps."""
        self.counters[kind] += 1 + rng.randrange(25)
        return self.counters[kind]

    def repo_id(self, name: str) -> int:
        """The stable id of a repository, moved on if another repository already has it."""
        rid = repo_id_for(name)
        while rid in self.repo_ids:
            rid += 104_729
        self.repo_ids.add(rid)
        return rid
