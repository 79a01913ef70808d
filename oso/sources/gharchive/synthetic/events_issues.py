"""Issue activity of a slot: opening, closing, reopening and commenting on issues."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import Person, Ticket
from oso.sources.gharchive.synthetic.events_git import GitEvents
from oso.sources.gharchive.synthetic.payloads.issues import issue_2015, issue_comment_2015
from oso.sources.gharchive.synthetic.payloads.pulls import pull_request_2015
from oso.sources.gharchive.synthetic.slot import Draft
from oso.sources.gharchive.synthetic.texts import issue_title, paragraph, text_body
from oso.sources.gharchive.synthetic.vocab import LABELS


class IssueEvents(GitEvents):
    """Handlers ``_issues`` and ``_issue_comment``; tickets shared with pull requests."""

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
        labels = rng.sample(LABELS, rng.choice((0, 0, 1, 1, 2)))
        ticket = Ticket(
            number=self.repo.next_number,
            issue_id=self.registry.next_id("issue", rng),
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
            self.registry.drive_by(self.rng)
            if roll < 0.4
            else (self.contributor() if roll < 0.8 else self.core())
        )
        sec, at = self.clock.at()
        ticket = self.new_ticket(user, issue_title(self.rng), text_body(self.rng, 2), at)
        self.repo.open_issues.append(ticket)
        return (
            sec,
            "IssuesEvent",
            user,
            {"action": "opened", "issue": issue_2015(self.info, ticket)},
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
            {"action": "closed", "issue": issue_2015(self.info, ticket)},
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
                "pull_request": pull_request_2015(self.info, ticket),
            }
            return sec, "PullRequestEvent", actor, payload
        self.repo.open_issues.append(ticket)
        return (
            sec,
            "IssuesEvent",
            actor,
            {"action": "reopened", "issue": issue_2015(self.info, ticket)},
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
        body = paragraph(self.rng, self.rng.randint(1, 4))
        comment = issue_comment_2015(
            self.info, ticket, self.registry.next_id("comment", self.rng), actor, body, at
        )
        payload = {
            "action": "created",
            "issue": issue_2015(self.info, ticket),
            "comment": comment,
        }
        return [(sec, "IssueCommentEvent", actor, payload)]
