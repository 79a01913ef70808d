"""Whether the configured GH Archive input is synthetic (the generator leaves a marker file)."""

from __future__ import annotations

from pathlib import Path

from oso.settings import Settings
from oso.sources.gharchive.synthetic.output import README_NAME as MARKER


def is_synthetic(settings: Settings) -> bool:
    return (
        settings.gharchive_is_local
        and (Path(settings.gharchive_url).expanduser() / MARKER).is_file()
    )
