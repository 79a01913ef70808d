"""What the registry tracks on each EVM network: addresses, deployers, factories.

Networks are the ones the registry's blockchain entries name that have an endpoint in
``settings.evm_rpc_urls``; an ``any_evm`` entry applies to every network with an endpoint.
Addresses are lower-case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from oso.registry import Registry, registry_tables
from oso.sources.evm.settings import ANY_EVM, DEPLOYER_TAGS, FACTORY_TAG


@dataclass
class Tracked:
    """One network's tracked addresses. ``contracts`` grows as deployments are discovered."""

    addresses: set[str] = field(default_factory=set)  # every listed address (any tag)
    deployers: set[str] = field(default_factory=set)  # tags deployer / creator / eoa
    factories: set[str] = field(default_factory=set)  # tag factory
    contracts: set[str] = field(default_factory=set)  # discovered deployments

    def watches(self, address: str | None) -> bool:
        return address is not None and (address in self.addresses or address in self.contracts)

    def copy(self) -> Tracked:
        return Tracked(
            set(self.addresses), set(self.deployers), set(self.factories), set(self.contracts)
        )


def _blockchain_rows(registry: Registry) -> list[dict[str, str]]:
    table = registry_tables(registry)["project_artifacts"]
    return [
        {
            "address": str(row["address"]).strip().lower(),
            "network": str(row["network"]).strip().lower(),
            "tag": str(row["tag"] or "").strip().lower(),
        }
        for row in table.to_pylist()
        if row["kind"] == "blockchain" and row["address"] and row["network"]
    ]


def evm_networks(registry: Registry, rpc_urls: Mapping[str, str]) -> list[str]:
    """Networks to ingest: named by the registry (or any network, for any_evm) and configured."""
    named = {row["network"] for row in _blockchain_rows(registry)}
    return sorted(n for n in rpc_urls if n.lower() in named or (ANY_EVM in named))


def tracked_evm(registry: Registry, networks: Iterable[str]) -> dict[str, Tracked]:
    """Per network, what the registry lists on it (plus its any_evm entries)."""
    rows = _blockchain_rows(registry)
    result: dict[str, Tracked] = {}
    for network in networks:
        tracked = Tracked()
        for row in rows:
            if row["network"] not in (network.lower(), ANY_EVM):
                continue
            tracked.addresses.add(row["address"])
            if row["tag"] in DEPLOYER_TAGS:
                tracked.deployers.add(row["address"])
            if row["tag"] == FACTORY_TAG:
                tracked.factories.add(row["address"])
        result[network] = tracked
    return result
