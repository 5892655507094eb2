"""String-level errors that clerks, officers and legacy systems make (pure, seeded by the caller)."""

from __future__ import annotations

import random
import unicodedata

_NEIGHBOURS: dict[str, str] = {
    "a": "qsze", "b": "vgn", "c": "xvs", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fhj",
    "h": "gjn", "i": "uoy", "j": "hku", "k": "jlc", "l": "kñ", "m": "nñ", "n": "mbñ",
    "o": "ipu", "p": "ob", "q": "wa", "r": "etl", "s": "azc", "t": "rdy", "u": "yio",
    "v": "bcf", "w": "qeu", "x": "zsc", "y": "tuil", "z": "asx", "ñ": "n",
}
"""Keyboard neighbours plus the sound-alike letters Spanish and Kriol spellings confuse."""

_ACCENTABLE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"}

CONFUSABLES: dict[str, str] = {
    "0": "OD", "O": "0DQ", "D": "0O", "Q": "O0", "1": "I7", "I": "1L", "8": "B", "B": "8",
    "5": "S", "S": "5", "2": "Z", "Z": "2", "6": "G", "G": "6",
}
"""Characters read for one another on plates and serials (worn, dirty, hand-written)."""


def typo(text: str, rng: random.Random, edits: int = 1) -> str:
    """Apply ``edits`` random substitutions, deletions, insertions or transpositions to letters."""
    chars = list(text)
    for _ in range(edits):
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        if len(letters) < 3:
            break
        # keep the first letter most of the time: people rarely mistype it
        i = rng.choice(letters[1:])
        op = rng.random()
        lower = chars[i].lower()
        if op < 0.45:
            repl = rng.choice(_NEIGHBOURS.get(lower, "e"))
            chars[i] = repl.upper() if chars[i].isupper() else repl
        elif op < 0.65:
            del chars[i]
        elif op < 0.8:
            chars.insert(i, chars[i])
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            del chars[i]
    return "".join(chars)


def strip_accents(text: str) -> str:
    """Drop diacritics, as ASCII-only systems do ("José" -> "Jose")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def add_accent(text: str, rng: random.Random) -> str:
    """Put a (spurious or restored) accent on one vowel ("Maria" -> "María", "Lopez" -> "Lópéz")."""
    spots = [i for i, c in enumerate(text) if c.lower() in _ACCENTABLE and c.lower() != "n"]
    if not spots:
        return text
    i = rng.choice(spots)
    accented = _ACCENTABLE[text[i].lower()]
    return text[:i] + (accented.upper() if text[i].isupper() else accented) + text[i + 1 :]


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 by a legacy system ("José" -> "JosÃ©")."""
    try:
        return text.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return text.encode("utf-8").decode("latin-1")


def confuse(text: str, rng: random.Random, count: int = 1) -> str:
    """Swap ``count`` characters for look-alikes (0/O/D/Q, 1/I, 8/B, 5/S, 2/Z, 6/G)."""
    chars = list(text)
    spots = [i for i, c in enumerate(chars) if c in CONFUSABLES]
    rng.shuffle(spots)
    for i in spots[:count]:
        chars[i] = rng.choice(CONFUSABLES[chars[i]])
    return "".join(chars)


def change_one(text: str, rng: random.Random, alphabet: str) -> str:
    """Replace one character with another from ``alphabet`` (a mistyped VIN or serial)."""
    if not text:
        return text
    i = rng.randrange(len(text))
    choices = [c for c in alphabet if c != text[i]]
    return text[:i] + rng.choice(choices) + text[i + 1 :]


def obliterate(serial: str, rng: random.Random, unreadable: int) -> str:
    """Mark ``unreadable`` characters of a ground-off serial as ``?``."""
    chars = list(serial)
    spots = list(range(len(chars)))
    rng.shuffle(spots)
    for i in spots[:unreadable]:
        chars[i] = "?"
    return "".join(chars)


def recase(text: str, rng: random.Random) -> str:
    """Upper, lower or title case, as different systems store it."""
    r = rng.random()
    if r < 0.6:
        return text.upper()
    if r < 0.8:
        return text.lower()
    return text.title()
