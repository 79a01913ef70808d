"""Pull request activity of a slot: opening, closing, merging and reviewing pull requests."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import Person, RepoInfo, Ticket
from oso.sources.gharchive.synthetic.events_issues import IssueEvents
from oso.sources.gharchive.synthetic.ids import sha40
from oso.sources.gharchive.synthetic.payloads.pulls import pull_request_2015
from oso.sources.gharchive.synthetic.payloads.reviews import review_comment_2015
from oso.sources.gharchive.synthetic.slot import Draft
from oso.sources.gharchive.synthetic.texts import (
    bump_title,
    commit_count,
    commit_message,
    paragraph,
    pr_title,
    text_body,
)
from oso.sources.gharchive.synthetic.vocab import NOUNS


class Events(IssueEvents):
    """All the handlers of an activity slot; ``_pull_request`` and ``_review_comment`` here."""

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
        title = bump_title(rng) if author.type == "Bot" else pr_title(rng)
        ticket = self.new_ticket(author, title, text_body(rng, rng.randint(1, 3)), at)
        self.fill_pr(ticket, head_repo, head_ref, commits)
        self.repo.open_prs.append(ticket)
        pull_request = pull_request_2015(self.info, ticket)
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
        messages = [commit_message(rng) for _ in range(commit_count(rng))]
        if author in self.repo.contributors and author not in self.repo.core:
            ref = rng.choice(("patch-1", "patch-2", f"{rng.choice(NOUNS)}-fix"))
            return [], self.fork_of(author), ref, [(sha40(rng), m) for m in messages]
        ref = self.new_branch_name(author)
        create = self.create_branch(author, ref)
        push = self.push(author, ref, [(author, m) for m in messages], offset=1)
        listed = [(c["sha"], c["message"]) for c in push[3]["commits"]]
        return [create, push], None, ref, listed

    def fill_pr(
        self, t: Ticket, head_repo: RepoInfo | None, head_ref: str, commits: list[tuple[str, str]]
    ) -> None:
        rng = self.rng
        t.is_pr, t.pr_id = True, self.registry.next_id("pr", rng)
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
        ticket.merge_commit_sha = sha40(rng)
        if merged:
            ticket.merged, ticket.merged_at, ticket.merged_by = True, at, actor
        self.repo.open_prs.remove(ticket)
        self.remember_closed(ticket)
        payload = {
            "action": "closed",
            "number": ticket.number,
            "pull_request": pull_request_2015(self.info, ticket),
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
        shas = [*ticket.commit_shas, ticket.merge_commit_sha or sha40(self.rng)]
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
        cid = self.registry.next_id("review_comment", self.rng)
        body = paragraph(self.rng, self.rng.randint(1, 3))
        comment = review_comment_2015(self.info, ticket, cid, actor, body, at, self.rng)
        payload = {
            "action": "created",
            "comment": comment,
            "pull_request": pull_request_2015(self.info, ticket, full=False),
        }
        return [(sec, "PullRequestReviewCommentEvent", actor, payload)]
