"""Decisions and their evidence: why a record went where it went."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any

from streams.resolve.model import KindModel
from streams.resolve.scoring import PairScore, contributions


@dataclass(slots=True)
class Decision:
    """One clustering decision for a record: the action, the best candidate and its score."""

    record_key: str
    action: str  # new | attach | merge | judged
    entity_id: str
    candidate: str | None = None
    score: PairScore | None = None
    threshold: float = 0.0
    merged: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()  # (entity id, reason) of candidates not taken

    def as_dict(self, model: KindModel | None = None) -> dict[str, Any]:
        """The decision as JSON-ready evidence (per-attribute contributions when ``model`` is given)."""
        out: dict[str, Any] = {
            "action": self.action, "entity_id": self.entity_id, "candidate": self.candidate,
            "threshold": self.threshold,
        }
        if self.score is not None:
            out["score"] = round(self.score.total, 3)
            out["swapped_names"] = self.score.swapped
            if model is not None:
                out["evidence"] = contributions(model, self.score)
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
                                              "veto": s.veto, "swapped": s.swapped},
        }

    @classmethod
    def from_state(cls, key: str, d: Mapping[str, Any]) -> Decision:
        """A decision from its ``to_state`` form."""
        s = d.get("score")
        score = None if s is None else PairScore(float(s["total"]), tuple(s["levels"]), tuple(s["tf"]), s["veto"],
                                                 bool(s["swapped"]))
        return cls(key, d["action"], d["entity_id"], d["candidate"], score, float(d["threshold"]),
                   tuple(d["merged"]), tuple((str(a), str(b)) for a, b in d["refused"]))
