"""Synthetic GitHub REST answers for the demo (no internet): a stand-in for api.github.com.

``demo_handler(settings)`` answers ``GET /repos/{owner}/{repo}``, ``/orgs/{org}/repos`` and
``/users/{user}/repos`` (``per_page``/``page`` with a ``Link`` header) for the repositories the
demo generates GH Archive activity for (``oso.demo.demo_repos``: the registry's repositories and
the known repositories of its owner URLs); anything else is a 404. Numeric ids are those of the
synthetic GH Archive events (``repo_id_for``), so both join. Stars, forks, dates, licences and
languages are SYNTHETIC: deterministic functions of the name and OSO_END; every description says
so and every answer carries ``X-OSO-Synthetic: true``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from oso.demo import demo_repos
from oso.settings import Settings
from oso.sources.gharchive.synthetic import actor_id_for, repo_id_for
from oso.sources.github.settings import PER_PAGE, SYNTHETIC_HEADER

Handler = Callable[[str, str, dict[str, list[str]], bytes], tuple[int, dict[str, str], bytes]]
_REPO = re.compile(r"^/repos/([^/]+)/([^/]+)/?$")
_LIST = re.compile(r"^/(orgs|users)/([^/]+)/repos/?$")
_LICENSES = [("MIT", "MIT License"), ("Apache-2.0", "Apache License 2.0"), (None, None)]
_LANGUAGES = ["Python", "TypeScript", "Rust", "Go", "C++", None]


def _unit(*parts: str) -> float:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _pick(options: list[Any], *parts: str) -> Any:
    return options[int(_unit(*parts) * len(options))]


def synthetic_repository(full_name: str, as_of: dt.date) -> dict[str, Any]:
    """A repository object of GitHub's documented shape with made-up values."""
    owner, name = full_name.split("/", 1)
    repo_id = repo_id_for(full_name)
    created = dt.datetime(2012, 1, 1) + dt.timedelta(days=int(3000 * _unit(full_name, "created")))
    end = dt.datetime.combine(as_of, dt.time(23, 0))
    pushed = end - dt.timedelta(hours=int(200 * _unit(full_name, "pushed")))
    stars = int(20_000 * _unit(full_name, "stars") ** 3)
    spdx, license_name = _pick(_LICENSES, full_name, "license")
    return {
        "id": repo_id,
        "node_id": base64.b64encode(f"010:Repository{repo_id}".encode()).decode(),
        "name": name,
        "full_name": full_name,
        "owner": {"login": owner, "id": actor_id_for(owner), "type": "Organization"},
        "private": False,
        "html_url": f"https://github.com/{full_name}",
        "description": f"SYNTHETIC demo data standing in for {full_name} (not the real repository).",
        "fork": False,
        "created_at": f"{created:%Y-%m-%dT%H:%M:%SZ}",
        "updated_at": f"{pushed:%Y-%m-%dT%H:%M:%SZ}",
        "pushed_at": f"{pushed:%Y-%m-%dT%H:%M:%SZ}",
        "stargazers_count": stars,
        "watchers_count": stars,
        "subscribers_count": stars // 30,
        "forks_count": stars // 8,
        "language": _pick(_LANGUAGES, full_name, "language"),
        "archived": False,
        "default_branch": "main",
        "license": None
        if spdx is None
        else {"key": spdx.lower(), "name": license_name, "spdx_id": spdx},
    }


def _answer(status: int, body: Any, **headers: str) -> tuple[int, dict[str, str], bytes]:
    payload = json.dumps(body).encode()
    etag = f'"{hashlib.sha256(payload).hexdigest()[:32]}"'
    return (
        status,
        {"Content-Type": "application/json", SYNTHETIC_HEADER: "true", "ETag": etag, **headers},
        payload,
    )


def _not_found() -> tuple[int, dict[str, str], bytes]:
    body = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
    return _answer(404, body)


def _page(
    path: str, items: list[Any], query: dict[str, list[str]]
) -> tuple[int, dict[str, str], bytes]:
    try:
        per_page = min(100, max(1, int(query.get("per_page", [str(PER_PAGE)])[0])))
        page = max(1, int(query.get("page", ["1"])[0]))
    except ValueError:
        return _answer(422, {"message": "Validation Failed"})
    body = items[(page - 1) * per_page : page * per_page]
    headers = {}
    if page * per_page < len(items):  # relative link: the demo does not know where it is mounted
        headers["Link"] = f'<{path}?per_page={per_page}&page={page + 1}>; rel="next"'
    return _answer(200, body, **headers)


def demo_handler(settings: Settings) -> Handler:
    """The handler the demo upstream mounts under ``/github/``."""
    as_of = settings.as_of
    repos = {name.lower(): name for name in demo_repos(settings)}
    owners = sorted({name.split("/", 1)[0] for name in repos})

    def handle(
        method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if method != "GET":
            return _answer(405, {"message": "the GitHub demo serves GET only"})
        if match := _REPO.match(path):
            full_name = repos.get(f"{match.group(1)}/{match.group(2)}".lower())
            return (
                _not_found()
                if full_name is None
                else _answer(200, synthetic_repository(full_name, as_of))
            )
        if (match := _LIST.match(path)) and match.group(2).lower() in owners:
            owner = match.group(2).lower()
            items = [  # list items lack subscribers_count, as on GitHub
                {
                    k: v
                    for k, v in synthetic_repository(r, as_of).items()
                    if k != "subscribers_count"
                }
                for key, r in sorted(repos.items())
                if key.startswith(f"{owner}/")
            ]
            return _page(path, items, query)
        return _not_found()

    return handle
