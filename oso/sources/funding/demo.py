"""Synthetic oss-funding input for the demo (no internet): a small folder shaped like upstream.

``write_demo_funding`` writes ``funding_data.csv`` (two rounds of one made-up funder, grants to
the given registry projects), the funder's YAML and a ``SYNTHETIC.md`` marker. Every value is
SYNTHETIC: amounts are a deterministic function of the project and round (identical on every
run), the funder and its rounds are invented, and each row's metadata says ``"synthetic": true``.
Point ``OSO_FUNDING_DIR`` at the folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import yaml

from oso.sources.funding.settings import CSV_TYPES, FUNDERS_DIR, GRANTS_CSV, SYNTHETIC_MARKER

FUNDER = "oso-demo-fund"
ROUNDS = ("demo-round-1", "demo-round-2")
_MARKER_TEXT = """# SYNTHETIC oss-funding data

Written by `oso.sources.funding.demo.write_demo_funding` for the offline demo. The funder
`{funder}`, its rounds and every grant amount are made up; nothing here is a real grant.
"""


def _unit(*parts: str) -> float:
    """A deterministic number in [0, 1) from the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _round_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    span = (end - start).days
    return [
        start + dt.timedelta(days=span * (i + 1) // (len(ROUNDS) + 1)) for i in range(len(ROUNDS))
    ]


def _rows(project_names: list[str], start: dt.date, end: dt.date) -> list[dict[str, str]]:
    rows = []
    for index, (pool, day) in enumerate(zip(ROUNDS, _round_dates(start, end), strict=True)):
        for name in sorted(set(project_names)):
            if index > 0 and _unit(name, pool, "funded") < 0.4:
                continue  # every project gets the first round; about 60% the second
            amount = 500 + round(_unit(name, pool, "amount") * 190) * 250.0
            metadata = {
                "application_name": f"{name} (synthetic application)",
                "token_amount": amount,
                "token_unit": "USD",
                "synthetic": True,
            }
            rows.append(
                {
                    "to_project_name": name,
                    "amount": f"{amount:.1f}",
                    "funding_date": day.isoformat(),
                    "from_funder_name": FUNDER,
                    "grant_pool_name": pool,
                    "metadata": json.dumps(metadata),
                    "file_path": f"data/{FUNDERS_DIR}/{FUNDER}/uploads/{pool}.csv",
                }
            )
    return rows


def write_demo_funding(
    out_dir: Path, project_names: list[str], start: dt.date, end: dt.date
) -> Path:
    """Write the synthetic folder for ``project_names``, grants dated within [start, end]."""
    if start > end:
        raise ValueError(f"demo funding window {start} .. {end} is empty")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / SYNTHETIC_MARKER).write_text(_MARKER_TEXT.format(funder=FUNDER))
    with (out_dir / GRANTS_CSV).open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(CSV_TYPES), lineterminator="\n")
        writer.writeheader()
        writer.writerows(_rows(project_names, start, end))
    funder_dir = out_dir / FUNDERS_DIR / FUNDER
    funder_dir.mkdir(parents=True, exist_ok=True)
    funder = {
        "version": 1,
        "name": FUNDER,
        "type": "Foundation",
        "display_name": "OSO Demo Fund (synthetic)",
        "description": "A made-up funder for the offline demo; its grants are synthetic.",
        "grant_pools": [{"name": pool} for pool in ROUNDS],
    }
    (funder_dir / f"{FUNDER}.yaml").write_text(yaml.safe_dump(funder, sort_keys=False))
    return out_dir
