"""One entities index per stream generation, and the alias that points search at the live one (pure).

Generation 1 keeps the name indices had before generations existed (``<alias>-v1``); generation N
writes ``<alias>-v1-gN``. Indexers write their generation's index by name, never the alias, so only
``enlace replay`` decides which generation search reads: the alias itself records it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def index_name(alias: str, generation: int, version: int) -> str:
    """``<alias>-v<version>`` for generation 1, ``<alias>-v<version>-g<generation>`` after it."""
    if generation < 1 or version < 1:
        raise ValueError(f"generation and version start at 1, not {generation} and {version}")
    return f"{alias}-v{version}" if generation == 1 else f"{alias}-v{version}-g{generation}"


def generation_of(alias: str, index: str) -> int | None:
    """The generation an index name says it holds, or None if the name isn't one of ``alias``'s indices."""
    match = re.fullmatch(rf"{re.escape(alias)}-v\d+(?:-g(\d+))?", index)
    if match is None:
        return None
    return int(match.group(1) or 1)


def live_generation(alias: str, aliased: Iterable[str]) -> int:
    """The generation search reads: the newest named among the indices behind the alias; 1 if none."""
    return max((g for index in aliased if (g := generation_of(alias, index)) is not None), default=1)


def index_pattern(alias: str) -> str:
    """Every generation's (and version's) index of ``alias``: what the index template covers."""
    return f"{alias}-v*"


def swap_actions(alias: str, old: Iterable[str], new: str) -> list[dict[str, Any]]:
    """The body of one ``_aliases`` request that leaves ``alias`` on ``new`` alone.

    Elasticsearch applies the actions atomically: searches see the old index or the new one, never
    both and never none. The alias is removed from every ``<alias>-v*`` index, not only from the
    ``old`` ones seen before, so a concurrent swap can't leave it on two generations at once
    (removing it where it isn't is a no-op); ``old`` indices outside that pattern are named.
    """
    pattern = index_pattern(alias)
    outside = sorted({index for index in old if generation_of(alias, index) is None and index != new})
    actions: list[dict[str, Any]] = [{"remove": {"index": pattern, "alias": alias}}]
    actions += [{"remove": {"index": index, "alias": alias}} for index in outside]
    actions.append({"add": {"index": new, "alias": alias}})
    return actions
