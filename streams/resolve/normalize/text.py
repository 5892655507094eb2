"""Text repair and folding shared by every normalizer: mojibake, accents, case, punctuation."""

from __future__ import annotations

import re
from functools import lru_cache

import ftfy
from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_APOSTROPHES = str.maketrans("", "", "'`\u2019\u2018\u00b4")


@lru_cache(maxsize=65536)
def repair(s: str | None) -> str:
    """Undo mojibake ("JosÃ©" -> "José") and odd Unicode forms; ASCII passes untouched.

    Non-string values (a plate or serial sent as a JSON number) are read as their text.
    """
    if s is None or s == "":
        return ""
    if not isinstance(s, str):
        s = str(s)
    if s.isascii():
        return s
    return ftfy.fix_text(s)


@lru_cache(maxsize=65536)
def fold(s: str | None) -> str:
    """Repair, strip accents, uppercase, turn punctuation into spaces and collapse spaces.

    Apostrophes are dropped rather than spaced ("O'Brien" -> "OBRIEN").
    """
    if s is None or s == "":
        return ""
    text = repair(s)
    if not text.isascii():
        text = unidecode(text)
    text = text.translate(_APOSTROPHES).upper()
    return _NON_ALNUM.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def tokens(s: str | None) -> tuple[str, ...]:
    """The folded words of ``s``."""
    return tuple(fold(s).split())


@lru_cache(maxsize=65536)
def compact(s: str | None) -> str:
    """Folded ``s`` with every space removed (identifiers: plates, serials, numbers)."""
    return fold(s).replace(" ", "")
