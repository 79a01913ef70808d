"""Human labels and display formatting for the code-metrics columns.

Every column of ``code_metrics_by_project_v1`` that is not an identity column becomes a
metric card; known columns get a hand-written label and hint, new columns a label
derived from the column name, so a metric added in dbt appears without code changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

IDENTITY_COLUMNS = frozenset(
    {
        "project_id",
        "project_source",
        "project_namespace",
        "project_name",
        "display_name",
        "event_source",
    }
)

LABELS: dict[str, tuple[str, str]] = {
    "repository_count": ("Repositories", "Repositories tracked for this project"),
    "first_commit_date": ("First commit", "Earliest commit seen"),
    "last_commit_date": ("Last commit", "Latest commit seen"),
    "star_count": ("Stars", "Stars across the project's repositories"),
    "fork_count": ("Forks", "Forks across the project's repositories"),
    "developer_count": ("Developers", "People who committed code, all time"),
    "contributor_count": ("Contributors", "People with any contribution, all time"),
    "contributor_count_6_months": ("Contributors, 6 mo", "People with any contribution"),
    "new_contributor_count_6_months": (
        "New contributors, 6 mo",
        "First contribution in the window",
    ),
    "active_developer_count_6_months": ("Active developers, 6 mo", "People who committed code"),
    "commit_count_6_months": ("Commits, 6 mo", "Commits pushed"),
    "opened_pull_request_count_6_months": ("PRs opened, 6 mo", "Pull requests opened"),
    "merged_pull_request_count_6_months": ("PRs merged, 6 mo", "Pull requests merged"),
    "opened_issue_count_6_months": ("Issues opened, 6 mo", "Issues opened"),
    "closed_issue_count_6_months": ("Issues closed, 6 mo", "Issues closed"),
    "comment_count_6_months": ("Comments, 6 mo", "Issue and pull-request comments"),
    "release_count_6_months": ("Releases, 6 mo", "Releases published"),
}

# The metrics_v0 metric (group, grain) that defines each column, for its catalogue link.
DEFINITIONS: dict[str, tuple[str, str]] = {
    "star_count": ("stars", "over_all_time"),
    "fork_count": ("forks", "over_all_time"),
    "developer_count": ("active_developers", "over_all_time"),
    "contributor_count": ("contributors", "over_all_time"),
    "contributor_count_6_months": ("contributors", "over_6_months"),
    "new_contributor_count_6_months": ("new_contributors", "over_6_months"),
    "active_developer_count_6_months": ("active_developers", "over_6_months"),
    "commit_count_6_months": ("commits", "over_6_months"),
    "opened_pull_request_count_6_months": ("opened_pull_requests", "over_6_months"),
    "merged_pull_request_count_6_months": ("merged_pull_requests", "over_6_months"),
    "opened_issue_count_6_months": ("opened_issues", "over_6_months"),
    "closed_issue_count_6_months": ("closed_issues", "over_6_months"),
    "comment_count_6_months": ("comments", "over_6_months"),
    "release_count_6_months": ("releases", "over_6_months"),
    "time_to_first_response_days_average_6_months": ("time_to_first_response", "over_6_months"),
    "time_to_merge_days_average_6_months": ("time_to_merge", "over_6_months"),
}

# (column, short header) shown in the leaderboard and collection tables, in order.
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("star_count", "Stars"),
    ("fork_count", "Forks"),
    ("commit_count_6_months", "Commits 6 mo"),
    ("active_developer_count_6_months", "Active devs 6 mo"),
    ("contributor_count", "Contributors"),
    ("opened_pull_request_count_6_months", "PRs opened 6 mo"),
    ("merged_pull_request_count_6_months", "PRs merged 6 mo"),
)

# Leaderboard order: most active developers, then commits, then stars (descending).
RANK_COLUMNS = ("active_developer_count_6_months", "commit_count_6_months", "star_count")

MISSING = "\u2014"  # em dash


def label(column: str) -> str:
    """Human label of a metrics column ('opened_issue_count_6_months' -> 'Issues opened, 6 mo')."""
    if column in LABELS:
        return LABELS[column][0]
    words = column.removesuffix("_6_months").replace("_count", "").replace("_", " ")
    text = words.strip().capitalize() or column
    return f"{text}, 6 mo" if column.endswith("_6_months") else text


def card_columns(columns: list[str]) -> list[str]:
    """The metric columns of a metrics table: known ones in ``LABELS`` order, then new ones."""
    metrics = [c for c in columns if c not in IDENTITY_COLUMNS]
    known = [c for c in LABELS if c in metrics]
    return known + [c for c in metrics if c not in LABELS]


def definition_name(column: str, source: str) -> str:
    """The metrics_v0 name defining ``column`` for ``source`` ('' if none is known)."""
    group_grain = DEFINITIONS.get(column)
    return f"{source}_{group_grain[0]}_{group_grain[1]}" if group_grain else ""


def hint(column: str) -> str:
    return LABELS[column][1] if column in LABELS else ""


def format_value(value: Any) -> str:
    """Display text: thousands separators for numbers, ISO dates, an em dash for NULL."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def as_number(value: Any) -> float:
    """A sortable number (NULL and non-numbers sort as 0)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value)
