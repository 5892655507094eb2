"""Commit an input partition only as far as this worker handled every message before the offset.

Faust computes the offset to commit from the messages its streams acknowledged, with three
shortcuts that can pass a message nobody handled:

- a partition the group never committed on has no lower bound, so the first run of consecutive
  acknowledgements is committed even if it does not start at the partition's beginning;
- the check for a hole at the head allows exactly one missing offset (``min(acked) - committed > 1``);
- a jump in fetched offsets is recorded as a "gap" and counted as acknowledged (meant for compacted
  topics and transaction markers), including messages it fetched and then dropped around a rebalance.

The ingest and judgements agents read every such message back themselves (``streams.agents.Gaps``),
but a commit landing while they do so, followed by a kill -9, lost those messages for good. For the
topics given to ``gate`` the offset to commit is instead the watermark the agents keep: all offsets
below it handled by this worker in this assignment. The records log is gated too, at the offset below
which the resolve agent sent the documents every command changed (it may hold them back for a later
batch under a backlog: ``streams.agents.Resolving.holds``). Everything else keeps Faust's computation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

HandledUpTo = Callable[[str, int], "int | None"]
"""(topic, partition) -> the offset below which every message was handled (None: nothing handled yet)."""


@dataclass(frozen=True, slots=True)
class Gate:
    topics: frozenset[str]
    watermark: HandledUpTo


def gated_offset(acked: list[int], acked_index: set[int], committed: int | None, upto: int | None) -> int | None:
    """The offset to commit for a gated partition (None: nothing new), dropping the acknowledgements it covers."""
    if upto is None:
        return None
    covered = [offset for offset in acked if offset < upto]
    if covered:
        acked[:] = [offset for offset in acked if offset >= upto]
        acked_index.difference_update(covered)
    return upto if committed is None or upto > committed else None


_original: Any = None


def _new_offset(self: Any, tp: Any) -> int | None:
    gate: Gate | None = getattr(self.app, "_enlace_commit_gate", None)
    if gate is None or tp.topic not in gate.topics:
        return _original(self, tp)  # type: ignore[no-any-return]
    self._gap.pop(tp, None)  # Faust's "gaps" count as handled only in its own computation
    return gated_offset(self._acked[tp], self._acked_index[tp], self._committed_offset[tp],
                        gate.watermark(tp.topic, tp.partition))


def gate(app: Any, topics: Iterable[str], watermark: HandledUpTo) -> None:
    """Make ``app``'s consumer commit ``topics`` only up to ``watermark`` (patches Faust's consumer once)."""
    global _original
    from faust.transport.consumer import Consumer

    if _original is None:
        _original = Consumer._new_offset
        Consumer._new_offset = _new_offset  # type: ignore[method-assign]
    app._enlace_commit_gate = Gate(frozenset(topics), watermark)
