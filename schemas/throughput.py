"""How fast events go through a codec, the validator and the extractor (for ``enlace bench codec``)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from schemas.codec import EventCodec
from schemas.validate import validate_event


def measure(codec: EventCodec, events: Sequence[dict[str, Any]], rounds: int = 3) -> dict[str, float]:
    """Events per second (best of ``rounds``) for encode, decode, validate and extract, and mean bytes per event."""
    from streams.extract import records_from_event

    blobs = [codec.encode(e) for e in events]
    decoded = [codec.decode(b) for b in blobs]
    steps = {
        "encode": lambda: [codec.encode(e) for e in events],
        "decode": lambda: [codec.decode(b) for b in blobs],
        "validate": lambda: [validate_event(e) for e in decoded],
        "extract": lambda: [records_from_event(e) for e in decoded],
    }
    figures: dict[str, float] = {"events": float(len(events)), "bytes_per_event": sum(map(len, blobs)) / max(1, len(blobs))}
    for name, step in steps.items():
        best = min(_timed(step) for _ in range(rounds))
        figures[f"{name}_per_s"] = len(events) / best if best > 0 else float("inf")
    return figures


def _timed(step: Any) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start
