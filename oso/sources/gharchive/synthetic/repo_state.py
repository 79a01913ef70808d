"""The repositories of the hourly simulation: who works on them, their activity mix and state."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from oso.sources.gharchive.synthetic.entities import Person, RepoInfo, Ticket
from oso.sources.gharchive.synthetic.ids import cumulative, sha40, ts
from oso.sources.gharchive.synthetic.people import make_login, make_repo_name, repo_description
from oso.sources.gharchive.synthetic.registry import Registry
from oso.sources.gharchive.synthetic.vocab import BOTS, LANGUAGES

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


@dataclass
class RepoState:
    info: RepoInfo
    tracked: bool
    weight: float
    mix: list[float]  # cumulative weights of KINDS
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
        return cumulative(1.0 / (i + 1) ** 1.3 for i in range(len(self.core)))


def build_repos(registry: Registry, tracked: Sequence[str], background: int) -> list[RepoState]:
    """The tracked repositories, then ``background`` untracked ones with other owners."""
    rng = registry.rng("shared")
    shared = [registry.person(make_login(rng), rng) for _ in range(max(3, len(tracked) // 3))]
    repos = [_repo_state(registry, name, shared, tracked=True) for name in tracked]
    owners = {name.split("/")[0].lower() for name in tracked}
    names = _background_names(
        registry.rng("background"), background, owners, set(map(str.lower, tracked))
    )
    repos += [_repo_state(registry, name, shared, tracked=False) for name in names]
    return repos


def _background_names(
    rng: random.Random, count: int, tracked_owners: set[str], tracked: set[str]
) -> list[str]:
    names: list[str] = []
    seen = set(tracked)
    while len(names) < count:
        owner = make_login(rng)
        name = f"{owner}/{make_repo_name(rng)}"
        if owner.lower() in tracked_owners or name.lower() in seen:
            continue
        seen.add(name.lower())
        names.append(name)
    return names


def _repo_state(registry: Registry, name: str, shared: list[Person], *, tracked: bool) -> RepoState:
    """A repository and its people; ``shared`` developers work on several tracked repos."""
    rng = registry.rng("repo", name.lower())
    weight = rng.lognormvariate(0.3, 1.0) if tracked else rng.lognormvariate(-0.7, 0.9)
    weight = min(12.0, max(0.1, weight))
    info = _repo_info(registry, name, rng, weight, org_share=0.7 if tracked else 0.15)
    core = [] if info.org else [info.owner]
    core += [registry.person(make_login(rng), rng) for _ in range(1 + min(4, int(weight * 1.5)))]
    contributors = [
        registry.person(make_login(rng), rng) for _ in range(rng.randint(3, 8 + int(6 * weight)))
    ]
    if tracked and rng.random() < 0.35:
        core.append(rng.choice(shared))
    if tracked:
        contributors += rng.sample(shared, min(len(shared), rng.randint(0, 2)))
    bots = [registry.person(b, rng, "Bot") for b in BOTS if tracked and rng.random() < 0.45]
    version = [rng.randint(0, 3), rng.randint(0, 20), rng.randint(0, 9)]
    mix = cumulative(_TRACKED_MIX if tracked else _BACKGROUND_MIX)
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
    state.branches[info.default_branch] = sha40(rng)
    return state


def _repo_info(
    registry: Registry, name: str, rng: random.Random, weight: float, org_share: float
) -> RepoInfo:
    owner_login = name.split("/")[0]
    owner_rng = registry.rng("owner", owner_login.lower())
    is_org = owner_rng.random() < org_share
    owner = registry.person(owner_login, owner_rng, "Organization" if is_org else "User")
    created = dt.datetime.combine(registry.start, dt.time()) - dt.timedelta(
        days=rng.randint(60, 2500)
    )
    language = rng.choice(LANGUAGES)
    stars = int(weight * rng.randint(20, 600))
    return RepoInfo(
        full_name=name,
        id=registry.repo_id(name),
        owner=owner,
        description=f"{repo_description(rng)} for {language}",
        language=language,
        created_at=ts(created),
        org=owner if owner.type == "Organization" else None,
        homepage=f"https://{name.split('/')[1].lower()}.dev" if rng.random() < 0.4 else None,
        stars=stars,
        forks=stars // 7,
        size=rng.randint(50, 90_000),
        pushed_at=ts(created),
    )
