"""npm downloads API limits and the Arrow schema of ``npm.downloads``."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

RESOURCE = "downloads"

# https://github.com/npm/registry/blob/master/docs/download-counts.md ("Limits"): bulk queries
# take at most 128 packages and 365 days; all other queries at most 18 months; nothing is
# served before 2015-01-10. 540 days stays inside 18 months whatever the months are.
EARLIEST_DAY = dt.date(2015, 1, 10)
MAX_BULK_PACKAGES = 128
MAX_BULK_DAYS = 365
MAX_SINGLE_DAYS = 540

# npm.downloads: one row per package and day; `week` (the Monday starting the day's week) is
# the partition the row belongs to and the delete-insert merge key.
DOWNLOADS_SCHEMA = pa.schema(
    [
        pa.field("package", pa.string(), nullable=False),
        pa.field("day", pa.date32(), nullable=False),
        pa.field("downloads", pa.int64(), nullable=False),
        pa.field("week", pa.date32(), nullable=False),
        pa.field("fetched_at", pa.timestamp("us"), nullable=False),
    ]
)

# Header the demo upstream adds to its synthetic answers (oso/sources/npm/demo.py).
SYNTHETIC_HEADER = "X-OSO-Synthetic"
