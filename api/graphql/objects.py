"""Object types: one ``Oso_<PascalCaseMart>`` per published mart, camelCase fields."""

from __future__ import annotations

from api.graphql import naming
from api.graphql.dynamic import FieldDef, new_type
from api.graphql.scalars import PYTHON_TYPES
from oso.marts import MartSpec


def object_class(spec: MartSpec) -> type:
    """``Oso_ProjectsV1`` with one field per column (key columns non-null), undecorated:
    relationship fields are added before ``dynamic.finish_type``."""
    fields = []
    seen: dict[str, str] = {}
    for column in spec.columns:
        graphql_name = naming.camel(column.name)
        if graphql_name in seen:
            raise ValueError(
                f"{spec.name}: columns {seen[graphql_name]!r} and {column.name!r} "
                f"both map to GraphQL field {graphql_name!r}"
            )
        seen[graphql_name] = column.name
        scalar = PYTHON_TYPES[column.type]
        annotation = scalar if column.name in spec.order_by else scalar | None
        fields.append(
            FieldDef(naming.python_name(column.name), graphql_name, annotation, column.description)
        )
    return new_type(naming.type_name(spec.name), fields)
