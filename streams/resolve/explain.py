"""Decisions and their evidence: why a record went where it went."""

from __future__ import annotations

from typing import Any

from streams.resolve.model import KindModel
from streams.resolve.scoring import PairScore, contributions

_SHARED: dict[tuple[object, ...], tuple[object, ...]] = {}


def _share(value: tuple[Any, ...]) -> tuple[Any, ...]:
    """One tuple per distinct level pattern or rounded adjustment (bounded): decisions repeat them."""
    if len(_SHARED) > 500_000:
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


class Decision:
    """One clustering decision for a record: the action, the best candidate and its score.

    A resolver keeps one per record, so the score is held flat (total, shared level tuple, and
    term-frequency adjustments rounded to the 0.01 bit the evidence shows) rather than as a
    ``PairScore``; ``score`` rebuilds it.
    """

    __slots__ = ("action", "entity_id", "candidate", "total", "levels", "tf", "flags", "threshold", "merged",
                 "_refused")

    def __init__(self, action: str, entity_id: str, candidate: str | None = None, score: PairScore | None = None,
                 threshold: float = 0.0, merged: tuple[str, ...] = (),
                 refused: tuple[tuple[str, str], ...] = ()) -> None:
        self.action = action  # new | attach | merge | judged
        self.entity_id = entity_id
        self.candidate = candidate
        self.threshold = threshold
        self.merged = merged
        self._refused: tuple[str, ...] = ()
        self.refused = refused
        self.total: float | None = None
        self.levels: tuple[str, ...] = ()
        self.tf: tuple[float, ...] = ()
        self.flags: tuple[str | None, bool, bool] = _NO_FLAGS
        if score is not None:
            self.total = score.total
            self.levels = _share(score.levels)
            self.tf = _share(tuple(map(round, score.tf, _DIGITS)) if any(score.tf) else score.tf)
            flags = (score.veto, score.swapped, score.twins)
            self.flags = _NO_FLAGS if flags == _NO_FLAGS else flags

    @property
    def refused(self) -> tuple[tuple[str, str], ...]:
        """(entity id, reason) of candidates not taken (kept as one flat tuple)."""
        flat = self._refused
        return tuple(zip(flat[::2], flat[1::2]))

    @refused.setter
    def refused(self, pairs: tuple[tuple[str, str], ...]) -> None:
        self._refused = tuple(x for pair in pairs for x in pair)

    @property
    def score(self) -> PairScore | None:
        """The best candidate's score (adjustments as rounded for the evidence)."""
        if self.total is None:
            return None
        veto, swapped, twins = self.flags
        return PairScore(self.total, self.levels, self.tf, veto, swapped, twins)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decision) and self.to_state() == other.to_state()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Decision({self.to_state()!r})"

    def as_dict(self, model: KindModel | None = None) -> dict[str, Any]:
        """The decision as JSON-ready evidence (per-attribute contributions when ``model`` is given)."""
        out: dict[str, Any] = {
            "action": self.action, "entity_id": self.entity_id, "candidate": self.candidate,
            "threshold": self.threshold,
        }
        score = self.score
        if score is not None:
            out["score"] = round(score.total, 3)
            out["swapped_names"] = score.swapped
            if model is not None:
                out["evidence"] = contributions(model, score)
        if self.merged:
            out["merged"] = list(self.merged)
        if self.refused:
            out["refused"] = [{"entity_id": e, "reason": r} for e, r in self.refused]
        return out

    def to_state(self) -> dict[str, Any]:
        """Plain-dict form for snapshots (``from_state`` reads it back)."""
        s = self.score
        return {
            "action": self.action, "entity_id": self.entity_id, "candidate": self.candidate, "threshold": self.threshold,
            "merged": list(self.merged), "refused": [list(x) for x in self.refused],
            "score": None if s is None else {"total": s.total, "levels": list(s.levels), "tf": list(s.tf),
                                              "veto": s.veto, "swapped": s.swapped, "twins": s.twins},
        }



_NO_FLAGS: tuple[str | None, bool, bool] = (None, False, False)
_DIGITS = (2,) * 16  # round() to the 0.01 bit the evidence shows
