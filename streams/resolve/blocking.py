"""Candidate generation: several small blocking keys per record, and an index that caps them.

Two records are compared only when they share a key. Keys are chosen so each kind of
error still leaves one shared key (a typo in the name keeps the birth-date key, a
swapped birth date keeps the name keys, a one-character VIN typo keeps one of three
VIN segments...). A key shared by more than ``cap`` records (e.g. "JOSE CHOC") stops
being used: it would cost many comparisons and say little.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import chain

from streams.resolve.features import Features, FirearmFeatures, PersonFeatures, VehicleFeatures
from streams.resolve.normalize.names import phonetic


def person_keys(f: PersonFeatures) -> list[str]:
    """Documents, phone, birth date (day/month order-free), name pairs (order-free), address, surname + year."""
    keys = [f"d:{d.number}" for d in f.docs if len(d.number) >= 5]
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


def _thin(members: list[str], entity_of: Callable[[str], str | None], keep: int = 2) -> tuple[list[str], list[str]]:
    """(kept, shed): the latest ``keep`` members of each entity in a block (and every member not yet resolved)."""
    seen: dict[str | None, int] = {}
    kept: list[str] = []
    shed: list[str] = []
    for key in reversed(members):
        eid = entity_of(key)
        n = seen.get(eid, 0)
        if eid is None or n < keep:
            kept.append(key)
            seen[eid] = n + 1
        else:
            shed.append(key)
    kept.reverse()
    return kept, shed


class BlockIndex:
    """Key -> record keys, capped: a key that grows past ``cap`` members is retired as a stop key.

    A block lists its members in the order they were indexed. Which records a full block shed
    depends on the entities at that moment, so ``shed`` remembers them: ``state``/``put`` then
    rebuild exactly the same blocks in another process.
    """

    __slots__ = ("blocks", "stopped", "cap", "recent", "shed")

    def __init__(self, cap: int = 30, recent: int = 8) -> None:
        self.blocks: dict[str, list[str]] = {}
        self.stopped: set[str] = set()
        self.cap = cap
        self.recent = recent  # a lookup reads only a block's latest members: work stays flat as blocks fill
        self.shed: dict[str, list[str]] = {}  # record key -> keys of the blocks that shed it

    def add(self, record_key: str, keys: Iterable[str], entity_of: Callable[[str], str | None] | None = None) -> None:
        """Index a record under its keys.

        A full block first sheds records of entities it holds more than two of (one large entity's
        records all share its plate: that key must keep working); only a block still full of
        different entities is retired.
        """
        for key in keys:
            if key in self.stopped:
                continue
            members = self.blocks.get(key)
            if members is None:
                self.blocks[key] = [record_key]
                continue
            if len(members) >= self.cap and entity_of is not None:
                members, shed = _thin(members, entity_of)
                self.blocks[key] = members
                for other in shed:
                    self.shed.setdefault(other, []).append(key)
            if len(members) >= self.cap:
                del self.blocks[key]
                self.stopped.add(key)
            else:
                members.append(record_key)

    def put(self, record_key: str, keys: Iterable[str]) -> None:
        """Index a record as a restored ``state`` says it was: skip stopped keys and blocks that shed it."""
        shed = self.shed.get(record_key, ())
        for key in keys:
            if key not in self.stopped and key not in shed:
                self.blocks.setdefault(key, []).append(record_key)

    def state(self) -> dict[str, object]:
        """What ``put`` needs besides the records (in indexing order): stop keys and shed records."""
        return {"stopped": sorted(self.stopped), "shed": {k: list(v) for k, v in sorted(self.shed.items())}}

    def load(self, state: Mapping[str, object]) -> None:
        """Take the stop keys and shed records of a ``state`` (before ``put``-ting the records)."""
        stopped, shed = state.get("stopped", []), state.get("shed", {})
        assert isinstance(stopped, list) and isinstance(shed, dict)
        self.stopped = {str(k) for k in stopped}
        self.shed = {str(k): [str(x) for x in v] for k, v in shed.items()}

    def remove(self, record_key: str, keys: Iterable[str]) -> None:
        """Drop a record from its keys."""
        self.shed.pop(record_key, None)
        for key in keys:
            members = self.blocks.get(key)
            if members and record_key in members:
                members.remove(record_key)
                if not members:
                    del self.blocks[key]

    def candidates(self, keys: Iterable[str], exclude: str | None = None) -> dict[str, int]:
        """Records sharing a live key with ``keys`` (each block's ``recent`` latest), with how many keys they share."""
        recent, blocks = self.recent, self.blocks
        found = Counter(chain.from_iterable([m[-recent:] for key in keys if (m := blocks.get(key))]))  # counted in C
        if exclude is not None:
            found.pop(exclude, None)
        return found
