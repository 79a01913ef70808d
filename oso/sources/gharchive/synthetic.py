"""Deterministic generator of realistic, clearly marked synthetic GH Archive hourly files.

Two modes:

* :func:`generate_hours` writes one ``YYYY-MM-DD-H.json.gz`` per hour of a date window, in the
  2015 GH Archive schema, for a list of tracked repositories plus untracked background repos.
  The generator keeps per-repository state across hours (issue and PR numbers, open tickets,
  branch heads, versions), so an issue is opened before it is closed and a merged PR was opened
  in an earlier hour. The output is byte-identical for the same arguments; the files of a window
  are also a prefix of those of a longer window with the same start.
* :func:`generate_benchmark_hour` writes one hour of realistic 2020s size (about 200k events,
  ~450 MB of JSON) for benchmarks, with a chosen share of events in the tracked repositories.

Every event carries ``"synthetic": true`` at the top level (GH Archive readers ignore unknown
keys) and each output directory gets a ``SYNTHETIC.md`` naming this module and the arguments.

CLI: ``python -m oso.sources.gharchive.synthetic {hours,benchmark} --help``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import itertools
import math
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from oso.sources.gharchive import synthetic_payloads as sp
from oso.sources.gharchive.synthetic_payloads import JSON, Person, RepoInfo, Ticket

README_NAME = "SYNTHETIC.md"
Progress = Callable[[int, int], None]
Draft = tuple[int, str, Person, JSON]  # (second in the hour, event type, actor, payload)

KINDS = (
    "push",
    "watch",
    "create",
    "issue_comment",
    "pull_request",
    "issues",
    "fork",
    "delete",
    "review_comment",
    "release",
)
_TRACKED_MIX = (44.0, 12.0, 5.0, 11.0, 8.0, 6.0, 4.0, 2.0, 4.0, 0.7)
_BACKGROUND_MIX = (62.0, 14.0, 9.0, 3.0, 3.0, 2.0, 4.0, 2.0, 0.5, 0.3)

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


def hour_file_name(hour: dt.datetime) -> str:
    """GH Archive's name for an hour: ``YYYY-MM-DD-H.json.gz`` (hour without a leading zero)."""
    return f"{hour:%Y-%m-%d}-{hour.hour}.json.gz"


def _cumulative(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


# --------------------------------------------------------------------------- repository state


@dataclass
class RepoState:
    info: RepoInfo
    tracked: bool
    weight: float
    mix: list[float]
    core: list[Person]
    contributors: list[Person]
    bots: list[Person]
    next_number: int
    version: list[int]
    branches: dict[str, str] = field(default_factory=dict)
    open_issues: list[Ticket] = field(default_factory=list)
    open_prs: list[Ticket] = field(default_factory=list)
    closed: list[tuple[int, Ticket]] = field(default_factory=list)  # (hour index, ticket)
    forks: dict[str, RepoInfo] = field(default_factory=dict)

    @property
    def core_weights(self) -> list[float]:
        return _cumulative(1.0 / (i + 1) ** 1.3 for i in range(len(self.core)))


@dataclass
class _Clock:
    """Where the simulation is: the hour, its index since the start, the second being filled."""

    hour: dt.datetime
    index: int
    sec: int = 0

    def at(self, offset: int = 0) -> tuple[int, str]:
        sec = min(3599, self.sec + offset)
        return sec, sp.ts(self.hour + dt.timedelta(seconds=sec))


class _World:
    """All repositories and people of one :func:`generate_hours` call, and their evolution."""

    def __init__(
        self, repos: Sequence[str], seed: int, background_repos: int, start: dt.date
    ) -> None:
        self.seed = seed
        self.start = start
        self.people: dict[str, Person] = {}
        self.actor_ids: set[int] = set()
        self.repo_ids: set[int] = set()
        days = (start - _ORIGIN).days
        self.counters = {
            k: max(1_000, base + days * per_day) for k, (base, per_day) in _ID_BASES.items()
        }
        self.shared = self._shared_developers(len(repos))
        self.repos = [self._repo_state(name, tracked=True) for name in repos]
        tracked_owners = {name.split("/")[0].lower() for name in repos}
        for name in _background_names(
            seed, background_repos, tracked_owners, set(map(str.lower, repos))
        ):
            self.repos.append(self._repo_state(name, tracked=False))
        self.repo_weights = _cumulative(r.weight for r in self.repos)

    # ---- people and ids

    def person(self, login: str, rng: random.Random, kind: str = "User") -> Person:
        known = self.people.get(login.lower())
        if known is not None:
            return known
        uid = sp.actor_id_for(login)
        while uid in self.actor_ids:
            uid += 7919
        self.actor_ids.add(uid)
        made = sp.make_person(login, uid, rng, kind)
        self.people[login.lower()] = made
        return made

    def drive_by(self, rng: random.Random) -> Person:
        """A user with no role in the repository (stargazer, forker, one-off reporter)."""
        login = sp.make_login(rng)
        while login.lower() in self.people and self.people[login.lower()].type != "User":
            login += str(rng.randrange(10))
        return self.person(login, rng)

    def next_id(self, kind: str, rng: random.Random) -> int:
        self.counters[kind] += 1 + rng.randrange(25)
        return self.counters[kind]

    def _repo_id(self, name: str) -> int:
        rid = sp.repo_id_for(name)
        while rid in self.repo_ids:
            rid += 104_729
        self.repo_ids.add(rid)
        return rid

    def _shared_developers(self, n_tracked: int) -> list[Person]:
        rng = random.Random(f"oso-gharchive-synthetic:{self.seed}:shared")
        return [self.person(sp.make_login(rng), rng) for _ in range(max(3, n_tracked // 3))]

    # ---- repositories

    def _repo_state(self, name: str, *, tracked: bool) -> RepoState:
        rng = random.Random(f"oso-gharchive-synthetic:{self.seed}:repo:{name.lower()}")
        weight = rng.lognormvariate(0.3, 1.0) if tracked else rng.lognormvariate(-0.7, 0.9)
        weight = min(12.0, max(0.1, weight))
        info = self._repo_info(name, rng, weight, org_share=0.7 if tracked else 0.15)
        core = [] if info.org else [info.owner]
        core += [self.person(sp.make_login(rng), rng) for _ in range(1 + min(4, int(weight * 1.5)))]
        contributors = [
            self.person(sp.make_login(rng), rng) for _ in range(rng.randint(3, 8 + int(6 * weight)))
        ]
        if tracked and rng.random() < 0.35:
            core.append(rng.choice(self.shared))
        if tracked:
            contributors += rng.sample(self.shared, min(len(self.shared), rng.randint(0, 2)))
        bots = [self.person(b, rng, "Bot") for b in sp.BOTS if tracked and rng.random() < 0.45]
        version = [rng.randint(0, 3), rng.randint(0, 20), rng.randint(0, 9)]
        mix = _cumulative(_TRACKED_MIX if tracked else _BACKGROUND_MIX)
        first_number = rng.randint(1, 2500 if tracked else 40)
        state = RepoState(
            info=info,
            tracked=tracked,
            weight=weight,
            mix=mix,
            core=core,
            contributors=contributors,
            bots=bots,
            next_number=first_number,
            version=version,
        )
        state.branches[info.default_branch] = sp.sha40(rng)
        return state

    def _repo_info(
        self, name: str, rng: random.Random, weight: float, org_share: float
    ) -> RepoInfo:
        owner_login = name.split("/")[0]
        owner_rng = random.Random(
            f"oso-gharchive-synthetic:{self.seed}:owner:{owner_login.lower()}"
        )
        is_org = owner_rng.random() < org_share
        owner = self.person(owner_login, owner_rng, "Organization" if is_org else "User")
        created = dt.datetime.combine(self.start, dt.time()) - dt.timedelta(
            days=rng.randint(60, 2500)
        )
        language = rng.choice(sp.LANGUAGES)
        stars = int(weight * rng.randint(20, 600))
        return RepoInfo(
            full_name=name,
            id=self._repo_id(name),
            owner=owner,
            description=f"{rng.choice(sp.ADJECTIVES).capitalize()} {rng.choice(sp.NOUNS)} {rng.choice(sp.NOUNS)} for {language}",
            language=language,
            created_at=sp.ts(created),
            org=owner if owner.type == "Organization" else None,
            homepage=f"https://{name.split('/')[1].lower()}.dev" if rng.random() < 0.4 else None,
            stars=stars,
            forks=stars // 7,
            size=rng.randint(50, 90_000),
            pushed_at=sp.ts(created),
        )

    # ---- one hour

    def simulate_hour(self, hour: dt.datetime, index: int, events_per_hour: int) -> list[JSON]:
        rng = random.Random(f"oso-gharchive-synthetic:{self.seed}:{hour:%Y-%m-%dT%H}")
        n = _hour_volume(rng, hour, events_per_hour)
        seconds = sorted(rng.randrange(3600) for _ in range(n))
        picks = rng.choices(self.repos, cum_weights=self.repo_weights, k=n)
        clock = _Clock(hour, index)
        drafts: list[tuple[Draft, RepoState]] = []
        for sec, repo in zip(seconds, picks, strict=True):
            clock.sec = sec
            kind = rng.choices(KINDS, cum_weights=repo.mix)[0]
            drafts.extend((d, repo) for d in self.handle(kind, repo, clock, rng))
        drafts.sort(key=lambda pair: pair[0][0])
        return [self.envelope(draft, repo, hour, rng) for draft, repo in drafts]

    def envelope(
        self, draft: Draft, repo: RepoState, hour: dt.datetime, rng: random.Random
    ) -> JSON:
        sec, kind, actor, payload = draft
        event: JSON = {
            "id": str(self.next_id("event", rng)),
            "type": kind,
            "actor": sp.actor_2015(actor),
            "repo": sp.repo_ref(repo.info),
            "payload": payload,
            "public": True,
            "created_at": sp.ts(hour + dt.timedelta(seconds=sec)),
        }
        if repo.info.org is not None:
            event["org"] = sp.org_2015(repo.info.org)
        event["synthetic"] = True
        return event

    def handle(self, kind: str, repo: RepoState, clock: _Clock, rng: random.Random) -> list[Draft]:
        return _Events(self, repo, clock, rng).run(kind)


def _background_names(
    seed: int, count: int, tracked_owners: set[str], tracked: set[str]
) -> list[str]:
    rng = random.Random(f"oso-gharchive-synthetic:{seed}:background")
    names: list[str] = []
    seen = set(tracked)
    while len(names) < count:
        owner = sp.make_login(rng)
        name = f"{owner}/{sp.make_repo_name(rng)}"
        if owner.lower() in tracked_owners or name.lower() in seen:
            continue
        seen.add(name.lower())
        names.append(name)
    return names


def _hour_volume(rng: random.Random, hour: dt.datetime, mean: int) -> int:
    """Events in an hour: diurnal (peak 15:00 UTC) and weekly (quieter weekends) variation."""
    diurnal = 1.0 + 0.45 * math.cos(2 * math.pi * (hour.hour - 15) / 24)
    weekly = 0.75 if hour.weekday() >= 5 else 1.0
    expected = mean * diurnal * weekly / ((5 + 2 * 0.75) / 7)
    return max(0, round(rng.gauss(expected, math.sqrt(expected) if expected > 0 else 0.0)))


# --------------------------------------------------------------------------- event handlers


class _Events:
    """The events one activity slot produces, mutating the repository state as GitHub would."""

    def __init__(self, world: _World, repo: RepoState, clock: _Clock, rng: random.Random) -> None:
        self.world, self.repo, self.info, self.clock, self.rng = world, repo, repo.info, clock, rng

    def run(self, kind: str) -> list[Draft]:
        return getattr(self, f"_{kind}")()

    # ---- people

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
            if _active_on(self.world.seed, person.login, day, max_rate):
                return person
        seed = self.world.seed
        active = [p for p in self.repo.core if _active_on(seed, p.login, day, 0.9)]
        active += [p for p in self.repo.contributors if _active_on(seed, p.login, day, 0.35)]
        return self.rng.choice(active) if active else person

    def member(self) -> Person:
        roll = self.rng.random()
        if roll < 0.45:
            return self.core()
        return self.contributor() if roll < 0.8 else self.world.drive_by(self.rng)

    # ---- push / create / delete

    def _push(self) -> list[Draft]:
        rng, repo = self.rng, self.repo
        roll = rng.random()
        if repo.bots and roll < 0.1:
            actor = rng.choice(repo.bots)
            return [self.push(actor, self.info.default_branch, [(actor, sp.commit_message(rng))])]
        actor = self.core() if roll < 0.85 else self.contributor()
        branch = self.info.default_branch
        drafts: list[Draft] = []
        if rng.random() < 0.22:
            features = [b for b in repo.branches if b != branch]
            if features and rng.random() < 0.7:
                branch = rng.choice(features)
            else:
                branch = self.new_branch_name(actor)
                drafts.append(self.create_branch(actor, branch))
        commits = [(actor, sp.commit_message(rng)) for _ in range(_commit_count(rng))]
        drafts.append(self.push(actor, branch, commits, offset=len(drafts)))
        return drafts

    def push(
        self,
        actor: Person,
        branch: str,
        commits: list[tuple[Person, str]],
        *,
        offset: int = 0,
        distinct: bool = True,
        shas: list[str] | None = None,
    ) -> Draft:
        """A PushEvent of ``commits`` (author, message) onto ``branch``; updates the branch head.

        ``shas`` gives the commits' hashes (default: new ones); ``distinct=False`` marks all but
        the last commit as already known to the repository.
        """
        rng, full = self.rng, self.info.full_name
        before = self.repo.branches.get(branch, self.repo.branches[self.info.default_branch])
        size = (
            len(commits)
            if len(commits) < 20 or rng.random() < 0.5
            else len(commits) + rng.randint(1, 40)
        )
        hashes = shas if shas is not None else [sp.sha40(rng) for _ in commits]
        shown = list(zip(hashes, commits, strict=True))[-20:]
        listed = [
            sp.push_commit(full, sha, author, message, distinct or i == len(shown) - 1)
            for i, (sha, (author, message)) in enumerate(shown)
        ]
        head = listed[-1]["sha"]
        self.repo.branches[branch] = head
        sec, at = self.clock.at(offset)
        self.info.pushed_at = self.info.updated_at = at
        payload = {
            "push_id": self.world.next_id("push", rng),
            "size": size,
            "distinct_size": sum(1 for c in listed if c["distinct"]) + (size - len(listed)),
            "ref": f"refs/heads/{branch}",
            "head": head,
            "before": before,
            "commits": listed,
        }
        return sec, "PushEvent", actor, payload

    def new_branch_name(self, actor: Person) -> str:
        rng = self.rng
        if actor.type == "Bot":
            return f"{actor.login.removesuffix('[bot]')}/npm_and_yarn/{rng.choice(sp.PACKAGES)}-{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
        prefix = rng.choice(("feature", "fix", "docs", actor.login.lower()))
        return f"{prefix}/{rng.choice(sp.NOUNS)}-{rng.choice(sp.NOUNS)}"

    def create_branch(self, actor: Person, branch: str, offset: int = 0) -> Draft:
        self.repo.branches[branch] = self.repo.branches[self.info.default_branch]
        sec, _ = self.clock.at(offset)
        return sec, "CreateEvent", actor, sp.create_payload(branch, "branch", self.info)

    def _create(self) -> list[Draft]:
        actor = self.core() if self.rng.random() < 0.7 else self.contributor()
        return [self.create_branch(actor, self.new_branch_name(actor))]

    def _delete(self) -> list[Draft]:
        busy = {t.head_ref for t in self.repo.open_prs if t.head_repo is None}
        features = [
            b for b in self.repo.branches if b != self.info.default_branch and b not in busy
        ]
        if not features:
            return self._create()
        return [self.delete_branch(self.core(), self.rng.choice(features))]

    def delete_branch(self, actor: Person, branch: str, offset: int = 0) -> Draft:
        self.repo.branches.pop(branch, None)
        sec, _ = self.clock.at(offset)
        return sec, "DeleteEvent", actor, sp.delete_payload(branch, "branch")

    # ---- watch / fork / release

    def _watch(self) -> list[Draft]:
        actor = self.world.drive_by(self.rng) if self.rng.random() < 0.9 else self.contributor()
        self.info.stars += 1
        sec, _ = self.clock.at()
        return [(sec, "WatchEvent", actor, {"action": "started"})]

    def _fork(self) -> list[Draft]:
        actor = self.world.drive_by(self.rng) if self.rng.random() < 0.7 else self.contributor()
        sec, at = self.clock.at()
        fork = self.fork_of(actor, created_at=at)
        return [(sec, "ForkEvent", actor, {"forkee": sp.repo_2015(fork) | {"public": True}})]

    def fork_of(self, owner: Person, created_at: str | None = None) -> RepoInfo:
        """The owner's fork of the repository (made now, or silently before the window)."""
        known = self.repo.forks.get(owner.login)
        if known is not None:
            return known
        short = self.info.full_name.split("/")[1]
        created = created_at or self.info.created_at
        fork = RepoInfo(
            full_name=f"{owner.login}/{short}",
            id=self.world.next_id("repo", self.rng),
            owner=owner,
            description=self.info.description,
            language=None,
            created_at=created,
            default_branch=self.info.default_branch,
            fork=True,
            homepage=self.info.homepage,
            size=self.info.size,
            pushed_at=self.info.pushed_at,
            updated_at=created,
        )
        self.repo.forks[owner.login] = fork
        self.info.forks += 1
        return fork

    def _release(self) -> list[Draft]:
        rng, version = self.rng, self.repo.version
        part = 2 if rng.random() < 0.7 else (1 if rng.random() < 0.85 else 0)
        version[part] += 1
        version[part + 1 :] = [0] * (2 - part)
        tag = "v{}.{}.{}".format(*version)
        actor = self.core()
        sec, at = self.clock.at(1)
        body = "## Changes\r\n\r\n" + "\r\n".join(
            f"* {sp.commit_message(rng).splitlines()[0]}" for _ in range(4)
        )
        asset = self.world.next_id("asset", rng) if rng.random() < 0.3 else 0
        release = sp.release_2015(
            self.info,
            self.world.next_id("release", rng),
            tag,
            actor,
            self.repo.branches[self.info.default_branch],
            at,
            body,
            asset,
        )
        create = (
            self.clock.at()[0],
            "CreateEvent",
            actor,
            sp.create_payload(tag, "tag", self.info),
        )
        return [create, (sec, "ReleaseEvent", actor, {"action": "published", "release": release})]

    # ---- issues

    def _issues(self) -> list[Draft]:
        eligible = [t for t in self.repo.open_issues if self.opened_before_this_hour(t)]
        roll = self.rng.random()
        p_close = len(eligible) / (len(eligible) + 3)
        if eligible and roll < p_close:
            return [self.close_issue(self.rng.choice(eligible))]
        reopenable = [t for h, t in self.repo.closed if h < self.clock.index and not t.is_pr]
        if reopenable and roll < p_close + 0.03:
            return [self.reopen(self.rng.choice(reopenable))]
        return [self.open_issue()]

    def opened_before_this_hour(self, ticket: Ticket) -> bool:
        return ticket.opened_hour < self.clock.index

    def new_ticket(self, user: Person, title: str, body: str, at: str) -> Ticket:
        rng = self.rng
        labels = rng.sample(sp.LABELS, rng.choice((0, 0, 1, 1, 2)))
        ticket = Ticket(
            number=self.repo.next_number,
            issue_id=self.world.next_id("issue", rng),
            title=title,
            body=body,
            user=user,
            created_at=at,
            updated_at=at,
            opened_hour=self.clock.index,
            labels=list(labels),
        )
        self.repo.next_number += 1
        self.info.open_issues += 1
        return ticket

    def open_issue(self) -> Draft:
        roll = self.rng.random()
        user = (
            self.world.drive_by(self.rng)
            if roll < 0.4
            else (self.contributor() if roll < 0.8 else self.core())
        )
        sec, at = self.clock.at()
        ticket = self.new_ticket(user, sp.issue_title(self.rng), sp.text_body(self.rng, 2), at)
        self.repo.open_issues.append(ticket)
        return (
            sec,
            "IssuesEvent",
            user,
            {"action": "opened", "issue": sp.issue_2015(self.info, ticket)},
        )

    def close_issue(self, ticket: Ticket) -> Draft:
        actor = self.core() if self.rng.random() < 0.7 else ticket.user
        sec, at = self.clock.at()
        ticket.state, ticket.closed_at, ticket.updated_at = "closed", at, at
        self.repo.open_issues.remove(ticket)
        self.remember_closed(ticket)
        return (
            sec,
            "IssuesEvent",
            actor,
            {"action": "closed", "issue": sp.issue_2015(self.info, ticket)},
        )

    def remember_closed(self, ticket: Ticket) -> None:
        self.info.open_issues -= 1
        self.repo.closed.append((self.clock.index, ticket))
        del self.repo.closed[:-30]

    def reopen(self, ticket: Ticket) -> Draft:
        actor = ticket.user if self.rng.random() < 0.5 else self.core()
        sec, at = self.clock.at()
        ticket.state, ticket.closed_at, ticket.updated_at = "open", None, at
        ticket.opened_hour = self.clock.index
        self.repo.closed = [(h, t) for h, t in self.repo.closed if t is not ticket]
        self.info.open_issues += 1
        if ticket.is_pr:
            ticket.merge_commit_sha = None
            self.repo.open_prs.append(ticket)
            payload = {
                "action": "reopened",
                "number": ticket.number,
                "pull_request": sp.pull_request_2015(self.info, ticket),
            }
            return sec, "PullRequestEvent", actor, payload
        self.repo.open_issues.append(ticket)
        return (
            sec,
            "IssuesEvent",
            actor,
            {"action": "reopened", "issue": sp.issue_2015(self.info, ticket)},
        )

    def _issue_comment(self) -> list[Draft]:
        tickets = self.repo.open_issues + self.repo.open_prs
        if not tickets:
            return [self.open_issue()]
        ticket = tickets[-1 - min(len(tickets) - 1, int(self.rng.expovariate(0.3)))]
        actor = ticket.user if self.rng.random() < 0.25 else self.member()
        sec, at = self.clock.at()
        ticket.comments += 1
        ticket.updated_at = at
        body = sp.paragraph(self.rng, self.rng.randint(1, 4))
        comment = sp.issue_comment_2015(
            self.info, ticket, self.world.next_id("comment", self.rng), actor, body, at
        )
        payload = {
            "action": "created",
            "issue": sp.issue_2015(self.info, ticket),
            "comment": comment,
        }
        return [(sec, "IssueCommentEvent", actor, payload)]

    # ---- pull requests

    def _pull_request(self) -> list[Draft]:
        eligible = [t for t in self.repo.open_prs if self.opened_before_this_hour(t)]
        roll = self.rng.random()
        p_close = len(eligible) / (len(eligible) + 2)
        if eligible and roll < p_close:
            return self.close_pr(self.rng.choice(eligible))
        reopenable = [
            t for h, t in self.repo.closed if h < self.clock.index and t.is_pr and not t.merged
        ]
        if reopenable and roll < p_close + 0.02:
            return [self.reopen(self.rng.choice(reopenable))]
        return self.open_pr()

    def open_pr(self) -> list[Draft]:
        rng = self.rng
        author = self.pr_author()
        drafts, head_repo, head_ref, commits = self.pr_head(author)
        sec, at = self.clock.at(len(drafts))
        title = _bump_title(rng) if author.type == "Bot" else sp.pr_title(rng)
        ticket = self.new_ticket(author, title, sp.text_body(rng, rng.randint(1, 3)), at)
        self.fill_pr(ticket, head_repo, head_ref, commits)
        self.repo.open_prs.append(ticket)
        pull_request = sp.pull_request_2015(self.info, ticket)
        payload = {"action": "opened", "number": ticket.number, "pull_request": pull_request}
        return [*drafts, (sec, "PullRequestEvent", author, payload)]

    def pr_author(self) -> Person:
        roll = self.rng.random()
        if self.repo.bots and roll < 0.15:
            bots = [b for b in self.repo.bots if b.login != "github-actions[bot]"]
            return self.rng.choice(bots or self.repo.bots)
        return self.contributor() if roll < 0.65 else self.core()

    def pr_head(
        self, author: Person
    ) -> tuple[list[Draft], RepoInfo | None, str, list[tuple[str, str]]]:
        """Where a new PR comes from: (drafts, head repo or None, head ref, [(sha, message)]).

        Outside contributors push to their fork (not in the data); core developers and bots
        create a branch in the repository and push to it first (CreateEvent + PushEvent).
        """
        rng = self.rng
        messages = [sp.commit_message(rng) for _ in range(_commit_count(rng))]
        if author in self.repo.contributors and author not in self.repo.core:
            ref = rng.choice(("patch-1", "patch-2", f"{rng.choice(sp.NOUNS)}-fix"))
            return [], self.fork_of(author), ref, [(sp.sha40(rng), m) for m in messages]
        ref = self.new_branch_name(author)
        create = self.create_branch(author, ref)
        push = self.push(author, ref, [(author, m) for m in messages], offset=1)
        listed = [(c["sha"], c["message"]) for c in push[3]["commits"]]
        return [create, push], None, ref, listed

    def fill_pr(
        self, t: Ticket, head_repo: RepoInfo | None, head_ref: str, commits: list[tuple[str, str]]
    ) -> None:
        rng = self.rng
        t.is_pr, t.pr_id = True, self.world.next_id("pr", rng)
        t.head_repo, t.head_ref = head_repo, head_ref
        t.commit_shas = [sha for sha, _ in commits]
        t.commit_messages = [message for _, message in commits]
        t.head_sha, t.commits = t.commit_shas[-1], len(commits)
        t.base_sha = self.repo.branches[self.info.default_branch]
        t.additions = int(rng.paretovariate(1.2) * 8 * len(commits))
        t.deletions = int(t.additions * rng.random() * 0.6)
        t.changed_files = max(1, min(300, int(rng.paretovariate(1.5) * len(commits))))

    def close_pr(self, ticket: Ticket) -> list[Draft]:
        rng = self.rng
        merged = rng.random() < (0.8 if self.repo.tracked else 0.6)
        others = [p for p in self.repo.core if p is not ticket.user] or self.repo.core
        actor = rng.choice(others) if merged or rng.random() < 0.6 else ticket.user
        sec, at = self.clock.at()
        ticket.state, ticket.closed_at, ticket.updated_at = "closed", at, at
        ticket.merge_commit_sha = sp.sha40(rng)
        if merged:
            ticket.merged, ticket.merged_at, ticket.merged_by = True, at, actor
        self.repo.open_prs.remove(ticket)
        self.remember_closed(ticket)
        payload = {
            "action": "closed",
            "number": ticket.number,
            "pull_request": sp.pull_request_2015(self.info, ticket),
        }
        drafts: list[Draft] = [(sec, "PullRequestEvent", actor, payload)]
        if merged:
            drafts.extend(self.after_merge(ticket, actor))
        return drafts

    def after_merge(self, ticket: Ticket, merger: Person) -> list[Draft]:
        """The merge lands on the default branch as a push of the PR's commits and the merge commit.

        A same-repository head branch is then often deleted.
        """
        head_owner = (ticket.head_repo or self.info).owner.login
        title = f"Merge pull request #{ticket.number} from {head_owner}/{ticket.head_ref}"
        commits = [(ticket.user, message) for message in ticket.commit_messages]
        commits.append((merger, f"{title}\n\n{ticket.title}"))
        shas = [*ticket.commit_shas, ticket.merge_commit_sha or sp.sha40(self.rng)]
        same_repo = ticket.head_repo is None
        branch = self.info.default_branch
        drafts = [self.push(merger, branch, commits, offset=1, distinct=not same_repo, shas=shas)]
        if same_repo and ticket.head_ref in self.repo.branches and self.rng.random() < 0.65:
            drafts.append(self.delete_branch(merger, ticket.head_ref, offset=2))
        return drafts

    def _review_comment(self) -> list[Draft]:
        if not self.repo.open_prs:
            return self.open_pr()
        ticket = self.rng.choice(self.repo.open_prs)
        actor = ticket.user if self.rng.random() < 0.3 else self.core()
        sec, at = self.clock.at()
        ticket.review_comments += 1
        ticket.updated_at = at
        cid = self.world.next_id("review_comment", self.rng)
        body = sp.paragraph(self.rng, self.rng.randint(1, 3))
        comment = sp.review_comment_2015(self.info, ticket, cid, actor, body, at, self.rng)
        payload = {
            "action": "created",
            "comment": comment,
            "pull_request": sp.pull_request_2015(self.info, ticket, full=False),
        }
        return [(sec, "PullRequestReviewCommentEvent", actor, payload)]


@functools.lru_cache(maxsize=65536)
def _active_on(seed: int, login: str, day: int, max_rate: float) -> bool:
    """Whether a person is active on a day: a personal rate in [max_rate/4, max_rate], lower on weekends."""
    rate = max_rate * (0.25 + 0.75 * (sp.stable_int(str(seed), "rate", login) % 1000) / 1000)
    if dt.date.fromordinal(day).weekday() >= 5:
        rate *= 0.4
    return sp.stable_int(str(seed), "day", login, str(day)) % 1000 < rate * 1000


def _commit_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.55:
        return 1
    if roll < 0.75:
        return 2
    if roll < 0.95:
        return rng.randint(3, 6)
    return rng.randint(7, 30)


def _bump_title(rng: random.Random) -> str:
    pkg = rng.choice(sp.PACKAGES)
    return f"Bump {pkg} from {rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)} to {rng.randint(5, 9)}.0.0"


# --------------------------------------------------------------------------- hourly files


def generate_hours(
    out_dir: Path,
    repos: list[str],
    start: dt.date,
    end: dt.date,
    *,
    seed: int = 0,
    events_per_hour: int = 60,
    background_repos: int = 50,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one synthetic GH Archive file per hour of every day from ``start`` to ``end``.

    ``repos`` are the tracked ``owner/name`` repositories (order and duplicates do not matter);
    ``background_repos`` untracked repositories get events too. Returns the files in hour order.
    """
    tracked = normalise_repos(repos)
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    out_dir.mkdir(parents=True, exist_ok=True)
    world = _World(tracked, seed, background_repos, start)
    hours = [
        dt.datetime.combine(start + dt.timedelta(days=d), dt.time(h))
        for d in range((end - start).days + 1)
        for h in range(24)
    ]
    paths: list[Path] = []
    for index, hour in enumerate(hours):
        events = world.simulate_hour(hour, index, events_per_hour)
        path = out_dir / hour_file_name(hour)
        _write_gzip(path, [b"".join(orjson.dumps(e) + b"\n" for e in events)], level=6)
        paths.append(path)
        if progress is not None:
            progress(index + 1, len(hours))
    args = {"start": start, "end": end, "seed": seed, "events_per_hour": events_per_hour}
    args["background_repos"] = background_repos
    (out_dir / README_NAME).write_text(_hours_readme(args, world, len(paths)), encoding="utf-8")
    return paths


def normalise_repos(repos: Iterable[str]) -> list[str]:
    """Validated ``owner/name`` strings, de-duplicated case-insensitively and sorted."""
    unique: dict[str, str] = {}
    for name in repos:
        name = name.strip()
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", name):
            raise ValueError(f"not an owner/name repository: {name!r}")
        unique.setdefault(name.lower(), name)
    return [unique[key] for key in sorted(unique)]


def _write_gzip(path: Path, chunks: Iterable[bytes], level: int) -> None:
    """Write gzip without a timestamp or file name in the header (byte-reproducible), atomically."""
    tmp = path.with_name(path.name + ".tmp")
    with (
        tmp.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=level, mtime=0) as gz,
    ):
        for chunk in chunks:
            gz.write(chunk)
    tmp.replace(path)


def _hours_readme(args: dict[str, object], world: _World, n_files: int) -> str:
    tracked = [r for r in world.repos if r.tracked]
    lines = [
        "# SYNTHETIC DATA - not real GitHub activity",
        "",
        f"The {n_files} hourly `YYYY-MM-DD-H.json.gz` files in this directory were generated by",
        "`oso.sources.gharchive.synthetic.generate_hours` (module `oso/sources/gharchive/synthetic.py`).",
        "They follow the 2015 GH Archive event schema, but every person, repository, issue, pull",
        'request and commit in them is invented. Each event has `"synthetic": true` at its top level.',
        "",
        "## Arguments",
        "",
        *(f"- {key}: `{value}`" for key, value in args.items()),
        f"- tracked repos: {len(tracked)}",
        "",
        "| tracked repository | repo id | activity weight |",
        "|---|---|---|",
        *(f"| {r.info.full_name} | {r.info.id} | {r.weight:.2f} |" for r in tracked),
        "",
        "Regenerate (byte-identical) with:",
        "",
        "```",
        "python -m oso.sources.gharchive.synthetic hours --out DIR "
        f"--start {args['start']} --end {args['end']} --seed {args['seed']} "
        f"--events-per-hour {args['events_per_hour']} --background-repos {args['background_repos']} "
        + " ".join(f"--repo {r.info.full_name}" for r in tracked),
        "```",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- benchmark hour

_BENCH_KINDS = (
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
_BENCH_MIX = (64.7, 14.0, 3.0, 4.0, 5.0, 3.5, 1.3, 1.0, 1.8, 1.0, 0.4)
_BENCH_DEFAULT_HOUR = dt.datetime(2024, 5, 21, 0)
_ASSOCIATIONS = ("MEMBER", "CONTRIBUTOR", "NONE", "OWNER", "COLLABORATOR", "FIRST_TIME_CONTRIBUTOR")


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
    hour = _hour_from_name(path.name) or _BENCH_DEFAULT_HOUR
    path.parent.mkdir(parents=True, exist_ok=True)
    bench = _Bench(random.Random(f"oso-gharchive-benchmark:{seed}"), hour, n_events, tracked)
    _write_gzip(path, bench.chunks(n_events, tracked_share, progress), level=compresslevel)
    args = {"n_events": n_events, "tracked_share": tracked_share, "seed": seed, "hour": hour}
    readme = path.parent / f"SYNTHETIC-{path.name.removesuffix('.json.gz')}.md"
    readme.write_text(_benchmark_readme(path.name, args, tracked), encoding="utf-8")
    marker = (
        path.parent / README_NAME
    )  # the directory-level marker; generate_hours writes a fuller one
    if not marker.exists():
        marker.write_text(_DIRECTORY_MARKER, encoding="utf-8")
    return path


def _hour_from_name(name: str) -> dt.datetime | None:
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})-(\d{1,2})\.json\.gz", name)
    if match is None or int(match[2]) > 23:
        return None
    return dt.datetime.combine(dt.date.fromisoformat(match[1]), dt.time(int(match[2])))


class _Bench:
    """Pools of people, repositories and texts, and fast builders for the benchmark hour."""

    def __init__(
        self, rng: random.Random, hour: dt.datetime, n_events: int, tracked: list[str]
    ) -> None:
        self.rng, self.hour = rng, hour
        n_users, n_orgs = max(500, n_events // 4), max(50, n_events // 80)
        ids = rng.sample(range(1_000_000, 170_000_000), n_users + n_orgs + len(sp.BOTS))
        self.bots = [sp.make_person(b, ids.pop(), rng, "Bot") for b in sp.BOTS]
        self.users = self.bots + self._people(ids[:n_users], "User")
        self.orgs = self._people(ids[n_users:], "Organization")
        self.user_weights = _cumulative(1.0 / (i + 1) ** 0.7 for i in range(len(self.users)))
        self.tracked = [self._tracked_repo(name) for name in tracked]
        self.tracked_weights = _cumulative(rng.lognormvariate(0, 1) for _ in self.tracked)
        owners = {name.split("/")[0].lower() for name in tracked}
        self.others = self._other_repos(
            max(200, n_events // 6), owners, {n.lower() for n in tracked}
        )
        self.other_weights = _cumulative(1.0 / (i + 1) ** 1.05 for i in range(len(self.others)))
        self.times = [sp.ts(hour + dt.timedelta(seconds=s)) for s in range(3600)]
        self.past = [sp.ts(hour - dt.timedelta(minutes=m)) for m in range(1, 60 * 24 * 45, 7)]
        self.messages = [sp.commit_message(rng) for _ in range(4000)]
        self.titles = [sp.pr_title(rng) if i % 2 else sp.issue_title(rng) for i in range(3000)]
        self.bodies = [sp.text_body(rng, rng.randint(1, 6)) for _ in range(1500)]
        self.comments = [sp.paragraph(rng, rng.randint(1, 6)) for _ in range(3000)]
        self.counter = 38_549_213_316 + (hour - _BENCH_DEFAULT_HOUR).days * 12_000_000
        self.push_counter = 18_510_053_808 + (hour - _BENCH_DEFAULT_HOUR).days * 5_000_000

    def _people(self, ids: list[int], kind: str) -> list[Person]:
        seen: set[str] = set()
        people = []
        for uid in ids:
            login = sp.make_login(self.rng)
            while login.lower() in seen:
                login += str(self.rng.randrange(10))
            seen.add(login.lower())
            people.append(sp.make_person(login, uid, self.rng, kind))
        return people

    def _tracked_repo(self, name: str) -> RepoInfo:
        owner_login = name.split("/")[0]
        owner = Person(
            owner_login, sp.actor_id_for(owner_login) + 200_000_000, owner_login, "", "Organization"
        )
        info = self._info(name, sp.repo_id_for(name), owner, org=owner)
        info.stars, info.forks = self.rng.randint(500, 40_000), self.rng.randint(50, 5_000)
        return info

    def _info(self, name: str, rid: int, owner: Person, org: Person | None) -> RepoInfo:
        rng = self.rng
        created = sp.ts(self.hour - dt.timedelta(days=rng.randint(1, 3000)))
        return RepoInfo(
            full_name=name,
            id=rid,
            owner=owner,
            org=org,
            created_at=created,
            pushed_at=created,
            updated_at=created,
            description=f"{rng.choice(sp.ADJECTIVES).capitalize()} {rng.choice(sp.NOUNS)} {rng.choice(sp.NOUNS)}",
            language=rng.choice(sp.LANGUAGES),
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
            name = f"{owner.login}/{sp.make_repo_name(rng)}"
            while name.lower() in seen:
                name += str(rng.randrange(10))
            if owner.login.lower() in tracked_owners:
                continue
            seen.add(name.lower())
            repos.append(self._info(name, rid, owner, owner if is_org else None))
        return repos

    # ---- the event stream

    def chunks(self, n: int, share: float, progress: Progress | None) -> Iterator[bytes]:
        """The hour as JSON lines, 5,000 events per chunk, in created_at order."""
        rng = self.rng
        tracked_at = set(rng.sample(range(n), round(n * share) if self.tracked else 0))
        kinds = rng.choices(_BENCH_KINDS, cum_weights=_cumulative(_BENCH_MIX), k=n)
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
        event: JSON = {
            "id": str(self.counter),
            "type": kind,
            "actor": sp.actor_2020s(actor),
            "repo": sp.repo_ref(repo),
            "payload": build(repo, actor, at),
            "public": True,
            "created_at": at,
        }
        if repo.org is not None:
            event["org"] = sp.org_2015(repo.org)
        event["synthetic"] = True
        return event

    def builders(self) -> dict[str, _Builder]:
        return dict(
            zip(
                _BENCH_KINDS,
                (
                    self.push,
                    self.create,
                    self.pull_request,
                    self.issue_comment,
                    self.watch,
                    self.delete,
                    self.review,
                    self.review_comment,
                    self.issues,
                    self.fork,
                    self.release,
                ),
                strict=True,
            )
        )

    # ---- payloads

    def push(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        roll = rng.random()
        size = 1 if roll < 0.7 else (2 if roll < 0.85 else rng.randint(3, 5 if roll < 0.97 else 20))
        branch = repo.default_branch if rng.random() < 0.8 else f"feature/{rng.choice(sp.NOUNS)}"
        commits = [
            sp.push_commit(repo.full_name, sp.sha40(rng), actor, rng.choice(self.messages), True)
            for _ in range(min(size, 20))
        ]
        self.push_counter += 1 + rng.randrange(3)
        return {
            "repository_id": repo.id,
            "push_id": self.push_counter,
            "size": size,
            "distinct_size": size,
            "ref": f"refs/heads/{branch}",
            "head": commits[-1]["sha"],
            "before": sp.sha40(rng),
            "commits": commits,
        }

    def create(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        roll = self.rng.random()
        if roll < 0.15:
            return sp.create_payload(None, "repository", repo)
        if roll < 0.35:
            return sp.create_payload(
                f"v{self.rng.randint(0, 5)}.{self.rng.randint(0, 30)}.0", "tag", repo
            )
        return sp.create_payload(
            f"{actor.login.lower()}/{self.rng.choice(sp.NOUNS)}", "branch", repo
        )

    def delete(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        return sp.delete_payload(
            f"feature/{self.rng.choice(sp.NOUNS)}-{self.rng.choice(sp.NOUNS)}", "branch"
        )

    def watch(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        return {"action": "started"}

    def fork(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        fork = self.fork_info(repo, actor)
        fork.created_at = fork.updated_at = at
        return {"forkee": sp.forkee_2020s(fork)}

    def fork_info(self, repo: RepoInfo, owner: Person) -> RepoInfo:
        short = repo.full_name.split("/", 1)[1]
        fork = self._info(
            f"{owner.login}/{short}", self.rng.randint(800_000_000, 810_000_000), owner, None
        )
        fork.fork, fork.description, fork.language = True, repo.description, repo.language
        return fork

    def release(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        tag = f"v{rng.randint(0, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 20)}"
        body = rng.choice(self.bodies)
        release = sp.release_2020s(
            repo, rng.randint(150_000_000, 160_000_000), tag, actor, sp.sha40(rng), at, body
        )
        return {"action": "published", "release": release}

    def ticket(
        self, repo: RepoInfo, author: Person, at: str, *, is_pr: bool, action: str
    ) -> Ticket:
        """An issue or PR as it looks at ``at`` after ``action`` (opened / closed / created …)."""
        rng = self.rng
        t = Ticket(
            number=rng.randint(1, 20_000),
            issue_id=rng.randint(2_000_000_000, 2_400_000_000),
            title=rng.choice(self.titles),
            body=rng.choice(self.bodies),
            user=author,
            created_at=at if action == "opened" else rng.choice(self.past),
            opened_hour=0,
            updated_at=at,
            labels=rng.sample(sp.LABELS, rng.choice((0, 0, 1, 2))),
            comments=rng.randint(0, 12),
        )
        if is_pr:
            t.is_pr, t.pr_id = True, rng.randint(1_800_000_000, 1_900_000_000)
            t.head_repo = self.fork_info(repo, author) if rng.random() < 0.5 else None
            t.head_ref = f"{rng.choice(('fix', 'feature', 'chore'))}/{rng.choice(sp.NOUNS)}"
            t.head_sha, t.base_sha, t.commits = sp.sha40(rng), sp.sha40(rng), _commit_count(rng)
            t.additions = int(rng.paretovariate(1.2) * 10 * t.commits)
            t.deletions, t.changed_files = int(t.additions * rng.random() * 0.5), rng.randint(1, 40)
        if action == "closed":
            t.state, t.closed_at = "closed", at
            if is_pr and rng.random() < 0.7:
                t.merged, t.merged_at, t.merge_commit_sha = True, at, sp.sha40(rng)
                t.merged_by = rng.choice(self.users)
        return t

    def pull_request(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        roll = self.rng.random()
        action = "opened" if roll < 0.47 else ("closed" if roll < 0.97 else "reopened")
        author = actor if action == "opened" else self.rng.choice(self.users)
        t = self.ticket(repo, author, at, is_pr=True, action=action)
        pr = sp.pull_request_2020s(repo, t, association=self.rng.choice(_ASSOCIATIONS))
        return {"action": action, "number": t.number, "pull_request": pr}

    def issues(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        action = "opened" if self.rng.random() < 0.6 else "closed"
        author = actor if action == "opened" else self.rng.choice(self.users)
        t = self.ticket(repo, author, at, is_pr=False, action=action)
        return {"action": action, "issue": sp.issue_2020s(repo, t, self.rng.choice(_ASSOCIATIONS))}

    def issue_comment(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        t = self.ticket(
            repo, rng.choice(self.users), at, is_pr=rng.random() < 0.5, action="created"
        )
        t.comments += 1
        cid = rng.randint(2_100_000_000, 2_200_000_000)
        association = rng.choice(_ASSOCIATIONS)
        comment = sp.issue_comment_2020s(
            repo, t, cid, actor, rng.choice(self.comments), at, association
        )
        return {
            "action": "created",
            "issue": sp.issue_2020s(repo, t, association),
            "comment": comment,
        }

    def review(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        t = self.ticket(repo, rng.choice(self.users), at, is_pr=True, action="created")
        review = sp.review_2020s(
            repo, t, rng.randint(1_900_000_000, 2_000_000_000), actor, rng.choice(self.comments), at
        )
        pr = sp.pull_request_2020s(repo, t, association=rng.choice(_ASSOCIATIONS), full=False)
        return {"action": "created", "review": review, "pull_request": pr}

    def review_comment(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        t = self.ticket(repo, rng.choice(self.users), at, is_pr=True, action="created")
        ids = (rng.randint(1_900_000_000, 2_000_000_000), rng.randint(1_500_000_000, 1_600_000_000))
        comment = sp.review_comment_2020s(repo, t, ids, actor, rng.choice(self.comments), at, rng)
        pr = sp.pull_request_2020s(repo, t, association=rng.choice(_ASSOCIATIONS), full=False)
        return {"action": "created", "comment": comment, "pull_request": pr}


_Builder = Callable[[RepoInfo, Person, str], JSON]
_DIRECTORY_MARKER = """# SYNTHETIC DATA - not real GitHub activity

The GH Archive style files in this directory were generated by `oso.sources.gharchive.synthetic`.
Every event has `"synthetic": true` at its top level; see `SYNTHETIC-*.md` for the arguments.
"""


def _benchmark_readme(file_name: str, args: dict[str, object], tracked: list[str]) -> str:
    lines = [
        "# SYNTHETIC DATA - not real GitHub activity",
        "",
        f"`{file_name}` was generated by `oso.sources.gharchive.synthetic.generate_benchmark_hour`",
        "(module `oso/sources/gharchive/synthetic.py`) for benchmarks. It follows the 2020s GH Archive",
        "event schema (rich pull request, issue and comment objects), but every person, repository",
        'and text in it is invented. Each event has `"synthetic": true` at its top level.',
        "",
        "## Arguments",
        "",
        *(f"- {key}: `{value}`" for key, value in args.items()),
        f"- tracked repos ({len(tracked)}): " + ", ".join(f"`{name}`" for name in tracked),
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m oso.sources.gharchive.synthetic",
        description="Write deterministic, clearly marked SYNTHETIC GH Archive files "
        '(every event has "synthetic": true; a SYNTHETIC*.md is written beside them).',
    )
    modes = parser.add_subparsers(dest="mode", required=True)
    hours = modes.add_parser(
        "hours", help="one YYYY-MM-DD-H.json.gz per hour of a date window (2015 schema)"
    )
    hours.add_argument("--out", type=Path, required=True, help="output directory")
    hours.add_argument(
        "--start", type=dt.date.fromisoformat, required=True, help="first day, YYYY-MM-DD"
    )
    hours.add_argument(
        "--end", type=dt.date.fromisoformat, required=True, help="last day (inclusive)"
    )
    hours.add_argument(
        "--repo", action="append", default=[], help="tracked owner/name (repeatable)"
    )
    hours.add_argument(
        "--repos-file", type=Path, help="file with one tracked owner/name per line (# comments)"
    )
    hours.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    hours.add_argument(
        "--events-per-hour", type=int, default=60, help="mean events per hour (default 60)"
    )
    hours.add_argument(
        "--background-repos", type=int, default=50, help="untracked repositories (default 50)"
    )
    bench = modes.add_parser(
        "benchmark", help="one large hour of 2020s-schema events for benchmarks"
    )
    bench.add_argument(
        "--out", type=Path, required=True, help="output file, best named YYYY-MM-DD-H.json.gz"
    )
    bench.add_argument(
        "--tracked", action="append", default=[], help="tracked owner/name (repeatable)"
    )
    bench.add_argument(
        "--n-events", type=int, default=200_000, help="events in the hour (default 200000)"
    )
    bench.add_argument(
        "--tracked-share", type=float, default=0.05, help="share of tracked events (default 0.05)"
    )
    bench.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    bench.add_argument(
        "--compresslevel",
        type=int,
        default=3,
        choices=range(1, 10),
        metavar="1-9",
        help="gzip level (default 3)",
    )
    return parser


def _read_repos_file(path: Path | None) -> list[str]:
    if path is None:
        return []
    lines = (
        line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
    )
    return [line for line in lines if line]


def _stderr_progress(label: str) -> Progress:
    shown = {"step": -1}

    def report(done: int, total: int) -> None:
        step = done * 20 // max(total, 1)
        if step != shown["step"] or done == total:
            shown["step"] = step
            print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)

    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    if args.mode == "hours":
        repos = [*args.repo, *_read_repos_file(args.repos_file)]
        paths = generate_hours(
            args.out,
            repos,
            args.start,
            args.end,
            seed=args.seed,
            events_per_hour=args.events_per_hour,
            background_repos=args.background_repos,
            progress=_stderr_progress("hours"),
        )
        print(f"wrote {len(paths)} hourly files to {args.out}", file=sys.stderr)
    else:
        path = generate_benchmark_hour(
            args.out,
            n_events=args.n_events,
            tracked_repos=args.tracked,
            tracked_share=args.tracked_share,
            seed=args.seed,
            compresslevel=args.compresslevel,
            progress=_stderr_progress("events"),
        )
        size = path.stat().st_size / 1e6
        print(f"wrote {path} ({size:.1f} MB gzip)", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
