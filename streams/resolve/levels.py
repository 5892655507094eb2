"""Comparison levels of two records' features, per attribute (the inputs of the scoring model).

Each ``*_levels`` function returns a tuple of level names in the order of the kind's
``ATTRIBUTES``; ``LEVELS`` lists every level an attribute can take, so the model can hold
one weight per (attribute, level). They work on precomputed features, so a pair costs
a few dictionary and set operations, with Jaro-Winkler only when cheaper tests fail.
This is the engine's only comparison layer; its raw-text-to-level cases are in
``tests/unit/streams/resolve/test_resolve_levels.py``.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from streams.resolve.features import FirearmFeatures, PersonFeatures, VehicleFeatures
from streams.resolve.normalize import firearms as guns
from streams.resolve.normalize.dates import PartialDate
from streams.resolve.normalize.documents import IdDocument, documents_compatible, same_slot
from streams.resolve.normalize.names import canonical_given, phonetic

LEVELS: dict[str, dict[str, tuple[str, ...]]] = {
    "person": {
        "given": ("exact", "partial", "nickname", "phonetic", "fuzzy", "initial", "different", "missing"),
        "surname": ("exact", "subset", "partial", "phonetic", "fuzzy", "different", "missing"),
        "dob": ("exact", "one_digit", "day_month_swap", "year_month", "year_only", "within_1y", "different", "missing"),
        "sex": ("same", "different", "missing"),
        "document": ("same_doc", "near", "conflict", "none"),
        "phone": ("same", "different", "missing"),
        "address": ("same", "similar", "different", "missing"),
    },
    "vehicle": {
        "vin": ("exact", "one_off", "check_conflict", "different", "missing"),
        "plate": ("exact", "skeleton", "fragment", "different", "missing"),
        "country": ("same", "different", "missing"),
        "make": ("same", "different", "missing"),
        "model": ("same", "fuzzy", "different", "missing"),
        "color": ("same", "different", "missing"),
        "year": ("exact", "one_off", "different", "missing"),
    },
    "firearm": {
        "serial": ("exact", "fuzzy", "wildcard_match", "wildcard_partial", "wildcard_weak", "different", "missing"),
        "make": ("same", "different", "missing"),
        "model": ("same", "fuzzy", "different", "missing"),
        "caliber": ("same", "different", "missing"),
        "type": ("same", "different", "missing"),
    },
}
"""Kind -> attribute -> its levels, strongest agreement first."""

ATTRIBUTES: dict[str, tuple[str, ...]] = {kind: tuple(attrs) for kind, attrs in LEVELS.items()}


def _jw(a: str, b: str) -> float:
    return float(JaroWinkler.similarity(a, b))


def _meet(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two small tuples share an element (cheaper than building sets)."""
    for x in a:
        if x in b:
            return True
    return False


def given_level(a_given: tuple[str, ...], a_canon: tuple[str, ...], a_phon: tuple[str, ...],
                b_given: tuple[str, ...], b_canon: tuple[str, ...], b_phon: tuple[str, ...]) -> str:
    """Given names as sets: any shared name, nickname, sound, close spelling, or initial."""
    if not a_given or not b_given:
        return "missing"
    if a_given == b_given:  # the common case, and often one shared tuple
        return "initial" if len(a_given[0]) == 1 else "exact"
    shared = set(a_given) & set(b_given)
    if shared:
        if len(a_given[0]) == 1:
            return "initial"
        if len(a_given) > 1 and len(b_given) > 1 and not _rest_agrees(a_given, b_given, shared):
            return "partial"  # "WILMER JORGE" vs "WILMER ERICK": brothers more often than one man
        return "exact"
    if _meet(a_canon, b_canon):
        return "nickname"
    if _meet(a_phon, b_phon):
        return "phonetic"
    for x in a_given[:2]:
        for y in b_given[:2]:
            if len(x) > 1 and len(y) > 1 and _close(x, y):
                return "fuzzy"
    if len(a_given[0]) == 1 or len(b_given[0]) == 1:
        return "initial" if a_given[0][0] == b_given[0][0] else "different"
    return "different"


def _close(x: str, y: str) -> bool:
    """Spellings one slip apart ("DEQN"/"DEAN", "LEEOY"/"LEROY"), or one a short form of the other ("KIM")."""
    if _jw(x, y) >= 0.88:
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True
    return min(len(x), len(y)) >= 4 and Levenshtein.distance(x, y) <= (2 if min(len(x), len(y)) >= 7 else 1)


def _rest_agrees(a: tuple[str, ...], b: tuple[str, ...], shared: set[str]) -> bool:
    rest_a = [t for t in a if t not in shared and len(t) > 1]
    rest_b = [t for t in b if t not in shared and len(t) > 1]
    if not rest_a or not rest_b:
        return True
    return any(canonical_given(x) == canonical_given(y) or _jw(x, y) >= 0.88 for x in rest_a for y in rest_b)


def surname_level(a_names: tuple[str, ...], a_phon: tuple[str, ...], b_names: tuple[str, ...],
                  b_phon: tuple[str, ...]) -> str:
    """Surnames as sets: one vs two surnames is a subset; a shared one with others differing is partial."""
    if not a_names or not b_names:
        return "missing"
    if a_names == b_names:
        return "exact"
    sa, sb = set(a_names), set(b_names)
    if sa == sb:
        return "partial"  # same surnames in another order: paternal and maternal differ
    if sa <= sb or sb <= sa:
        return "subset"
    pa, pb = set(a_phon), set(b_phon)
    if pa <= pb or pb <= pa:
        return "phonetic"
    if sa & sb or pa & pb:
        return "partial"
    for x in a_names[:2]:
        for y in b_names[:2]:
            if _jw(x, y) >= 0.9:
                return "fuzzy"
    return "different"


def _digits_apart(x: int, y: int, width: int) -> int:
    if x == y:
        return 0
    sx, sy = f"{x:0{width}d}", f"{y:0{width}d}"
    return sum(1 for i, j in zip(sx, sy) if i != j) if len(sx) == len(sy) else width


def _one_digit(a: PartialDate, b: PartialDate) -> bool:
    """Full dates whose ISO forms differ in exactly one digit (a mistyped birth date)."""
    same_md = a.month == b.month and a.day == b.day
    if not same_md and a.year != b.year or abs(a.year - b.year) >= 100:
        return False  # two fields differ: at least two digits
    return _digits_apart(a.year, b.year, 4) + _digits_apart(a.month or 0, b.month or 0, 2) + \
        _digits_apart(a.day or 0, b.day or 0, 2) == 1


def dob_level(a: PartialDate | None, b: PartialDate | None) -> str:
    """Birth dates: estimated or year-only dates agree at most at year level; one mistyped digit is its own level."""
    if a is None or b is None:
        return "missing"
    rough = a.estimated or b.estimated or a.month is None or b.month is None
    if a.year != b.year:
        if rough:
            return "within_1y" if abs(a.year - b.year) == 1 else "different"
        return "one_digit" if a.precise and b.precise and _one_digit(a, b) else "different"
    if rough:
        return "year_only"
    if a.month == b.month and (a.day is None or b.day is None):
        return "year_month"
    if a.month == b.month and a.day == b.day:
        return "exact"
    if a.day is not None and a.month == b.day and a.day == b.month:
        return "day_month_swap"
    if a.precise and b.precise and _one_digit(a, b):
        return "one_digit"
    return "different"


def document_level(a: tuple[IdDocument, ...], b: tuple[IdDocument, ...]) -> str:
    """Identity documents: one shared, one that differs by a single character, or a clash in one slot."""
    if not a or not b:
        return "none"
    slot_clash = near = False
    for x in a:
        for y in b:
            if documents_compatible(x, y):
                return "same_doc"
            if len(x.number) == len(y.number) and OSA.distance(x.number, y.number) == 1:
                near = True  # one character changed, or two neighbours swapped
            elif same_slot(x, y):
                slot_clash = True
    if near:
        return "near"
    return "conflict" if slot_clash else "none"


def _eq(a: object, b: object, same: str = "same") -> str:
    if a is None or b is None:
        return "missing"
    return same if a == b else "different"


def address_level(a: PersonFeatures, b: PersonFeatures) -> str:
    """Addresses by Jaccard overlap of their words; different house numbers make at most a neighbour."""
    if not a.address or not b.address:
        return "missing"
    if a.address == b.address:
        return "similar" if a.house and b.house and not _meet(a.house, b.house) else "same"
    shared = sum(1 for t in a.address if t in b.address)
    left_a = [t for t in a.address if t not in b.address]
    if left_a and len(left_a) <= 4:
        left_b = [t for t in b.address if t not in a.address]
        shared += sum(1 for t in left_a if len(t) >= 4 and any(Levenshtein.distance(t, u) <= 1 for u in left_b[:4]))
    overlap = shared / (len(a.address) + len(b.address) - shared)
    if overlap >= 0.75:
        if a.house and b.house and not _meet(a.house, b.house):
            return "similar"
        return "same"
    return "similar" if overlap >= 0.4 else "different"


_MEMO_SIZE = 65_536
_GIVEN_MEMO: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
_SURNAME_MEMO: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}


def _memo(memo: dict[tuple[tuple[str, ...], tuple[str, ...]], str], key: tuple[tuple[str, ...], tuple[str, ...]],
          level: str) -> str:
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = level
    return level


def name_levels(a: PersonFeatures, b: PersonFeatures, swapped: bool = False) -> tuple[str, str]:
    """Given-name and surname levels; with ``swapped``, b's given and family names are exchanged.

    Each is a function of two name tuples alone (the canonical and phonetic forms derive from
    them), and common names meet again and again: both readings are memoized by value (bounded).
    """
    b_given, b_surnames = (b.surnames, b.given) if swapped else (b.given, b.surnames)
    gkey, skey = (a.given, b_given), (a.surnames, b_surnames)
    given = _GIVEN_MEMO.get(gkey)
    if given is None:
        if swapped:
            b_canon = tuple(sorted({canonical_given(t) for t in b_given if len(t) > 1}))
            b_gphon = tuple(sorted({phonetic(t) for t in b_canon}))
        else:
            b_canon, b_gphon = b.given_canon, b.given_phon
        given = _memo(_GIVEN_MEMO, gkey, given_level(a.given, a.given_canon, a.given_phon, b_given, b_canon, b_gphon))
    surname = _SURNAME_MEMO.get(skey)
    if surname is None:
        b_sphon = tuple(phonetic(t) for t in b_surnames) if swapped else b.surname_phon
        surname = _memo(_SURNAME_MEMO, skey, surname_level(a.surnames, a.surname_phon, b_surnames, b_sphon))
    return given, surname


def person_levels(a: PersonFeatures, b: PersonFeatures, swapped: bool = False) -> tuple[str, ...]:
    """Levels of two person records; with ``swapped``, b's given and family names are exchanged."""
    return name_levels(a, b, swapped) + (
        dob_level(a.dob, b.dob),
        _eq(a.sex, b.sex),
        document_level(a.docs, b.docs),
        _eq(a.phone, b.phone),
        address_level(a, b),
    )


def vin_level(a: VehicleFeatures, b: VehicleFeatures) -> str:
    """VINs: equal, one character apart, or two check-digit-verified VINs further apart."""
    if a.vin is None or b.vin is None:
        return "missing"
    if a.vin == b.vin:
        return "exact"
    if Levenshtein.distance(a.vin, b.vin) <= 1:
        return "one_off"  # a typo can keep the check digit valid (A/J/1, B/K/S/2... weigh the same)
    if a.vin_checked and b.vin_checked:
        return "check_conflict"
    return "different"


def plate_level(a: VehicleFeatures, b: VehicleFeatures) -> str:
    """Plates: same core, same up to look-alike characters, or one a fragment of the other."""
    if a.plate is None or b.plate is None or a.plate_skeleton is None or b.plate_skeleton is None:
        return "missing"
    if a.plate_prefix and b.plate_prefix and a.plate_prefix != b.plate_prefix:
        return "different"
    if a.plate == b.plate:
        return "exact"
    if a.plate_skeleton == b.plate_skeleton:
        return "skeleton"
    short, long_ = sorted((a.plate_skeleton, b.plate_skeleton), key=len)
    if len(short) >= 4 and short in long_:
        return "fragment"
    return "different"


def _fuzzy_text(a: str | None, b: str | None, threshold: float = 0.85) -> str:
    if a is None or b is None:
        return "missing"
    if a == b:
        return "same"
    if a.startswith(b) or b.startswith(a) or _jw(a, b) >= threshold:
        return "fuzzy"
    return "different"


def _make(a: str | None, b: str | None) -> str:
    level = _fuzzy_text(a, b, 0.88)
    return "same" if level == "fuzzy" else level


def vehicle_levels(a: VehicleFeatures, b: VehicleFeatures) -> tuple[str, ...]:
    """Levels of two vehicle records."""
    year = "missing"
    if a.year is not None and b.year is not None:
        year = "exact" if a.year == b.year else "one_off" if abs(a.year - b.year) == 1 else "different"
    return (
        vin_level(a, b),
        plate_level(a, b),
        _eq(a.plate_country, b.plate_country),
        _make(a.make, b.make),
        _fuzzy_text(a.model, b.model),
        _eq(a.color, b.color),
        year,
    )


def _alignments(a: str, b: str) -> list[tuple[str, str]]:
    """Equal-length readings of two serials: as written, or dropping one unreadable or end character."""
    if len(a) == len(b):
        return [(a, b)]
    if abs(len(a) - len(b)) != 1:
        return []
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    cuts = {0, len(long_) - 1} | {i for i, c in enumerate(long_) if c == "?"}
    return [(short, long_[:i] + long_[i + 1:]) for i in sorted(cuts)]


def serial_agreement(a: str, b: str) -> int:
    """Characters both serials show and agree on in the best wildcard-compatible alignment (-1: none)."""
    best = -1
    for x, y in _alignments(a, b):
        agree = 0
        for i, j in zip(x, y):
            if i == "?" or j == "?":
                continue
            if i != j:
                agree = -1
                break
            agree += 1
        best = max(best, agree)
    return best


def serial_level(a: FirearmFeatures, b: FirearmFeatures) -> str:
    """Serials: equal; equal up to look-alikes; agreeing where both are readable (5+, 4 or 3 characters)."""
    if a.serial is None or b.serial is None or a.readable < 3 or b.readable < 3:
        return "missing"
    if a.serial == b.serial:
        return "exact"
    assert a.serial_skeleton is not None and b.serial_skeleton is not None
    if a.serial_skeleton == b.serial_skeleton and "?" not in a.serial_skeleton:
        return "fuzzy"
    agree = serial_agreement(a.serial_skeleton, b.serial_skeleton)
    if agree >= 5:
        return "wildcard_match"
    if agree == 4:
        return "wildcard_partial"
    if agree == 3:
        return "wildcard_weak"
    # compatible but too few characters shown by both to say anything
    return "missing" if agree >= 0 else "different"


def firearm_levels(a: FirearmFeatures, b: FirearmFeatures) -> tuple[str, ...]:
    """Levels of two firearm records."""
    caliber = _eq(a.caliber, b.caliber)
    if caliber == "different" and guns.calibers_related(a.caliber or "", b.caliber or ""):
        caliber = "same"
    kind = _eq(a.firearm_type, b.firearm_type)
    if kind == "different" and guns.types_compatible(a.firearm_type or "", b.firearm_type or ""):
        kind = "same"
    return (serial_level(a, b), _eq(a.make, b.make), _fuzzy_text(a.model, b.model), caliber, kind)
