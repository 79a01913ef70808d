"""Plans for the GraphQL fast path (api/graphql/fastpath.py): what a query selects, per mart.

A query is eligible when every selection is a column, ``__typename`` or a relationship
field whose own selection is eligible, with no fragments or directives anywhere. The plan
lists, per level, the response keys in order and the columns to read (the selected ones and
the keys the relationships below need).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, SelectionSetNode

from api.graphql import naming
from api.graphql.relations import Relation
from api.graphql.resolvers import column_fields
from oso.marts import MartSpec

TYPENAME = "__typename"


@dataclass(frozen=True)
class Entry:
    """One response key: a column (or ``__typename``), or a relationship and its selection."""

    key: str
    column: str | None = None
    relation: Relation | None = None
    node: FieldNode | None = None  # the relationship's field node (its arguments)
    child: Selection | None = None


@dataclass(frozen=True)
class Selection:
    spec: MartSpec
    entries: tuple[Entry, ...]
    columns: tuple[str, ...]  # what to read: selected columns, then relationship keys


@dataclass(frozen=True)
class Root:
    key: str
    node: FieldNode
    selection: Selection


class Planner:
    def __init__(self, specs: Mapping[str, MartSpec], relations: list[Relation]) -> None:
        self.specs = specs
        self.roots = {naming.root_field(name): spec for name, spec in specs.items()}
        self.relations: dict[str, dict[str, Relation]] = {}
        for rel in relations:
            self.relations.setdefault(rel.parent, {})[rel.field] = rel

    def root(self, node: Any) -> Root | None:
        if not isinstance(node, FieldNode) or node.directives:
            return None
        spec = self.roots.get(node.name.value)
        selection = self.selection(spec, node.selection_set) if spec else None
        return Root((node.alias or node.name).value, node, selection) if selection else None

    def selection(self, spec: MartSpec, nodes: SelectionSetNode | None) -> Selection | None:
        if nodes is None:
            return None
        columns, relations = column_fields(spec), self.relations.get(spec.name, {})
        entries: list[Entry] = []
        for node in nodes.selections:
            if not isinstance(node, FieldNode) or node.directives:
                return None
            name, key = node.name.value, (node.alias or node.name).value
            if name == TYPENAME or name in columns:
                if node.selection_set:
                    return None
                entries.append(Entry(key, column=columns.get(name, TYPENAME)))
            elif name in relations:
                rel = relations[name]
                child = self.selection(self.specs[rel.target], node.selection_set)
                if child is None:
                    return None
                entries.append(Entry(key, relation=rel, node=node, child=child))
            else:
                return None
        read = [e.column for e in entries if e.column and e.column != TYPENAME]
        read += [e.relation.parent_key for e in entries if e.relation]
        return Selection(spec, tuple(entries), tuple(dict.fromkeys(read)))
