"""The ``Resolver``: records in, one at a time and in any order; stable entities out.

Each record is normalized once, indexed under its blocking keys and scored against the
best few members of each candidate entity. It attaches to the best entity scoring at
least the link threshold, starts a new one otherwise, and merges further candidate
entities only when both bridges are strong and the two entities agree with each other
(sampled cross-pairs: no veto, and for two established entities, positive mean
evidence) - a single weak link cannot glue two large entities together. A lone record
the bridge links to joins as it would have had it come later. Pair rules (twins, a
generation apart) hold against an entity only if no member answers to the record's given
name or birth date. Judgements, retractions and corrections re-resolve the affected
entity. Every call returns the entities that changed.

Links made on too little evidence (names alone; a vehicle's or gun's weak link) are revisited when
later records show they may be wrong, so that the answer barely depends on the order records come
in (``streams.resolve.revisit``). A VIN clash with one member keeps a record out only if no member
carries its VIN, give or take a slip (``Guards.standing``).

Nothing depends on set or hash order: the same calls in another process (any
``PYTHONHASHSEED``), or after ``restore(snapshot())``, give the same entities, decisions
and changes.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from operator import itemgetter
from typing import Any

from streams.resolve import state
from streams.resolve.blocking import BlockIndex, blocking_keys
from streams.resolve.clustering import Change, Clusters, Touched
from streams.resolve.entries import Entry, entry_entity, share_document
from streams.resolve.explain import Decision
from streams.resolve.features import Features, PersonFeatures, features_of
from streams.resolve.guards import DOC_TIES, Guards
from streams.resolve.judgements import Constraints, Judgement, JudgementConflict
from streams.resolve.links import LinkIndex, entity_links
from streams.resolve.model import Model, load_model
from streams.resolve.records import Record, pack, parse_record
from streams.resolve.revisit import Revisits
from streams.resolve.rules import TWINS
from streams.resolve.scoring import SCORERS, PairScore
from streams.resolve.tf import TermFrequencies

__all__ = ["Change", "Resolver", "JudgementConflict"]

_KINDS = {k: sys.intern(k) for k in ("person", "vehicle", "firearm")}
_JUDGED = "judged not the same"
_DOB_CLASH = "birth date fits none of the entity's birth dates"
_AMBIGUOUS = "ambiguous: another entity fits about as well"

SURE = 10.0
"""Bits above the merge threshold at which the best match so far is sure (single-key candidates are skipped)."""

MAX_REFUSED = 2
"""Refused candidates kept in a decision's evidence (the strongest first)."""

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
        self.guards = Guards(self)
        self.revisits = Revisits(self)
        self._seq = 0

    # ----------------------------------------------------------------- public API
    def add(self, data: Mapping[str, Any] | Record) -> list[Change]:
        """Resolve one record (a new one, or a new version replacing the one with its key)."""
        record = data if isinstance(data, Record) else parse_record(data)
        touched = Touched()
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
        touched = Touched()
        self._remove(record_key, touched)
        return self._changes(touched)

    def judge(self, a: str, b: str, verdict: str, who: str = "", why: str = "") -> list[Change]:
        """An analyst's judgement on two records or entities: ``same``, ``not_same`` or ``unsure``.

        ``same`` merges them and keeps them together; ``not_same`` splits an entity holding both
        and re-resolves its records with the constraint in force; ``unsure`` is recorded only.
        """
        left, right = self._expand(a), self._expand(b)
        self.constraints.add(Judgement(tuple(sorted(left)), tuple(sorted(right)), verdict, who, why, (a, b)))
        touched = Touched()
        ents_l = {e for e in (self.entity_of(k) for k in left) if e}
        ents_r = {e for e in (self.entity_of(k) for k in right) if e}
        if verdict == "not_same":
            for eid in sorted(ents_l & ents_r):
                self.revisits.reresolve(eid, touched)
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

    def _insert(self, record: Record, packed: str, touched: Touched) -> None:
        entry = Entry(sys.intern(record.key), _KINDS[record.kind], packed, features_of(record), 0)
        self.entries[record.key] = entry
        self.counts[record.kind] += 1
        self._count_tf(entry.features, 1)
        self.links.add(record.key, record.links)
        self._arrive(entry, touched)

    def _remove(self, key: str, touched: Touched) -> None:
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
        members.remove(key)
        self.guards.forget(eid)
        if not members:
            self.clusters.drop(eid)
        else:
            self.revisits.reresolve(eid, touched)

    def _count_tf(self, f: Features, sign: int) -> None:
        if isinstance(f, PersonFeatures):
            self.tf.observe("given", f.given, sign)
            self.tf.observe("surname", f.surnames, sign)
            self.tf.observe("address", (f.address_key,) if f.address_key else (), sign)

    def _candidates(self, entry: Entry, found: dict[Entry, int]) -> list[tuple[str, int, list[Entry]]]:
        """Candidate entities, most shared keys first: (entity, keys shared, members to score).

        Records are ranked by keys shared (ties: first found, i.e. by key, then oldest); each
        entity gets its best two members, or only its best one when it shares a single key (a long
        shot, most likely a namesake).
        """
        limit = self.max_entities * (2 if entry.kind == "firearm" else 1)  # obliterated serials fit many guns
        per_entity = self.per_entity
        picked: dict[str, tuple[int, list[Entry]]] = {}
        for other, shared in sorted(found.items(), key=_count, reverse=True):  # a stable sort, in C
            eid = other.entity
            if eid is None:
                continue
            slot = picked.get(eid)
            if slot is None:
                if len(picked) < limit:
                    picked[eid] = (shared, [other])
            elif slot[0] > 1 and len(slot[1]) < per_entity:
                slot[1].append(other)
        return [(eid, shared, members) for eid, (shared, members) in picked.items()]

    def _assign(self, entry: Entry, touched: Touched, keys: list[str] | None = None) -> None:
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
        ties: list[Entry] = []  # members this record is tied to by a document or a phone
        watch = kind == "person" and not self.revisits.doing
        # a vehicle's or gun's blocks fill with its own sightings: while a rival has it resolved again
        # (``Revisits.challenge``), its records re-arrive after the rival, and the blocks are read per entity so that
        # the rival stays in view
        per_entity = kind != "person" and self.revisits.doing == "revisit"
        found = self.index.candidates(keys if keys is not None else blocking_keys(features), exclude=entry,
                                      entity_of=entry_entity if per_entity else None)
        for eid, shared, members in self._candidates(entry, found):
            if shared == 1 and strongest >= km.merge_threshold + SURE and self._long_shot(entry, eid, members):
                continue
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
                if watch and (s.levels[4] in DOC_TIES or s.levels[5] == "same"):
                    ties.append(member)
                if best is None or s.total > best[0].total:
                    best = (s, member)
            if vetoes:
                vetoes = self.guards.standing(vetoes, features, eid)
            if vetoes and len(vetoes) >= support and not (
                    self.revisits.doing == "settle" and best is not None and best[0].levels[4] in DOC_TIES):
                # one member's bad data should not keep a record out of a well-supported entity
                refused.append((eid, vetoes[0]))
            elif best is not None and self.guards.dob_clash(entry.features, eid, best[0]):
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
        elif eligible and not self.guards.ambiguous(eligible, km.merge_threshold):
            total, target, cand, s = eligible[0]
            decision = Decision("attach", target, cand, s, km.link_threshold)
        else:
            if eligible:  # ambiguous: two entities fit about equally and neither strongly
                refused = [(e, _AMBIGUOUS) for _, e, _, _ in eligible[:2]] + refused
            target = self.clusters.create(kind, key)
            decision = Decision("new", target, threshold=km.link_threshold)
        clash = not self.revisits.doing and self.guards.new_clash(entry.features, target)
        self.clusters.members[target].append(key)
        self.guards.add_dob(target, entry.features)
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
                reason = self.guards.unmergeable(target, live, key, s)
                if reason:
                    refused.append((live, reason))
                    continue
                merged.append(live)
                clash = clash or (not self.revisits.doing and self.guards.dobs_clash(target, live))
                target = self._merge(target, live, touched)
        decision.entity_id = target
        decision.merged = tuple(merged)
        decision.refused = tuple(refused[:MAX_REFUSED])
        if merged:
            decision.action = "merge" if decision.action == "attach" else decision.action
        entry.decision = decision
        if clash and len(self.clusters.members[target]) > 2:  # two records resolve again as they just did
            self.revisits.settle(target, touched)
        redone: set[str] = set()
        for tied in sorted(ties, key=_key):
            # tied by a document or phone to a record of an entity it did not join, one that holds a link made
            # on names alone: that entity is resolved again, with this record's entity there to be joined
            home = tied.entity
            if home is not None and home != entry.entity and home not in redone \
                    and self.revisits.holds_provisional(home):
                redone.add(home)
                self.revisits.redo(home, touched)
        if kind != "person" and not self.revisits.doing:
            self.revisits.challenge(entry, found, km, prior, touched, redone)

    def _long_shot(self, entry: Entry, eid: str, members: list[Entry]) -> bool:
        """Whether a candidate entity sharing a single blocking key is not worth scoring once a sure match is in hand:
        it can only be a namesake, unless it shares a document, or it is a lone vehicle record sharing a plate's
        head or tail (a fragment of this plate, which may join as it would have had it come later)."""
        if share_document(entry.features, members):
            return False
        return entry.kind != "vehicle" or len(self.clusters.members[eid]) > 1

    def _merge(self, a: str, b: str, touched: Touched) -> str:
        survivor, absorbed = self.clusters.survivor_of(a, b)
        moved = self.clusters.absorb(survivor, absorbed)
        self.guards.forget(survivor)
        self.guards.forget(absorbed)
        for k in sorted(moved):  # a set: sorted so the changes come out in the same order in every process
            self.entries[k].entity = survivor
            touched.records[k] = None
        touched.entity(survivor)
        touched.entity(absorbed)
        self.stats["merges"] += 1
        return survivor

    def _arrive(self, entry: Entry, touched: Touched) -> None:
        """An entry arrives (a new record, or one ``Revisits.reresolve`` took out of its entity): numbered in arrival
        order, so that the index stays in that order as a snapshot restores it, indexed, then assigned."""
        self._seq += 1
        entry.seq = self._seq
        keys = blocking_keys(entry.features)  # computed once: indexing and candidate lookup share them
        self.index.add(entry, keys, entry_entity)
        self._assign(entry, touched, keys)

    def _changes(self, touched: Touched) -> list[Change]:
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
    def snapshot(self) -> dict[str, Any]:
        """The whole state as JSON-ready data (records, assignments, decisions, redirects, judgements)."""
        return state.snapshot(self)

    @classmethod
    def restore(cls, data: Mapping[str, Any], model: Model | None = None, **options: int) -> Resolver:
        """A resolver in exactly the state ``snapshot`` captured (no re-resolution)."""
        r = cls(model, **options)
        state.restore(r, data)
        return r


def _key(entry: Entry) -> str:
    return entry.key


_count = itemgetter(1)
