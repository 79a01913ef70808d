"""OSO's GraphQL names (Hasura DDN style) for marts and columns."""

from __future__ import annotations

import keyword


def camel(name: str) -> str:
    """``commit_count_6_months`` -> ``commitCount6Months``."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def pascal(name: str) -> str:
    """``code_metrics_by_project_v1`` -> ``CodeMetricsByProjectV1``."""
    text = camel(name)
    return text[:1].upper() + text[1:]


def root_field(mart: str) -> str:
    """``projects_v1`` -> ``oso_projectsV1``."""
    return f"oso_{camel(mart)}"


def type_name(mart: str, suffix: str = "") -> str:
    """``projects_v1`` -> ``Oso_ProjectsV1`` (plus ``BoolExp``, ``OrderBy``, ...)."""
    return f"Oso_{pascal(mart)}{suffix}"


def python_name(column: str) -> str:
    """The attribute name of a column on the generated classes (the column name itself)."""
    if not column.isidentifier() or keyword.iskeyword(column) or column.endswith("_"):
        raise ValueError(f"column {column!r} can't be exposed in GraphQL (not a plain identifier)")
    return column
