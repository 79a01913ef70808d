"""All root fields: per published mart a list field and an aggregate field, over object
types that carry the relationship fields of :mod:`api.graphql.relations`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.graphql import naming
from api.graphql.aggregates import aggregate_field, aggregate_type
from api.graphql.dynamic import finish_type
from api.graphql.inputs import bool_exp_input, order_by_input
from api.graphql.objects import object_class
from api.graphql.related import relation_field
from api.graphql.relations import Relation, active_relations
from api.graphql.resolvers import list_field
from oso.marts import MartSpec


def relation_keys(relations: list[Relation]) -> dict[str, dict[str, str]]:
    """Per mart: its relationship fields and the column each one needs from the row."""
    keys: dict[str, dict[str, str]] = {}
    for rel in relations:
        keys.setdefault(rel.parent, {})[rel.field] = rel.parent_key
    return keys


def _object_types(
    specs: Mapping[str, MartSpec], wheres: dict[str, type], orders: dict[str, type]
) -> tuple[dict[str, type], dict[str, dict[str, str]]]:
    relations = active_relations(specs)
    keys = relation_keys(relations)
    classes = {name: object_class(spec) for name, spec in specs.items()}
    for rel in relations:
        columns = {naming.camel(c) for c in specs[rel.parent].column_names}
        if rel.field in columns:
            raise ValueError(f"{rel.parent}: relationship {rel.field!r} shadows a column")
        field = relation_field(
            rel,
            specs[rel.target],
            classes[rel.target],
            wheres[rel.target],
            orders[rel.target],
            keys.get(rel.target, {}),
        )
        setattr(classes[rel.parent], f"rel__{rel.field}", field)
    objects = {
        name: finish_type(cls, description=specs[name].description) for name, cls in classes.items()
    }
    return objects, keys


def root_fields(specs: Mapping[str, MartSpec]) -> list[Any]:
    """``oso_<camelCaseMart>`` and ``oso_<camelCaseMart>Aggregate`` for every mart, by name."""
    wheres = {name: bool_exp_input(spec) for name, spec in specs.items()}
    orders = {name: order_by_input(spec) for name, spec in specs.items()}
    objects, keys = _object_types(specs, wheres, orders)
    fields: list[Any] = []
    for name in sorted(specs):
        spec = specs[name]
        fields.append(list_field(spec, objects[name], wheres[name], orders[name], keys.get(name)))
        fields.append(aggregate_field(spec, aggregate_type(spec), wheres[name]))
    return fields
