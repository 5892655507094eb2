"""Phone numbers: digits only, and the last seven digits that survive country and area prefixes."""

from __future__ import annotations

import re
from functools import lru_cache

PHONE_KEY_DIGITS = 7
"""Belizean numbers have seven digits; neighbours' local parts end in at least seven."""

_NON_DIGIT = re.compile(r"\D+")
_EXTENSION = re.compile(r"(?i)\s*(?:ext|x|extension)\.?\s*\d+\s*$")


@lru_cache(maxsize=32768)
def phone_digits(s: str | None) -> str | None:
    """The digits of a phone number without any extension; None when fewer than seven."""
    if not s:
        return None
    digits = _NON_DIGIT.sub("", _EXTENSION.sub("", s))
    return digits if len(digits) >= PHONE_KEY_DIGITS else None


def phone_key(s: str | None) -> str | None:
    """The last seven digits ("+501 622-1234" and "6221234" share "6221234")."""
    digits = phone_digits(s)
    return digits[-PHONE_KEY_DIGITS:] if digits else None
