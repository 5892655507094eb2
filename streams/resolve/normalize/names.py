"""Person names: parsing into given names and surnames, nicknames, and a Spanish/English phonetic key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish

from streams.resolve.normalize.nicknames import NICKNAMES, variant_table
from streams.resolve.normalize.text import fold, repair

PARTICLES: frozenset[str] = frozenset(
    {"DE", "DEL", "LA", "LAS", "LOS", "Y", "E", "I", "VAN", "VON", "DER", "DEN", "DA", "DI", "DO", "DOS", "DAS", "DU", "LE"}
)
"""Surname particles dropped from surname sets ("López de García" -> LOPEZ, GARCIA); "SAN"/"SANTA" stay."""

SUFFIXES: dict[str, str] = {
    "JR": "JR", "JNR": "JR", "JUNIOR": "JR", "HIJO": "JR", "SR": "SR", "SNR": "SR", "SENIOR": "SR",
    "PADRE": "SR", "II": "II", "2ND": "II", "III": "III", "3RD": "III", "IV": "IV", "4TH": "IV",
}
"""Generational suffixes: a "Jr." and his father share every other part of the name."""

TITLES: frozenset[str] = frozenset({"MR", "MRS", "MS", "MISS", "DR", "SR", "SRA", "SRTA", "DON", "DONA", "LIC", "ING"})
"""Honorifics dropped when they lead a name (SR here is "Señor", only as a first token)."""

PLACEHOLDERS: frozenset[str] = frozenset(
    {"UNKNOWN", "UNK", "N A", "NA", "NONE", "NN", "NULL", "NIL", "DESCONOCIDO", "DESCONOCIDA", "XXX", "XX", "X",
     "SIN NOMBRE", "NO NAME", "NOT KNOWN", "NOT STATED", "NO DATA", "SIN DATOS", "FNU", "LNU"}
)
"""Whole-field values that mean "name not known" (FNU/LNU: first/last name unknown)."""

_VARIANTS: dict[str, str] = variant_table()
_KNOWN_GIVEN: frozenset[str] = frozenset(_VARIANTS) | frozenset(
    {
        "ADRIAN", "AIDA", "AMANDA", "AMELIA", "ANDREA", "ARACELI", "AURORA", "BLANCA", "BRENDA", "CARMEN",
        "CECILIA", "CELIA", "CLARA", "CLAUDIA", "DIANA", "DIEGO", "EDGAR", "ELSA", "EMILIO", "ERIKA", "ESTELA",
        "EVA", "FABIOLA", "FELIX", "GLORIA", "HUGO", "IRMA", "IVAN", "JAVIER", "JULIAN", "KAREN", "LAURA", "LIDIA",
        "LILIANA", "LORENA", "LUZ", "MARCO", "MARIBEL", "MARINA", "MARISOL", "MIRIAM", "MONICA", "NANCY", "NORMA",
        "OLGA", "OMAR", "PAOLA", "PAULA", "RAQUEL", "RENE", "ROCIO", "RUBEN", "RUTH", "SANDRA", "SARA", "SONIA",
        "SERGIO", "SILVIA", "VANESSA", "WALTER", "WENDY", "WILFREDO", "XIOMARA", "YESENIA", "ZOILA", "NELSON",
        "ELMER", "HENRY", "KEVIN", "BRIAN", "JASON", "JUSTIN", "SHAWN", "KIMBERLY", "ASHLEY", "MELISSA",
        "DELMY", "ORLANDO", "ELVIN", "ELVIS", "MARVIN", "WILMER", "ROSA", "MARIO", "CESAR", "ANGEL", "ROSARIO",
        "ISMAEL", "ISAAC", "ABEL", "NOEL", "AMILCAR", "BYRON", "DENNIS", "DWIGHT", "GLENFORD", "LINDA", "SHARON",
        "KEISHA", "SHANICE", "TREVOR", "DELROY", "NORMAN", "ALVIN", "MARLON", "ALLAN", "ALAN", "CARLA", "DORA",
        "LUISA", "MARISELA", "ELVIRA", "ELENA", "INES", "IRENE", "JUANA", "MARTA", "NATALIA", "PILAR", "RAMONA",
    }
)
"""Tokens recognisably a given name, used to split a full name stuffed into one field."""


@dataclass(frozen=True, slots=True)
class PersonName:
    """A parsed person name: folded given-name tokens, surname tokens (particles removed), suffix."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    suffix: str | None = None

    @property
    def first(self) -> str:
        """The first given name, or "" when none is known."""
        return self.given[0] if self.given else ""

    @property
    def empty(self) -> bool:
        """True when neither given names nor surnames are known."""
        return not self.given and not self.surnames

    @property
    def full(self) -> str:
        """Given names then surnames, space separated (for display and fuzzy whole-name checks)."""
        return " ".join(self.given + self.surnames)


def _strip_suffixes(words: list[str]) -> tuple[list[str], str | None]:
    suffix = None
    kept: list[str] = []
    for i, w in enumerate(words):
        # "SR" leading a name is "Señor", elsewhere "Senior"; "II"/"I" only count at the end.
        if w in SUFFIXES and i > 0 and (w not in ("II", "III", "IV") or i == len(words) - 1):
            suffix = SUFFIXES[w]
        else:
            kept.append(w)
    return kept, suffix


def _strip_titles(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def _surname_tokens(words: list[str]) -> tuple[str, ...]:
    """Surnames without particles or initials ("LOPEZ G." -> LOPEZ), unless nothing else is left."""
    kept = tuple(w for w in words if w not in PARTICLES and len(w) > 1)
    return kept if kept else tuple(words)


def _split_full(words: list[str]) -> tuple[list[str], list[str]]:
    """Split "JOSE LUIS CHOC POP" into given and surname words when one field holds both."""
    if len(words) < 2:
        return words, []
    n_given = 1
    while n_given < len(words) - 1 and words[n_given] in _KNOWN_GIVEN and words[n_given] not in PARTICLES:
        n_given += 1
    return words[:n_given], words[n_given:]


def parse_person_name(given: str | None, family: str | None) -> PersonName:
    """Parse a name as agencies send it.

    Handles accents and mojibake, "FAMILY, GIVEN" order in either field, a whole name in one
    field, honorifics, generational suffixes (JR/SR/II/III) and surname particles (DE, DEL, Y...).
    """
    g_raw, f_raw = repair(given or "").strip(), repair(family or "").strip()
    if "," in f_raw and not g_raw:
        f_raw, g_raw = f_raw.split(",", 1)
    elif "," in g_raw and not f_raw:
        f_raw, g_raw = g_raw.split(",", 1)
    g_fold, f_fold = fold(g_raw), fold(f_raw)
    g_words = [] if g_fold in PLACEHOLDERS else g_fold.split()
    f_words = [] if f_fold in PLACEHOLDERS else f_fold.split()
    g_words, suffix_g = _strip_suffixes(_strip_titles(g_words))
    f_words, suffix_f = _strip_suffixes(f_words) if len(f_words) > 1 else (f_words, None)
    if f_words and f_words[-1] in SUFFIXES and len(f_words) == 1 and g_words:
        suffix_f, f_words = SUFFIXES[f_words[-1]], []
    if not f_words and len(g_words) > 1:
        g_words, f_words = _split_full(g_words)
    elif not g_words and len(f_words) > 1:
        g_words, f_words = _split_full(f_words)
    return PersonName(tuple(g_words), _surname_tokens(f_words), suffix_g or suffix_f)


@lru_cache(maxsize=65536)
def canonical_given(token: str) -> str:
    """The canonical form of a given name or nickname ("PEPE" -> "JOSE", "Bill" -> "WILLIAM")."""
    key = fold(token)
    return _VARIANTS.get(key, key)


def known_given(token: str) -> bool:
    """True when ``token`` is a recognised given name or nickname."""
    return fold(token) in _KNOWN_GIVEN


_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"(?<=[AEIOU])Y(?=[AEIOU])", "L"),  # intervocalic Y sounds like LL, which is written L as often
        (r"^Y(?=[^AEIOU])", "I"),  # "YBARRA" = "IBARRA"
        (r"Y$", "I"),
        (r"QU(?=[EI])", "K"),
        (r"GU(?=[EI])", "G"),
        (r"GU(?=[AO])", "W"),  # "GUADALUPE" ~ "WADALUPE"
        (r"C(?=[EI])", "S"),
        (r"Z", "S"),
        (r"V", "B"),
        (r"(?<![CSPTW])H", ""),  # silent H, except in CH, SH, PH, TH
        (r"PH", "F"),
        (r"TH", "T"),
        (r"^X(?=[AEIOU])", "S"),
        (r"CK", "K"),
        (r"([A-Z])\1+", r"\1"),
    )
)


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """A phonetic key that survives Spanish and English spellings of one name.

    Spanish confusions are folded first (B/V, S/Z/C before E/I, LL/L/Y, silent H, QU/K, GU/W),
    then Metaphone from jellyfish encodes the rest ("VASQUEZ" == "BAZQUES", "HERNANDEZ" == "ERNANDES").
    """
    s = fold(token).replace(" ", "")
    if not s:
        return ""
    if s.isdigit():
        return s
    for pattern, repl in _PHONETIC_RULES:
        s = pattern.sub(repl, s)
    return jellyfish.metaphone(s) or s


__all__ = ["NICKNAMES", "PARTICLES", "PersonName", "canonical_given", "known_given", "parse_person_name", "phonetic"]
