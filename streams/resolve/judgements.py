"""Analyst judgements (same / not same / unsure) about records or entities, as hard constraints."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from schemas.errors import EnlaceError

VERDICTS: tuple[str, ...] = ("same", "not_same", "unsure")


class JudgementConflict(EnlaceError):
    """A judgement contradicts an earlier one (e.g. "same" across a "not same")."""


@dataclass(frozen=True, slots=True)
class Judgement:
    """Who said what about which records, and why."""

    left: tuple[str, ...]  # record keys on one side (an entity's members at judgement time)
    right: tuple[str, ...]
    verdict: str
    who: str = ""
    why: str = ""
    subject: tuple[str, str] = ("", "")  # what the analyst named: record keys or entity ids

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict form for snapshots and explanations."""
        return asdict(self)


class Constraints:
    """Cannot-link and must-link pairs of record keys derived from judgements."""

    __slots__ = ("judgements", "opposed", "joined")

    def __init__(self) -> None:
        self.judgements: list[Judgement] = []
        self.opposed: dict[str, set[str]] = {}
        self.joined: dict[str, set[str]] = {}

    def add(self, judgement: Judgement) -> None:
        """Record a judgement; raises ``JudgementConflict`` when it contradicts an earlier one."""
        if judgement.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}")
        pairs = [(a, b) for a in judgement.left for b in judgement.right if a != b]
        if judgement.verdict == "same" and any(b in self.opposed.get(a, ()) for a, b in pairs):
            raise JudgementConflict(f"{judgement.subject} were judged not the same")
        if judgement.verdict == "not_same" and any(b in self.joined.get(a, ()) for a, b in pairs):
            raise JudgementConflict(f"{judgement.subject} were judged the same")
        if judgement.verdict == "not_same" and set(judgement.left) & set(judgement.right):
            raise JudgementConflict("a record cannot be judged different from itself")
        self.judgements.append(judgement)
        table = {"same": self.joined, "not_same": self.opposed}.get(judgement.verdict)
        if table is None:
            return
        for a, b in pairs:
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)

    def cannot_link(self, left: Collection[str], right: Collection[str]) -> bool:
        """True when some record of ``left`` was judged not the same as some record of ``right``."""
        small, big = (left, right) if len(left) <= len(right) else (right, left)
        for key in small:
            opposed = self.opposed.get(key)
            if opposed and not opposed.isdisjoint(big):
                return True
        return False

    def about(self, keys: set[str]) -> list[Judgement]:
        """Judgements touching any of ``keys``."""
        return [j for j in self.judgements if keys & set(j.left) or keys & set(j.right)]
