"""Deterministic generator of realistic, clearly marked synthetic GH Archive hourly files.

Two modes:

* :func:`generate_hours` writes one ``YYYY-MM-DD-H.json.gz`` per hour of a date window, in the
  2015 GH Archive schema, for a list of tracked repositories plus untracked background repos.
  The generator keeps per-repository state across hours (issue and PR numbers, open tickets,
  branch heads, versions), so an issue is opened before it is closed and a merged PR was opened
  in an earlier hour. The output is byte-identical for the same arguments; the files of a window
  are also a prefix of those of a longer window with the same start.
* :func:`generate_benchmark_hour` writes one hour of realistic 2020s size (about 200k events,
  ~450 MB of JSON) for benchmarks, with a chosen share of events in the tracked repositories.

Every event carries ``"synthetic": true`` at the top level (GH Archive readers ignore unknown
keys) and each output directory gets a ``SYNTHETIC.md`` naming this package and the arguments.

CLI: ``python -m oso.sources.gharchive.synthetic {hours,benchmark} --help``.

Modules: :mod:`.vocab`, :mod:`.ids`, :mod:`.entities`, :mod:`.people`, :mod:`.texts` (building
blocks); :mod:`.payloads` (event JSON per event family, 2015 and 2020s schema); :mod:`.registry`,
:mod:`.repo_state`, :mod:`.slot`, :mod:`.events_git`, :mod:`.events_issues`,
:mod:`.events_pulls`, :mod:`.world`, :mod:`.hours` (the hourly simulation); :mod:`.bench_pools`,
:mod:`.bench_payloads`, :mod:`.benchmark` (the benchmark hour); :mod:`.output` (file names,
gzip, SYNTHETIC*.md); :mod:`.cli`.
"""

from __future__ import annotations

from oso.sources.gharchive.synthetic.benchmark import generate_benchmark_hour
from oso.sources.gharchive.synthetic.cli import main
from oso.sources.gharchive.synthetic.hours import generate_hours
from oso.sources.gharchive.synthetic.ids import actor_id_for, normalise_repos, repo_id_for
from oso.sources.gharchive.synthetic.output import README_NAME, hour_file_name

__all__ = [
    "README_NAME",
    "actor_id_for",
    "generate_benchmark_hour",
    "generate_hours",
    "hour_file_name",
    "main",
    "normalise_repos",
    "repo_id_for",
]
