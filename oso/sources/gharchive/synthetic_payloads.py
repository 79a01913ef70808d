"""Building blocks of synthetic GH Archive events: ids, people, repositories, texts, JSON objects.

Two schemas are built here. The ``*_2015`` builders reproduce the key sets (and key order) of
real 2015 GH Archive events, as in ``2015-01-01-12.json.gz``; :mod:`.synthetic` uses them for the
hourly files. The ``*_2020s`` builders follow the richer REST API objects of the 2020s (node ids,
``author_association``, licence, …); they make the large benchmark hour.

Everything is plain functions of their arguments: randomness comes in as a ``random.Random``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

API = "https://api.github.com"
WEB = "https://github.com"
ZERO_SHA = "0" * 40

JSON = dict[str, Any]


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


FIRST_NAMES = _words(
    "Ada Alan Alice Amara Ana Andrei Anil Aria Ben Bo Carla Chen Chloe Dana Daniel Diego Elena Emil "
    "Eva Farah Felix Gita Hana Hugo Ian Ines Ivan Jae Jana Jonas Julia Kai Kenji Lara Leo Lina Luca "
    "Maya Mei Milan Mira Nadia Nils Noor Omar Olga Pablo Priya Quinn Rafael Rania Ravi Rosa Sami Sara "
    "Sofia Tariq Theo Tomas Uma Vera Victor Wen Xin Yara Yusuf Zoe"
)
LAST_NAMES = _words(
    "Abara Adler Alvarez Andersson Baker Banerjee Berg Bianchi Brandt Castro Chowdhury Costa Dahl "
    "Dubois Eriksen Fischer Fontaine Garcia Gupta Haddad Hansen Herrera Ito Ivanova Jensen Kato Khan "
    "Kim Kowalski Laine Larsen Lopez Mendes Moreau Muller Nakamura Novak Okafor Olsen Park Patel Perez "
    "Petrov Quispe Rossi Sato Schmidt Silva Singh Sousa Tanaka Torres Vasquez Verma Wagner Wang Weber "
    "Yamada Yilmaz Zhang Zhou"
)
NOUNS = _words(
    "parser cache scheduler router client server cli config docs tests build logger metrics auth "
    "session storage queue worker plugin template renderer compiler linter formatter bundler crawler "
    "indexer encoder decoder driver adapter gateway proxy registry resolver runtime sandbox shell "
    "tokenizer validator watcher widget api sdk graph layout theme canvas search sync export import"
)
ADJECTIVES = _words(
    "async fast tiny simple smart open modern minimal robust reactive shiny lazy static dynamic "
    "secure portable awesome little rusty happy quiet bright"
)
VERBS = _words(
    "Fix Add Update Remove Refactor Improve Document Handle Support Simplify Rename Optimize Tidy "
    "Drop Implement Test Bump Revert Allow Avoid"
)
PROBLEMS = _words(
    "crashes on empty input|leaks memory under load|returns wrong status code|hangs on Windows|"
    "fails with unicode paths|ignores the config file|is slow for large files|throws on null values|"
    "breaks after upgrade|does not respect timeouts|prints a confusing error|double-encodes URLs|"
    "loses precision for big integers|races with the background worker",
    "|",
)
WORDS = _words(
    "the a we this that it should when after before because input output value request response "
    "error handling test case release version build option flag default behaviour change fix issue "
    "support users code path file line module function method type check docs example update "
    "performance memory thread lock timeout retry cache config"
)
LANGUAGES = (
    "Python",
    "JavaScript",
    "Go",
    "Rust",
    "TypeScript",
    "Java",
    "C++",
    "Ruby",
    "C",
    "Shell",
)
LABELS = (
    ("bug", "fc2929"),
    ("enhancement", "84b6eb"),
    ("documentation", "0075ca"),
    ("question", "cc317c"),
    ("good first issue", "7057ff"),
    ("help wanted", "159818"),
)
BOTS = ("dependabot[bot]", "github-actions[bot]", "renovate[bot]")
EMAIL_DOMAINS = (
    "gmail.com",
    "users.noreply.github.com",
    "outlook.com",
    "example.org",
    "fastmail.com",
)
PACKAGES = (
    "lodash",
    "requests",
    "serde",
    "tokio",
    "react",
    "urllib3",
    "pytest",
    "axios",
    "numpy",
    "eslint",
)
FILE_PATHS = (
    "src/main.py",
    "src/lib.rs",
    "lib/index.js",
    "pkg/server/handler.go",
    "README.md",
    "tests/test_api.py",
)


# --------------------------------------------------------------------------- ids and time


def stable_int(*parts: str) -> int:
    """A non-negative integer from SHA-256 of the parts; the same on every machine and run."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


def repo_id_for(name: str) -> int:
    """Stable 2015-plausible numeric id of a repository ``owner/name`` (case-insensitive)."""
    return 1_000_000 + stable_int("repo", name.lower()) % 27_000_000


def actor_id_for(login: str) -> int:
    """Stable 2015-plausible numeric id of a user login (case-insensitive)."""
    return 1_000 + stable_int("actor", login.lower()) % 10_000_000


def ts(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sha40(rng: random.Random) -> str:
    return f"{rng.getrandbits(160):040x}"


def node_id(kind: str, number: int) -> str:
    """A legacy GraphQL node id such as ``MDQ6VXNlcjE=`` (base64 of ``04:User1``)."""
    return base64.b64encode(f"0{len(kind)}:{kind}{number}".encode()).decode()


# --------------------------------------------------------------------------- entities


@dataclass
class Person:
    login: str
    id: int
    name: str
    email: str
    type: str = "User"  # User | Bot | Organization


@dataclass
class RepoInfo:
    full_name: str
    id: int
    owner: Person
    description: str | None
    language: str | None
    created_at: str
    default_branch: str = "main"
    fork: bool = False
    org: Person | None = None
    homepage: str | None = None
    stars: int = 0
    forks: int = 0
    open_issues: int = 0
    size: int = 100
    pushed_at: str = ""
    updated_at: str = ""


@dataclass
class Ticket:
    """An issue or a pull request of one repository (they share the number sequence)."""

    number: int
    issue_id: int
    title: str
    body: str
    user: Person
    created_at: str
    opened_hour: int
    labels: list[tuple[str, str]] = field(default_factory=list)
    state: str = "open"
    updated_at: str = ""
    closed_at: str | None = None
    comments: int = 0
    is_pr: bool = False
    pr_id: int = 0
    head_repo: RepoInfo | None = None
    head_ref: str = ""
    head_sha: str = ""
    base_sha: str = ""
    commits: int = 1
    additions: int = 0
    deletions: int = 0
    changed_files: int = 0
    review_comments: int = 0
    merged: bool = False
    merged_at: str | None = None
    merge_commit_sha: str | None = None
    merged_by: Person | None = None
    commit_shas: list[str] = field(default_factory=list)
    commit_messages: list[str] = field(default_factory=list)


def make_person(login: str, uid: int, rng: random.Random, kind: str = "User") -> Person:
    """A person with a display name and a GH Archive style e-mail (local part hashed)."""
    if kind == "Bot":
        name = login
        domain = "users.noreply.github.com"
    else:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        domain = rng.choice(EMAIL_DOMAINS)
    local = hashlib.sha1(f"{login.lower()}@{domain}".encode()).hexdigest()
    return Person(login, uid, name, f"{local}@{domain}", kind)


def make_login(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    pattern = rng.randrange(6)
    if pattern == 0:
        return f"{first}{last}"
    if pattern == 1:
        return f"{first[0]}{last}".lower()
    if pattern == 2:
        return f"{first}-{last}".lower()
    if pattern == 3:
        return f"{first.lower()}{rng.randrange(1, 999)}"
    if pattern == 4:
        return f"{last.lower()}{first[0].lower()}"
    return f"{rng.choice(ADJECTIVES)}{rng.choice(NOUNS)}{rng.randrange(10, 99)}"


def make_repo_name(rng: random.Random) -> str:
    pattern = rng.randrange(5)
    if pattern == 0:
        return f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}"
    if pattern == 1:
        return f"{rng.choice(NOUNS)}.js"
    if pattern == 2:
        return f"py{rng.choice(NOUNS)}"
    if pattern == 3:
        return f"{rng.choice(NOUNS)}-{rng.choice(NOUNS)}"
    return rng.choice(("dotfiles", "blog", "notes", "homework", "playground", "website"))


# --------------------------------------------------------------------------- texts


def sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def commit_message(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        pkg = rng.choice(PACKAGES)
        return f"Bump {pkg} from 1.{rng.randrange(20)}.{rng.randrange(9)} to 1.{rng.randrange(20, 30)}.0"
    subject = f"{rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(NOUNS)}"
    if roll < 0.55:
        return subject
    return f"{subject}\n\n{paragraph(rng, rng.randint(1, 3))}"


def issue_title(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.choice(NOUNS).capitalize()} {rng.choice(PROBLEMS)}"
    return f"Support {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} in the {rng.choice(NOUNS)}"


def pr_title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(NOUNS)}"


def text_body(rng: random.Random, paragraphs: int) -> str:
    return "\r\n\r\n".join(paragraph(rng, rng.randint(2, 5)) for _ in range(paragraphs))


def diff_hunk(rng: random.Random, path: str) -> str:
    start = rng.randint(1, 400)
    lines = [f"@@ -{start},7 +{start},8 @@ def {rng.choice(NOUNS)}_{rng.choice(NOUNS)}(self):"]
    lines += [
        f"     {rng.choice(NOUNS)} = {rng.choice(NOUNS)}.{rng.choice(NOUNS)}()" for _ in range(3)
    ]
    lines.append(f"+    {rng.choice(NOUNS)}.{rng.choice(NOUNS)}({rng.choice(NOUNS)})")
    return "\n".join(lines)


# --------------------------------------------------------------------------- 2015 schema


def actor_2015(p: Person) -> JSON:
    return {
        "id": p.id,
        "login": p.login,
        "gravatar_id": "",
        "url": f"{API}/users/{p.login}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{p.id}?",
    }


def org_2015(p: Person) -> JSON:
    return {
        "id": p.id,
        "login": p.login,
        "gravatar_id": "",
        "url": f"{API}/orgs/{p.login}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{p.id}?",
    }


def _user_links(login: str) -> JSON:
    u = f"{API}/users/{login}"
    return {
        "url": u,
        "html_url": f"{WEB}/{login}",
        "followers_url": f"{u}/followers",
        "following_url": f"{u}/following{{/other_user}}",
        "gists_url": f"{u}/gists{{/gist_id}}",
        "starred_url": f"{u}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{u}/subscriptions",
        "organizations_url": f"{u}/orgs",
        "repos_url": f"{u}/repos",
        "events_url": f"{u}/events{{/privacy}}",
        "received_events_url": f"{u}/received_events",
    }


def user_2015(p: Person) -> JSON:
    obj: JSON = {
        "login": p.login,
        "id": p.id,
        "avatar_url": f"https://avatars.githubusercontent.com/u/{p.id}?v=3",
        "gravatar_id": "",
    }
    obj.update(_user_links(p.login))
    obj["type"] = p.type
    obj["site_admin"] = False
    return obj


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


def repo_ref(r: RepoInfo) -> JSON:
    return {"id": r.id, "name": r.full_name, "url": f"{API}/repos/{r.full_name}"}


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
    for key, suffix in _REPO_URLS:
        obj[key] = url + suffix
    obj.update(_repo_tail(r))
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


def labels_2015(r: RepoInfo, labels: list[tuple[str, str]]) -> list[JSON]:
    return [
        {"url": f"{API}/repos/{r.full_name}/labels/{n}", "name": n, "color": c} for n, c in labels
    ]


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


def _pr_head(r: RepoInfo, t: Ticket) -> JSON:
    head = t.head_repo or r
    return {
        "label": f"{head.owner.login}:{t.head_ref}",
        "ref": t.head_ref,
        "sha": t.head_sha,
        "user": user_2015(head.owner),
        "repo": repo_2015(head),
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
    base: JSON = {
        "label": f"{r.owner.login}:{r.default_branch}",
        "ref": r.default_branch,
        "sha": t.base_sha,
    }
    base.update(user=user_2015(r.owner), repo=repo_2015(r))
    obj.update(head=_pr_head(r, t), base=base, _links=_pr_links(r.full_name, t.number, t.head_sha))
    if full:
        obj.update(_pr_stats(t))
        obj["merged_by"] = user_2015(t.merged_by) if t.merged_by else None
        obj.update(_pr_counts(t))
    return obj


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


def release_2015(
    r: RepoInfo,
    release_id: int,
    tag: str,
    author: Person,
    sha: str,
    at: str,
    body: str,
    asset_id: int,
) -> JSON:
    api = f"{API}/repos/{r.full_name}"
    obj: JSON = {
        "url": f"{api}/releases/{release_id}",
        "assets_url": f"{api}/releases/{release_id}/assets",
        "upload_url": f"https://uploads.github.com/repos/{r.full_name}/releases/{release_id}/assets{{?name}}",
        "html_url": f"{WEB}/{r.full_name}/releases/tag/{tag}",
        "id": release_id,
        "tag_name": tag,
        "target_commitish": sha,
        "name": f"{r.full_name.split('/')[1]} {tag}",
        "draft": False,
        "author": user_2015(author),
        "prerelease": tag.endswith("-rc1"),
        "created_at": at,
        "published_at": at,
        "assets": [],
        "tarball_url": f"{api}/tarball/{tag}",
        "zipball_url": f"{api}/zipball/{tag}",
        "body": body,
    }
    if asset_id:
        obj["assets"].append(_asset_2015(r, asset_id, tag, author, at))
    return obj


def _asset_2015(r: RepoInfo, asset_id: int, tag: str, uploader: Person, at: str) -> JSON:
    name = f"{r.full_name.split('/')[1]}-{tag.lstrip('v')}.tar.gz"
    return {
        "url": f"{API}/repos/{r.full_name}/releases/assets/{asset_id}",
        "id": asset_id,
        "name": name,
        "label": None,
        "uploader": user_2015(uploader),
        "content_type": "application/gzip",
        "state": "uploaded",
        "size": 40_000 + asset_id % 900_000,
        "download_count": 0,
        "created_at": at,
        "updated_at": at,
        "browser_download_url": f"{WEB}/{r.full_name}/releases/download/{tag}/{name}",
    }


def push_commit(full_name: str, sha: str, author: Person, message: str, distinct: bool) -> JSON:
    return {
        "sha": sha,
        "author": {"email": author.email, "name": author.name},
        "message": message,
        "distinct": distinct,
        "url": f"{API}/repos/{full_name}/commits/{sha}",
    }


def create_payload(ref: str | None, ref_type: str, r: RepoInfo) -> JSON:
    return {
        "ref": ref,
        "ref_type": ref_type,
        "master_branch": r.default_branch,
        "description": r.description,
        "pusher_type": "user",
    }


def delete_payload(ref: str, ref_type: str) -> JSON:
    return {"ref": ref, "ref_type": ref_type, "pusher_type": "user"}


# --------------------------------------------------------------------------- 2020s schema


def actor_2020s(p: Person) -> JSON:
    return {
        "id": p.id,
        "login": p.login,
        "display_login": p.login.removesuffix("[bot]"),
        "gravatar_id": "",
        "url": f"{API}/users/{p.login}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{p.id}?",
    }


def user_2020s(p: Person) -> JSON:
    obj: JSON = {
        "login": p.login,
        "id": p.id,
        "node_id": node_id("User", p.id),
        "avatar_url": f"https://avatars.githubusercontent.com/u/{p.id}?v=4",
        "gravatar_id": "",
    }
    obj.update(_user_links(p.login))
    obj["type"] = p.type
    obj["site_admin"] = False
    return obj


_LICENSE = {
    "key": "mit",
    "name": "MIT License",
    "spdx_id": "MIT",
    "url": f"{API}/licenses/mit",
    "node_id": "MDc6TGljZW5zZTEz",
}


def repo_2020s(r: RepoInfo) -> JSON:
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
    for key, suffix in _REPO_URLS:
        obj[key] = url + (suffix if key != "issue_comment_url" else "/issues/comments{/number}")
    obj["deployments_url"] = f"{url}/deployments"
    tail = _repo_tail(r)
    tail["has_projects"] = True
    tail.update(
        archived=False, disabled=False, license=_LICENSE, allow_forking=True, is_template=False
    )
    tail.update(topics=[], visibility="public")
    order = _words(
        "created_at updated_at pushed_at git_url ssh_url clone_url svn_url homepage size "
        "stargazers_count watchers_count language has_issues has_projects has_downloads has_wiki "
        "has_pages forks_count mirror_url archived disabled open_issues_count license allow_forking "
        "is_template topics visibility forks open_issues watchers default_branch"
    )
    obj.update((k, tail[k]) for k in order)
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
    obj.update(labels=[_label_2020s(r, n, c) for n, c in t.labels], milestone=None, draft=False)
    obj.update(_pr_urls(r, t))
    head = t.head_repo or r
    obj["head"] = _branch_2020s(head, t.head_ref, t.head_sha)
    obj["base"] = _branch_2020s(r, r.default_branch, t.base_sha)
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


def _branch_2020s(r: RepoInfo, ref: str, sha: str) -> JSON:
    return {
        "label": f"{r.owner.login}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": user_2020s(r.owner),
        "repo": repo_2020s(r),
    }


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
    obj["labels"] = [_label_2020s(r, n, c) for n, c in t.labels]
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


def release_2020s(
    r: RepoInfo, release_id: int, tag: str, author: Person, sha: str, at: str, body: str
) -> JSON:
    old = release_2015(r, release_id, tag, author, sha, at, body, 0)
    obj: JSON = {k: old[k] for k in ("url", "assets_url", "upload_url", "html_url", "id")}
    obj.update(author=user_2020s(author), node_id=node_id("Release", release_id))
    for key in ("tag_name", "target_commitish", "name", "draft", "prerelease", "created_at"):
        obj[key] = old[key]
    obj.update(published_at=at, assets=[], tarball_url=old["tarball_url"])
    obj.update(
        zipball_url=old["zipball_url"], body=body, short_description_html=f"<p>{body[:80]}</p>"
    )
    obj.update(is_short_description_html_truncated=len(body) > 80)
    return obj


def forkee_2020s(r: RepoInfo) -> JSON:
    return repo_2020s(r) | {"public": True}
