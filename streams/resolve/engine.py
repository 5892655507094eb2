"""The ``Resolver``: records in, one at a time and in any order; stable entities out.

Each record is normalized once, indexed under its blocking keys and scored against the
best few members of each candidate entity. It attaches to the best entity scoring at
least the link threshold, starts a new one otherwise, and merges further candidate
entities only when both bridges are strong and the two entities agree with each other
(sampled cross-pairs: no veto, and for two established entities, positive mean
evidence) - a single weak link cannot glue two large entities together. Judgements,
retractions and corrections re-resolve the affected entity. Every call returns the
entities that changed.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from streams.resolve.blocking import BlockIndex, blocking_keys
from streams.resolve.clustering import Change, Clusters
from streams.resolve.explain import Decision
from streams.resolve.features import Features, PersonFeatures, features_of
from streams.resolve.judgements import Constraints, Judgement, JudgementConflict
from streams.resolve.links import LinkIndex, entity_links
from streams.resolve.model import Model, load_model
from streams.resolve.records import Record, pack, parse_record, unpack, unpacked_json
from streams.resolve.scoring import SCORERS, PairScore, score_pair
from streams.resolve.normalize.dates import PartialDate
from streams.resolve.levels import name_levels
from streams.resolve.rules import GENERATION, TWINS, dob_conflict
from streams.resolve.tf import TermFrequencies

__all__ = ["Change", "Resolver", "JudgementConflict"]

_KINDS = {k: sys.intern(k) for k in ("person", "vehicle", "firearm")}
_JUDGED = "judged not the same"
_DOB_CLASH = "birth date fits none of the entity's birth dates"
_AMBIGUOUS = "ambiguous: another entity fits about as well"
_DOC_TIES = frozenset({"same_doc", "near"})
_SAME_GIVEN = frozenset({"exact", "partial", "nickname", "phonetic", "fuzzy"})

SURE = 10.0
"""Bits above the merge threshold at which the best match so far is sure (single-key candidates are skipped)."""

MAX_REFUSED = 2
"""Refused candidates kept in a decision's evidence (the strongest first)."""

CONFLICT = 8.0
"""A person cross pair this far below the link threshold (bits) blocks a merge: the entities disagree.
(Not for vehicles: re-plated cars legitimately hold records that disagree on the plate.)"""
AMBIGUITY = 1.0
"""A weak best candidate (below the merge threshold) must beat the runner-up by this margin, else a new entity."""


@dataclass(slots=True, eq=False)
class Entry:
    """A record held by the resolver: the record packed (``records.pack``), its features, arrival order, entity.

    Compared and hashed by identity: the block index holds entries themselves, so a lookup needs
    no trip through the record-key dictionary.
    """

    key: str
    kind: str
    packed: str
    features: Features
    seq: int
    entity: str | None = None
    decision: Decision | None = None  # why the record is where it is

    @property
    def raw(self) -> str:
        """The record as ``record_json`` writes it (rebuilt on each call: compare, do not test identity)."""
        return unpacked_json(self.packed, self.key, self.kind)

    @property
    def data(self) -> dict[str, Any]:
        """The record as a plain dict (its fields and links)."""
        return unpack(self.packed, self.key, self.kind)

    @property
    def record(self) -> Record:
        """The record, parsed back."""
        return parse_record(self.data)


class _Touched:
    """Entity ids and record keys touched by one call; turned into ``Change``s at the end."""

    __slots__ = ("entities", "records")

    def __init__(self) -> None:
        self.entities: dict[str, None] = {}
        self.records: dict[str, None] = {}

    def entity(self, eid: str) -> None:
        self.entities[eid] = None


class Resolver:
    """Incremental entity resolution over canonical records (pure; no I/O)."""

    def __init__(self, model: Model | None = None, *, block_cap: int = 30, max_entities: int = 8,
                 per_entity: int = 2, sample: int = 4) -> None:
        self.model = model or load_model()
        self.entries: dict[str, Entry] = {}
        self.index: BlockIndex[Entry] = BlockIndex(block_cap)
        self.clusters = Clusters()
        self.constraints = Constraints()
        self.links = LinkIndex()
        self.tf = TermFrequencies()
        self.stats: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()  # records per kind, for the population-scaled prior
        self.max_entities, self.per_entity, self.sample = max_entities, per_entity, sample
        self._dobs: dict[str, tuple[PartialDate, ...]] = {}  # entity -> precise birth dates of its records
        self._seq = 0

    # ----------------------------------------------------------------- public API
    def add(self, data: Mapping[str, Any] | Record) -> list[Change]:
        """Resolve one record (a new one, or a new version replacing the one with its key)."""
        record = data if isinstance(data, Record) else parse_record(data)
        touched = _Touched()
        packed = pack(record)
        old = self.entries.get(record.key)
        if old is not None:
            if old.packed == packed:
                return []
            self._remove(record.key, touched)
        self._insert(record, packed, touched)
        return self._changes(touched)

    def retract(self, record_key: str) -> list[Change]:
        """Remove a record (withdrawn by its source); its entity is re-resolved without it."""
        if record_key not in self.entries:
            return []
        touched = _Touched()
        self._remove(record_key, touched)
        return self._changes(touched)

    def judge(self, a: str, b: str, verdict: str, who: str = "", why: str = "") -> list[Change]:
        """An analyst's judgement on two records or entities: ``same``, ``not_same`` or ``unsure``.

        ``same`` merges them and keeps them together; ``not_same`` splits an entity holding both
        and re-resolves its records with the constraint in force; ``unsure`` is recorded only.
        """
        left, right = self._expand(a), self._expand(b)
        self.constraints.add(Judgement(tuple(sorted(left)), tuple(sorted(right)), verdict, who, why, (a, b)))
        touched = _Touched()
        ents_l = {e for e in (self.entity_of(k) for k in left) if e}
        ents_r = {e for e in (self.entity_of(k) for k in right) if e}
        if verdict == "not_same":
            for eid in sorted(ents_l & ents_r):
                self._reresolve(eid, touched)
        elif verdict == "same":
            ids = sorted(ents_l | ents_r)
            target = ids[0] if ids else None
            for other in ids[1:]:
                assert target is not None
                live = self.clusters.resolve_id(other)
                if live and live != target:
                    target = self._merge(target, live, touched)
        return self._changes(touched)

    def entity_of(self, record_key: str) -> str | None:
        """The entity a record belongs to now."""
        entry = self.entries.get(record_key)
        return entry.entity if entry else None

    def members(self, entity_id: str) -> list[str]:
        """Record keys of an entity (after redirects), in arrival order."""
        eid = self.clusters.resolve_id(entity_id)
        if eid is None:
            return []
        return sorted(self.clusters.members[eid], key=lambda k: self.entries[k].seq)

    def entities(self) -> dict[str, list[str]]:
        """Every live entity id with its member record keys."""
        return {eid: self.members(eid) for eid in sorted(self.clusters.members)}

    @property
    def redirects(self) -> dict[str, str]:
        """Absorbed entity id -> the surviving entity id."""
        return self.clusters.redirects

    def entity_links(self, entity_id: str) -> list[dict[str, object]]:
        """Typed links of an entity to others, each with the records asserting it."""
        return entity_links(self.members(entity_id), self.links, self.entity_of)

    def explain(self, record_key: str) -> dict[str, Any] | None:
        """The evidence for where a record went: action, candidate, score, per-attribute weights."""
        entry = self.entries.get(record_key)
        decision = entry.decision if entry is not None else None
        if decision is None or entry is None:
            return None
        out = decision.as_dict(self.model[entry.kind])
        out["entity_id"] = entry.entity
        judged = self.constraints.about({record_key})
        if judged:
            out["judgements"] = [j.as_dict() for j in judged]
        return out

    # ----------------------------------------------------------------- internals
    def _expand(self, ref: str) -> set[str]:
        eid = self.clusters.resolve_id(ref) if ref not in self.entries else None
        if eid is not None:
            return set(self.clusters.members[eid])
        return {ref}

    def _insert(self, record: Record, packed: str, touched: _Touched) -> None:
        self._seq += 1
        entry = Entry(sys.intern(record.key), _KINDS[record.kind], packed, features_of(record), self._seq)
        self.entries[record.key] = entry
        self.counts[record.kind] += 1
        keys = blocking_keys(entry.features)  # computed once: indexing and candidate lookup share them
        self.index.add(entry, keys, _entity_of)
        self._count_tf(entry.features, 1)
        self.links.add(record.key, record.links)
        self._assign(entry, touched, keys)

    def _remove(self, key: str, touched: _Touched) -> None:
        entry = self.entries[key]
        touched.records[key] = None
        for neighbour in self.links.neighbour_records(key):
            eid = self.entity_of(neighbour)
            if eid:
                touched.entity(eid)
        self.links.remove(key)
        self.index.remove(entry, blocking_keys(entry.features))
        self._count_tf(entry.features, -1)
        del self.entries[key]
        self.counts[entry.kind] -= 1
        eid = entry.entity
        if eid is None:
            return
        touched.entity(eid)
        members = self.clusters.members[eid]
        members.discard(key)
        self._dobs.pop(eid, None)
        if not members:
            self.clusters.drop(eid)
        else:
            self._reresolve(eid, touched)

    def _count_tf(self, f: Features, sign: int) -> None:
        if isinstance(f, PersonFeatures):
            self.tf.observe("given", f.given, sign)
            self.tf.observe("surname", f.surnames, sign)
            self.tf.observe("address", (f.address_key,) if f.address_key else (), sign)

    def _candidates(self, entry: Entry, keys: list[str] | None = None) -> list[tuple[str, int, list[Entry]]]:
        """Candidate entities, most shared keys first: (entity, keys shared, members to score)."""
        found = self.index.candidates(keys if keys is not None else blocking_keys(entry.features), exclude=entry)
        by_entity: dict[str, list[tuple[int, int, Entry]]] = {}
        for other, shared in found.items():
            eid = other.entity
            if eid is None:
                continue
            items = by_entity.get(eid)
            if items is None:
                by_entity[eid] = [(-shared, other.seq, other)]
            else:
                items.append((-shared, other.seq, other))
        limit = self.max_entities * (2 if entry.kind == "firearm" else 1)  # obliterated serials fit many guns
        # (-shared, seq) never ties (seq is unique), so the entries themselves are never compared
        best = sorted((min(items), eid) for eid, items in by_entity.items())[:limit]
        out = []
        for (minus_shared, _, _), eid in best:
            items = by_entity[eid]
            if len(items) > 1:  # an entity sharing one key is a long shot: only its best member is scored
                items = sorted(items)[: self.per_entity if minus_shared < -1 else 1]
            out.append((eid, -minus_shared, [x for _, _, x in items]))
        return out

    def _assign(self, entry: Entry, touched: _Touched, keys: list[str] | None = None) -> None:
        key, kind = entry.key, entry.kind
        km = self.model[kind]
        prior = km.prior_at(self.counts[kind])
        touched.records[key] = None
        opposed = self.constraints.opposed.get(key)
        refused: list[tuple[str, str]] = []
        eligible: list[tuple[float, str, str, PairScore]] = []
        strongest = float("-inf")
        comparisons = 0
        scorer, tf, features, entries = SCORERS[kind], self.tf, entry.features, self.entries
        for eid, shared, members in self._candidates(entry, keys):
            if shared == 1 and strongest >= km.merge_threshold + SURE and not _share_document(features, members):
                continue  # a sure match is in hand; entities sharing one key (not a document) can only be namesakes
            if opposed and not opposed.isdisjoint(self.clusters.members[eid]):
                refused.append((eid, _JUDGED))
                continue
            best: tuple[PairScore, Entry] | None = None
            vetoes: list[str] = []
            support = 0
            for member in members:
                comparisons += 1
                s = scorer(km, tf, features, member.features, prior)
                if s.veto:
                    vetoes.append(sys.intern(s.veto))
                    continue
                if s.twins and s.total < km.link_threshold:
                    vetoes.append(TWINS)  # as good as a veto, unless the entity answers to the record's name
                    continue
                support += s.total >= km.link_threshold
                if best is None or s.total > best[0].total:
                    best = (s, member)
            if vetoes:
                vetoes = self._standing(vetoes, features, eid)
            if vetoes and len(vetoes) >= support:
                # one member's bad data should not keep a record out of a well-supported entity
                refused.append((eid, vetoes[0]))
            elif best is not None and self._dob_clash(entry.features, eid, best[0]):
                refused.append((eid, _DOB_CLASH))
            elif best is not None and best[0].total >= km.link_threshold:
                eligible.append((best[0].total, eid, best[1].key, best[0]))
                strongest = max(strongest, best[0].total)
        self.stats["comparisons"] += comparisons
        joined = [self.entries[k].entity for k in sorted(self.constraints.joined.get(key, ())) if k in self.entries]
        judged = sorted({e for e in joined if e})
        eligible.sort(key=lambda t: (-t[0], t[1]))
        if judged:
            target, decision = judged[0], Decision("judged", judged[0], threshold=km.link_threshold)
        elif eligible and not self._ambiguous(eligible, km.merge_threshold):
            total, target, cand, s = eligible[0]
            decision = Decision("attach", target, cand, s, km.link_threshold)
        else:
            if eligible:  # ambiguous: two entities fit about equally and neither strongly
                refused = [(e, _AMBIGUOUS) for _, e, _, _ in eligible[:2]] + refused
            target = self.clusters.create(kind, key)
            decision = Decision("new", target, threshold=km.link_threshold)
        self.clusters.members[target].add(key)
        self._dobs.pop(target, None)
        entry.entity = target
        touched.entity(target)
        merged: list[str] = []
        for other in judged[1:]:
            live = self.clusters.resolve_id(other)
            if live and live != target:
                merged.append(live)
                target = self._merge(target, live, touched)
        if not judged and eligible and decision.action == "attach" and eligible[0][0] >= km.merge_threshold:
            for total, other, _, s in eligible[1:]:
                live = self.clusters.resolve_id(other)
                if live is None or live == target:
                    continue
                if total < km.merge_threshold and len(self.clusters.members[live]) > 1:
                    continue  # a lone record joins on a linking pair, as it would have had it come later
                reason = self._unmergeable(target, live, key, s)
                if reason:
                    refused.append((live, reason))
                    continue
                merged.append(live)
                target = self._merge(target, live, touched)
        decision.entity_id = target
        decision.merged = tuple(merged)
        decision.refused = tuple(refused[:MAX_REFUSED])
        if merged:
            decision.action = "merge" if decision.action == "attach" else decision.action
        entry.decision = decision

    def _standing(self, vetoes: list[str], f: Features, eid: str) -> list[str]:
        """The vetoes of a record's pairs with some members that still hold against the entity as a whole.

        A pair rule judges two records; an entity can hold a record the rule would flag (its given
        name or birth date corrupted) because a document tied it in. So the twins rule keeps a
        record out only if no member answers to its given name (an entity that does is not its
        twin), the generations rule only if no member's birth date fits the record's.
        """
        if not isinstance(f, PersonFeatures):
            return vetoes
        if TWINS in vetoes and self._answers_to(f, eid):
            vetoes = [v for v in vetoes if v != TWINS]
        if GENERATION in vetoes and f.dob is not None and not dob_conflict(f.dob, self._entity_dobs(eid)):
            vetoes = [v for v in vetoes if v != GENERATION]
        return vetoes

    def _answers_to(self, f: PersonFeatures, eid: str) -> bool:
        """Whether some member of entity ``eid`` bears ``f``'s given name (or a form of it)."""
        seen: set[tuple[str, ...]] = set()
        for k in self.clusters.members[eid]:
            other = self.entries[k].features
            if not isinstance(other, PersonFeatures) or other.given in seen:
                continue
            seen.add(other.given)
            if name_levels(f, other)[0] in _SAME_GIVEN:
                return True
        return False

    def _entity_dobs(self, eid: str) -> tuple[PartialDate, ...]:
        dobs = self._dobs.get(eid)
        if dobs is None:
            found = set()
            for k in self.clusters.members[eid]:
                f = self.entries[k].features
                if isinstance(f, PersonFeatures) and f.dob is not None and f.dob.precise:
                    found.add(f.dob)
            dobs = self._dobs[eid] = tuple(found)
        return dobs

    def _dob_clash(self, f: Features, eid: str, best: PairScore) -> bool:
        """A person record whose birth date fits none of the entity's (unless a document ties them)."""
        if not isinstance(f, PersonFeatures) or f.dob is None or best.levels[4] in _DOC_TIES:
            return False
        if len(self.clusters.members[eid]) < 2:
            return False  # the pair's own score already weighed the birth dates
        return dob_conflict(f.dob, self._entity_dobs(eid))

    @staticmethod
    def _ambiguous(eligible: list[tuple[float, str, str, PairScore]], strong: float) -> bool:
        """Two candidate entities fit about equally well and neither strongly: better to wait for evidence."""
        return len(eligible) > 1 and eligible[0][0] < strong and eligible[0][0] - eligible[1][0] < AMBIGUITY

    def _unmergeable(self, a: str, b: str, bridge: str, to_b: PairScore | None = None) -> str | None:
        """Why entities ``a`` and ``b`` must not merge through ``bridge`` (None when they may).

        ``to_b`` is the bridge's best pair with ``b``. When ``b`` is a lone person record sharing an
        identity document with the bridge, only a judgement keeps it out: it would have joined, had
        it come after the bridge (the other guards are against chaining entities).
        """
        ma, mb = self.clusters.members[a], self.clusters.members[b]
        if self.constraints.cannot_link(ma, mb):
            return "judged not the same"
        if len(mb) == 1 and to_b is not None and self.clusters.kinds[b] == "person" and to_b.levels[4] in _DOC_TIES:
            return None
        dobs_b = self._entity_dobs(b)
        if dobs_b and all(dob_conflict(d, dobs_b) for d in self._entity_dobs(a)) and self._entity_dobs(a):
            return "their birth dates disagree"
        sa = sorted((k for k in ma if k != bridge), key=lambda k: self.entries[k].seq)[: self.sample]
        sb = sorted((k for k in mb if k != bridge), key=lambda k: self.entries[k].seq)[: self.sample]
        kind = self.clusters.kinds[a]
        km = self.model[kind]
        prior = km.prior_at(self.counts[kind])
        totals = []
        for x in sa:
            for y in sb:
                self.stats["comparisons"] += 1
                fx, fy = self.entries[x].features, self.entries[y].features
                s = score_pair(km, self.tf, fx, fy, prior)
                if s.veto:
                    return f"{x} vs {y}: {s.veto}"
                if s.twins and s.total < km.link_threshold and isinstance(fx, PersonFeatures) and \
                        isinstance(fy, PersonFeatures) and not self._answers_to(fy, a):
                    return f"{x} vs {y}: {TWINS}"
                totals.append(s.total)
        if kind == "person" and totals and min(totals) < km.link_threshold - CONFLICT:
            return "the entities hold conflicting records"
        if min(len(sa), len(sb)) >= 2 and totals and sum(totals) / len(totals) < km.link_threshold:
            return "weak bridge between two established entities"
        return None

    def _merge(self, a: str, b: str, touched: _Touched) -> str:
        survivor, absorbed = self.clusters.survivor_of(a, b)
        moved = self.clusters.absorb(survivor, absorbed)
        self._dobs.pop(survivor, None)
        self._dobs.pop(absorbed, None)
        for k in sorted(moved):  # a set: sorted so the changes come out in the same order in every process
            self.entries[k].entity = survivor
            touched.records[k] = None
        touched.entity(survivor)
        touched.entity(absorbed)
        self.stats["merges"] += 1
        return survivor

    def _reresolve(self, eid: str, touched: _Touched) -> None:
        """Take an entity apart and resolve its records again in arrival order, keeping its id if possible."""
        keys = sorted(self.clusters.members[eid], key=lambda k: self.entries[k].seq)
        self.clusters.drop(eid)
        self._dobs.pop(eid, None)
        for k in keys:
            self.entries[k].entity = None
        before = set(self.clusters.members)
        for k in keys:
            self._assign(self.entries[k], touched)
        self.stats["reresolved"] += 1
        if eid in self.clusters.members:
            return
        fresh = [e for e in (self.entries[k].entity for k in keys) if e and e not in before]
        if fresh:
            self.clusters.rename(fresh[0], eid)
            self._dobs.pop(fresh[0], None)
            for k in self.clusters.members[eid]:
                self.entries[k].entity = eid
                decision = self.entries[k].decision
                if decision is not None:
                    decision.entity_id = eid
            touched.entities.pop(fresh[0], None)
        elif keys:
            target = self.entries[keys[0]].entity
            if target:
                self.clusters.redirects[eid] = target
        touched.entity(eid)

    def _changes(self, touched: _Touched) -> list[Change]:
        for key in touched.records:
            for neighbour in self.links.neighbour_records(key):
                eid = self.entity_of(neighbour)
                if eid:
                    touched.entity(eid)
        out = []
        for eid in touched.entities:
            if eid in self.clusters.members:
                out.append(Change(eid, "upsert"))
            else:
                out.append(Change(eid, "delete", self.clusters.resolve_id(eid)))
        return out

    # ----------------------------------------------------------------- snapshots
    def _indexed(self) -> Iterator[tuple[str, Entry, list[str]]]:
        """(key, entry, blocking keys) of every record, in arrival order."""
        for entry in sorted(self.entries.values(), key=_seq_of):
            yield entry.key, entry, blocking_keys(entry.features)

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain dicts (records as received, assignments, redirects, judgements)."""
        ordered = sorted(self.entries.values(), key=_seq_of)
        records = [{"record": e.data, "seq": e.seq, "entity": e.entity} for e in ordered]
        return {
            "version": 1,
            "seq": self._seq,
            "records": records,
            "entities": {eid: {"kind": self.clusters.kinds[eid], "founder": self.clusters.founders[eid]}
                         for eid in sorted(self.clusters.members)},
            "redirects": dict(sorted(self.clusters.redirects.items())),
            "judgements": [j.as_dict() for j in self.constraints.judgements],
            "decisions": {e.key: e.decision.to_state() for e in ordered if e.decision is not None},
            "index": self.index.state((e.key, e, blocking_keys(e.features)) for e in ordered),
        }

    @classmethod
    def restore(cls, state: Mapping[str, Any], model: Model | None = None, **options: int) -> Resolver:
        """A resolver in exactly the state ``snapshot`` captured (no re-resolution)."""
        r = cls(model, **options)
        for eid, info in state["entities"].items():
            r.clusters.members[eid] = set()
            r.clusters.kinds[eid] = info["kind"]
            r.clusters.founders[eid] = info["founder"]
        r.clusters.redirects.update(state["redirects"])
        for j in state["judgements"]:
            r.constraints.add(Judgement(tuple(j["left"]), tuple(j["right"]), j["verdict"], j["who"], j["why"],
                                        (j["subject"][0], j["subject"][1])))
        for item in state["records"]:
            record = parse_record(item["record"])
            entry = Entry(sys.intern(record.key), _KINDS[record.kind], pack(record), features_of(record),
                          int(item["seq"]), item["entity"])
            r.entries[record.key] = entry
            r._count_tf(entry.features, 1)
            r.counts[record.kind] += 1
            r.links.add(record.key, record.links)
            if entry.entity is not None:
                r.clusters.members[entry.entity].add(record.key)
        r.index.restore(state.get("index", {}), r._indexed())  # entries are in arrival (indexing) order
        for key, d in state.get("decisions", {}).items():
            if key in r.entries:
                r.entries[key].decision = Decision.from_state(d)
        r._seq = int(state["seq"])
        return r


def _entity_of(entry: Entry) -> str | None:
    return entry.entity


def _seq_of(entry: Entry) -> int:
    return entry.seq


def _share_document(f: Features, members: list[Entry]) -> bool:
    """Whether a person record carries a document number one of ``members`` carries too."""
    if not isinstance(f, PersonFeatures) or not f.docs:
        return False
    numbers = {d.number for d in f.docs}
    for member in members:
        other = member.features
        if isinstance(other, PersonFeatures) and any(d.number in numbers for d in other.docs):
            return True
    return False
