"""Entity-level guards: when a record may join an entity, and when two entities may merge.

Pair rules judge two records; these judge a record against an entity, or two entities through
a bridge record, so that one weak or corrupted record cannot chain namesakes or twins together.
They read the resolver's state and keep one cache: each entity's precise birth dates.
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from streams.resolve.features import Features, PersonFeatures, VehicleFeatures
from streams.resolve.levels import dob_level, name_levels, vin_level
from streams.resolve.normalize.dates import PartialDate
from streams.resolve.rules import GENERATION, TWINS, dob_conflict
from streams.resolve.scoring import PairScore, score_pair

if TYPE_CHECKING:
    from streams.resolve.engine import Resolver

CONFLICT = 8.0
"""A person cross pair this far below the link threshold (bits) blocks a merge: the entities disagree.
(Not for vehicles: re-plated cars legitimately hold records that disagree on the plate.)"""
AMBIGUITY = 1.0
"""A weak best candidate (below the merge threshold) must beat the runner-up by this margin, else a new entity."""
DOC_TIES = frozenset({"same_doc", "near"})
"""Document levels that tie two person records (one document, give or take a slip of the pen)."""
VIN_TIES = frozenset({"exact", "one_off"})
"""VIN levels that tie two vehicle records (one VIN, give or take a slip of the pen)."""
_SAME_GIVEN = frozenset({"exact", "partial", "nickname", "phonetic", "fuzzy"})


class Guards:
    """The entity-level checks of one resolver (see the module docstring).

    Holds a weak reference to its resolver: no reference cycle, so a dropped resolver is freed
    at once rather than by the cyclic collector (which ``heap`` keeps away from live state).
    """

    __slots__ = ("_resolver", "dobs", "strict")

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = weakref.ref(resolver)
        self.dobs: dict[str, tuple[PartialDate, ...]] = {}  # entity -> precise birth dates of its records
        self.strict: frozenset[PartialDate] = frozenset()
        """While an entity that held two people is re-resolved, its anchor birth dates: a record giving one
        joins only an entity giving it too (or sharing a document), and no merge mixes two of them."""

    @property
    def r(self) -> Resolver:
        resolver = self._resolver()
        assert resolver is not None
        return resolver

    def forget(self, eid: str) -> None:
        """Drop what is cached about an entity that changed other than by a record joining it."""
        self.dobs.pop(eid, None)


    def standing(self, vetoes: list[str], f: Features, eid: str) -> list[str]:
        """The vetoes of a record's pairs with some members that still hold against the entity as a whole.

        A pair rule judges two records; an entity can hold a record the rule would flag (its given
        name or birth date corrupted) because a document tied it in. So the twins rule keeps a
        record out only if no member answers to its given name (an entity that does is not its
        twin), the generations rule only if no member's birth date fits the record's. Likewise a
        vehicle's VIN rule keeps a record out only if no member carries its VIN, give or take a slip:
        the member it clashes with holds another slip of the entity's VIN (two typos of one VIN are
        two characters apart), and whether that member was among those scored is luck of the order.
        """
        if isinstance(f, VehicleFeatures):
            return [] if self.carries_vin(f, eid) else vetoes  # a vehicle's only vetoes are about its VIN
        if not isinstance(f, PersonFeatures):
            return vetoes
        if TWINS in vetoes and self.answers_to(f, eid):
            vetoes = [v for v in vetoes if v != TWINS]
        if GENERATION in vetoes and f.dob is not None and not dob_conflict(f.dob, self.entity_dobs(eid)):
            vetoes = [v for v in vetoes if v != GENERATION]
        return vetoes

    def answers_to(self, f: PersonFeatures, eid: str) -> bool:
        """Whether some member of entity ``eid`` bears ``f``'s given name (or a form of it)."""
        r = self.r
        seen: set[tuple[str, ...]] = set()
        for k in r.clusters.members[eid]:
            other = r.entries[k].features
            if not isinstance(other, PersonFeatures) or other.given in seen:
                continue
            seen.add(other.given)
            if name_levels(f, other)[0] in _SAME_GIVEN:
                return True
        return False

    def carries_vin(self, f: VehicleFeatures, eid: str) -> bool:
        """Whether some member of entity ``eid`` gives ``f``'s VIN, or one a slip away."""
        r = self.r
        seen: set[str] = set()
        for k in r.clusters.members[eid]:
            other = r.entries[k].features
            if not isinstance(other, VehicleFeatures) or other.vin is None or other.vin in seen:
                continue
            seen.add(other.vin)
            if vin_level(f, other) in VIN_TIES:
                return True
        return False

    def add_dob(self, eid: str, f: Features) -> None:
        """Keep a cached set of an entity's birth dates current as a record joins it."""
        dobs = self.dobs.get(eid)
        if dobs is not None and isinstance(f, PersonFeatures) and f.dob is not None and f.dob.precise \
                and f.dob not in dobs:
            self.dobs[eid] = dobs + (f.dob,)

    def entity_dobs(self, eid: str) -> tuple[PartialDate, ...]:
        """The precise birth dates an entity's records give (cached)."""
        r = self.r
        dobs = self.dobs.get(eid)
        if dobs is None:
            found = set()
            for k in r.clusters.members[eid]:
                f = r.entries[k].features
                if isinstance(f, PersonFeatures) and f.dob is not None and f.dob.precise:
                    found.add(f.dob)
            dobs = self.dobs[eid] = tuple(found)
        return dobs

    def new_clash(self, f: Features, eid: str) -> bool:
        """Whether a person record joining entity ``eid`` makes it look like two people (``two_people``)."""
        dob = full_dob(f)
        if dob is None:
            return False
        dobs = self.entity_dobs(eid)
        if not dobs or dobs == (dob,):
            return False
        if dob not in dobs:
            return any(dob_level(dob, d) == "different" for d in dobs)
        if self._given_twice(dob, eid):
            return False  # a third record for a birth date changes nothing
        before = self.births(eid)
        documented = {dob} if isinstance(f, PersonFeatures) and f.docs else set()
        after = Births(before.held + Counter((dob,)), before.documented | documented)
        return after.two_people() and not before.two_people()

    def dobs_clash(self, a: str, b: str) -> bool:
        """Whether merging person entities ``a`` and ``b`` makes one that looks like two people."""
        if self.r.clusters.kinds[a] != "person" or not self.entity_dobs(a) or not self.entity_dobs(b):
            return False
        if any(dob_level(p, q) == "different" for p in self.entity_dobs(a) for q in self.entity_dobs(b)):
            return True
        x, y = self.births(a), self.births(b)
        both = Births(x.held + y.held, x.documented | y.documented)
        return both.two_people() and not (x.two_people() or y.two_people())

    def _given_twice(self, dob: PartialDate, eid: str) -> bool:
        r, seen = self.r, 0
        for k in r.clusters.members[eid]:
            if full_dob(r.entries[k].features) == dob:
                seen += 1
                if seen == 2:
                    return True
        return False

    def births(self, eid: str) -> Births:
        """An entity's full birth dates: how many records give each, and which a record with a document gives."""
        r = self.r
        held: Counter[PartialDate] = Counter()
        documented: set[PartialDate] = set()
        for k in r.clusters.members[eid]:
            f = r.entries[k].features
            dob = full_dob(f)
            if dob is not None:
                held[dob] += 1
                if isinstance(f, PersonFeatures) and f.docs:
                    documented.add(dob)
        return Births(held, documented)

    def dob_clash(self, f: Features, eid: str, best: PairScore) -> bool:
        """A person record whose birth date fits none of the entity's (unless a document ties them)."""
        r = self.r
        if not isinstance(f, PersonFeatures) or f.dob is None or best.levels[4] in DOC_TIES:
            return False
        if f.dob in self.strict:
            return _apart(f.dob, self.entity_dobs(eid))
        if len(r.clusters.members[eid]) < 2:
            return False  # the pair's own score already weighed the birth dates
        return dob_conflict(f.dob, self.entity_dobs(eid))

    @staticmethod
    def ambiguous(eligible: list[tuple[float, str, str, PairScore]], strong: float) -> bool:
        """Two candidate entities fit about equally well and neither strongly: better to wait for evidence."""
        return len(eligible) > 1 and eligible[0][0] < strong and eligible[0][0] - eligible[1][0] < AMBIGUITY

    def unmergeable(self, a: str, b: str, bridge: str, to_b: PairScore | None = None) -> str | None:
        """Why entities ``a`` and ``b`` must not merge through ``bridge`` (None when they may).

        ``to_b`` is the bridge's best pair with ``b``. When ``b`` is a lone person record sharing an
        identity document with the bridge, only a judgement keeps it out: it would have joined, had
        it come after the bridge (the other guards are against chaining entities). Two vehicle records
        whose VINs clash, each a slip of the bridge's VIN, are two typos of one VIN: no veto.
        """
        r = self.r
        ma, mb = r.clusters.members[a], r.clusters.members[b]
        if r.constraints.cannot_link(ma, mb):
            return "judged not the same"
        if len(mb) == 1 and to_b is not None and r.clusters.kinds[b] == "person" and to_b.levels[4] in DOC_TIES:
            return None
        dobs_a, dobs_b = self.entity_dobs(a), self.entity_dobs(b)
        if dobs_b and all(dob_conflict(d, dobs_b) for d in dobs_a) and dobs_a:
            return "their birth dates disagree"
        if self.strict and _apart_anchors(self.strict, dobs_a, dobs_b):
            return "they hold different people's birth dates"
        sa = sorted((k for k in ma if k != bridge), key=lambda k: r.entries[k].seq)[: r.sample]
        sb = sorted((k for k in mb if k != bridge), key=lambda k: r.entries[k].seq)[: r.sample]
        kind = r.clusters.kinds[a]
        km = r.model[kind]
        prior = km.prior_at(r.counts[kind])
        fb = r.entries[bridge].features
        totals = []
        for x in sa:
            for y in sb:
                r.stats["comparisons"] += 1
                fx, fy = r.entries[x].features, r.entries[y].features
                s = score_pair(km, r.tf, fx, fy, prior)
                if s.veto and not _slips_of_one_vin(fb, fx, fy):
                    return f"{x} vs {y}: {s.veto}"
                if s.twins and s.total < km.link_threshold and isinstance(fx, PersonFeatures) and \
                        isinstance(fy, PersonFeatures) and not self.answers_to(fy, a):
                    return f"{x} vs {y}: {TWINS}"
                totals.append(s.total)
        if kind == "person" and totals and min(totals) < km.link_threshold - CONFLICT:
            return "the entities hold conflicting records"
        if min(len(sa), len(sb)) >= 2 and totals and sum(totals) / len(totals) < km.link_threshold:
            return "weak bridge between two established entities"
        return None


def _slips_of_one_vin(bridge: Features, x: Features, y: Features) -> bool:
    """Vehicle records whose VINs clash, each a slip of the bridge's: two typos of one VIN, no veto."""
    return isinstance(bridge, VehicleFeatures) and isinstance(x, VehicleFeatures) and \
        isinstance(y, VehicleFeatures) and vin_level(bridge, x) in VIN_TIES and vin_level(bridge, y) in VIN_TIES


def _apart(dob: PartialDate, dobs: tuple[PartialDate, ...]) -> bool:
    """A birth date equal to none of ``dobs`` (there being some): the strict form of ``dob_conflict``."""
    return bool(dobs) and all(dob_level(dob, d) != "exact" for d in dobs)


def _apart_anchors(anchors: frozenset[PartialDate], a: tuple[PartialDate, ...], b: tuple[PartialDate, ...]) -> bool:
    """Both entities give anchor birth dates, and no anchor of one is among the other's."""
    in_a, in_b = anchors.intersection(a), anchors.intersection(b)
    return bool(in_a) and bool(in_b) and in_a.isdisjoint(b) and in_b.isdisjoint(a)


def full_dob(f: Features) -> PartialDate | None:
    """A person record's full birth date, if it gives one."""
    dob = f.dob if isinstance(f, PersonFeatures) else None
    return dob if dob is not None and dob.precise else None


class Births(NamedTuple):
    """An entity's full birth dates: how many records give each, and those a record with a document gives."""

    held: Counter[PartialDate]
    documented: set[PartialDate]

    def anchors(self) -> frozenset[PartialDate]:
        """Birth dates that two or more of the entity's records give."""
        return frozenset(d for d, n in self.held.items() if n > 1)

    def two_people(self) -> bool:
        """Two birth dates given twice each, or one given twice and another, unlike it, given only by one record
        that carries no document (a namesake that joined on its name): namesakes in one entity, likely."""
        anchored = self.anchors()
        if len(anchored) > 1:
            return True
        return any(n == 1 and d not in self.documented and any(dob_level(d, a) == "different" for a in anchored)
                   for d, n in self.held.items())
