"""Pull requests (PullRequestEvent and the PR of review events), 2015 and 2020s schema."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import JSON, RepoInfo, Ticket
from oso.sources.gharchive.synthetic.ids import node_id
from oso.sources.gharchive.synthetic.payloads.accounts import API, WEB, user_2015, user_2020s
from oso.sources.gharchive.synthetic.payloads.repos import labels_2020s, repo_2015, repo_2020s


def pull_request_2015(r: RepoInfo, t: Ticket, *, full: bool = True) -> JSON:
    """The 2015 pull request object; ``full=False`` is the shorter one of review comments."""
    common = _pr_common(r, t)
    obj: JSON = {
        k: common[k] for k in ("url", "id", "html_url", "diff_url", "patch_url", "issue_url")
    }
    obj.update(number=t.number, state=t.state, locked=False, title=t.title, user=user_2015(t.user))
    for key in ("body", "created_at", "updated_at", "closed_at", "merged_at", "merge_commit_sha"):
        obj[key] = common[key]
    obj.update(assignee=None, milestone=None)
    obj.update(_pr_urls(r, t))
    obj["head"] = _branch(t.head_repo or r, t.head_ref, t.head_sha, modern=False)
    obj["base"] = _branch(r, r.default_branch, t.base_sha, modern=False)
    obj["_links"] = _pr_links(r.full_name, t.number, t.head_sha)
    if full:
        obj.update(_pr_stats(t))
        obj["merged_by"] = user_2015(t.merged_by) if t.merged_by else None
        obj.update(_pr_counts(t))
    return obj


def pull_request_2020s(r: RepoInfo, t: Ticket, *, association: str, full: bool = True) -> JSON:
    """The 2020s pull request object (``full=False``: as embedded in review events)."""
    common = _pr_common(r, t)
    obj: JSON = {"url": common["url"], "id": t.pr_id, "node_id": node_id("PullRequest", t.pr_id)}
    for key in (
        "html_url",
        "diff_url",
        "patch_url",
        "issue_url",
        "number",
        "state",
        "locked",
        "title",
    ):
        obj[key] = common[key]
    obj["user"] = user_2020s(t.user)
    for key in ("body", "created_at", "updated_at", "closed_at", "merged_at", "merge_commit_sha"):
        obj[key] = common[key]
    obj.update(assignee=None, assignees=[], requested_reviewers=[], requested_teams=[])
    obj.update(labels=labels_2020s(r, t.labels), milestone=None, draft=False)
    obj.update(_pr_urls(r, t))
    obj["head"] = _branch(t.head_repo or r, t.head_ref, t.head_sha, modern=True)
    obj["base"] = _branch(r, r.default_branch, t.base_sha, modern=True)
    obj["_links"] = _pr_links(r.full_name, t.number, t.head_sha)
    obj.update(author_association=association, auto_merge=None, active_lock_reason=None)
    if full:
        stats = _pr_stats(t)
        obj.update(
            merged=stats["merged"], mergeable=stats["mergeable"], rebaseable=stats["mergeable"]
        )
        obj["mergeable_state"] = stats["mergeable_state"]
        obj["merged_by"] = user_2020s(t.merged_by) if t.merged_by else None
        counts = _pr_counts(t)
        obj.update(comments=counts.pop("comments"), review_comments=counts.pop("review_comments"))
        obj["maintainer_can_modify"] = False
        obj.update(counts)
    return obj


def _branch(r: RepoInfo, ref: str, sha: str, *, modern: bool) -> JSON:
    """A PR's ``head`` or ``base``: the branch ``ref`` of repository ``r`` at ``sha``."""
    user, repo = (user_2020s, repo_2020s) if modern else (user_2015, repo_2015)
    return {
        "label": f"{r.owner.login}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": user(r.owner),
        "repo": repo(r),
    }


def _pr_common(r: RepoInfo, t: Ticket) -> JSON:
    """The keys shared by the 2015 and 2020s pull request objects, up to ``milestone``."""
    api = f"{API}/repos/{r.full_name}"
    html = f"{WEB}/{r.full_name}/pull/{t.number}"
    return {
        "url": f"{api}/pulls/{t.number}",
        "id": t.pr_id,
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": f"{api}/issues/{t.number}",
        "number": t.number,
        "state": t.state,
        "locked": False,
        "title": t.title,
        "body": t.body,
        "created_at": t.created_at,
        "updated_at": t.updated_at or t.created_at,
        "closed_at": t.closed_at,
        "merged_at": t.merged_at,
        "merge_commit_sha": t.merge_commit_sha,
        "assignee": None,
        "milestone": None,
    }


def _pr_urls(r: RepoInfo, t: Ticket) -> JSON:
    api = f"{API}/repos/{r.full_name}"
    return {
        "commits_url": f"{api}/pulls/{t.number}/commits",
        "review_comments_url": f"{api}/pulls/{t.number}/comments",
        "review_comment_url": f"{api}/pulls/comments/{{number}}",
        "comments_url": f"{api}/issues/{t.number}/comments",
        "statuses_url": f"{api}/statuses/{t.head_sha}",
    }


def _pr_links(full: str, number: int, head_sha: str) -> JSON:
    api = f"{API}/repos/{full}"
    return {
        "self": {"href": f"{api}/pulls/{number}"},
        "html": {"href": f"{WEB}/{full}/pull/{number}"},
        "issue": {"href": f"{api}/issues/{number}"},
        "comments": {"href": f"{api}/issues/{number}/comments"},
        "review_comments": {"href": f"{api}/pulls/{number}/comments"},
        "review_comment": {"href": f"{api}/pulls/comments/{{number}}"},
        "commits": {"href": f"{api}/pulls/{number}/commits"},
        "statuses": {"href": f"{api}/statuses/{head_sha}"},
    }


def _pr_stats(t: Ticket) -> JSON:
    return {
        "merged": t.merged,
        "mergeable": None if t.state == "closed" else True,
        "mergeable_state": "unknown" if t.state == "closed" else "clean",
    }


def _pr_counts(t: Ticket) -> JSON:
    return {
        "comments": t.comments,
        "review_comments": t.review_comments,
        "commits": t.commits,
        "additions": t.additions,
        "deletions": t.deletions,
        "changed_files": t.changed_files,
    }
