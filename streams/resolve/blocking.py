"""Candidate generation: several small blocking keys per record, and an index that caps them.

Two records are compared only when they share a key. Keys are chosen so each kind of
error still leaves one shared key (a typo in the name keeps the birth-date key, a
swapped birth date keeps the name keys, a one-character VIN typo keeps one of three
VIN segments...). A key shared by more than ``cap`` records (e.g. "JOSE CHOC") stops
being used: it would cost many comparisons and say little.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from itertools import chain
from typing import Generic, TypeVar

from streams.resolve.features import Features, FirearmFeatures, PersonFeatures, VehicleFeatures
from streams.resolve.normalize.names import phonetic


def document_keys(number: str) -> list[str]:
    """A document number cut in three, keyed without each part, and without the two characters at each cut:
    one wrong, missing or extra character, or two neighbours swapped, keeps a key."""
    n = len(number)
    if n < 5:
        return []
    a, b = n // 3, 2 * n // 3
    return [f"d0:{number[a:]}", f"d1:{number[:a]}{number[b:]}", f"d2:{number[:b]}",
            f"da:{number[:a - 1]}{number[a + 1:]}", f"db:{number[:b - 1]}{number[b + 1:]}"]


def person_keys(f: PersonFeatures) -> list[str]:
    """Documents (slip-tolerant), phone, birth date (day/month order-free), name pairs (order-free), address,
    surname + year."""
    keys = [k for d in f.docs for k in document_keys(d.number)]
    if f.phone:
        keys.append(f"p:{f.phone}")
    dob = f.dob
    if dob is not None and dob.precise and dob.month is not None and dob.day is not None:
        lo, hi = sorted((dob.month, dob.day))
        keys.append(f"b:{dob.year}-{lo}-{hi}")
    given = sorted(f.given_phon)[:2]
    if not given and f.given:
        given = [phonetic(f.given[0])]
    surnames = [s for s in f.surname_phon[:2] if s]
    for g in given:
        for s in surnames:
            a, b = (g, s) if g <= s else (s, g)
            keys.append(f"n:{a}|{b}")
    if f.house and f.address:
        keys.append(f"a:{f.house[0]}:{f.address[0]}")  # house number + a street word: typos in both names
    if dob is not None:
        keys += [f"y:{s}|{dob.year}" for s in surnames]
        if f.given_phon:
            keys += [f"y:{g}|{dob.year}" for g in given]
    return keys


def vehicle_keys(f: VehicleFeatures) -> list[str]:
    """Three VIN keys each missing one segment (one typo keeps two), plate skeleton, its ends."""
    keys: list[str] = []
    vin = f.vin
    if vin and len(vin) == 17:
        keys += [f"va:{vin[6:]}", f"vb:{vin[:6]}{vin[12:]}", f"vc:{vin[:12]}"]
    elif vin:
        keys.append(f"v:{vin}")
    sk = f.plate_skeleton
    if sk and len(sk) >= 4:
        keys += [f"pl:{sk}", f"pt:{sk[-4:]}", f"ph:{sk[:4]}"]
    return keys


def firearm_keys(f: FirearmFeatures) -> list[str]:
    """With the make (a serial names a gun only with its make): serial 4-grams and positional bigrams."""
    sk = f.serial_skeleton
    if not sk or f.readable < 3:
        return []
    make = f.make or "-"
    n = len(sk)
    keys = {f"s4:{make}:{sk[i:i + 4]}" for i in range(n - 3) if "?" not in sk[i:i + 4]}
    # positional pairs of characters (up to two apart) find obliterated copies ("??16?5??")
    # of a clean serial of the same length
    for gap in (1, 2, 3):
        keys.update(f"s2:{make}:{n}:{i}:{gap}:{sk[i]}{sk[i + gap]}" for i in range(n - gap)
                    if sk[i] != "?" and sk[i + gap] != "?")
    return sorted(keys)


def blocking_keys(f: Features) -> list[str]:
    """Blocking keys of any record's features, each once (a repeated key would count as two shared keys)."""
    if isinstance(f, PersonFeatures):
        return list(dict.fromkeys(person_keys(f)))
    if isinstance(f, VehicleFeatures):
        return vehicle_keys(f)
    return firearm_keys(f)


Item = TypeVar("Item", bound=Hashable)


def _thin(members: list[Item], entity_of: Callable[[Item], str | None], keep: int = 2) -> list[Item]:
    """The latest ``keep`` members of each entity in a block (and every member not yet resolved)."""
    seen: dict[str | None, int] = {}
    kept: list[Item] = []
    for item in reversed(members):
        eid = entity_of(item)
        n = seen.get(eid, 0)
        if eid is None or n < keep:
            kept.append(item)
            seen[eid] = n + 1
    kept.reverse()
    return kept


class BlockIndex(Generic[Item]):
    """Key -> indexed items (records, or whatever stands for them), capped: a key that grows past ``cap``
    members is retired as a stop key.

    A block lists its members in the order they were indexed; a block of one holds the item
    itself (most keys - a document, a phone - name one record: a list each would cost 64 bytes).
    Which records a full block shed depends on the entities at that moment, so ``state`` lists
    them (an item absent from a live key's block) and ``restore`` rebuilds exactly the same
    blocks in another process.
    """

    __slots__ = ("blocks", "stopped", "cap", "recent")

    def __init__(self, cap: int = 30, recent: int = 8) -> None:
        self.blocks: dict[str, list[Item] | Item] = {}
        self.stopped: set[str] = set()
        self.cap = cap
        self.recent = recent  # a lookup reads only a block's latest members: work stays flat as blocks fill

    def add(self, item: Item, keys: Iterable[str], entity_of: Callable[[Item], str | None] | None = None) -> None:
        """Index an item under its keys.

        A full block first sheds records of entities it holds more than two of (one large entity's
        records all share its plate: that key must keep working); only a block still full of
        different entities is retired.
        """
        blocks, stopped = self.blocks, self.stopped
        for key in keys:
            members = blocks.get(key)
            if members is None:
                if key not in stopped:  # a stopped key has no block
                    blocks[key] = item
                continue
            if not isinstance(members, list):
                blocks[key] = [members, item]
                continue
            if len(members) >= self.cap and entity_of is not None:
                members = blocks[key] = _thin(members, entity_of)
            if len(members) >= self.cap:
                del blocks[key]
                stopped.add(key)
            else:
                members.append(item)

    def state(self, items: Iterable[tuple[str, Item, Iterable[str]]]) -> dict[str, object]:
        """What ``restore`` needs besides the items: stop keys, and by name the live keys whose block
        lacks an item (it was shed). ``items`` are (name, item, keys) of every indexed item."""
        blocks, stopped = self.blocks, self.stopped
        shed: dict[str, list[str]] = {}
        for name, item, keys in items:
            for key in keys:
                if key in stopped:
                    continue
                members = blocks.get(key)
                if members is None or (item not in members if isinstance(members, list) else members != item):
                    shed.setdefault(name, []).append(key)
        return {"stopped": sorted(stopped), "shed": dict(sorted(shed.items()))}

    def restore(self, state: Mapping[str, object], items: Iterable[tuple[str, Item, Iterable[str]]]) -> None:
        """Rebuild the blocks ``state`` describes from the items (name, item, keys) in indexing order."""
        stopped, shed = state.get("stopped", []), state.get("shed", {})
        assert isinstance(stopped, list) and isinstance(shed, dict)
        self.stopped = {str(k) for k in stopped}
        blocks = self.blocks
        for name, item, keys in items:
            skip = shed.get(name, ())
            for key in keys:
                if key in self.stopped or key in skip:
                    continue
                members = blocks.get(key)
                if members is None:
                    blocks[key] = item
                elif isinstance(members, list):
                    members.append(item)
                else:
                    blocks[key] = [members, item]

    def remove(self, item: Item, keys: Iterable[str]) -> None:
        """Drop an item from its keys."""
        blocks = self.blocks
        for key in keys:
            members = blocks.get(key)
            if members is None:
                continue
            if not isinstance(members, list):
                if members == item:
                    del blocks[key]
            elif item in members:
                members.remove(item)
                if len(members) == 1:
                    blocks[key] = members[0]

    def candidates(self, keys: Iterable[str], exclude: Item | None = None,
                   entity_of: Callable[[Item], str | None] | None = None) -> dict[Item, int]:
        """Items sharing a live key with ``keys`` (each block's ``recent`` latest), with how many keys they share.

        With ``entity_of``, a block longer than ``recent`` gives its latest two members of each entity (``_thin``)
        up to ``recent`` of them: one entity's many records cannot hide another entity's older one.
        """
        recent, blocks = self.recent, self.blocks
        if entity_of is None:
            parts = [m[-recent:] if isinstance(m, list) else (m,) for key in keys if (m := blocks.get(key)) is not None]
        else:
            parts = [(m if len(m) <= recent else _thin(m, entity_of)[-recent:]) if isinstance(m, list) else (m,)
                     for key in keys if (m := blocks.get(key)) is not None]
        found = Counter(chain.from_iterable(parts))  # counted in C
        if exclude is not None:
            found.pop(exclude, None)
        return found
