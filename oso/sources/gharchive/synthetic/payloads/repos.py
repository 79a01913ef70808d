"""Repositories (short reference, full object, fork) and their labels, 2015 and 2020s schema."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import JSON, RepoInfo
from oso.sources.gharchive.synthetic.ids import node_id, stable_int
from oso.sources.gharchive.synthetic.payloads.accounts import API, WEB, user_2015, user_2020s
from oso.sources.gharchive.synthetic.vocab import words

_REPO_URLS = (
    ("forks_url", "/forks"),
    ("keys_url", "/keys{/key_id}"),
    ("collaborators_url", "/collaborators{/collaborator}"),
    ("teams_url", "/teams"),
    ("hooks_url", "/hooks"),
    ("issue_events_url", "/issues/events{/number}"),
    ("events_url", "/events"),
    ("assignees_url", "/assignees{/user}"),
    ("branches_url", "/branches{/branch}"),
    ("tags_url", "/tags"),
    ("blobs_url", "/git/blobs{/sha}"),
    ("git_tags_url", "/git/tags{/sha}"),
    ("git_refs_url", "/git/refs{/sha}"),
    ("trees_url", "/git/trees{/sha}"),
    ("statuses_url", "/statuses/{sha}"),
    ("languages_url", "/languages"),
    ("stargazers_url", "/stargazers"),
    ("contributors_url", "/contributors"),
    ("subscribers_url", "/subscribers"),
    ("subscription_url", "/subscription"),
    ("commits_url", "/commits{/sha}"),
    ("git_commits_url", "/git/commits{/sha}"),
    ("comments_url", "/comments{/number}"),
    ("issue_comment_url", "/issues/comments/{number}"),
    ("contents_url", "/contents/{+path}"),
    ("compare_url", "/compare/{base}...{head}"),
    ("merges_url", "/merges"),
    ("archive_url", "/{archive_format}{/ref}"),
    ("downloads_url", "/downloads"),
    ("issues_url", "/issues{/number}"),
    ("pulls_url", "/pulls{/number}"),
    ("milestones_url", "/milestones{/number}"),
    ("notifications_url", "/notifications{?since,all,participating}"),
    ("labels_url", "/labels{/name}"),
    ("releases_url", "/releases{/id}"),
)

_LICENSE = {
    "key": "mit",
    "name": "MIT License",
    "spdx_id": "MIT",
    "url": f"{API}/licenses/mit",
    "node_id": "MDc6TGljZW5zZTEz",
}
_TAIL_ORDER_2020S = words(
    "created_at updated_at pushed_at git_url ssh_url clone_url svn_url homepage size "
    "stargazers_count watchers_count language has_issues has_projects has_downloads has_wiki "
    "has_pages forks_count mirror_url archived disabled open_issues_count license allow_forking "
    "is_template topics visibility forks open_issues watchers default_branch"
)


def repo_ref(r: RepoInfo) -> JSON:
    """The short ``repo`` object of every event."""
    return {"id": r.id, "name": r.full_name, "url": f"{API}/repos/{r.full_name}"}


def _api_urls(url: str, *, issue_comment: str) -> JSON:
    """The repository's ``*_url`` templates (``issue_comment_url`` changed form over time)."""
    urls = {key: url + suffix for key, suffix in _REPO_URLS}
    urls["issue_comment_url"] = url + issue_comment
    return urls


def repo_2015(r: RepoInfo) -> JSON:
    """The full repository object of 2015 (``head.repo``, ``base.repo``, ``forkee``)."""
    url = f"{API}/repos/{r.full_name}"
    obj: JSON = {
        "id": r.id,
        "name": r.full_name.split("/", 1)[1],
        "full_name": r.full_name,
        "owner": user_2015(r.owner),
        "private": False,
        "html_url": f"{WEB}/{r.full_name}",
        "description": r.description,
        "fork": r.fork,
        "url": url,
    }
    obj.update(_api_urls(url, issue_comment="/issues/comments/{number}"))
    obj.update(_repo_tail(r))
    return obj


def repo_2020s(r: RepoInfo) -> JSON:
    """The full repository object of the 2020s (node id, licence, topics, visibility, …)."""
    url = f"{API}/repos/{r.full_name}"
    obj: JSON = {
        "id": r.id,
        "node_id": node_id("Repository", r.id),
        "name": r.full_name.split("/", 1)[1],
        "full_name": r.full_name,
        "private": False,
        "owner": user_2020s(r.owner),
        "html_url": f"{WEB}/{r.full_name}",
        "description": r.description,
        "fork": r.fork,
        "url": url,
    }
    obj.update(_api_urls(url, issue_comment="/issues/comments{/number}"))
    obj["deployments_url"] = f"{url}/deployments"
    tail = _repo_tail(r)
    tail["has_projects"] = True
    tail.update(
        archived=False, disabled=False, license=_LICENSE, allow_forking=True, is_template=False
    )
    tail.update(topics=[], visibility="public")
    obj.update((k, tail[k]) for k in _TAIL_ORDER_2020S)
    return obj


def _repo_tail(r: RepoInfo) -> JSON:
    return {
        "created_at": r.created_at,
        "updated_at": r.updated_at or r.created_at,
        "pushed_at": r.pushed_at or r.created_at,
        "git_url": f"git://github.com/{r.full_name}.git",
        "ssh_url": f"git@github.com:{r.full_name}.git",
        "clone_url": f"{WEB}/{r.full_name}.git",
        "svn_url": f"{WEB}/{r.full_name}",
        "homepage": r.homepage,
        "size": r.size,
        "stargazers_count": r.stars,
        "watchers_count": r.stars,
        "language": r.language,
        "has_issues": not r.fork,
        "has_downloads": True,
        "has_wiki": True,
        "has_pages": False,
        "forks_count": r.forks,
        "mirror_url": None,
        "open_issues_count": r.open_issues,
        "forks": r.forks,
        "open_issues": r.open_issues,
        "watchers": r.stars,
        "default_branch": r.default_branch,
    }


def forkee_2015(r: RepoInfo) -> JSON:
    """The ``forkee`` of a 2015 ForkEvent."""
    return repo_2015(r) | {"public": True}


def forkee_2020s(r: RepoInfo) -> JSON:
    """The ``forkee`` of a 2020s ForkEvent."""
    return repo_2020s(r) | {"public": True}


def labels_2015(r: RepoInfo, labels: list[tuple[str, str]]) -> list[JSON]:
    return [
        {"url": f"{API}/repos/{r.full_name}/labels/{n}", "name": n, "color": c} for n, c in labels
    ]


def _label_2020s(r: RepoInfo, name: str, color: str) -> JSON:
    label_id = stable_int("label", name) % 5_000_000_000
    return {
        "id": label_id,
        "node_id": node_id("Label", label_id),
        "url": f"{API}/repos/{r.full_name}/labels/{name}",
        "name": name,
        "color": color,
        "default": True,
        "description": None,
    }


def labels_2020s(r: RepoInfo, labels: list[tuple[str, str]]) -> list[JSON]:
    return [_label_2020s(r, name, color) for name, color in labels]
