"""Users, organisations and event actors, in the 2015 and the 2020s schema."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import JSON, Person
from oso.sources.gharchive.synthetic.ids import node_id

API = "https://api.github.com"
WEB = "https://github.com"
AVATARS = "https://avatars.githubusercontent.com/u"


def _actor(p: Person, kind: str) -> JSON:
    """The short ``actor`` / ``org`` object of an event; ``kind`` is ``users`` or ``orgs``."""
    return {
        "id": p.id,
        "login": p.login,
        "gravatar_id": "",
        "url": f"{API}/{kind}/{p.login}",
        "avatar_url": f"{AVATARS}/{p.id}?",
    }


def actor_2015(p: Person) -> JSON:
    return _actor(p, "users")


def org_2015(p: Person) -> JSON:
    return _actor(p, "orgs")


def actor_2020s(p: Person) -> JSON:
    head = {"id": p.id, "login": p.login, "display_login": p.login.removesuffix("[bot]")}
    return head | _actor(p, "users")


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


def _user(p: Person, extra: JSON, avatar_version: int) -> JSON:
    """The full user object; ``extra`` keys come between ``id`` and ``avatar_url``."""
    obj: JSON = {"login": p.login, "id": p.id, **extra}
    obj.update(avatar_url=f"{AVATARS}/{p.id}?v={avatar_version}", gravatar_id="")
    obj.update(_user_links(p.login))
    obj.update(type=p.type, site_admin=False)
    return obj


def user_2015(p: Person) -> JSON:
    return _user(p, {}, 3)


def user_2020s(p: Person) -> JSON:
    return _user(p, {"node_id": node_id("User", p.id)}, 4)
