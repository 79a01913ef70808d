"""Issues and issue comments (IssuesEvent, IssueCommentEvent), 2015 and 2020s schema."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import JSON, Person, RepoInfo, Ticket
from oso.sources.gharchive.synthetic.ids import node_id
from oso.sources.gharchive.synthetic.payloads.accounts import API, WEB, user_2015, user_2020s
from oso.sources.gharchive.synthetic.payloads.repos import labels_2015, labels_2020s


def issue_2015(r: RepoInfo, t: Ticket) -> JSON:
    """The issue object of IssuesEvent / IssueCommentEvent (PRs get a ``pull_request`` link)."""
    url = f"{API}/repos/{r.full_name}/issues/{t.number}"
    kind = "pull" if t.is_pr else "issues"
    obj: JSON = {
        "url": url,
        "labels_url": f"{url}/labels{{/name}}",
        "comments_url": f"{url}/comments",
        "events_url": f"{url}/events",
        "html_url": f"{WEB}/{r.full_name}/{kind}/{t.number}",
        "id": t.issue_id,
        "number": t.number,
        "title": t.title,
        "user": user_2015(t.user),
        "labels": labels_2015(r, t.labels),
        "state": t.state,
        "locked": False,
        "assignee": None,
        "milestone": None,
        "comments": t.comments,
        "created_at": t.created_at,
        "updated_at": t.updated_at or t.created_at,
        "closed_at": t.closed_at,
    }
    if t.is_pr:
        pr = f"{WEB}/{r.full_name}/pull/{t.number}"
        obj["pull_request"] = {
            "url": f"{API}/repos/{r.full_name}/pulls/{t.number}",
            "html_url": pr,
            "diff_url": f"{pr}.diff",
            "patch_url": f"{pr}.patch",
        }
    obj["body"] = t.body
    return obj


def issue_comment_2015(
    r: RepoInfo, t: Ticket, comment_id: int, user: Person, body: str, at: str
) -> JSON:
    kind = "pull" if t.is_pr else "issues"
    return {
        "url": f"{API}/repos/{r.full_name}/issues/comments/{comment_id}",
        "html_url": f"{WEB}/{r.full_name}/{kind}/{t.number}#issuecomment-{comment_id}",
        "issue_url": f"{API}/repos/{r.full_name}/issues/{t.number}",
        "id": comment_id,
        "user": user_2015(user),
        "created_at": at,
        "updated_at": at,
        "body": body,
    }


def reactions(url: str) -> JSON:
    keys = ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")
    return {"url": f"{url}/reactions", "total_count": 0} | dict.fromkeys(keys, 0)


def issue_2020s(r: RepoInfo, t: Ticket, association: str) -> JSON:
    """The 2020s issue object (IssuesEvent, IssueCommentEvent); PRs carry ``pull_request``."""
    old = issue_2015(r, t)
    obj: JSON = {"url": old["url"], "repository_url": f"{API}/repos/{r.full_name}"}
    for key in ("labels_url", "comments_url", "events_url", "html_url", "id"):
        obj[key] = old[key]
    obj.update(node_id=node_id("PullRequest" if t.is_pr else "Issue", t.issue_id), number=t.number)
    obj.update(title=t.title, user=user_2020s(t.user))
    obj["labels"] = labels_2020s(r, t.labels)
    obj.update(state=t.state, locked=False, assignee=None, assignees=[], milestone=None)
    for key in ("comments", "created_at", "updated_at", "closed_at"):
        obj[key] = old[key]
    obj.update(author_association=association, active_lock_reason=None)
    if t.is_pr:
        obj["draft"] = False
        obj["pull_request"] = old["pull_request"] | {"merged_at": t.merged_at}
    obj.update(body=t.body, reactions=reactions(old["url"]), timeline_url=f"{old['url']}/timeline")
    obj.update(performed_via_github_app=None, state_reason=None)
    return obj


def issue_comment_2020s(
    r: RepoInfo, t: Ticket, comment_id: int, user: Person, body: str, at: str, association: str
) -> JSON:
    old = issue_comment_2015(r, t, comment_id, user, body, at)
    obj: JSON = {k: old[k] for k in ("url", "html_url", "issue_url", "id")}
    obj.update(node_id=node_id("IssueComment", comment_id), user=user_2020s(user))
    obj.update(created_at=at, updated_at=at, author_association=association, body=body)
    obj.update(reactions=reactions(old["url"]), performed_via_github_app=None)
    return obj
