"""Read a whole oss-funding folder into Arrow tables plus the report of what was left out.

``load_funding_folder`` parses and validates everything before anything is handed to dlt: bad
rows and files are skipped and listed in ``FundingData.issues`` (and in the ``load_issues``
table); a folder that cannot be read at all raises ``FundingFolderError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from oso.sources.funding.daoip5 import read_daoip5
from oso.sources.funding.funders import read_funders, unconsolidated_uploads
from oso.sources.funding.grants import read_grants
from oso.sources.funding.issues import ERROR, FundingFolderError, LoadIssue, issues_table
from oso.sources.funding.settings import (
    DAOIP5_DIR,
    FUNDERS_DIR,
    GRANTS_CSV,
    RESOURCES,
    SYNTHETIC_MARKER,
)


def _resource_of(file: str) -> set[str]:
    """The resources an issue in ``file`` concerns (load_issues: all of them)."""
    if file == GRANTS_CSV or "/uploads/" in file:
        return {"grants"}
    if file.startswith(f"{FUNDERS_DIR}/"):
        return {"funders"}
    if file.startswith(f"{DAOIP5_DIR}/"):  # a skipped file could have fed any of the three
        return {"daoip5_grant_pools", "daoip5_applications", "daoip5_projects"}
    return set()


@dataclass(frozen=True)
class FundingData:
    folder: Path | None
    tables: dict[str, pa.Table]  # resource name -> rows (every resource present)
    issues: list[LoadIssue] = field(default_factory=list)
    synthetic: bool = False

    @property
    def skipped(self) -> list[LoadIssue]:
        return [i for i in self.issues if i.severity == ERROR]

    def issues_of(self, resource: str) -> list[LoadIssue]:
        if resource == "load_issues":
            return list(self.issues)
        return [i for i in self.issues if resource in _resource_of(i.file)]

    @classmethod
    def empty(cls) -> FundingData:
        """No folder configured: every table empty (so they exist downstream)."""
        return cls(None, {name: schema.empty_table() for name, (schema, _) in RESOURCES.items()})


def load_funding_folder(folder: Path) -> FundingData:
    """Every table of the folder; the issues say which rows and files were skipped and why."""
    folder = folder.expanduser()
    if not folder.is_dir():
        raise FundingFolderError(f"oss-funding folder {folder} does not exist")
    grants, issues = read_grants(folder)
    funders, funder_issues = read_funders(folder)
    daoip5, daoip5_issues = read_daoip5(folder)
    issues += funder_issues
    issues += unconsolidated_uploads(folder, grants.column("source_file").to_pylist())
    issues += daoip5_issues
    tables = {"grants": grants, "funders": funders, **daoip5, "load_issues": issues_table(issues)}
    return FundingData(folder, tables, issues, (folder / SYNTHETIC_MARKER).is_file())


__all__ = ["FundingData", "FundingFolderError", "LoadIssue", "load_funding_folder"]
