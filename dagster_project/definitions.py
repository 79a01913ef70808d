"""The Dagster code location: every asset of the platform in one Definitions.

Loaded lazily (``@dg.definitions``): settings are read when Dagster loads the location,
never at import time.
"""

import dagster as dg

from dagster_project.build import build_definitions
from oso.settings import get_settings


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(get_settings())
