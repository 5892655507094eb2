"""Mapping adapters that let the pure linker run over Faust tables or plain dicts alike.

``Overlay`` buffers writes so the fusion step can compute a whole change, journal it,
and only then apply it; reads return copies, so the linker can never mutate a stored
value behind the table's back (a Faust table only logs what is assigned).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, MutableMapping
from typing import Any

_DELETED = object()


class Prefixed(MutableMapping[str, Any]):
    """A view of the keys of ``base`` that start with ``prefix`` (several logical maps in one table)."""

    def __init__(self, base: MutableMapping[str, Any], prefix: str) -> None:
        self._base, self._prefix = base, prefix

    def __getitem__(self, key: str) -> Any:
        return self._base[self._prefix + key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._base[self._prefix + key] = value

    def __delitem__(self, key: str) -> None:
        del self._base[self._prefix + key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (self._prefix + key) in self._base

    def __iter__(self) -> Iterator[str]:
        n = len(self._prefix)
        return (k[n:] for k in list(self._base) if k.startswith(self._prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Overlay(MutableMapping[str, Any]):
    """Buffered writes over ``base``: ``pending()`` lists them, ``commit()`` applies them."""

    def __init__(self, base: MutableMapping[str, Any]) -> None:
        self._base = base
        self._writes: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self._writes:
            value = self._writes[key]
            if value is _DELETED:
                raise KeyError(key)
            return value
        return copy.deepcopy(self._base[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self._writes[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self._writes[key] = _DELETED

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str) and key in self._writes:
            return self._writes[key] is not _DELETED
        return key in self._base

    def __iter__(self) -> Iterator[str]:
        seen = set()
        for key in list(self._base) + list(self._writes):
            if key not in seen and key in self:
                seen.add(key)
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def pending(self) -> dict[str, Any]:
        """Buffered writes that change something, ``None`` marking a deletion."""
        changed: dict[str, Any] = {}
        for key, value in self._writes.items():
            if value is _DELETED:
                if key in self._base:
                    changed[key] = None
            elif key not in self._base or self._base[key] != value:
                changed[key] = value
        return changed

    def commit(self) -> None:
        apply_writes(self._base, self.pending())
        self._writes.clear()

    def rollback(self) -> None:
        self._writes.clear()


def apply_writes(base: MutableMapping[str, Any], writes: dict[str, Any]) -> None:
    """Apply ``pending()``-shaped writes (idempotent: applying twice gives the same state)."""
    for key, value in writes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
