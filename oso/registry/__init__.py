"""The oss-directory registry: load, validate, flatten."""

from oso.registry.loader import Registry, RegistryError, load_registry, validate_tree
from oso.registry.tables import TrackedGithub, registry_tables, tracked_github
from oso.registry.validate import Issue

__all__ = [
    "Issue",
    "Registry",
    "RegistryError",
    "TrackedGithub",
    "load_registry",
    "registry_tables",
    "tracked_github",
    "validate_tree",
]
