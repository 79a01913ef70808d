"""Git activity: pushed commits, created and deleted refs, releases, in both schemas."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import JSON, Person, RepoInfo
from oso.sources.gharchive.synthetic.ids import node_id
from oso.sources.gharchive.synthetic.payloads.accounts import API, WEB, user_2015, user_2020s


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
