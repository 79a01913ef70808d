"""The payloads of the benchmark hour (2020s schema), built fast from the pools."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.bench_pools import ASSOCIATIONS, BenchPools
from oso.sources.gharchive.synthetic.entities import JSON, Person, RepoInfo, Ticket
from oso.sources.gharchive.synthetic.ids import sha40
from oso.sources.gharchive.synthetic.payloads.git import (
    create_payload,
    delete_payload,
    push_commit,
    release_2020s,
)
from oso.sources.gharchive.synthetic.payloads.issues import issue_2020s, issue_comment_2020s
from oso.sources.gharchive.synthetic.payloads.pulls import pull_request_2020s
from oso.sources.gharchive.synthetic.payloads.repos import forkee_2020s
from oso.sources.gharchive.synthetic.payloads.reviews import review_2020s, review_comment_2020s
from oso.sources.gharchive.synthetic.texts import commit_count
from oso.sources.gharchive.synthetic.vocab import LABELS, NOUNS


class BenchPayloads(BenchPools):
    """One method per event type: ``(repo, actor, created_at) -> payload``."""

    def push(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        roll = rng.random()
        size = 1 if roll < 0.7 else (2 if roll < 0.85 else rng.randint(3, 5 if roll < 0.97 else 20))
        branch = repo.default_branch if rng.random() < 0.8 else f"feature/{rng.choice(NOUNS)}"
        commits = [
            push_commit(repo.full_name, sha40(rng), actor, rng.choice(self.messages), True)
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
            "before": sha40(rng),
            "commits": commits,
        }

    def create(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        roll = self.rng.random()
        if roll < 0.15:
            return create_payload(None, "repository", repo)
        if roll < 0.35:
            return create_payload(
                f"v{self.rng.randint(0, 5)}.{self.rng.randint(0, 30)}.0", "tag", repo
            )
        return create_payload(f"{actor.login.lower()}/{self.rng.choice(NOUNS)}", "branch", repo)

    def delete(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        return delete_payload(
            f"feature/{self.rng.choice(NOUNS)}-{self.rng.choice(NOUNS)}", "branch"
        )

    def watch(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        return {"action": "started"}

    def fork(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        fork = self.fork_info(repo, actor)
        fork.created_at = fork.updated_at = at
        return {"forkee": forkee_2020s(fork)}

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
        release = release_2020s(
            repo, rng.randint(150_000_000, 160_000_000), tag, actor, sha40(rng), at, body
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
            labels=rng.sample(LABELS, rng.choice((0, 0, 1, 2))),
            comments=rng.randint(0, 12),
        )
        if is_pr:
            t.is_pr, t.pr_id = True, rng.randint(1_800_000_000, 1_900_000_000)
            t.head_repo = self.fork_info(repo, author) if rng.random() < 0.5 else None
            t.head_ref = f"{rng.choice(('fix', 'feature', 'chore'))}/{rng.choice(NOUNS)}"
            t.head_sha, t.base_sha, t.commits = sha40(rng), sha40(rng), commit_count(rng)
            t.additions = int(rng.paretovariate(1.2) * 10 * t.commits)
            t.deletions, t.changed_files = int(t.additions * rng.random() * 0.5), rng.randint(1, 40)
        if action == "closed":
            t.state, t.closed_at = "closed", at
            if is_pr and rng.random() < 0.7:
                t.merged, t.merged_at, t.merge_commit_sha = True, at, sha40(rng)
                t.merged_by = rng.choice(self.users)
        return t

    def pull_request(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        roll = self.rng.random()
        action = "opened" if roll < 0.47 else ("closed" if roll < 0.97 else "reopened")
        author = actor if action == "opened" else self.rng.choice(self.users)
        t = self.ticket(repo, author, at, is_pr=True, action=action)
        pr = pull_request_2020s(repo, t, association=self.rng.choice(ASSOCIATIONS))
        return {"action": action, "number": t.number, "pull_request": pr}

    def issues(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        action = "opened" if self.rng.random() < 0.6 else "closed"
        author = actor if action == "opened" else self.rng.choice(self.users)
        t = self.ticket(repo, author, at, is_pr=False, action=action)
        return {"action": action, "issue": issue_2020s(repo, t, self.rng.choice(ASSOCIATIONS))}

    def issue_comment(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        t = self.ticket(
            repo, rng.choice(self.users), at, is_pr=rng.random() < 0.5, action="created"
        )
        t.comments += 1
        cid = rng.randint(2_100_000_000, 2_200_000_000)
        association = rng.choice(ASSOCIATIONS)
        comment = issue_comment_2020s(
            repo, t, cid, actor, rng.choice(self.comments), at, association
        )
        return {
            "action": "created",
            "issue": issue_2020s(repo, t, association),
            "comment": comment,
        }

    def review(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        t = self.ticket(repo, rng.choice(self.users), at, is_pr=True, action="created")
        review = review_2020s(
            repo, t, rng.randint(1_900_000_000, 2_000_000_000), actor, rng.choice(self.comments), at
        )
        pr = pull_request_2020s(repo, t, association=rng.choice(ASSOCIATIONS), full=False)
        return {"action": "created", "review": review, "pull_request": pr}

    def review_comment(self, repo: RepoInfo, actor: Person, at: str) -> JSON:
        rng = self.rng
        t = self.ticket(repo, rng.choice(self.users), at, is_pr=True, action="created")
        ids = (rng.randint(1_900_000_000, 2_000_000_000), rng.randint(1_500_000_000, 1_600_000_000))
        comment = review_comment_2020s(repo, t, ids, actor, rng.choice(self.comments), at, rng)
        pr = pull_request_2020s(repo, t, association=rng.choice(ASSOCIATIONS), full=False)
        return {"action": "created", "comment": comment, "pull_request": pr}
