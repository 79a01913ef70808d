"""The client-side search index: every project and collection, as one small script.

``search-index.js`` sets ``window.OSO_SEARCH`` to ``{"p": [...], "c": [...]}``, each entry
``[slug, display name]`` or ``[slug, display name, name]`` when the registry name differs
from the slug; projects in leaderboard order, so the first match is the most active. A
script (not JSON fetched at run time) so search also works when the site is opened from
disk. ``static/search.js`` matches the query against names and display names.
"""

from __future__ import annotations

from website.data import Collection, Project
from website.safejson import script_json

SEARCH_INDEX_URL = "search-index.js"


def _entry(slug: str, name: str, display_name: str) -> list[str]:
    return [slug, display_name] if name == slug else [slug, display_name, name]


def search_index(projects: list[Project], collections: list[Collection]) -> str:
    index = {
        "p": [_entry(p.slug, p.name, p.display_name) for p in projects],
        "c": [_entry(c.slug, c.name, c.display_name) for c in collections],
    }
    return "window.OSO_SEARCH=" + script_json(index) + ";\n"
