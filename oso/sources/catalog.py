"""Every optional source and the Arrow schema of each raw table it lands.

A source left out of ``OSO_SOURCES`` still gets its (empty) raw tables, so dbt builds the same
models in every configuration; see ``dagster_project/placeholder.py``.
"""

from __future__ import annotations

import importlib

import pyarrow as pa

# source -> (settings module attribute per table)
_TABLES: dict[str, dict[str, str]] = {
    "github": {"repositories": "REPOSITORIES_SCHEMA", "repository_urls": "REPOSITORY_URLS_SCHEMA"},
    "git": {"commits": "COMMITS_SCHEMA", "heads": "HEADS_SCHEMA"},
    "npm": {"downloads": "DOWNLOADS_SCHEMA"},
    "opencollective": {"transactions": "TRANSACTIONS_SCHEMA"},
    "evm": {
        "blocks": "BLOCKS_SCHEMA",
        "transactions": "TRANSACTIONS_SCHEMA",
        "contracts": "CONTRACTS_SCHEMA",
    },
    "funding": {
        "grants": "GRANTS_SCHEMA",
        "funders": "FUNDERS_SCHEMA",
        "daoip5_grant_pools": "GRANT_POOLS_SCHEMA",
        "daoip5_applications": "APPLICATIONS_SCHEMA",
        "daoip5_projects": "PROJECTS_SCHEMA",
        "load_issues": "ISSUES_SCHEMA",
    },
}
OPTIONAL_SOURCES = tuple(_TABLES)


def raw_schemas(source: str) -> dict[str, pa.Schema]:
    """The raw tables of ``source`` and their Arrow schemas."""
    module = importlib.import_module(f"oso.sources.{source}.settings")
    return {table: getattr(module, attribute) for table, attribute in _TABLES[source].items()}
