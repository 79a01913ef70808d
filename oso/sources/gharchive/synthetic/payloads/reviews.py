"""Pull request reviews and review comments (PullRequestReview[Comment]Event), both schemas."""

from __future__ import annotations

import random

from oso.sources.gharchive.synthetic.entities import JSON, Person, RepoInfo, Ticket
from oso.sources.gharchive.synthetic.ids import node_id
from oso.sources.gharchive.synthetic.payloads.accounts import API, WEB, user_2015, user_2020s
from oso.sources.gharchive.synthetic.payloads.issues import reactions
from oso.sources.gharchive.synthetic.texts import diff_hunk
from oso.sources.gharchive.synthetic.vocab import FILE_PATHS


def review_comment_2015(
    r: RepoInfo, t: Ticket, comment_id: int, user: Person, body: str, at: str, rng: random.Random
) -> JSON:
    path = rng.choice(FILE_PATHS)
    position = rng.randint(1, 200)
    url = f"{API}/repos/{r.full_name}/pulls/comments/{comment_id}"
    html = f"{WEB}/{r.full_name}/pull/{t.number}#discussion_r{comment_id}"
    pr_url = f"{API}/repos/{r.full_name}/pulls/{t.number}"
    return {
        "url": url,
        "id": comment_id,
        "diff_hunk": diff_hunk(rng, path),
        "path": path,
        "position": position,
        "original_position": position,
        "commit_id": t.head_sha,
        "original_commit_id": t.head_sha,
        "user": user_2015(user),
        "body": body,
        "created_at": at,
        "updated_at": at,
        "html_url": html,
        "pull_request_url": pr_url,
        "_links": {"self": {"href": url}, "html": {"href": html}, "pull_request": {"href": pr_url}},
    }


def review_comment_2020s(
    r: RepoInfo,
    t: Ticket,
    ids: tuple[int, int],
    user: Person,
    body: str,
    at: str,
    rng: random.Random,
) -> JSON:
    """A review comment of the 2020s; ``ids`` = (review id, comment id)."""
    old = review_comment_2015(r, t, ids[1], user, body, at, rng)
    obj: JSON = {"url": old["url"], "pull_request_review_id": ids[0], "id": ids[1]}
    obj["node_id"] = node_id("PullRequestReviewComment", ids[1])
    for key in (
        "diff_hunk",
        "path",
        "position",
        "original_position",
        "commit_id",
        "original_commit_id",
    ):
        obj[key] = old[key]
    obj.update(user=user_2020s(user), body=body, created_at=at, updated_at=at)
    obj.update(html_url=old["html_url"], pull_request_url=old["pull_request_url"])
    obj.update(
        author_association="CONTRIBUTOR", _links=old["_links"], reactions=reactions(old["url"])
    )
    line = old["position"]
    obj.update(start_line=None, original_start_line=None, start_side=None, line=line)
    obj.update(original_line=line, side="RIGHT", in_reply_to_id=None)
    return obj


def review_2020s(r: RepoInfo, t: Ticket, review_id: int, user: Person, body: str, at: str) -> JSON:
    html = f"{WEB}/{r.full_name}/pull/{t.number}#pullrequestreview-{review_id}"
    pr_url = f"{API}/repos/{r.full_name}/pulls/{t.number}"
    return {
        "id": review_id,
        "node_id": node_id("PullRequestReview", review_id),
        "user": user_2020s(user),
        "body": body,
        "commit_id": t.head_sha,
        "submitted_at": at,
        "state": "approved" if len(body) % 3 else "commented",
        "html_url": html,
        "pull_request_url": pr_url,
        "author_association": "MEMBER",
        "_links": {"html": {"href": html}, "pull_request": {"href": pr_url}},
    }
