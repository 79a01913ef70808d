"""Problems found while reading an oss-funding folder: reported, never silently dropped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

from oso.sources.funding.settings import ISSUES_SCHEMA

ERROR = "error"  # the row or file was skipped
WARNING = "warning"  # loaded, with the repair the message describes


class FundingFolderError(RuntimeError):
    """The folder cannot be read at all (missing, no funding_data.csv, unknown header)."""


@dataclass(frozen=True)
class LoadIssue:
    file: str  # relative to the funding folder
    line: int | None  # 1-based
    column: int | None  # 1-based: character column (JSON/YAML) or field number (CSV)
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.severity == ERROR:
            return f"{where}: {self.message} (skipped)"
        return f"{where}: warning: {self.message}"


def issues_table(issues: Sequence[LoadIssue]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "file": i.file,
                "line": i.line,
                "column": i.column,
                "severity": i.severity,
                "message": i.message,
            }
            for i in issues
        ],
        schema=ISSUES_SCHEMA,
    )


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
