"""Files, columns and Arrow schemas of the oss-funding source (see docs in ``__init__``)."""

from __future__ import annotations

import pyarrow as pa

# Layout of an oss-funding folder (github.com/opensource-observer/oss-funding, data/ + daoip-5/json/).
GRANTS_CSV = "funding_data.csv"
FUNDERS_DIR = "funders"
DAOIP5_DIR = "daoip5"
SYNTHETIC_MARKER = "SYNTHETIC.md"  # written by demo.py next to demo inputs

# funding_data.csv: upstream's consolidation of every funders/*/uploads/*.csv. DuckDB reads it
# with these types; a value that does not convert (amount 'n/a', 'nan', date '2024-02-31',
# metadata that is not JSON) rejects its row, with its line. DECIMAL (not DOUBLE) so 'nan' and
# 'inf' are rejected too.
CSV_TYPES = {
    "to_project_name": "VARCHAR",
    "amount": "DECIMAL(38, 12)",
    "funding_date": "DATE",
    "from_funder_name": "VARCHAR",
    "grant_pool_name": "VARCHAR",
    "metadata": "JSON",
    "file_path": "VARCHAR",
}
# Fields that identify a grant (the amount is left out so a corrected amount updates the row).
GRANT_KEY_FIELDS = (
    "from_funder_name",
    "grant_pool_name",
    "to_project_name",
    "funding_date",
    "metadata",
    "file_path",
)
REQUIRED_TEXT_FIELDS = ("from_funder_name", "grant_pool_name")

GRANTS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        ("to_project_name", pa.string()),
        ("to_project_display_name", pa.string()),
        ("amount", pa.float64()),
        ("funding_date", pa.date32()),
        ("from_funder_name", pa.string()),
        ("grant_pool_name", pa.string()),
        ("metadata", pa.string()),
        ("source_file", pa.string()),
    ]
)
FUNDERS_SCHEMA = pa.schema(
    [
        pa.field("name", pa.string(), nullable=False),
        ("type", pa.string()),
        ("display_name", pa.string()),
        ("description", pa.string()),
        ("grant_pools", pa.string()),  # JSON list of the pool names the YAML declares
        ("source_file", pa.string()),
    ]
)
GRANT_POOLS_SCHEMA = pa.schema(
    [
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("pool_id", pa.string(), nullable=False),
        ("pool_name", pa.string()),
        ("funder", pa.string()),  # the daoip5/<funder>/ folder
        ("system_name", pa.string()),  # the document's grant system (top-level name)
        ("system_type", pa.string()),
        ("pool", pa.string()),  # the pool object as JSON text
    ]
)
APPLICATIONS_SCHEMA = pa.schema(
    [
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("application_id", pa.string(), nullable=False),
        ("grant_pool_id", pa.string()),
        ("grant_pool_name", pa.string()),
        ("project_id", pa.string()),
        ("project_name", pa.string()),
        ("created_at", pa.string()),  # as written: ISO text or epoch milliseconds
        ("funder", pa.string()),
        ("application", pa.string()),  # the application object as JSON text
    ]
)
PROJECTS_SCHEMA = pa.schema(
    [
        pa.field("source_file", pa.string(), nullable=False),
        ("project_id", pa.string()),
        ("name", pa.string()),
        ("funder", pa.string()),
        ("project", pa.string()),  # the project document as JSON text
    ]
)
ISSUES_SCHEMA = pa.schema(
    [
        pa.field("file", pa.string(), nullable=False),
        ("line", pa.int64()),
        ("column", pa.int64()),
        pa.field("severity", pa.string(), nullable=False),  # error: skipped; warning: loaded
        pa.field("message", pa.string(), nullable=False),
    ]
)

# Resource name -> (schema, primary key). load_issues is replaced on every run (the report of
# the latest read); the others are upserted, so re-runs never duplicate and a row that turns
# bad upstream keeps its last good version.
RESOURCES: dict[str, tuple[pa.Schema, tuple[str, ...]]] = {
    "grants": (GRANTS_SCHEMA, ("id",)),
    "funders": (FUNDERS_SCHEMA, ("name",)),
    "daoip5_grant_pools": (GRANT_POOLS_SCHEMA, ("source_file", "pool_id")),
    "daoip5_applications": (APPLICATIONS_SCHEMA, ("source_file", "application_id")),
    "daoip5_projects": (PROJECTS_SCHEMA, ("source_file",)),
    "load_issues": (ISSUES_SCHEMA, ()),
}
