"""Git activity of a slot: pushes, branches, stars, forks and releases."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import Person, RepoInfo
from oso.sources.gharchive.synthetic.ids import sha40
from oso.sources.gharchive.synthetic.payloads.git import (
    create_payload,
    delete_payload,
    push_commit,
    release_2015,
)
from oso.sources.gharchive.synthetic.payloads.repos import forkee_2015
from oso.sources.gharchive.synthetic.slot import Draft, Slot
from oso.sources.gharchive.synthetic.texts import commit_count, commit_message
from oso.sources.gharchive.synthetic.vocab import NOUNS, PACKAGES


class GitEvents(Slot):
    """Handlers ``_push``, ``_create``, ``_delete``, ``_watch``, ``_fork``, ``_release``."""

    def _push(self) -> list[Draft]:
        rng, repo = self.rng, self.repo
        roll = rng.random()
        if repo.bots and roll < 0.1:
            actor = rng.choice(repo.bots)
            return [self.push(actor, self.info.default_branch, [(actor, commit_message(rng))])]
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
        commits = [(actor, commit_message(rng)) for _ in range(commit_count(rng))]
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
        hashes = shas if shas is not None else [sha40(rng) for _ in commits]
        shown = list(zip(hashes, commits, strict=True))[-20:]
        listed = [
            push_commit(full, sha, author, message, distinct or i == len(shown) - 1)
            for i, (sha, (author, message)) in enumerate(shown)
        ]
        head = listed[-1]["sha"]
        self.repo.branches[branch] = head
        sec, at = self.clock.at(offset)
        self.info.pushed_at = self.info.updated_at = at
        payload = {
            "push_id": self.registry.next_id("push", rng),
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
            return f"{actor.login.removesuffix('[bot]')}/npm_and_yarn/{rng.choice(PACKAGES)}-{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
        prefix = rng.choice(("feature", "fix", "docs", actor.login.lower()))
        return f"{prefix}/{rng.choice(NOUNS)}-{rng.choice(NOUNS)}"

    def create_branch(self, actor: Person, branch: str, offset: int = 0) -> Draft:
        self.repo.branches[branch] = self.repo.branches[self.info.default_branch]
        sec, _ = self.clock.at(offset)
        return sec, "CreateEvent", actor, create_payload(branch, "branch", self.info)

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
        return sec, "DeleteEvent", actor, delete_payload(branch, "branch")

    def _watch(self) -> list[Draft]:
        actor = self.registry.drive_by(self.rng) if self.rng.random() < 0.9 else self.contributor()
        self.info.stars += 1
        sec, _ = self.clock.at()
        return [(sec, "WatchEvent", actor, {"action": "started"})]

    def _fork(self) -> list[Draft]:
        actor = self.registry.drive_by(self.rng) if self.rng.random() < 0.7 else self.contributor()
        sec, at = self.clock.at()
        fork = self.fork_of(actor, created_at=at)
        return [(sec, "ForkEvent", actor, {"forkee": forkee_2015(fork)})]

    def fork_of(self, owner: Person, created_at: str | None = None) -> RepoInfo:
        """The owner's fork of the repository (made now, or silently before the window)."""
        known = self.repo.forks.get(owner.login)
        if known is not None:
            return known
        short = self.info.full_name.split("/")[1]
        created = created_at or self.info.created_at
        fork = RepoInfo(
            full_name=f"{owner.login}/{short}",
            id=self.registry.next_id("repo", self.rng),
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
            f"* {commit_message(rng).splitlines()[0]}" for _ in range(4)
        )
        asset = self.registry.next_id("asset", rng) if rng.random() < 0.3 else 0
        release = release_2015(
            self.info,
            self.registry.next_id("release", rng),
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
            create_payload(tag, "tag", self.info),
        )
        return [create, (sec, "ReleaseEvent", actor, {"action": "published", "release": release})]
