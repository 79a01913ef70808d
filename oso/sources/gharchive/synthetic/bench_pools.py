"""The pools of the benchmark hour: people, repositories and texts to draw events from."""

from __future__ import annotations

import datetime as dt
import random

from oso.sources.gharchive.synthetic.entities import Person, RepoInfo
from oso.sources.gharchive.synthetic.ids import actor_id_for, cumulative, repo_id_for, ts
from oso.sources.gharchive.synthetic.people import (
    make_login,
    make_person,
    make_repo_name,
    repo_description,
)
from oso.sources.gharchive.synthetic.texts import (
    commit_message,
    issue_title,
    paragraph,
    pr_title,
    text_body,
)
from oso.sources.gharchive.synthetic.vocab import BOTS, LANGUAGES

KINDS = (
    "PushEvent",
    "CreateEvent",
    "PullRequestEvent",
    "IssueCommentEvent",
    "WatchEvent",
    "DeleteEvent",
    "PullRequestReviewEvent",
    "PullRequestReviewCommentEvent",
    "IssuesEvent",
    "ForkEvent",
    "ReleaseEvent",
)
# Roughly GH Archive's 2023 mix; PR-shaped events are ~18 kB each, pushes ~1.4 kB.
MIX = (64.7, 14.0, 3.0, 4.0, 5.0, 3.5, 1.3, 1.0, 1.8, 1.0, 0.4)
DEFAULT_HOUR = dt.datetime(2024, 5, 21, 0)
ASSOCIATIONS = ("MEMBER", "CONTRIBUTOR", "NONE", "OWNER", "COLLABORATOR", "FIRST_TIME_CONTRIBUTOR")


class BenchPools:
    """Pools of people, repositories and texts, drawn once; events then pick from them."""

    def __init__(
        self, rng: random.Random, hour: dt.datetime, n_events: int, tracked: list[str]
    ) -> None:
        self.rng, self.hour = rng, hour
        n_users, n_orgs = max(500, n_events // 4), max(50, n_events // 80)
        ids = rng.sample(range(1_000_000, 170_000_000), n_users + n_orgs + len(BOTS))
        self.bots = [make_person(b, ids.pop(), rng, "Bot") for b in BOTS]
        self.users = self.bots + self._people(ids[:n_users], "User")
        self.orgs = self._people(ids[n_users:], "Organization")
        self.user_weights = cumulative(1.0 / (i + 1) ** 0.7 for i in range(len(self.users)))
        self.tracked = [self._tracked_repo(name) for name in tracked]
        self.tracked_weights = cumulative(rng.lognormvariate(0, 1) for _ in self.tracked)
        owners = {name.split("/")[0].lower() for name in tracked}
        self.others = self._other_repos(
            max(200, n_events // 6), owners, {n.lower() for n in tracked}
        )
        self.other_weights = cumulative(1.0 / (i + 1) ** 1.05 for i in range(len(self.others)))
        self.times = [ts(hour + dt.timedelta(seconds=s)) for s in range(3600)]
        self.past = [ts(hour - dt.timedelta(minutes=m)) for m in range(1, 60 * 24 * 45, 7)]
        self.messages = [commit_message(rng) for _ in range(4000)]
        self.titles = [pr_title(rng) if i % 2 else issue_title(rng) for i in range(3000)]
        self.bodies = [text_body(rng, rng.randint(1, 6)) for _ in range(1500)]
        self.comments = [paragraph(rng, rng.randint(1, 6)) for _ in range(3000)]
        self.counter = 38_549_213_316 + (hour - DEFAULT_HOUR).days * 12_000_000
        self.push_counter = 18_510_053_808 + (hour - DEFAULT_HOUR).days * 5_000_000

    def _people(self, ids: list[int], kind: str) -> list[Person]:
        seen: set[str] = set()
        people = []
        for uid in ids:
            login = make_login(self.rng)
            while login.lower() in seen:
                login += str(self.rng.randrange(10))
            seen.add(login.lower())
            people.append(make_person(login, uid, self.rng, kind))
        return people

    def _tracked_repo(self, name: str) -> RepoInfo:
        owner_login = name.split("/")[0]
        owner = Person(
            owner_login, actor_id_for(owner_login) + 200_000_000, owner_login, "", "Organization"
        )
        info = self._info(name, repo_id_for(name), owner, org=owner)
        info.stars, info.forks = self.rng.randint(500, 40_000), self.rng.randint(50, 5_000)
        return info

    def _info(self, name: str, rid: int, owner: Person, org: Person | None) -> RepoInfo:
        rng = self.rng
        created = ts(self.hour - dt.timedelta(days=rng.randint(1, 3000)))
        return RepoInfo(
            full_name=name,
            id=rid,
            owner=owner,
            org=org,
            created_at=created,
            pushed_at=created,
            updated_at=created,
            description=repo_description(rng),
            language=rng.choice(LANGUAGES),
            stars=int(rng.paretovariate(1.2)) - 1,
            size=rng.randint(1, 500_000),
        )

    def _other_repos(
        self, count: int, tracked_owners: set[str], tracked: set[str]
    ) -> list[RepoInfo]:
        rng = self.rng
        repos: list[RepoInfo] = []
        seen = set(tracked)
        for rid in rng.sample(range(30_000_000, 800_000_000), count):
            is_org = rng.random() < 0.25
            owner = rng.choice(self.orgs) if is_org else rng.choice(self.users)
            name = f"{owner.login}/{make_repo_name(rng)}"
            while name.lower() in seen:
                name += str(rng.randrange(10))
            if owner.login.lower() in tracked_owners:
                continue
            seen.add(name.lower())
            repos.append(self._info(name, rid, owner, owner if is_org else None))
        return repos
