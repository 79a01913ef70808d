"""Errors of the serving store's publisher (all leave the serving table as it was)."""

from __future__ import annotations


class PublishError(RuntimeError):
    """A publish or rollback that failed its checks; the serving table is unchanged."""


class SpecError(PublishError, ValueError):
    """A table spec that cannot be turned into a CREATE TABLE (bad name, type or index)."""


class VersionError(PublishError, LookupError):
    """A mart or retained version that does not exist."""
