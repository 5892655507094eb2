"""Re-resolution: an entity taken apart and its records resolved again, and when the resolver does it.

Links made on too little evidence depend on the order records came in. Three triggers put such an
entity through ``reresolve`` again, with nothing else triggered meanwhile (``Revisits.doing``):

- ``settle``: a person entity came to hold two people's birth dates; its records go again, the birth
  dates two or more records give first.
- ``redo`` (revisiting): a person record tied by a document or phone to a member of an entity it did
  not join, when that entity holds a link made on names alone (``provisional``).
- ``challenge``: a vehicle or firearm record links with either end of another entity's weak link
  (below the merge threshold); that entity goes again, best identified records first (``legibility``).

``Revisits`` works on its resolver's internals (it is the part of ``Resolver`` that takes entities
apart). The resolver keeps no extra state for this: what is provisional or weak is read from the stored
decisions, so snapshots and determinism are unaffected.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from streams.resolve.blocking import blocking_keys
from streams.resolve.entries import Entry
from streams.resolve.features import FirearmFeatures, VehicleFeatures
from streams.resolve.guards import DOC_TIES, full_dob
from streams.resolve.model import KindModel
from streams.resolve.scoring import SCORERS

if TYPE_CHECKING:
    from streams.resolve.clustering import Touched
    from streams.resolve.engine import Resolver

_CORROBORATED = frozenset({"exact", "one_digit", "day_month_swap"})


class Revisits:
    """The re-resolution of one resolver (see the module docstring); a weak reference to it, like ``Guards``."""

    __slots__ = ("_resolver", "doing")

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = weakref.ref(resolver)
        self.doing = ""
        """Why an entity is being re-resolved ("settle", "revisit", "again"), "" when none is: no triggers meanwhile."""

    @property
    def r(self) -> Resolver:
        resolver = self._resolver()
        assert resolver is not None
        return resolver

    def challenge(self, entry: Entry, found: dict[Entry, int], km: KindModel, prior: float, touched: Touched,
                  redone: set[str]) -> None:
        """Re-resolve, best identified records first, each other candidate entity with a weak link that this
        vehicle or firearm record links with either end of.

        A weak link (below the merge threshold) holds only if no other entity fits about as well; this record's
        entity may be that rival, and had it come first the weak link would not have been made. Resolved again,
        the entity's weakly identified records meet it (a ground-off serial two guns fit stays apart from both).
        """
        r = self.r
        homes = {e: None for e in (other.entity for other in found) if e is not None and e != entry.entity}
        scorer, tf, features = SCORERS[entry.kind], r.tf, entry.features
        for home in homes:
            if home in redone or home not in r.clusters.members:
                continue
            for end in self.weak_ends(home, km):
                r.stats["comparisons"] += 1
                s = scorer(km, tf, features, end.features, prior)
                if s.veto is None and s.total >= km.link_threshold:
                    redone.add(home)
                    self.redo(home, touched, legibility)
                    break

    def weak_ends(self, eid: str, km: KindModel) -> list[Entry]:
        """Both records of each link below the merge threshold in an entity: a member and the one it joined on."""
        r = self.r
        entries, strong = r.entries, km.merge_threshold
        ends: dict[Entry, None] = {}
        for k in r.clusters.members[eid]:
            member = entries[k]
            d = member.decision
            if d is not None and d.action in ("attach", "merge") and d.total is not None and d.total < strong:
                ends[member] = None
                other = entries.get(d.candidate) if d.candidate else None
                if other is not None and other.entity == eid:
                    ends[other] = None
        return list(ends)

    def holds_provisional(self, eid: str) -> bool:
        """Whether a member of the entity joined it on names alone (``provisional``)."""
        r = self.r
        return any(provisional(r.entries[k]) for k in r.clusters.members[eid])

    def redo(self, eid: str, touched: Touched, order: Callable[[Entry], Any] | None = None) -> None:
        """Re-resolve an entity in arrival order (or ``order`` of its entries), with no settling or revisiting
        meanwhile."""
        r = self.r
        entries = r.entries
        self.doing = "revisit"
        try:
            self.reresolve(eid, touched, None if order is None else lambda k: order(entries[k]))
        finally:
            self.doing = ""
        r.stats["revisited"] += 1

    def settle(self, eid: str, touched: Touched) -> None:
        """Re-resolve an entity that came to hold two people's birth dates, in an order its records fix.

        Birth dates two or more records give (anchors) go first, the best supported first, and each must
        then meet its own date (or a shared document) to join an entity: the namesakes part, whatever
        order their records came in. Then the rest, as usual: a mistyped date still joins its person.
        """
        r = self.r
        births = r.guards.births(eid)
        held, anchored = births.held, births.anchors()

        def order(key: str) -> tuple[int, int, str, int, str]:
            f = r.entries[key].features
            dob = full_dob(f)
            rich = 2 * bool(getattr(f, "docs", ())) + (dob is not None)
            if dob in anchored:
                return (0, -held[dob], str(dob), -rich, key)
            return (1, 0, "", -rich, key)

        self.doing, r.guards.strict = "settle", anchored
        try:
            self.reresolve(eid, touched, order)
        finally:
            self.doing, r.guards.strict = "", frozenset()
        r.stats["settled"] += 1

    def reresolve(self, eid: str, touched: Touched, order: Callable[[str], Any] | None = None) -> None:
        """Take an entity apart and resolve its records again (in arrival order, or ``order``), keeping its id
        if possible."""
        outer, self.doing = self.doing, self.doing or "again"  # no settling or revisiting meanwhile
        try:
            self._redo_records(eid, touched, order)
        finally:
            self.doing = outer

    def _redo_records(self, eid: str, touched: Touched, order: Callable[[str], Any] | None) -> None:
        """``reresolve``'s work."""
        r = self.r
        clusters = r.clusters
        keys = sorted(clusters.members[eid], key=order or (lambda k: r.entries[k].seq))
        gone = set(touched.entities)  # merged away earlier in this call: ``create`` may revive such an id below
        clusters.drop(eid)
        r.guards.forget(eid)
        entries = [r.entries[k] for k in keys]
        for entry in entries:
            entry.entity = None
            r.index.remove(entry, blocking_keys(entry.features))
        before = set(clusters.members)
        for entry in entries:
            # each record arrives again, one by one: a block's lookups read its latest members, which must not be
            # the entity's own records still waiting here without an entity
            r._arrive(entry, touched)
        r.stats["reresolved"] += 1
        if eid in clusters.members:
            return
        fresh = [e for e in (r.entries[k].entity for k in keys) if e and e not in before]
        if fresh:
            clusters.rename(fresh[0], eid)
            r.guards.forget(fresh[0])
            for k in clusters.members[eid]:
                r.entries[k].entity = eid
                decision = r.entries[k].decision
                if decision is not None:
                    decision.entity_id = eid
            if fresh[0] in gone:  # revived by its founder, then renamed: it stays merged away, now into ``eid``
                clusters.redirects[fresh[0]] = eid
            else:
                touched.entities.pop(fresh[0], None)
        elif keys:
            target = r.entries[keys[0]].entity
            if target:
                clusters.redirects[eid] = target
        touched.entity(eid)


def legibility(entry: Entry) -> tuple[int, int, int]:
    """Sort key putting the records that identify a vehicle or firearm best first (then by arrival): a weakly
    identified record (a plate fragment, a ground-off serial) then meets the entity it joined and its rivals."""
    f = entry.features
    if isinstance(f, FirearmFeatures):
        return (-f.readable, 0, entry.seq)
    if isinstance(f, VehicleFeatures):
        return (-(f.vin is not None), -len(f.plate_skeleton or ""), entry.seq)
    return (0, 0, entry.seq)


def provisional(entry: Entry) -> bool:
    """A person record that joined its entity on names alone: no document, phone or birth date bore it out."""
    d = entry.decision
    if d is None or d.action not in ("attach", "merge") or not d.levels:
        return False
    levels = d.levels
    return levels[4] not in DOC_TIES and levels[5] != "same" and levels[2] not in _CORROBORATED
