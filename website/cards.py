"""Metric cards for project pages: each card's value, its coverage and its definition link.

Code metrics come from ``code_metrics_by_project_v1`` (one group per event source); the
sources code metrics do not cover (packages, chains, funding) come from the project's key
metrics. Every card names the metric in the catalogue that defines it, when the catalogue
has it, and every group says which days its source has data for.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from website.catalogue import CATALOGUE_URL
from website.data import Project
from website.keymetrics import as_display, coverage_text, other_source_cards
from website.metrics import definition_name, format_value, hint, label


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    hint: str
    definition: str | None  # site-relative URL of its catalogue entry


@dataclass(frozen=True)
class CardGroup:
    source: str
    coverage: str
    cards: list[Card]


def _definition(name: str, known: set[str]) -> str | None:
    return f"{CATALOGUE_URL}#{name}" if name in known else None


def _unit_text(value: str, unit: str) -> str:
    return f"{value} {unit}" if unit in {"USD", "ETH"} else value


def card_groups(project: Project, columns: list[str], known: set[str]) -> list[CardGroup]:
    """Code-metric groups (one per event source), then one group per other source."""
    groups = []
    for row in project.metrics:
        source = row.get("event_source") or ""
        cards = [
            Card(
                label(c),
                format_value(row.get(c)),
                hint(c),
                _definition(definition_name(c, source), known),
            )
            for c in columns
        ]
        groups.append(CardGroup(source, coverage_text(project.coverage.get(source)), cards))
    others = other_source_cards(project.key_metrics)
    for source, items in groupby(others, key=lambda m: m.source):
        cards = [
            Card(
                m.display_name,
                _unit_text(format_value(as_display(m.amount)), m.unit),
                f"All time, {m.unit}" if m.unit else "All time",
                _definition(m.name, known),
            )
            for m in items
        ]
        groups.append(CardGroup(source, coverage_text(project.coverage.get(source)), cards))
    return groups
