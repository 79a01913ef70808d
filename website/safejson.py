"""JSON that is safe to place inside an HTML ``<script>`` element."""

from __future__ import annotations

import json
from typing import Any


def script_json(value: Any) -> str:
    """Compact JSON of ``value`` with every ``</`` written ``<\\/`` (the same string to a JSON
    parser), so no value can close the script element early."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
