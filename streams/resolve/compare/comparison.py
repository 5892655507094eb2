"""The value every comparator returns: a level the scoring model weighs, and a readable detail."""

from __future__ import annotations

from dataclasses import dataclass

MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Comparison:
    """One attribute compared: ``level`` (one of the comparator's LEVELS) and why, for explanations."""

    level: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.level} ({self.detail})" if self.detail else self.level


def missing(detail: str = "") -> Comparison:
    """The comparison of an attribute one side lacks."""
    return Comparison(MISSING, detail)
