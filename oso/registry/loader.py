"""Load an oss-directory tree: every file read, validated, and reported at once.

Accepts ``projects/<letter>/<name>.yaml`` + ``collections/<name>.yaml`` or upstream's
``data/projects`` + ``data/collections``. Loading is all-or-nothing: any invalid file makes
:func:`load_registry` raise :class:`RegistryError` listing every issue, so nothing invalid is
silently dropped or silently loaded.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from oso.registry.validate import Issue, name_issues, schema_issues

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in the pinned PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class RegistryError(ValueError):
    def __init__(self, root: Path, issues: list[Issue]) -> None:
        self.root = root
        self.issues = sorted(issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"{len(self.issues)} problem(s) in the oss-directory at {root}:\n{lines}")


@dataclass
class Registry:
    root: Path
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, name) -> relative path
    invalid: set[tuple[str, str]] = field(default_factory=set)  # (kind, name) of files that failed


def find_layout(root: Path) -> tuple[Path, Path]:
    """The projects and collections folders of an oss-directory tree."""
    for base in (root, root / "data"):
        if (base / "projects").is_dir():
            return base / "projects", base / "collections"
    raise RegistryError(root, [Issue(str(root), "", "no projects/ or data/projects/ folder found")])


def _load_one(args: tuple[str, str, str]) -> tuple[str, str, Any, list[Issue]]:
    kind, file_str, rel = args
    file = Path(file_str)
    try:
        doc = yaml.load(file.read_bytes(), Loader=_Loader)
    except yaml.YAMLError as exc:
        return kind, rel, None, [Issue(rel, "", f"not valid YAML: {exc}".replace("\n", " "))]
    except OSError as exc:
        return kind, rel, None, [Issue(rel, "", f"cannot be read: {exc.strerror}")]
    issues = schema_issues(kind, doc, rel)
    if isinstance(doc, dict):
        issues += name_issues(doc, file, rel)
    return kind, rel, doc, issues


def _jobs(root: Path) -> list[tuple[str, str, str]]:
    projects_dir, collections_dir = find_layout(root)
    jobs = [
        ("project", str(p), str(p.relative_to(root))) for p in sorted(projects_dir.rglob("*.yaml"))
    ]
    if collections_dir.is_dir():
        jobs += [
            ("collection", str(p), str(p.relative_to(root)))
            for p in sorted(collections_dir.glob("*.yaml"))
        ]
    return jobs


def _parse_all(jobs: list[tuple[str, str, str]]) -> list[tuple[str, str, Any, list[Issue]]]:
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < 500 or workers == 1:
        return [_load_one(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_load_one, jobs, chunksize=256))


def _cross_file_issues(registry: Registry, names: Counter[tuple[str, str]]) -> list[Issue]:
    issues = []
    for (kind, name), count in names.items():
        if count > 1:
            issues.append(
                Issue(
                    registry.paths[(kind, name)],
                    "name",
                    f"{kind} name {name!r} is used by {count} files",
                )
            )
    for name, collection in registry.collections.items():
        for i, project in enumerate(collection.get("projects") or []):
            if project not in registry.projects and ("project", project) not in registry.invalid:
                path = registry.paths[("collection", name)]
                issues.append(Issue(path, f"projects[{i}]", f"unknown project {project!r}"))
    return issues


def validate_tree(root: Path) -> tuple[Registry, list[Issue]]:
    """Read and check every file under ``root``; return what loaded and every issue found."""
    root = Path(root)
    registry = Registry(root=root)
    issues: list[Issue] = []
    names: Counter[tuple[str, str]] = Counter()
    for kind, rel, doc, file_issues in _parse_all(_jobs(root)):
        issues += file_issues
        if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
            continue
        if file_issues:  # invalid, so not loaded, but collections naming it are not "unknown"
            registry.invalid.add((kind, doc["name"]))
            continue
        names[(kind, doc["name"])] += 1
        registry.paths.setdefault((kind, doc["name"]), rel)
        target = registry.projects if kind == "project" else registry.collections
        target[doc["name"]] = doc
    issues += _cross_file_issues(registry, names)
    if not registry.projects and not issues:
        issues.append(Issue(str(root), "", "the registry holds no projects"))
    return registry, sorted(issues)


def load_registry(root: Path) -> Registry:
    """The validated registry; raises :class:`RegistryError` listing every problem."""
    registry, issues = validate_tree(root)
    if issues:
        raise RegistryError(root, issues)
    return registry
