"""The entities of synthetic GH Archive data: people, repositories, issues and pull requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]
Progress = Callable[[int, int], None]  # (done, total)


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
