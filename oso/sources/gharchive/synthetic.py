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

import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

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

    def __init__(self, repos: Sequence[str], seed: int, background_repos: int, start: dt.date) -> None:
        self.seed = seed
        self.start = start
        self.people: dict[str, Person] = {}
        self.actor_ids: set[int] = set()
        self.repo_ids: set[int] = set()
        days = (start - _ORIGIN).days
        self.counters = {k: max(1_000, base + days * per_day) for k, (base, per_day) in _ID_BASES.items()}
        self.shared = self._shared_developers(len(repos))
        self.repos = [self._repo_state(name, tracked=True) for name in repos]
        tracked_owners = {name.split("/")[0].lower() for name in repos}
        for name in _background_names(seed, background_repos, tracked_owners, set(map(str.lower, repos))):
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
        while self.people.get(login.lower(), None) is not None and self.people[login.lower()].type != "User":
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
        info = self._repo_info(name, rng, weight, org_share=0.7 if tracked else 0.15)
        core = [] if info.org else [info.owner]
        core += [self.person(sp.make_login(rng), rng) for _ in range(1 + min(4, int(weight * 1.5)))]
        contributors = [self.person(sp.make_login(rng), rng) for _ in range(rng.randint(3, 8 + int(6 * weight)))]
        if tracked and rng.random() < 0.35:
            core.append(rng.choice(self.shared))
        if tracked:
            contributors += rng.sample(self.shared, min(len(self.shared), rng.randint(0, 2)))
        bots = [self.person(b, rng, "Bot") for b in sp.BOTS if tracked and rng.random() < 0.45]
        version = [rng.randint(0, 3), rng.randint(0, 20), rng.randint(0, 9)]
        state = RepoState(info, tracked, weight, _cumulative(_TRACKED_MIX if tracked else _BACKGROUND_MIX),
                          core, contributors, bots, rng.randint(1, 2500 if tracked else 40), version)  # fmt: skip
        state.branches[info.default_branch] = sp.sha40(rng)
        return state

    def _repo_info(self, name: str, rng: random.Random, weight: float, org_share: float) -> RepoInfo:
        owner_login = name.split("/")[0]
        owner_rng = random.Random(f"oso-gharchive-synthetic:{self.seed}:owner:{owner_login.lower()}")
        is_org = owner_rng.random() < org_share
        owner = self.person(owner_login, owner_rng, "Organization" if is_org else "User")
        created = dt.datetime.combine(self.start, dt.time()) - dt.timedelta(days=rng.randint(60, 2500))
        language = rng.choice(sp.LANGUAGES)
        stars = int(weight * rng.randint(20, 600))
        return RepoInfo(
            full_name=name, id=self._repo_id(name), owner=owner,
            description=f"{rng.choice(sp.ADJECTIVES).capitalize()} {rng.choice(sp.NOUNS)} {rng.choice(sp.NOUNS)} for {language}",
            language=language, created_at=sp.ts(created), org=owner if owner.type == "Organization" else None,
            homepage=f"https://{name.split('/')[1].lower()}.dev" if rng.random() < 0.4 else None,
            stars=stars, forks=stars // 7, size=rng.randint(50, 90_000), pushed_at=sp.ts(created),
        )  # fmt: skip

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

    def envelope(self, draft: Draft, repo: RepoState, hour: dt.datetime, rng: random.Random) -> JSON:
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


def _background_names(seed: int, count: int, tracked_owners: set[str], tracked: set[str]) -> list[str]:
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
        return self.rng.choices(self.repo.core, cum_weights=self.repo.core_weights)[0]

    def contributor(self) -> Person:
        return self.rng.choice(self.repo.contributors)

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
        self, actor: Person, branch: str, commits: list[tuple[Person, str]], *, offset: int = 0, distinct: bool = True
    ) -> Draft:
        """A PushEvent of ``commits`` (author, message) onto ``branch``; updates the branch head."""
        rng, full = self.rng, self.info.full_name
        before = self.repo.branches.get(branch, self.repo.branches[self.info.default_branch])
        size = len(commits) if len(commits) < 20 or rng.random() < 0.5 else len(commits) + rng.randint(1, 40)
        shown = commits[-20:]
        listed = [
            sp.push_commit(full, sp.sha40(rng), author, message, distinct or i == len(shown) - 1)
            for i, (author, message) in enumerate(shown)
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
        features = [b for b in self.repo.branches if b != self.info.default_branch and b not in busy]
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
            full_name=f"{owner.login}/{short}", id=self.world.next_id("repo", self.rng), owner=owner,
            description=self.info.description, language=None, created_at=created, default_branch=self.info.default_branch,
            fork=True, homepage=self.info.homepage, size=self.info.size, pushed_at=self.info.pushed_at, updated_at=created,
        )  # fmt: skip
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
        body = "## Changes\r\n\r\n" + "\r\n".join(f"* {sp.commit_message(rng).splitlines()[0]}" for _ in range(4))
        asset = self.world.next_id("asset", rng) if rng.random() < 0.3 else 0
        release = sp.release_2015(
            self.info, self.world.next_id("release", rng), tag, actor,
            self.repo.branches[self.info.default_branch], at, body, asset,
        )  # fmt: skip
        create = (self.clock.at()[0], "CreateEvent", actor, sp.create_payload(tag, "tag", self.info))
        return [create, (sec, "ReleaseEvent", actor, {"action": "published", "release": release})]

    # ---- issues

    def _issues(self) -> list[Draft]:
        eligible = [t for t in self.repo.open_issues if self.world_hour_before(t)]
        roll = self.rng.random()
        p_close = len(eligible) / (len(eligible) + 3)
        if eligible and roll < p_close:
            return [self.close_issue(self.rng.choice(eligible))]
        reopenable = [t for h, t in self.repo.closed if h < self.clock.index and not t.is_pr]
        if reopenable and roll < p_close + 0.03:
            return [self.reopen(self.rng.choice(reopenable))]
        return [self.open_issue()]

    def world_hour_before(self, ticket: Ticket) -> bool:
        return ticket.opened_hour < self.clock.index

    def new_ticket(self, user: Person, title: str, body: str, at: str) -> Ticket:
        rng = self.rng
        labels = rng.sample(sp.LABELS, rng.choice((0, 0, 1, 1, 2)))
        ticket = Ticket(
            number=self.repo.next_number, issue_id=self.world.next_id("issue", rng), title=title, body=body,
            user=user, created_at=at, updated_at=at, opened_hour=self.clock.index, labels=list(labels),
        )  # fmt: skip
        self.repo.next_number += 1
        self.info.open_issues += 1
        return ticket

    def open_issue(self) -> Draft:
        roll = self.rng.random()
        user = self.world.drive_by(self.rng) if roll < 0.4 else (self.contributor() if roll < 0.8 else self.core())
        sec, at = self.clock.at()
        ticket = self.new_ticket(user, sp.issue_title(self.rng), sp.text_body(self.rng, 2), at)
        self.repo.open_issues.append(ticket)
        return sec, "IssuesEvent", user, {"action": "opened", "issue": sp.issue_2015(self.info, ticket)}

    def close_issue(self, ticket: Ticket) -> Draft:
        actor = self.core() if self.rng.random() < 0.7 else ticket.user
        sec, at = self.clock.at()
        ticket.state, ticket.closed_at, ticket.updated_at = "closed", at, at
        self.repo.open_issues.remove(ticket)
        self.remember_closed(ticket)
        return sec, "IssuesEvent", actor, {"action": "closed", "issue": sp.issue_2015(self.info, ticket)}

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
            payload = {"action": "reopened", "number": ticket.number, "pull_request": sp.pull_request_2015(self.info, ticket)}
            return sec, "PullRequestEvent", actor, payload
        self.repo.open_issues.append(ticket)
        return sec, "IssuesEvent", actor, {"action": "reopened", "issue": sp.issue_2015(self.info, ticket)}

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
        comment = sp.issue_comment_2015(self.info, ticket, self.world.next_id("comment", self.rng), actor, body, at)
        payload = {"action": "created", "issue": sp.issue_2015(self.info, ticket), "comment": comment}
        return [(sec, "IssueCommentEvent", actor, payload)]

    # ---- pull requests

    def _pull_request(self) -> list[Draft]:
        eligible = [t for t in self.repo.open_prs if self.world_hour_before(t)]
        roll = self.rng.random()
        p_close = len(eligible) / (len(eligible) + 2)
        if eligible and roll < p_close:
            return self.close_pr(self.rng.choice(eligible))
        reopenable = [t for h, t in self.repo.closed if h < self.clock.index and t.is_pr and not t.merged]
        if reopenable and roll < p_close + 0.02:
            return [self.reopen(self.rng.choice(reopenable))]
        return self.open_pr()

    def open_pr(self) -> list[Draft]:
        rng, repo = self.rng, self.repo
        roll = rng.random()
        if repo.bots and roll < 0.15:
            author = rng.choice([b for b in repo.bots if b.login != "github-actions[bot]"] or repo.bots)
        else:
            author = self.contributor() if roll < 0.65 else self.core()
        drafts: list[Draft] = []
        n_commits = _commit_count(rng)
        if author in repo.contributors and author not in repo.core:
            head_repo: RepoInfo | None = self.fork_of(author)
            head_ref, shas = rng.choice(("patch-1", "patch-2", f"{rng.choice(sp.NOUNS)}-fix")), [sp.sha40(rng) for _ in range(n_commits)]
        else:
            head_repo, head_ref = None, self.new_branch_name(author)
            drafts.append(self.create_branch(author, head_ref))
            commits = [(author, sp.commit_message(rng)) for _ in range(n_commits)]
            drafts.append(self.push(author, head_ref, commits, offset=1))
            shas = [c["sha"] for c in drafts[-1][3]["commits"]]
        sec, at = self.clock.at(len(drafts))
        title = _bump_title(rng) if author.type == "Bot" else sp.pr_title(rng)
        ticket = self.new_ticket(author, title, sp.text_body(rng, rng.randint(1, 3)), at)
        self.fill_pr(ticket, head_repo, head_ref, shas)
        repo.open_prs.append(ticket)
        payload = {"action": "opened", "number": ticket.number, "pull_request": sp.pull_request_2015(self.info, ticket)}
        return [*drafts, (sec, "PullRequestEvent", author, payload)]

    def fill_pr(self, t: Ticket, head_repo: RepoInfo | None, head_ref: str, shas: list[str]) -> None:
        rng = self.rng
        t.is_pr, t.pr_id, t.head_repo, t.head_ref = True, self.world.next_id("pr", rng), head_repo, head_ref
        t.commit_shas, t.head_sha, t.commits = shas, shas[-1], len(shas)
        t.base_sha = self.repo.branches[self.info.default_branch]
        t.additions = int(rng.paretovariate(1.2) * 8 * len(shas))
        t.deletions = int(t.additions * rng.random() * 0.6)
        t.changed_files = max(1, min(300, int(rng.paretovariate(1.5) * len(shas))))

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
        payload = {"action": "closed", "number": ticket.number, "pull_request": sp.pull_request_2015(self.info, ticket)}
        drafts: list[Draft] = [(sec, "PullRequestEvent", actor, payload)]
        if merged:
            drafts.extend(self.after_merge(ticket, actor))
        return drafts

    def after_merge(self, ticket: Ticket, merger: Person) -> list[Draft]:
        """The merge lands on the default branch as a push; a same-repo head branch is often deleted."""
        head_owner = (ticket.head_repo or self.info).owner.login
        merge_message = f"Merge pull request #{ticket.number} from {head_owner}/{ticket.head_ref}\n\n{ticket.title}"
        commits = [(ticket.user, sp.commit_message(self.rng)) for _ in ticket.commit_shas] + [(merger, merge_message)]
        same_repo = ticket.head_repo is None
        drafts = [self.push(merger, self.info.default_branch, commits, offset=1, distinct=not same_repo)]
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
        payload = {"action": "created", "comment": comment, "pull_request": sp.pull_request_2015(self.info, ticket, full=False)}
        return [(sec, "PullRequestReviewCommentEvent", actor, payload)]


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
