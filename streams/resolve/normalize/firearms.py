"""Firearms: canonical makes, calibers and types, and serial numbers with unreadable characters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from streams.resolve.normalize.text import fold, repair

MAKES: dict[str, tuple[str, ...]] = {
    "SMITH_WESSON": ("SW", "SMITHWESSON", "SMITHANDWESSON", "SMITH", "SANDW", "MP"),
    "GLOCK": ("GLOCK", "GLOK"),
    "TAURUS": ("TAURUS", "FORJASTAURUS", "TAURUSARMAS"),
    "BERETTA": ("BERETTA", "BERRETTA", "BERETA", "PIETROBERETTA", "PBERETTA"),
    "RUGER": ("RUGER", "STURMRUGER", "STURM"),
    "COLT": ("COLT", "COLTS"),
    "HI_POINT": ("HIPOINT", "HIGHPOINT"),
    "BERSA": ("BERSA",),
    "SIG_SAUER": ("SIGSAUER", "SIG", "SIGARMS", "SAUER"),
    "BROWNING": ("BROWNING", "FN", "FNH", "FNHERSTAL", "FABRIQUENATIONALE", "HERSTAL"),
    "MOSSBERG": ("MOSSBERG", "OFMOSSBERG"),
    "REMINGTON": ("REMINGTON", "REMINGTONARMS", "REM"),
    "NORINCO": ("NORINCO", "CHINANORTHINDUSTRIES", "CHINANORTH"),
    "CZ": ("CZ", "CESKAZBROJOVKA", "CESKA", "CZUB"),
    "KEL_TEC": ("KELTEC", "KELTECCNC"),
    "JIMENEZ_ARMS": ("JIMENEZ", "JIMENEZARMS", "JA"),
    "HECKLER_KOCH": ("HK", "HECKLERKOCH", "HECKLERANDKOCH", "HECKLER"),
    "WALTHER": ("WALTHER", "CARLWALTHER"),
    "SPRINGFIELD": ("SPRINGFIELD", "SPRINGFIELDARMORY"),
    "KIMBER": ("KIMBER",),
    "STOEGER": ("STOEGER",),
    "ROSSI": ("ROSSI", "AMADEOROSSI"),
    "ISRAEL_WEAPON_INDUSTRIES": ("IWI", "ISRAELWEAPONINDUSTRIES", "IMI"),
    "KALASHNIKOV": ("KALASHNIKOV", "IZHMASH", "AK"),
    "ZASTAVA": ("ZASTAVA", "ZASTAVAARMS"),
    "CANIK": ("CANIK",),
    "SAVAGE": ("SAVAGE", "SAVAGEARMS"),
    "WINCHESTER": ("WINCHESTER",),
    "MARLIN": ("MARLIN",),
    "LLAMA": ("LLAMA",),
    "STAR": ("STAR", "STARBONIFACIOECHEVERRIA"),
    "ARMSCOR": ("ARMSCOR", "ROCKISLANDARMORY", "RIA"),
    "HS_PRODUKT": ("HSPRODUKT", "HS", "CROATIA"),
    "UZI": ("UZI",),
    "FEG": ("FEG",),
    "MAKAROV": ("MAKAROV",),
    "TOKAREV": ("TOKAREV",),
    "DAEWOO": ("DAEWOO",),
    "CHARTER_ARMS": ("CHARTERARMS", "CHARTER"),
    "HENRY": ("HENRY", "HENRYREPEATING"),
    "BUSHMASTER": ("BUSHMASTER",),
    "SCCY": ("SCCY",),
    "IVER_JOHNSON": ("IVERJOHNSON",),
    "HARRINGTON_RICHARDSON": ("HARRINGTONRICHARDSON", "HR", "HARRINGTONANDRICHARDSON"),
}
"""Canonical firearm make -> compact spellings (words joined, "AND"/"&" dropped)."""

CALIBERS: dict[str, tuple[str, ...]] = {
    "9X19": ("9MM", "9X19", "9X19MM", "9MMLUGER", "9MMPARABELLUM", "9MMPARA", "9PARA", "9LUGER", "9MMNATO", "9", "9PARABELLUM", "9MMP"),
    ".380 ACP": ("380", "380ACP", "380AUTO", "9MMKURZ", "9X17", "9X17MM", "9MMSHORT", "9KURZ", "9MMBROWNINGSHORT"),
    ".38 SPL": ("38", "38SPL", "38SPECIAL", "38SP", "38S", "38SPECL"),
    ".357 MAG": ("357", "357MAG", "357MAGNUM"),
    ".40 S&W": ("40", "40SW", "40SANDW", "40SMITHWESSON", "10X22"),
    "10MM": ("10MM", "10MMAUTO", "10"),
    ".45 ACP": ("45", "45ACP", "45AUTO", "45AUTOMATIC", "11.43", "1143", "1143MM", "1143X23"),
    ".44 MAG": ("44", "44MAG", "44MAGNUM", "44REM", "44REMMAG"),
    ".32 ACP": ("32", "32ACP", "32AUTO", "765", "765MM", "765BROWNING", "7.65"),
    ".25 ACP": ("25", "25ACP", "25AUTO", "635", "635MM"),
    ".22 LR": ("22", "22LR", "22LONGRIFLE", "22L", "22RF"),
    ".22 WMR": ("22WMR", "22MAG", "22MAGNUM"),
    "5.56X45": ("556", "556X45", "556X45MM", "556NATO", "556MM"),
    ".223 REM": ("223", "223REM", "223REMINGTON"),
    "7.62X39": ("762X39", "762X39MM", "762SOVIET", "762AK", "762RUSSIAN"),
    "7.62X51": ("762X51", "762X51MM", "762NATO", "308", "308WIN", "308WINCHESTER"),
    "7.62X54R": ("762X54", "762X54R", "762X54MMR"),
    "5.7X28": ("57", "57X28", "57X28MM"),
    ".30-06": ("3006", "30061", "30SPRINGFIELD"),
    "12GA": ("12", "12GA", "12G", "12GAUGE", "12CAL", "12BORE"),
    "16GA": ("16GA", "16G", "16GAUGE", "16BORE"),
    "20GA": ("20", "20GA", "20G", "20GAUGE", "20BORE"),
    ".410 BORE": ("410", "410GA", "410BORE", "410GAUGE", "36GA"),
}
"""Canonical caliber -> compact spellings (digits and letters only, "CAL"/"CALIBER" words dropped)."""

CALIBER_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"5.56X45", ".223 REM"}),
    frozenset({".38 SPL", ".357 MAG"}),
    frozenset({".22 LR", ".22 WMR"}),
    frozenset({"7.62X51", ".30-06"}),
)
"""Distinct calibers often recorded for one another (same bullet, or chambered together)."""

TYPES: dict[str, str] = {
    "PISTOL": "PISTOL", "PISTOLA": "PISTOL", "SEMIAUTOMATIC": "PISTOL", "SEMIAUTO": "PISTOL",
    "REVOLVER": "REVOLVER", "REVOLVERS": "REVOLVER",
    "RIFLE": "RIFLE", "FUSIL": "RIFLE", "CARBINE": "RIFLE", "CARABINA": "RIFLE", "AR": "RIFLE", "AK": "RIFLE",
    "SHOTGUN": "SHOTGUN", "ESCOPETA": "SHOTGUN", "SCATTERGUN": "SHOTGUN",
    "SMG": "SMG", "SUBMACHINE": "SMG", "SUBAMETRALLADORA": "SMG", "MACHINEPISTOL": "SMG", "METRALLETA": "SMG",
    "MACHINEGUN": "MACHINE_GUN", "AMETRALLADORA": "MACHINE_GUN",
    "HANDGUN": "HANDGUN", "ARMACORTA": "HANDGUN", "SIDEARM": "HANDGUN",
    "HOMEMADE": "IMPROVISED", "IMPROVISED": "IMPROVISED", "HECHIZA": "IMPROVISED", "ZIPGUN": "IMPROVISED",
}
"""Words (or joined word pairs) naming a firearm type -> canonical type."""

TYPE_FAMILIES: dict[str, frozenset[str]] = {"HANDGUN": frozenset({"PISTOL", "REVOLVER", "HANDGUN"})}
"""A vague type compatible with the precise ones it covers."""

_NOISE_WORDS = frozenset(
    {"AND", "Y", "INC", "CO", "MFG", "CORP", "CORPORATION", "LTD", "LLC", "GMBH", "GES", "M", "B", "H", "SA",
     "SPA", "SONS", "ARMS", "ARMAS", "FIREARMS", "INDUSTRIES", "COMPANY", "MANUFACTURING", "USA", "THE", "S", "A", "P"}
)
_CALIBER_WORDS = frozenset({"CAL", "CALIBER", "CALIBRE", "CALIBRO", "C"})
_SERIAL_UNKNOWN = str.maketrans({"*": "?", "_": "?", "#": "?"})
_SERIAL_PLACEHOLDERS = frozenset(
    {"", "NA", "NONE", "UNKNOWN", "NIL", "NOSERIAL", "SINSERIE", "OBLITERATED", "DEFACED", "ILLEGIBLE", "GROUNDOFF", "UNK", "NOTVISIBLE", "REMOVED"}
)


def _variant_index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, forms in table.items():
        index.setdefault(canonical.replace("_", "").replace(" ", "").replace(".", "").replace("&", ""), canonical)
        for form in forms:
            index.setdefault(form.replace(".", ""), canonical)
    return index


_MAKE_INDEX = _variant_index(MAKES)
_CALIBER_INDEX = _variant_index(CALIBERS)


@lru_cache(maxsize=16384)
def canonical_make(s: str | None) -> str | None:
    """Canonical make ("S&W", "Smith and Wesson" -> "SMITH_WESSON"; "Glock GmbH" -> "GLOCK").

    Token windows are looked up longest first, leading words first; an unknown make comes back
    as its significant words joined by "_"; None when empty.
    """
    words = [w for w in fold(s).split() if w != "AND"]
    if not words:
        return None
    for start in range(len(words)):
        for size in range(min(4, len(words) - start), 0, -1):
            found = _MAKE_INDEX.get("".join(words[start : start + size]))
            if found:
                return found
    significant = [w for w in words if w not in _NOISE_WORDS] or words
    return "_".join(significant)


@lru_cache(maxsize=16384)
def canonical_caliber(s: str | None) -> str | None:
    """Canonical caliber ("9mm", "9x19", "9mm Luger", "9mm Parabellum" -> "9X19"; "12 ga" -> "12GA").

    Unknown calibers come back compacted; None when empty.
    """
    words = [w for w in fold(s).split() if w not in _CALIBER_WORDS]
    if not words:
        return None
    key = "".join(words)
    found = _CALIBER_INDEX.get(key)
    if found is None and key.endswith("MM"):
        found = _CALIBER_INDEX.get(key[:-2])
    if found is None and len(words) > 1:
        found = _CALIBER_INDEX.get("".join(words[:-1]))  # a trailing brand word: "9mm FMJ"
    return found or key


def calibers_related(a: str, b: str) -> bool:
    """True when two canonical calibers are distinct but often recorded for one another."""
    return any(a in family and b in family for family in CALIBER_FAMILIES)


@lru_cache(maxsize=4096)
def canonical_type(s: str | None) -> str | None:
    """Canonical firearm type: PISTOL, REVOLVER, RIFLE, SHOTGUN, SMG, MACHINE_GUN, HANDGUN, IMPROVISED."""
    words = fold(s).split()
    if not words:
        return None
    for i in range(len(words)):
        pair = "".join(words[i : i + 2])
        if pair in TYPES and i + 1 < len(words):
            return TYPES[pair]
    for w in reversed(words):
        if w in TYPES:
            return TYPES[w]
    return "_".join(words)


def types_compatible(a: str, b: str) -> bool:
    """True when the types are equal or one is a vague type covering the other (HANDGUN/PISTOL)."""
    return a == b or b in TYPE_FAMILIES.get(a, ()) or a in TYPE_FAMILIES.get(b, ())


@dataclass(frozen=True, slots=True)
class Serial:
    """A normalized serial: uppercase alphanumerics with ``?`` for unreadable characters."""

    text: str
    readable: int

    @property
    def complete(self) -> bool:
        """True when every character was read."""
        return self.readable == len(self.text)


@lru_cache(maxsize=32768)
def normalize_serial(s: str | None) -> Serial | None:
    """Normalize a serial ("ab-12 345" -> "AB12345"; "AB12*45" -> "AB12?45").

    Unreadable marks ``?``, ``*``, ``_``, ``#`` become ``?``; spaces and other punctuation go.
    None when nothing readable remains or the text is a placeholder ("UNKNOWN", "OBLITERATED").
    """
    if not s:
        return None
    text = repair(s)
    if not text.isascii():
        text = unidecode(text)
    text = text.upper().translate(_SERIAL_UNKNOWN)
    text = "".join(c for c in text if c == "?" or (c.isascii() and c.isalnum()))
    readable = sum(1 for c in text if c != "?")
    if readable == 0 or text in _SERIAL_PLACEHOLDERS:
        return None
    return Serial(text, readable)


def _aligned(a: str, b: str) -> tuple[int, int]:
    """(agreeing, disagreeing) known positions of two equal-length serials."""
    agree = disagree = 0
    for x, y in zip(a, b):
        if x == "?" or y == "?":
            continue
        if x == y:
            agree += 1
        else:
            disagree += 1
    return agree, disagree


def _alignments(a: str, b: str) -> list[tuple[str, str]]:
    """Equal-length pairings: as-is, or the longer one without its first or last character, or
    without one of its ``?`` (an unreadable mark standing for a dash or space the other dropped)."""
    if len(a) == len(b):
        return [(a, b)]
    if abs(len(a) - len(b)) != 1:
        return []
    short, long = (a, b) if len(a) < len(b) else (b, a)
    pairs = [(short, long[1:]), (short, long[:-1])]
    pairs.extend((short, long[:i] + long[i + 1 :]) for i, c in enumerate(long) if c == "?" and 0 < i < len(long) - 1)
    return pairs


def _text(serial: Serial | str) -> str:
    return serial.text if isinstance(serial, Serial) else serial


def serial_overlap(a: Serial | str, b: Serial | str) -> int:
    """Readable positions that agree under the best alignment where none disagree; 0 when incompatible."""
    best = 0
    for x, y in _alignments(_text(a), _text(b)):
        agree, disagree = _aligned(x, y)
        if disagree == 0:
            best = max(best, agree)
    return best


def serial_comparable(a: Serial | str, b: Serial | str) -> int:
    """Most positions readable in both serials under any alignment (0: the readable parts never meet)."""
    return max((sum(_aligned(x, y)) for x, y in _alignments(_text(a), _text(b))), default=0)


def serials_compatible(a: Serial | str, b: Serial | str) -> bool:
    """True when every readable position agrees (``?`` matches anything).

    Serials of equal length are compared position by position; one a character longer may
    have lost its first or last character, or have a ``?`` where the other dropped a dash.
    At least one readable position must agree.
    """
    return serial_overlap(a, b) > 0


def serial_similarity(a: Serial | str, b: Serial | str) -> float:
    """Similarity in [0, 1]: the share of comparable positions that agree under the best alignment.

    A lost leading/trailing character costs one position; serials that do not align fall back
    to normalized Levenshtein similarity (typos that insert or drop a middle character).
    """
    ta, tb = _text(a), _text(b)
    if not ta or not tb:
        return 0.0
    best = 0.0
    shifted = len(ta) != len(tb)
    for x, y in _alignments(ta, tb):
        agree, disagree = _aligned(x, y)
        compared = agree + disagree + (1 if shifted else 0)
        if compared:
            best = max(best, agree / compared)
    if "?" not in ta and "?" not in tb:
        best = max(best, float(Levenshtein.normalized_similarity(ta, tb)))
    return best
