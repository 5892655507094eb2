"""A resolver's whole state as plain JSON-ready data, and the resolver rebuilt from it, exactly.

Version 2 (written): one compact row per record in arrival order - ``[seq, key, kind, entity,
packed record, decision]`` - with the record as ``records.pack`` keeps it and the decision as a
list; entities, redirects, judgements and the block index's stop keys and shed records beside
them. Version 1 (record and decision objects) is still read. Nothing is re-resolved on restore:
features, term frequencies, links and blocks are rebuilt from the records, so the restored
resolver goes on exactly as the original would have.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from streams.resolve.blocking import blocking_keys
from streams.resolve.entries import Entry
from streams.resolve.explain import Decision
from streams.resolve.features import features_of
from streams.resolve.judgements import Judgement
from streams.resolve.levels import LEVELS
from streams.resolve.records import pack, parse_record, unpack
from streams.resolve.scoring import PairScore

if TYPE_CHECKING:
    from streams.resolve.engine import Resolver

VERSION = 2


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic collector: a snapshot allocates a container per record and makes no cycles,
    and each collection would walk the resolver's whole heap."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decision_row(d: Decision, kind: str) -> list[Any]:
    """A decision as a list: action, entity, candidate, threshold, merged, refused, score."""
    score: list[Any] | None = None
    if d.total is not None:
        codes = "".join(str(LEVELS[kind][attr].index(level)) for attr, level in zip(LEVELS[kind], d.levels))
        veto, swapped, twins = d.flags
        score = [d.total, codes, list(d.tf), veto, int(swapped), int(twins)]
    return [d.action, d.entity_id, d.candidate, d.threshold, list(d.merged), [x for pair in d.refused for x in pair],
            score]


def decision_from_row(row: list[Any], kind: str) -> Decision:
    """The decision ``decision_row`` wrote."""
    action, entity_id, candidate, threshold, merged, refused, score = row
    pair = None
    if score is not None:
        total, codes, tf, veto, swapped, twins = score
        levels = tuple(LEVELS[kind][attr][int(c)] for attr, c in zip(LEVELS[kind], codes))
        pair = PairScore(float(total), levels, tuple(tf), veto, bool(swapped), bool(twins))
    return Decision(action, entity_id, candidate, pair, float(threshold), tuple(merged),
                    tuple(zip(refused[::2], refused[1::2])))


def snapshot(r: Resolver) -> dict[str, Any]:
    """The resolver's state (see the module docstring)."""
    with _no_gc():
        ordered = sorted(r.entries.values(), key=_seq_of)
        rows = [[e.seq, e.key, e.kind, e.entity, e.packed,
                 None if e.decision is None else decision_row(e.decision, e.kind)] for e in ordered]
        clusters = r.clusters
        return {
            "version": VERSION,
            "seq": r._seq,
            "records": rows,
            "entities": {eid: [clusters.kinds[eid], clusters.founders[eid]] for eid in sorted(clusters.members)},
            "redirects": dict(sorted(clusters.redirects.items())),
            "judgements": [j.as_dict() for j in r.constraints.judgements],
            "index": r.index.state((e.key, e, blocking_keys(e.features)) for e in ordered),
        }


def restore(r: Resolver, state: Mapping[str, Any]) -> None:
    """Fill an empty resolver with the state ``snapshot`` captured."""
    with _no_gc():
        clusters = r.clusters
        for eid, info in state["entities"].items():
            kind, founder = (info["kind"], info["founder"]) if isinstance(info, Mapping) else info
            clusters.members[eid] = []
            clusters.kinds[eid] = kind
            clusters.founders[eid] = founder
        clusters.redirects.update(state["redirects"])
        for j in state["judgements"]:
            r.constraints.add(Judgement(tuple(j["left"]), tuple(j["right"]), j["verdict"], j["who"], j["why"],
                                        (j["subject"][0], j["subject"][1])))
        rows = state["records"] if state.get("version", 1) >= 2 else _rows_of_version_1(state)
        for seq, key, kind, entity, packed, decision in rows:
            record = parse_record(unpack(packed, key, kind))
            entry = Entry(sys.intern(record.key), _intern(record.kind), packed, features_of(record), int(seq), entity)
            if decision is not None:
                entry.decision = decision if isinstance(decision, Decision) else decision_from_row(decision, kind)
            r.entries[entry.key] = entry
            r._count_tf(entry.features, 1)
            r.counts[entry.kind] += 1
            r.links.add(entry.key, record.links)
            if entity is not None:
                clusters.members[entity].append(entry.key)
        indexed = ((e.key, e, blocking_keys(e.features)) for e in r.entries.values())  # rows are in arrival order
        r.index.restore(state.get("index", {}), indexed)
        r._seq = int(state["seq"])


def _rows_of_version_1(state: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
    decisions = state.get("decisions", {})
    for item in state["records"]:
        record = parse_record(item["record"])
        d = decisions.get(record.key)
        yield (item["seq"], record.key, record.kind, item["entity"], pack(record),
               None if d is None else _decision_of_version_1(d))


def _decision_of_version_1(d: Mapping[str, Any]) -> Decision:
    s = d.get("score")
    score = None if s is None else PairScore(float(s["total"]), tuple(s["levels"]), tuple(s["tf"]), s["veto"],
                                             bool(s["swapped"]), bool(s.get("twins", False)))
    return Decision(d["action"], d["entity_id"], d["candidate"], score, float(d["threshold"]), tuple(d["merged"]),
                    tuple((str(a), str(b)) for a, b in d["refused"]))


def _seq_of(entry: Entry) -> int:
    return entry.seq


_KINDS: dict[str, str] = {}


def _intern(kind: str) -> str:
    return _KINDS.setdefault(kind, sys.intern(kind))
