"""Contracts created inside a transaction, from ``debug_traceTransaction``.

Two answers are understood:

- geth's ``callTracer`` call frames: every ``CREATE``/``CREATE2`` frame whose creator (``from``)
  is a tracked factory and that did not fail (nor any frame above it);
- struct logs (nodes without tracers, e.g. ganache): ``CREATE``/``CREATE2`` run by the
  transaction's target itself (depth 1) — the created address is the top of the stack at the
  next step at that depth (0 when the creation failed). Creations deeper in the call tree are
  not attributed from struct logs (the creating contract is not recorded there).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oso.sources.evm.parse import MalformedError

_CREATE_OPS = {"CREATE", "CREATE2"}


def _frames(frame: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The frames that did not fail, depth first (children of a failed frame are undone)."""
    if frame.get("error"):
        return
    yield frame
    for child in frame.get("calls") or []:
        if isinstance(child, dict):
            yield from _frames(child)


def _from_call_frames(root: dict[str, Any], factories: set[str]) -> list[tuple[str, str]]:
    found = []
    for frame in _frames(root):
        creator, created = str(frame.get("from", "")).lower(), frame.get("to")
        if str(frame.get("type", "")).upper() in _CREATE_OPS and creator in factories:
            if not isinstance(created, str) or len(created) != 42:
                raise MalformedError(f"create frame without a created address: {str(frame)[:120]}")
            found.append((creator, created.lower()))
    return found


def _stack_address(word: Any) -> str | None:
    try:
        value = int(str(word), 16)
    except ValueError as exc:
        raise MalformedError(f"struct log stack word is not hex: {word!r}") from exc
    return None if value == 0 else f"0x{value & ((1 << 160) - 1):040x}"


def _from_struct_logs(logs: list[Any], target: str) -> list[tuple[str, str]]:
    found = []
    for i, step in enumerate(logs):
        if (
            not isinstance(step, dict)
            or step.get("op") not in _CREATE_OPS
            or step.get("depth") != 1
        ):
            continue
        after = next(
            (s for s in logs[i + 1 :] if isinstance(s, dict) and s.get("depth") == 1), None
        )
        stack = (after or {}).get("stack") or []
        created = _stack_address(stack[-1]) if stack else None
        if created is not None:
            found.append((target, created))
    return found


def created_contracts(trace: Any, target: str, factories: set[str]) -> list[tuple[str, str]]:
    """(factory, created address) pairs of one successful transaction sent to ``target``."""
    if isinstance(trace, dict) and isinstance(trace.get("structLogs"), list):
        return _from_struct_logs(trace["structLogs"], target) if target in factories else []
    if isinstance(trace, dict) and "type" in trace:
        return _from_call_frames(trace, factories)
    raise MalformedError(f"trace is neither call frames nor struct logs: {str(trace)[:120]}")
