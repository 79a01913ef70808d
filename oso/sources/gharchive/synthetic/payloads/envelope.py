"""The envelope of every event: id, type, actor, repository, payload, time and the marker."""

from __future__ import annotations

from oso.sources.gharchive.synthetic.entities import JSON, RepoInfo
from oso.sources.gharchive.synthetic.payloads.accounts import org_2015
from oso.sources.gharchive.synthetic.payloads.repos import repo_ref


def envelope(
    event_id: int, kind: str, actor: JSON, repo: RepoInfo, payload: JSON, created_at: str
) -> JSON:
    """A GH Archive event; ``actor`` is already in the schema's form, ``org`` is the repo's.

    Every event carries ``"synthetic": true`` (GH Archive readers ignore unknown keys).
    """
    event: JSON = {
        "id": str(event_id),
        "type": kind,
        "actor": actor,
        "repo": repo_ref(repo),
        "payload": payload,
        "public": True,
        "created_at": created_at,
    }
    if repo.org is not None:
        event["org"] = org_2015(repo.org)
    event["synthetic"] = True
    return event
