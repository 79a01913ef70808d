"""Shared by the GH Archive tests: a registry of projects active in the real 2015-01-01 12:00 hour,
and counts computed independently from the raw file with plain Python."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

REAL_HOUR = "2015-01-01-12.json.gz"

# project -> GitHub URLs (org URLs track every repository of the owner)
E2E_PROJECTS = {
    "kaltura": ["https://github.com/kaltura"],
    "cachet": ["https://github.com/cachethq/Cachet"],
    "capacity4dev": ["https://github.com/capacity4dev/capacity4more/"],
    "awesome-courses": ["https://github.com/prakhar1989/awesome-courses"],
    "behat": ["https://github.com/Behat"],
    "house-todo": ["https://github.com/ChrisMacNaughton/house-todo"],
    "web-platform-tests": ["https://github.com/w3c/web-platform-tests"],
    "wistone": ["https://github.com/wistone"],
}


def write_registry(root: Path, projects: dict[str, list[str]] = E2E_PROJECTS) -> Path:
    for name, urls in projects.items():
        path = root / "projects" / name[0] / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"version: 7\nname: {name}\ndisplay_name: {name.title()}\ngithub:"]
        lines += [f"  - url: {url}" for url in urls]
        path.write_text("\n".join(lines) + "\n")
    (root / "collections").mkdir(parents=True, exist_ok=True)
    members = "\n".join(f"  - {name}" for name in projects)
    (root / "collections" / "e2e.yaml").write_text(
        f"version: 7\nname: e2e\ndisplay_name: E2E\nprojects:\n{members}\n"
    )
    return root


def project_of(repo_name: str, projects: dict[str, list[str]] = E2E_PROJECTS) -> str | None:
    """Which project tracks a repository, by the registry's URL rules (independent re-implementation)."""
    owner = repo_name.split("/")[0].lower()
    for project, urls in projects.items():
        for url in urls:
            path = url.rstrip("/").split("github.com/")[1].lower()
            if path == repo_name.lower() or ("/" not in path and path == owner):
                return project
    return None


def raw_events(path: Path) -> list[dict]:
    with gzip.open(path, "rt") as fh:
        return [json.loads(line) for line in fh]


def expected_counts(path: Path) -> dict[str, Counter[str]]:
    """Per project: stars, forks, PRs opened, issues opened, events kept — straight from the file."""
    counts: dict[str, Counter[str]] = {p: Counter() for p in E2E_PROJECTS}
    for event in raw_events(path):
        project = project_of(event["repo"]["name"])
        if project is None:
            continue
        c = counts[project]
        c["events"] += 1
        action = (event.get("payload") or {}).get("action")
        if event["type"] == "WatchEvent":
            c["stars"] += 1
        elif event["type"] == "ForkEvent":
            c["forks"] += 1
        elif event["type"] == "PullRequestEvent" and action == "opened":
            c["prs_opened"] += 1
        elif event["type"] == "IssuesEvent" and action == "opened":
            c["issues_opened"] += 1
    return counts
